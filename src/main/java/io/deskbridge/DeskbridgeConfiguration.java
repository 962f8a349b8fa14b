package io.deskbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.admin.AdminApi;
import io.deskbridge.admin.AdminRoutes;
import io.deskbridge.admin.AdminToken;
import io.deskbridge.admin.AdminTokens;
import io.deskbridge.admin.AgentApi;
import io.deskbridge.admin.HandOverApi;
import io.deskbridge.admin.Preflight;
import io.deskbridge.admin.SignalNamespaceCheck;
import io.deskbridge.admin.StatsFieldsCheck;
import io.deskbridge.admin.TicketActions;
import io.deskbridge.admin.TicketApi;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.BearerToken;
import io.deskbridge.connector.CallBudget;
import io.deskbridge.connector.ChatSource;
import io.deskbridge.connector.DeskAgents;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.SalesCrm;
import io.deskbridge.connector.SalesSignals;
import io.deskbridge.connector.StoppableSleeper;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.SystemGate;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.connector.zendeskchat.ZendeskChatClient;
import io.deskbridge.connector.zendesksell.ZendeskSellClient;
import io.deskbridge.connector.zoho.ZohoOAuth;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohocrm.ZohoCrmFields;
import io.deskbridge.connector.zohocrm.ZohoCrmSignals;
import io.deskbridge.connector.zohodesk.DeskDepartments;
import io.deskbridge.connector.zohodesk.ZohoDeskAgents;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.connector.zohodesk.ZohoDeskTickets;
import io.deskbridge.model.Choice;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Direction;
import io.deskbridge.model.SyncState;
import io.deskbridge.observe.SchedulerHealthCheck;
import io.deskbridge.observe.StoreHealthCheck;
import io.deskbridge.observe.StoreReadings;
import io.deskbridge.observe.SyncHealthCheck;
import io.deskbridge.observe.SyncMetrics;
import io.deskbridge.store.Audit;
import io.deskbridge.store.ChatOutcomes;
import io.deskbridge.store.ChatWrites;
import io.deskbridge.store.ClusteredScheduler;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.DailyCallBudget;
import io.deskbridge.store.Database;
import io.deskbridge.store.HealthFacts;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.NodeCheckIns;
import io.deskbridge.store.NodeName;
import io.deskbridge.store.OwnerOnly;
import io.deskbridge.store.RunFailures;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SellRecords;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SyncFigures;
import io.deskbridge.store.SyncStates;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.TicketStatistics;
import io.deskbridge.store.Tickets;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.LeaseHeartbeat;
import io.deskbridge.sync.chats.ChatPull;
import io.deskbridge.sync.chats.ChatSteps;
import io.deskbridge.sync.chats.SellPull;
import io.deskbridge.sync.definition.FieldMap;
import io.deskbridge.sync.definition.FieldMapLoader;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.ModuleSpecs;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.handover.HandOverJobs;
import io.deskbridge.sync.handover.HandOverRunner;
import io.deskbridge.sync.map.FieldMapper;
import io.deskbridge.sync.map.Lookups;
import io.deskbridge.sync.match.Matcher;
import io.deskbridge.sync.outcome.RecordOutcomes;
import io.deskbridge.sync.pull.ChangePull;
import io.deskbridge.sync.push.Creates;
import io.deskbridge.sync.push.CrmWrites;
import io.deskbridge.sync.push.DeskCounterparts;
import io.deskbridge.sync.push.DeskWrites;
import io.deskbridge.sync.push.PairPush;
import io.deskbridge.sync.push.PairSettler;
import io.deskbridge.sync.push.Pairing;
import io.deskbridge.sync.push.WriteQueue;
import io.deskbridge.sync.run.SyncRuns;
import io.deskbridge.sync.signals.SignalDelivery;
import io.deskbridge.sync.tickets.StatsMap;
import io.deskbridge.sync.tickets.StatsMapLoader;
import io.deskbridge.sync.tickets.StatsWriteBack;
import io.deskbridge.sync.tickets.TicketEvents;
import io.deskbridge.sync.tickets.TicketPull;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires Deskbridge: the state store, the connectors, the sync beans the YAML routes call and the admin
 * API. It knows nothing of the sandbox: {@link Deskbridge#newMain} starts that beside it. Everything a route refers to by name is bound here; the YAML
 * files under routes/ hold the flow itself.
 */
public final class DeskbridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DeskbridgeConfiguration.class);
    /** The sandbox Desk's departments, the products sync's only while the sandbox is on. */
    static final String SANDBOX_PRODUCT_DEPARTMENTS = "deskbridge.sandbox.product-departments";

    /** The state store and the stores on top of it. */
    private record Store(
            Jdbc jdbc,
            Runs runs,
            SyncStates states,
            Mirror mirror,
            Links links,
            Issues issues,
            Watermarks watermarks,
            Conflicts conflicts,
            Audit audit,
            String deskOrg) {}

    /** The two connectors, with what they share: the daily call budget, the retry waits and each system's gate. */
    private record Connectors(
            SyncConnector crm,
            SyncConnector desk,
            DailyCallBudget budget,
            StoppableSleeper sleeper,
            Map<String, SystemGate> gates) {}

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        Path dataDir = Path.of(settings.optional("deskbridge.data-dir", "./data"))
                .toAbsolutePath()
                .normalize();

        Map<String, SyncDefinition> syncs = loadSyncs(context, settings);
        boolean sandboxEnabled = settings.flag("deskbridge.sandbox.enabled", false);
        ZohoUrls.fillIn(context.getPropertiesComponent(), settings, sandboxEnabled);
        SandboxUrls.requireAgreement(settings, sandboxEnabled);
        ServerPorts.requireBindable(settings);
        ManagementInfo.serve(context, settings);
        // What Deskbridge keeps there: the admin token, the sandbox's folder, the node's slots, the H2 files of the
        // state
        // store.
        String h2Name = Database.h2BaseName(settings.optional("deskbridge.db.url", "jdbc:h2:file:./data/deskbridge"));
        ownerOnly(
                "deskbridge.data-dir",
                dataDir,
                AdminToken.FILE,
                "sandbox",
                NodeName.FOLDER,
                h2Name == null ? "deskbridge" : h2Name);
        NodeName node = nodeName(context, settings, dataDir);
        // Readiness: DOWN until the store is migrated on a first good connection (README "Health").
        StoreHealthCheck storeHealth = new StoreHealthCheck(
                clock, context.getExecutorServiceManager().newSingleThreadExecutor(context, "store health"));
        bindHealthCheck(context, storeHealth);
        Store store = openStore(context, settings, clock, syncs, node);
        storeHealth.opened(StoreHealthCheck.selectOne(store.jdbc()));
        Connectors connectors = connectors(settings, store, clock, json);
        bindChatSource(context.getRegistry(), settings, connectors, clock, json);
        bindSalesCrm(context.getRegistry(), settings, connectors, json);
        SyncRuns syncRuns = bindSyncBeans(context, settings, syncs, store, connectors, clock, json);
        StoreReadings readings = new StoreReadings(
                new SyncFigures(store.jdbc(), store.deskOrg()), connectors.budget(), Set.of("crm", "desk"), clock);
        bindMetrics(context, syncs, readings, syncRuns);
        bindHealth(context, settings, syncs, store, readings, syncRuns, clock);
        TicketDesk ticketDesk = bindTicketConnectors(context.getRegistry(), settings, store, connectors, json);
        bindDeskAgents(context.getRegistry(), settings, store, connectors, json);
        // One outbox for both its writer (the tickets sync) and its reader (the delivery), and one choice of kinds.
        String eventsKey = "deskbridge.signals.events";
        Set<SignalOutbox.Kind> signalKinds =
                parse(() -> SignalOutbox.Kind.chosen(eventsKey, settings.optional(eventsKey, null)));
        String destinationsKey = "deskbridge.signals.destinations";
        Set<SignalOutbox.Destination> signalDestinations = withoutCrmSignalsOnBigin(
                settings,
                parse(() ->
                        SignalOutbox.Destination.chosen(destinationsKey, settings.optional(destinationsKey, null))));
        SignalOutbox outbox = new SignalOutbox(store.jdbc(), clock, signalDestinations);
        context.getRegistry().bind("signalOutbox", outbox);
        bindTicketSync(context.getRegistry(), store, ticketDesk, syncRuns, outbox, signalKinds, clock);
        bindSignalDelivery(context, settings, outbox, signalKinds, signalDestinations);
        ChatOutcomes chatOutcomes = bindChatSync(context.getRegistry(), settings, store, syncRuns, clock, json);

        String chatsOff = chatsWithoutSystems(settings, sandboxEnabled, store.states(), syncs);
        Preflight preflight = new Preflight(
                        connectors.crm(), connectors.desk(), sync -> fieldMapProblem(context, settings, sync))
                .with(sync ->
                        chatsOff != null && sync.id().equals(ModuleSpec.CHATS.id()) ? List.of(chatsOff) : List.of())
                .with(bindTicketStats(context, settings, store, connectors, syncRuns, clock, json))
                .with(signalNamespaceCheck(context, settings, signalKinds, signalDestinations)::problems)
                .with(productDepartmentsCheck(settings, sandboxEnabled, connectors, store.states(), syncs))
                .probes(ModuleSpec.CHATS.id(), chatProbes(context.getRegistry()));
        AdminApi api = new AdminApi(
                context,
                syncs,
                store.states(),
                store.runs(),
                store.issues(),
                store.links(),
                store.conflicts(),
                store.mirror(),
                store.audit(),
                syncRuns,
                preflight,
                connectors.budget(),
                store.deskOrg(),
                json);
        api.dryRuns(new io.deskbridge.sync.dryrun.DryRuns(context, syncRuns, store.jdbc(), store.runs(), json, clock));
        api.keptElsewhere(
                ModuleSpec.CHATS.id(),
                issue -> chatOutcomes.requeue(issue.syncId(), issue.recordId()),
                sync -> chatOutcomes.countByOutcome(sync).get(ChatOutcomes.Outcome.NOTED));
        TicketApi ticketApi = new TicketApi(
                new Tickets(store.jdbc(), clock),
                new TicketDeals(store.jdbc(), clock),
                new TicketStatistics(store.jdbc(), clock),
                context.getRegistry().lookupByNameAndType("ticketDesk", TicketDesk.class),
                store.deskOrg(),
                crmProduct(settings));
        TicketActions ticketActions = ticketActions(context, settings, syncs, store, connectors, clock, json);
        context.addRoutes(new AdminRoutes(
                        api,
                        ticketApi,
                        ticketActions,
                        new AgentApi(context.getRegistry().lookupByNameAndType("deskAgents", DeskAgents.class)),
                        adminTokens(settings, dataDir),
                        store.audit())
                .handOver(handOver(context.getRegistry(), settings, store, clock, node)));
        context.addRoutes(new io.deskbridge.web.WebPages(
                io.deskbridge.web.FrameOrigins.parse(settings.optional(io.deskbridge.web.FrameOrigins.KEY, ""))));
    }

    /**
     * Issue 16: the agents' hand-over, its API and the runner of its jobs (routes/handover.camel.yaml), each job under
     * a lease of this node.
     */
    private static HandOverApi handOver(Registry registry, Settings settings, Store store, Clock clock, NodeName node) {
        HandOverJobs jobs = new HandOverJobs(store.jdbc(), clock);
        Supplier<DeskAgents> agents = () -> {
            DeskAgents a = registry.lookupByNameAndType("deskAgents", DeskAgents.class);
            if (a == null) {
                throw new IllegalStateException("no Desk agents connector (bean deskAgents) is configured");
            }
            return a;
        };
        registry.bind(
                "handOverRunner",
                new HandOverRunner(
                        jobs,
                        agents,
                        node.name(),
                        settings.duration("deskbridge.handover.lease", Duration.ofMinutes(5))));
        return new HandOverApi(agents, jobs);
    }

    /**
     * Opens and migrates the state store, takes back the leases this node held when it last stopped, and
     * records each sync's Desk org (a change of org dissociates the old org's links).
     */
    private static Store openStore(
            CamelContext context, Settings settings, Clock clock, Map<String, SyncDefinition> syncs, NodeName nodeName)
            throws Exception {
        String url = settings.optional("deskbridge.db.url", "jdbc:h2:file:./data/deskbridge");
        Database database;
        try {
            database = Database.open(
                    url,
                    settings.optional("deskbridge.db.user", "sa"),
                    settings.optional("deskbridge.db.password", ""),
                    // 2 at least: a dry run holds one connection for its whole transaction and counts its API
                    // calls on a second one at once (Jdbc.apart); with one, every count waits for a connection.
                    settings.integer("deskbridge.db.pool-size", 8, 2, 1000));
        } catch (IllegalStateException e) {
            throw new ConfigurationException(
                    "deskbridge.db.url = " + Database.redact(url) + ": " + e.getMessage()
                            + " (check deskbridge.db.url, .user and .password)",
                    e);
        }
        closeOnStop(context, "state store", database);
        Jdbc jdbc = database.jdbc();
        Runs runs = new Runs(jdbc);
        String node = nodeName.name();
        ClusteredScheduler.Settings cluster = clusterSettings(settings, url, node);
        // Before this node takes anything as its own: its Quartz fires, and below its runs cut short.
        NodeCheckIns checkIns = new NodeCheckIns(jdbc);
        checkIns.refuseIfLiveElsewhere(nodeName, cluster.checkinInterval());
        org.quartz.Scheduler scheduler = ClusteredScheduler.install(context, cluster);
        // Added after the state store, so stopped before it; waits for a fire in progress to end.
        closeOnStop(context, "Quartz scheduler", () -> {
            scheduler.shutdown(true);
            checkIns.markStopped(node);
        });
        SyncStates states = new SyncStates(jdbc, runs, clock, node);
        int recovered = states.recoverAbandoned();
        if (recovered > 0) {
            LOG.warn(
                    "{} run(s) of node {} were cut short by its last stop; marked FAILED, their leases released",
                    recovered,
                    node);
        }
        Links links = new Links(jdbc, clock);
        String deskOrg = settings.required("deskbridge.desk.org-id");
        if (settings.flag(SyncStates.REQUIRE_DRY_RUN, false)) {
            states.requireDryRunFirst(syncs.values().stream()
                    .filter(s -> s.module().fieldMapped())
                    .map(SyncDefinition::id)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        for (SyncDefinition s : syncs.values()) {
            states.ensure(s.id(), s.direction());
            String before = states.switchDeskOrg(s.id(), deskOrg);
            if (before != null && !before.equals(deskOrg)) {
                int gone = links.dissociateOtherOrgs(s.id(), deskOrg);
                int back = links.reassociate(s.id(), deskOrg);
                LOG.warn(
                        "{}: the Desk org changed from {} to {}; {} link(s) of the old org are dissociated (kept for audit); "
                                + "{}",
                        s.id(),
                        before,
                        deskOrg,
                        gone,
                        back > 0
                                ? back + " link(s) made with this org before are used again"
                                : "the new org starts clean");
            }
        }
        return new Store(
                jdbc,
                runs,
                states,
                new Mirror(jdbc, clock),
                links,
                new Issues(jdbc, clock),
                new Watermarks(jdbc, clock),
                new Conflicts(jdbc, clock),
                new Audit(jdbc, clock),
                deskOrg);
    }

    /** The scheduler's database and node settings: the state store's database, with a small pool of its own. */
    private static ClusteredScheduler.Settings clusterSettings(Settings settings, String url, String node) {
        String checkinKey = "deskbridge.cluster.checkin-interval";
        Duration checkin = settings.duration(checkinKey, Duration.ofMillis(7500));
        if (checkin.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException(checkinKey + " = " + settings.optional(checkinKey, "")
                    + " must be at least 1s (examples: 7500ms, 15s)");
        }
        return new ClusteredScheduler.Settings(
                url,
                settings.optional("deskbridge.db.user", "sa"),
                settings.optional("deskbridge.db.password", ""),
                node,
                // Quartz holds one briefly to acquire fires, to check in, to look for misfires and as a fire ends.
                settings.integer("deskbridge.db.scheduler-pool-size", 6, 2, 1000),
                checkin,
                java.util.TimeZone.getTimeZone(settings.zone("deskbridge.schedule.time-zone", "UTC")));
    }

    private static Connectors connectors(Settings settings, Store store, Clock clock, ObjectMapper json) {
        Duration timeout = settings.duration("deskbridge.http.timeout", Duration.ofSeconds(30));
        HttpClient http = httpClient(settings);
        RetryPolicy retry = retryPolicy(settings);
        // Retry waits end, and runs stop between two batches, as soon as the runtime begins to stop.
        StoppableSleeper sleeper = new StoppableSleeper();
        DailyCallBudget budget = new DailyCallBudget(
                store.jdbc(),
                clock,
                Map.of(
                        "crm", (long) settings.integer("deskbridge.crm.daily-call-budget", 0, 0, Integer.MAX_VALUE),
                        "desk", (long) settings.integer("deskbridge.desk.daily-call-budget", 0, 0, Integer.MAX_VALUE)));
        // One gate per system, for every caller of it: Zoho counts concurrent calls per org and client. Defaults:
        // the Desk Free edition's 5, the CRM Standard edition's 10.
        Map<String, SystemGate> gates = Map.of(
                "crm",
                        new SystemGate(
                                "crm",
                                settings.integer(
                                        "deskbridge.crm.max-concurrent-calls",
                                        ZohoCrmClient.LIMITS.maxConcurrentCalls(),
                                        1,
                                        25),
                                sleeper),
                "desk",
                        new SystemGate(
                                "desk",
                                settings.integer(
                                        "deskbridge.desk.max-concurrent-calls",
                                        ZohoDeskClient.LIMITS.maxConcurrentCalls(),
                                        1,
                                        25),
                                sleeper));
        CrmProductApi product = CrmProductApi.of(crmProduct(settings));
        ZohoCrmClient crm = new ZohoCrmClient(
                caller(
                        product.product().label(),
                        "crm",
                        settings,
                        http,
                        retry,
                        timeout,
                        clock,
                        json,
                        budget,
                        gates.get("crm"),
                        sleeper),
                apiUrl(settings, "crm"),
                json,
                product);
        ZohoDeskClient desk = new ZohoDeskClient(
                caller(
                        "Zoho Desk",
                        "desk",
                        settings,
                        http,
                        retry,
                        timeout,
                        clock,
                        json,
                        budget,
                        gates.get("desk"),
                        sleeper),
                apiUrl(settings, "desk"),
                store.deskOrg(),
                json);
        return new Connectors(crm, desk, budget, sleeper, gates);
    }

    /**
     * Which CRM the CRM side is, {@code deskbridge.crm.product} (zoho-crm or bigin): its paths, modules and scopes
     * follow from it. With the sandbox on, its default is the product the sandbox serves
     * ({@code deskbridge.sandbox.crm-product}, itself zoho-crm by default), and any other is refused: the runtime
     * would call paths the sandbox does not serve.
     */
    static CrmProduct crmProduct(Settings settings) {
        String key = "deskbridge.crm.product";
        if (!settings.flag("deskbridge.sandbox.enabled", false)) {
            return parse(() -> Choice.parse(CrmProduct.class, settings.optional(key, "zoho-crm"), key));
        }
        CrmProduct served = sandboxCrmProduct(settings);
        CrmProduct product = parse(() -> Choice.parse(CrmProduct.class, settings.optional(key, served.key()), key));
        if (product != served) {
            throw new ConfigurationException(key + " = '" + product.key() + "' but the embedded sandbox serves "
                    + served.key() + " (deskbridge.sandbox.crm-product); set both to the same product");
        }
        return product;
    }

    /**
     * The signal destinations that can be reached: Bigin has no Signals API (none in its v2 reference [U]), so with
     * Bigin the signals go to the Camel destination only; a warning says so when
     * {@code deskbridge.signals.destinations} asked for the CRM's.
     */
    private static Set<SignalOutbox.Destination> withoutCrmSignalsOnBigin(
            Settings settings, Set<SignalOutbox.Destination> chosen) {
        if (crmProduct(settings) != CrmProduct.BIGIN || !chosen.contains(SignalOutbox.Destination.CRM_SIGNALS)) {
            return chosen;
        }
        Set<SignalOutbox.Destination> out = EnumSet.copyOf(chosen);
        out.remove(SignalOutbox.Destination.CRM_SIGNALS);
        LOG.warn(
                "deskbridge.signals.destinations includes crm, but Bigin has no Signals API: signals go to {}",
                out.isEmpty() ? "no destination" : "camel only");
        return out;
    }

    /**
     * The CRM product the sandbox serves, {@code deskbridge.sandbox.crm-product} (zoho-crm or bigin): the runtime's
     * default product while the sandbox is on, so that an out-of-the-box run speaks to the paths it serves.
     */
    static CrmProduct sandboxCrmProduct(Settings settings) {
        String key = "deskbridge.sandbox.crm-product";
        return parse(() -> Choice.parse(CrmProduct.class, settings.optional(key, "zoho-crm"), key));
    }

    private static HttpClient httpClient(Settings settings) {
        return ApiCaller.newHttpClient(settings.duration("deskbridge.http.connect-timeout", Duration.ofSeconds(10)));
    }

    private static RetryPolicy retryPolicy(Settings settings) {
        return new RetryPolicy(
                settings.integer("deskbridge.http.max-attempts", 5, 1, 100),
                settings.duration("deskbridge.http.initial-backoff", Duration.ofMillis(500)),
                settings.duration("deskbridge.http.max-backoff", Duration.ofSeconds(30)),
                settings.duration("deskbridge.http.max-retry-after", Duration.ofMinutes(5)));
    }

    /**
     * Issue 14: Zendesk Chat ({@code chatSource}), which the chats sync reads, through a caller of its own: a gate of
     * its own ({@code deskbridge.chat.max-concurrent-calls}), the daily call count (as {@code chat}), the same retries
     * and the same stop. The token is required like the Zoho credentials: as shipped it is the sandbox's.
     */
    private static void bindChatSource(
            Registry registry, Settings settings, Connectors c, Clock clock, ObjectMapper json) {
        URI apiUrl = settings.url("deskbridge.chat.api-url");
        String token = settings.required("deskbridge.chat.access-token");
        int cap = settings.integer(
                "deskbridge.chat.max-concurrent-calls", ZendeskChatClient.LIMITS.maxConcurrentCalls(), 1, 25);
        ApiCaller caller = new ApiCaller(
                ZendeskChatClient.SYSTEM,
                "chat",
                c.budget(),
                new SystemGate("chat", cap, c.sleeper()),
                httpClient(settings),
                new BearerToken(token),
                retryPolicy(settings),
                settings.duration("deskbridge.http.timeout", Duration.ofSeconds(30)),
                c.sleeper());
        registry.bind("chatSource", new ZendeskChatClient(caller, apiUrl, clock, json));
    }

    /**
     * Issue 14: Zendesk Sell ({@code salesCrm}), for the chats sync. A Bearer access token, never refreshed; its own
     * gate ({@code deskbridge.sell.max-concurrent-calls}), the daily call count and retry waits shared with the others.
     */
    private static void bindSalesCrm(Registry registry, Settings settings, Connectors c, ObjectMapper json) {
        SystemGate gate = new SystemGate(
                "sell",
                settings.integer(
                        "deskbridge.sell.max-concurrent-calls", ZendeskSellClient.LIMITS.maxConcurrentCalls(), 1, 25),
                c.sleeper());
        ApiCaller caller = new ApiCaller(
                "Zendesk Sell",
                "sell",
                c.budget(),
                gate,
                httpClient(settings),
                new BearerToken(settings.required("deskbridge.sell.access-token")),
                retryPolicy(settings),
                settings.duration("deskbridge.http.timeout", Duration.ofSeconds(30)),
                c.sleeper());
        registry.bind("salesCrm", new ZendeskSellClient(caller, settings.url("deskbridge.sell.api-url"), json));
    }

    /**
     * Issue 13: the Desk's tickets ({@code ticketDesk}) and the CRM's sales signals ({@code salesSignals}), through
     * the same callers as the syncs, so the same gates, retries and daily budget.
     */
    private static TicketDesk bindTicketConnectors(
            Registry registry, Settings settings, Store store, Connectors c, ObjectMapper json) {
        TicketDesk tickets = new ZohoDeskTickets(c.desk().caller(), apiUrl(settings, "desk"), store.deskOrg(), json);
        registry.bind("ticketDesk", tickets);
        registry.bind("salesSignals", new ZohoCrmSignals(c.crm().caller(), apiUrl(settings, "crm"), json));
        return tickets;
    }

    /**
     * Issue 16: the Desk's agents and their open work ({@code deskAgents}), through the Desk's caller, so the same
     * gate, retries and daily budget as the syncs.
     */
    private static void bindDeskAgents(
            Registry registry, Settings settings, Store store, Connectors c, ObjectMapper json) {
        registry.bind(
                "deskAgents", new ZohoDeskAgents(c.desk().caller(), apiUrl(settings, "desk"), store.deskOrg(), json));
    }

    /**
     * Issue 13, item 4: what the API does to tickets from the CRM side. A ticket for a CRM contact gets its Desk
     * contact as the contacts sync would make it (its field map, links, mirror and write intents); the department of
     * new tickets and the address replies are sent from are needed only by those calls, which name the key when unset.
     */
    private static TicketActions ticketActions(
            CamelContext context,
            Settings settings,
            Map<String, SyncDefinition> syncs,
            Store store,
            Connectors c,
            Clock clock,
            ObjectMapper json) {
        Registry registry = context.getRegistry();
        FieldMapper mapper = registry.lookupByNameAndType("fieldMapper", FieldMapper.class);
        Intents intents = new Intents(store.jdbc(), clock);
        PairSettler settler = new PairSettler(
                store.jdbc(),
                store.mirror(),
                store.links(),
                store.conflicts(),
                intents,
                mapper,
                registry.lookupByNameAndType("recordOutcomes", RecordOutcomes.class),
                json);
        DeskCounterparts contacts = new DeskCounterparts(
                syncs.get(ModuleSpec.CONTACTS.id()),
                c.crm(),
                c.desk(),
                store.jdbc(),
                store.mirror(),
                store.links(),
                intents,
                store.states(),
                registry.lookupByNameAndType("leaseHeartbeat", LeaseHeartbeat.class),
                mapper,
                settler,
                store.deskOrg(),
                clock,
                json);
        return new TicketActions(
                new Tickets(store.jdbc(), clock),
                new TicketDeals(store.jdbc(), clock),
                registry.lookupByNameAndType("ticketDesk", TicketDesk.class),
                c.crm(),
                contacts,
                new TicketActions.DeskDefaults(
                        settings.optional(TicketActions.DeskDefaults.DEPARTMENT_KEY, null),
                        settings.optional(TicketActions.DeskDefaults.REPLY_FROM_KEY, null)),
                store.deskOrg(),
                crmProduct(settings));
    }

    /**
     * Issue 14: the chats sync's steps ({@code sellPull}, {@code chatPull}, {@code chatSteps}) on the Zendesk Chat and
     * Sell connectors ({@code chatSource}, {@code salesCrm}, bound before); returns the chats' outcomes, which a replay
     * queues again.
     */
    private static ChatOutcomes bindChatSync(
            Registry registry, Settings settings, Store store, SyncRuns syncRuns, Clock clock, ObjectMapper json) {
        ChatSource chat = required(registry, "chatSource", ChatSource.class);
        SalesCrm sell = required(registry, "salesCrm", SalesCrm.class);
        String ownerKey = "deskbridge.sync.chats.lead-owner-id";
        String owner = settings.optional(ownerKey, null);
        if (owner != null && !owner.matches("[0-9]{1,18}")) {
            throw new ConfigurationException(ownerKey + " = '" + owner + "' is not a Sell user id (a number; "
                    + "see Settings > Users in Sell); leave it empty to let Sell assign the leads");
        }
        SellRecords sellRecords = new SellRecords(store.jdbc(), clock);
        ChatOutcomes outcomes = new ChatOutcomes(store.jdbc(), clock);
        registry.bind("sellRecords", sellRecords);
        registry.bind("chatOutcomes", outcomes);
        registry.bind("sellPull", new SellPull(sell, store.jdbc(), sellRecords, store.watermarks(), syncRuns));
        registry.bind(
                "chatPull",
                new ChatPull(
                        chat,
                        store.jdbc(),
                        outcomes,
                        store.watermarks(),
                        syncRuns,
                        json,
                        settings.optional("deskbridge.sync.chats.sales-tag", "notify-sales"),
                        settings.integer("deskbridge.sync.max-attempts", 5, 1, Integer.MAX_VALUE),
                        clock));
        registry.bind(
                "chatSteps",
                new ChatSteps(
                        sell,
                        store.jdbc(),
                        sellRecords,
                        outcomes,
                        new ChatWrites(store.jdbc(), clock),
                        store.issues(),
                        owner,
                        ZendeskSellClient.NOTE_MAX_CHARS));
        return outcomes;
    }

    /**
     * With the sandbox off and the Zendesk URLs left at it (a team that keeps Zoho only), the chats sync has nothing to
     * talk to: it is disabled, with the reason in its state, rather than failing every run or stopping the start; its
     * activation is refused with the same words until the URLs are set. Returns that reason, or null.
     */
    private static String chatsWithoutSystems(
            Settings settings, boolean sandboxEnabled, SyncStates states, Map<String, SyncDefinition> syncs) {
        List<String> unset = SandboxUrls.unset(settings, sandboxEnabled);
        SyncDefinition chats = syncs.get(ModuleSpec.CHATS.id());
        if (unset.isEmpty() || chats == null) {
            return null;
        }
        String reason = String.join(", ", unset)
                + (unset.size() == 1 ? " points" : " point")
                + " at the embedded sandbox, which is off: set the Zendesk Chat and Sell URLs and tokens to use the"
                + " chats sync";
        SyncState state = states.find(chats.id()).map(SyncStates.Row::state).orElse(SyncState.DISABLED);
        if (state != SyncState.DISABLED) {
            states.transition(chats.id(), SyncState.DISABLED, chats.direction(), reason);
            LOG.warn("The chats sync is disabled: {}", reason);
        }
        return reason;
    }

    /** What activating the chats sync checks: Sell's leads and contacts, and Chat's chats. */
    private static List<Preflight.Probe> chatProbes(Registry registry) {
        SalesCrm sell = required(registry, "salesCrm", SalesCrm.class);
        ChatSource chat = required(registry, "chatSource", ChatSource.class);
        return List.of(
                new Preflight.Probe(sell.system() + " " + SalesCrm.LEADS, sell, SalesCrm.LEADS),
                new Preflight.Probe(sell.system() + " " + SalesCrm.CONTACTS, sell, SalesCrm.CONTACTS),
                new Preflight.Probe(chat.system() + " " + ChatSource.CHATS, chat, ChatSource.CHATS));
    }

    private static <T> T required(Registry registry, String name, Class<T> type) {
        T bean = registry.lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean '" + name + "' (" + type.getSimpleName() + ") is bound");
        }
        return bean;
    }

    /**
     * Issue 13: the tickets sync's steps ({@code ticketPull}), the ticket mirror ({@code ticketMirror}), the tickets'
     * deal links ({@code ticketDeals}, a signal goes to the deal) and the signal outbox ({@code signalOutbox}) its runs
     * fill, for both destinations; {@code deskbridge.signals.events} chooses the
     * kinds queued.
     */
    private static void bindTicketSync(
            Registry registry,
            Store store,
            TicketDesk desk,
            SyncRuns syncRuns,
            SignalOutbox outbox,
            Set<SignalOutbox.Kind> kinds,
            Clock clock) {
        Tickets tickets = new Tickets(store.jdbc(), clock);
        TicketDeals deals = new TicketDeals(store.jdbc(), clock);
        registry.bind("ticketMirror", tickets);
        registry.bind("ticketDeals", deals);
        registry.bind(
                "ticketPull",
                new TicketPull(
                        desk,
                        store.jdbc(),
                        tickets,
                        outbox,
                        store.watermarks(),
                        store.links(),
                        new TicketEvents(deals, kinds),
                        syncRuns,
                        clock));
    }

    /**
     * Issue 13, item 5: the write-back of the support figures into the CRM fields routes/tickets.statsmap.yaml names
     * ({@code ticketStats}) and the figures with their write-back's bookkeeping ({@code ticketStatistics}), the file
     * read and checked now; returns the activation check that those fields exist in the CRM.
     */
    private static StatsFieldsCheck bindTicketStats(
            CamelContext context,
            Settings settings,
            Store store,
            Connectors c,
            SyncRuns syncRuns,
            Clock clock,
            ObjectMapper json)
            throws Exception {
        String key = "deskbridge.tickets.statsmap";
        String file = settings.optional(
                key, settings.optional("deskbridge.routes.location", "classpath:routes") + "/tickets.statsmap.yaml");
        Resource resource = PluginHelper.getResourceLoader(context).resolveResource(file);
        if (resource == null || !resource.exists()) {
            throw new ConfigurationException(key + " = " + file + ": no such file (the shipped one maps nothing: "
                    + "routes/tickets.statsmap.yaml)");
        }
        StatsMap map;
        try (InputStream in = resource.getInputStream()) {
            map = new StatsMapLoader(crmProduct(settings)).load(file, key, in);
        }
        TicketStatistics statistics = new TicketStatistics(store.jdbc(), clock);
        context.getRegistry().bind("ticketStatistics", statistics);
        ZohoCrmFields fields = new ZohoCrmFields(
                c.crm().caller(), apiUrl(settings, "crm"), json, CrmProductApi.of(crmProduct(settings)));
        context.getRegistry()
                .bind(
                        "ticketStats",
                        new StatsWriteBack(
                                map,
                                statistics,
                                c.crm(),
                                fields,
                                store.watermarks(),
                                syncRuns,
                                store.issues(),
                                crmProduct(settings)));
        return new StatsFieldsCheck(
                map, fields, crmProduct(settings), CrmProductApi.of(crmProduct(settings))::fieldsScopeHint);
    }

    /**
     * Issue 13, item 6: the outbox of sales signals ({@code signalOutbox}), queuing each event for the CRM's Signals
     * API and the Camel endpoint of {@code deskbridge.signals.uri}, and what routes/signals.camel.yaml drains it with
     * ({@code signalDelivery}).
     */
    private static void bindSignalDelivery(
            CamelContext context,
            Settings settings,
            SignalOutbox outbox,
            Set<SignalOutbox.Kind> chosen,
            Set<SignalOutbox.Destination> destinations) {
        Registry registry = context.getRegistry();
        requireComponent(context, "deskbridge.signals.uri", settings.required("deskbridge.signals.uri"));
        cron(
                settings,
                "deskbridge.signals.cron",
                java.util.TimeZone.getTimeZone(settings.zone("deskbridge.schedule.time-zone", "UTC")));
        Duration hold = settings.duration("deskbridge.signals.hold", Duration.ofMinutes(5));
        if (hold.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("deskbridge.signals.hold = " + hold + " must be at least 1s");
        }
        Duration retention = settings.duration("deskbridge.signals.retention", Duration.ofDays(30));
        if (retention.compareTo(hold) <= 0) {
            throw new ConfigurationException("deskbridge.signals.retention = " + retention
                    + " must be longer than deskbridge.signals.hold = " + hold
                    + ": an event is kept at least until its delivery can be retried");
        }
        registry.bind(
                "signalDelivery",
                new SignalDelivery(
                        outbox,
                        registry.lookupByNameAndType("salesSignals", SalesSignals.class),
                        signalNamespace(settings),
                        chosen,
                        destinations,
                        hold,
                        retention,
                        java.time.Clock.systemUTC(),
                        crmProduct(settings)));
    }

    /** The CRM signal namespace the signals are sent under, which the tickets sync's activation checks. */
    private static String signalNamespace(Settings settings) {
        return settings.optional("deskbridge.signals.namespace", "deskbridge.tickets");
    }

    /**
     * Issue 13, item 6: activating the tickets sync checks that the CRM has the signals' namespace, when some kind of
     * signal is sent to the CRM.
     */
    private static SignalNamespaceCheck signalNamespaceCheck(
            CamelContext context,
            Settings settings,
            Set<SignalOutbox.Kind> kinds,
            Set<SignalOutbox.Destination> destinations) {
        return new SignalNamespaceCheck(
                context.getRegistry().lookupByNameAndType("salesSignals", SalesSignals.class),
                signalNamespace(settings),
                !kinds.isEmpty() && destinations.contains(SignalOutbox.Destination.CRM_SIGNALS));
    }

    /** A Camel endpoint URI whose component is here: otherwise every event would fail at its first send. */
    private static void requireComponent(CamelContext context, String key, String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon) : null;
        if (scheme == null || context.getComponent(scheme, true) == null) {
            throw new ConfigurationException(key + " = '" + uri + "' names no Camel component this runtime has"
                    + (scheme == null ? "" : " ('" + scheme + "')")
                    + "; use log:, seda:, direct: or add the component's jar (example: log:deskbridge.signals)");
        }
    }

    /**
     * Deskbridge's meters (README "Metrics") in the registry Camel's Prometheus service serves at /observe/metrics
     * (bound by {@link Deskbridge#newMain}).
     */
    private static void bindMetrics(
            CamelContext context, Map<String, SyncDefinition> syncs, StoreReadings readings, SyncRuns syncRuns) {
        var registry = context.getRegistry()
                .lookupByNameAndType(
                        Deskbridge.METRICS_REGISTRY, io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class);
        if (registry == null) {
            // Started without Deskbridge.newMain (camel.metrics.enabled off, or a main of its own): counted, not
            // served.
            registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                    io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        }
        SyncMetrics metrics = new SyncMetrics(registry);
        Map<String, List<String>> systems = new java.util.LinkedHashMap<>();
        syncs.forEach((id, sync) -> systems.put(id, sync.module().systems()));
        metrics.register(systems, readings);
        syncRuns.onEnd(metrics::ended);
    }

    /**
     * A health check per sync at /observe/health, and Quartz's in liveness (README "Health"); each failed run notes
     * what failed it, so the checks can tell refused credentials on every node.
     */
    private static void bindHealth(
            CamelContext context,
            Settings settings,
            Map<String, SyncDefinition> syncs,
            Store store,
            StoreReadings readings,
            SyncRuns syncRuns,
            Clock clock) {
        int lateAfter = settings.integer(SyncHealthCheck.LATE_AFTER_PERIODS, 3, 1, Integer.MAX_VALUE);
        java.util.TimeZone zone = java.util.TimeZone.getTimeZone(settings.zone("deskbridge.schedule.time-zone", "UTC"));
        RunFailures failures = new RunFailures(store.jdbc());
        syncRuns.onFailure((cause, runId) -> failures.note(runId, cause));
        HealthFacts facts = new HealthFacts(store.jdbc(), store.deskOrg());
        java.util.concurrent.ExecutorService asking =
                context.getExecutorServiceManager().newSingleThreadExecutor(context, "sync health");
        for (SyncDefinition sync : syncs.values()) {
            SyncHealthCheck.Sync about = new SyncHealthCheck.Sync(
                    sync.id(),
                    sync.cron(),
                    zone,
                    sync.module().runsWithoutFlow(),
                    sync.module().systems());
            bindHealthCheck(
                    context, new SyncHealthCheck(about, store.states(), facts, readings, lateAfter, clock, asking));
        }
        bindHealthCheck(context, new SchedulerHealthCheck());
    }

    /** Camel's health registry takes the checks bound in the registry (camel.health.registry-enabled, on by default). */
    private static void bindHealthCheck(CamelContext context, org.apache.camel.impl.health.AbstractHealthCheck check) {
        check.setCamelContext(context);
        context.getRegistry().bind("health-" + check.getId(), check);
    }

    /** The beans the YAML routes call by name. */
    private static SyncRuns bindSyncBeans(
            CamelContext context,
            Settings settings,
            Map<String, SyncDefinition> syncs,
            Store store,
            Connectors c,
            Clock clock,
            ObjectMapper json)
            throws Exception {
        Registry registry = context.getRegistry();
        Duration lease = LeaseHeartbeat.checked(settings.duration(LeaseHeartbeat.KEY, LeaseHeartbeat.DEFAULT));
        LeaseHeartbeat leases = new LeaseHeartbeat(
                store.states(),
                lease,
                LeaseHeartbeat.silenceAllowed(
                        lease,
                        settings.duration("deskbridge.http.max-retry-after", Duration.ofMinutes(5)),
                        settings.duration("deskbridge.http.timeout", Duration.ofSeconds(30))),
                clock);
        // Added after the state store, so stopped before it: no renewal meets a closed store.
        closeOnStop(context, "run lease renewals", leases);
        registry.bind("leaseHeartbeat", leases);
        SyncRuns syncRuns = new SyncRuns(
                syncs,
                store.states(),
                store.runs(),
                store.mirror(),
                store.deskOrg(),
                leases,
                settings.integer("deskbridge.sync.max-failed-runs", 5, 1, Integer.MAX_VALUE),
                clock,
                json);
        // Every system's caller: the Zoho ones and the chats sync's (Zendesk Sell and Chat, bound before).
        List<ApiCaller> callers = List.of(
                c.crm().caller(),
                c.desk().caller(),
                required(registry, "salesCrm", SalesCrm.class).caller(),
                required(registry, "chatSource", ChatSource.class).caller());
        syncRuns.capRetries(
                () -> callers.stream().mapToLong(ApiCaller::retries).sum(),
                settings.integer("deskbridge.http.max-retries-per-run", 500, 0, Integer.MAX_VALUE));
        leases.watchActivity(() -> callers.stream().mapToLong(ApiCaller::calls).sum());
        Map<String, SystemGate> gates = new java.util.TreeMap<>(c.gates());
        callers.subList(2, 4).forEach(caller -> gates.put(caller.gate().system(), caller.gate()));
        syncRuns.watchGates(gates);
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.SimpleEventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent) {
                    syncRuns.shutdown();
                    c.sleeper().stop();
                }
            }
        });
        // Added after the state store, so stopped (Camel stops services last in, first out) while it is still open.
        closeOnStop(context, "unsaved API call counts", () -> c.budget().saveAll());
        Lookups lookups = new Lookups(store.links());
        FieldMapper mapper = new FieldMapper(lookups);
        RecordOutcomes outcomes = new RecordOutcomes(
                store.jdbc(),
                store.mirror(),
                store.issues(),
                store.links(),
                c.crm(),
                c.desk(),
                settings.integer("deskbridge.sync.max-attempts", 5, 1, Integer.MAX_VALUE));
        registry.bind("syncRuns", syncRuns);
        registry.bind(
                "changePull",
                new ChangePull(
                        c.crm(), c.desk(), store.jdbc(), store.mirror(), store.watermarks(), store.links(), outcomes));
        registry.bind("fieldMapper", mapper);
        registry.bind("matcher", new Matcher(store.jdbc(), store.links(), store.mirror()));
        Intents intents = new Intents(store.jdbc(), clock);
        // 25: the most concurrent calls any Zoho Desk edition allows.
        int concurrency = settings.integer("deskbridge.desk.write-concurrency", 4, 1, 25);
        int deskCap = c.gates().get("desk").cap();
        if (concurrency > deskCap) {
            throw new ConfigurationException("deskbridge.desk.write-concurrency = " + concurrency + " is above "
                    + "deskbridge.desk.max-concurrent-calls = " + deskCap
                    + "; lower the first or, if your Desk edition "
                    + "allows more concurrent calls, raise the second");
        }
        // Abort, not Camel's default caller-runs: a pool shut down under a run must refuse a write (the run stops
        // and the record stays staged), not drop it silently and leave the run waiting for its answer.
        org.apache.camel.spi.ThreadPoolProfile senders = new org.apache.camel.spi.ThreadPoolProfile("DeskWrites");
        senders.setPoolSize(concurrency);
        senders.setMaxPoolSize(concurrency);
        senders.setMaxQueueSize(Integer.MAX_VALUE); // a batch per running sync waits here; never refused while running
        senders.setRejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.Abort);
        PairSettler settler = new PairSettler(
                store.jdbc(), store.mirror(), store.links(), store.conflicts(), intents, mapper, outcomes, json);
        DeskWrites deskWrites = new DeskWrites(
                c.desk(),
                intents,
                outcomes,
                context.getExecutorServiceManager().newThreadPool(DeskWrites.class, "DeskWrites", senders),
                settler);
        WriteQueue writeQueue = new WriteQueue(deskWrites, new CrmWrites(c.crm(), settler, outcomes));
        Pairing pairing =
                new Pairing(store.links(), store.mirror(), mapper, lookups, deskWrites, settler, writeQueue, json);
        registry.bind(
                "pairPush",
                new PairPush(
                        new Creates(c.desk(), intents, store.jdbc(), pairing, settler, writeQueue, outcomes), pairing));
        registry.bind("writeQueue", writeQueue);
        registry.bind("recordOutcomes", outcomes);
        return syncRuns;
    }

    /**
     * The admin token (named "admin"; generated if not set), an optional viewer token
     * ({@code deskbridge.admin.viewer-token}, named "viewer"), and named ones:
     * {@code deskbridge.admin.tokens.<name>.token} with {@code deskbridge.admin.tokens.<name>.role} admin, commenter or viewer.
     */
    private static AdminTokens adminTokens(Settings settings, Path dataDir) {
        AdminTokens tokens = new AdminTokens();
        String adminKey = "deskbridge.admin.token";
        String configured = settings.optional(adminKey, null);
        tokens.add(
                "admin",
                configured != null ? adminKey : dataDir.resolve(AdminToken.FILE).toString(),
                AdminTokens.Role.ADMIN,
                AdminToken.resolve(configured, dataDir));
        String viewer = settings.optional("deskbridge.admin.viewer-token", null);
        if (viewer != null) {
            tokens.add("viewer", "deskbridge.admin.viewer-token", AdminTokens.Role.VIEWER, viewer);
        }
        for (String name : settings.names("deskbridge.admin.tokens.")) {
            String prefix = "deskbridge.admin.tokens." + name + ".";
            AdminTokens.Role r = AdminTokens.Role.of(prefix + "role", settings.required(prefix + "role"));
            tokens.add(name, prefix + "token", r, settings.required(prefix + "token"));
        }
        return tokens;
    }

    /**
     * Gives the Desk connector the departments of {@code deskbridge.sync.products.departments} and returns the
     * products sync's activation check: every department named is the Desk's, and at least one is named. With none
     * named, the sync is disabled at start with the reason, as chats without their systems are, rather than failing
     * every run. Left unset, the key is the sandbox's departments only while the sandbox is on: a real Desk that
     * happens to have departments of the same names must not sync their products before anyone chose them.
     */
    private static Function<SyncDefinition, List<String>> productDepartmentsCheck(
            Settings settings,
            boolean sandboxEnabled,
            Connectors connectors,
            SyncStates states,
            Map<String, SyncDefinition> syncs) {
        if (!(connectors.desk() instanceof ZohoDeskClient desk)) {
            return sync -> List.of();
        }
        String unset = sandboxEnabled && !settings.isSet(DeskDepartments.KEY)
                ? settings.optional(SANDBOX_PRODUCT_DEPARTMENTS, "")
                : "";
        List<String> chosen = DeskDepartments.parse(settings.optional(DeskDepartments.KEY, unset));
        SyncDefinition products = syncs.get(ModuleSpec.PRODUCTS.id());
        if (chosen.isEmpty() && products != null) {
            String reason = DeskDepartments.KEY + " is empty: name the Desk departments whose products sync";
            if (states.find(products.id()).map(SyncStates.Row::state).orElse(SyncState.DISABLED)
                    != SyncState.DISABLED) {
                states.transition(products.id(), SyncState.DISABLED, products.direction(), reason);
                LOG.warn("The products sync is disabled: {}", reason);
            }
        }
        DeskDepartments departments = desk.productDepartments(chosen);
        return sync -> {
            if (!sync.id().equals(ModuleSpec.PRODUCTS.id())) {
                return List.of();
            }
            try {
                return departments.resolve().problems();
            } catch (ApiException e) {
                return List.of(DeskDepartments.KEY + ": the Desk's departments could not be read: " + e.getMessage());
            }
        };
    }

    /** Reads a sync's field map again from where it is kept, for an activation check; null when it is valid. */
    private static String fieldMapProblem(CamelContext context, Settings settings, SyncDefinition sync) {
        if (!sync.module().fieldMapped()) {
            return null;
        }
        try {
            loadFieldMap(context, settings.optional("deskbridge.routes.location", "classpath:routes"), sync.module());
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static FieldMap loadFieldMap(CamelContext context, String location, ModuleSpec module) throws Exception {
        String file = location + "/" + ModuleSpecs.fieldMapFile(module);
        Resource resource = PluginHelper.getResourceLoader(context).resolveResource(file);
        if (resource == null || !resource.exists()) {
            throw new ConfigurationException("field map " + file + " of sync '" + module.id() + "' does not exist");
        }
        try (InputStream in = resource.getInputStream()) {
            return new FieldMapLoader().load(file, in, module);
        }
    }

    private static Map<String, SyncDefinition> loadSyncs(CamelContext context, Settings settings) throws Exception {
        String location = settings.optional("deskbridge.routes.location", "classpath:routes");
        // The routes' Quartz triggers read the same key; an id TimeZone would silently read as GMT is refused here.
        java.util.TimeZone zone = java.util.TimeZone.getTimeZone(settings.zone("deskbridge.schedule.time-zone", "UTC"));
        Map<String, SyncDefinition> syncs = new LinkedHashMap<>();
        for (ModuleSpec module : ModuleSpecs.of(crmProduct(settings))) {
            String prefix = "deskbridge.sync." + module.id() + ".";
            String cron = cron(settings, prefix + "cron", zone);
            Direction direction = parse(() -> Choice.parse(
                    Direction.class,
                    settings.optional(
                            prefix + "direction", module.directions().get(0).key()),
                    prefix + "direction"));
            if (!module.directions().contains(direction)) {
                throw new ConfigurationException(prefix + "direction = '" + direction.key() + "' is not a direction of"
                        + " sync '" + module.id() + "'; expected one of "
                        + module.directions().stream().map(Direction::key).toList());
            }
            if (!module.fieldMapped()) {
                syncs.put(module.id(), SyncDefinition.mirrorOnly(module, direction, cron));
                continue;
            }
            ConflictPolicy conflict = parse(() -> Choice.parse(
                    ConflictPolicy.class, settings.optional(prefix + "conflict", "crm-wins"), prefix + "conflict"));
            DeletePolicy deletes = parse(() -> Choice.parse(
                    DeletePolicy.class, settings.optional(prefix + "deletes", "keep"), prefix + "deletes"));
            FieldMap map = loadFieldMap(context, location, module);
            syncs.put(module.id(), new SyncDefinition(module, map, direction, conflict, deletes, cron));
        }
        return syncs;
    }

    /** The Quartz cron of a schedule's key, checked: it parses, and it fires again from now on in the zone. */
    private static String cron(Settings settings, String key, java.util.TimeZone zone) {
        String cron = settings.required(key);
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new ConfigurationException(key + " = '" + cron + "' is not a valid Quartz cron expression ("
                    + e.getMessage() + "); example: 0 0/5 * * * ? (every 5 minutes)");
        }
        expression.setTimeZone(zone);
        if (expression.getNextValidTimeAfter(new java.util.Date()) == null) {
            throw new ConfigurationException(key + " = '" + cron + "' never fires (no such date from now on); "
                    + "example: 0 0/5 * * * ? (every 5 minutes)");
        }
        return cron;
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    private static ApiCaller caller(
            String name,
            String system,
            Settings settings,
            HttpClient http,
            RetryPolicy retry,
            Duration timeout,
            Clock clock,
            ObjectMapper json,
            CallBudget budget,
            SystemGate gate,
            ApiCaller.Sleeper sleeper) {
        String prefix = "deskbridge." + system + ".";
        URI accounts = settings.url(prefix + "accounts-url");
        // The token endpoint is another service (Zoho Accounts) with limits of its own: it stays out of the API's
        // gate, so a token refresh never queues behind the calls that need the token.
        ZohoOAuth oauth = new ZohoOAuth(
                name,
                new ApiCaller(name + " OAuth", http, ApiCaller.Auth.NONE, retry, timeout, sleeper),
                accounts,
                settings.required(prefix + "client-id"),
                settings.required(prefix + "client-secret"),
                settings.required(prefix + "refresh-token"),
                clock,
                json);
        return new ApiCaller(name, system, budget, gate, http, oauth, retry, timeout, sleeper);
    }

    private static URI apiUrl(Settings settings, String system) {
        String key = "deskbridge." + system + ".api-url";
        return settings.url(key);
    }

    /**
     * Creates or tightens a folder that holds personal data or tokens (its entries named {@code ownNames} are
     * Deskbridge's), naming the key that set it if it cannot.
     */
    static void ownerOnly(String key, Path dir, String... ownNames) {
        try {
            OwnerOnly.directory(dir, ownNames);
        } catch (IllegalStateException e) {
            throw new ConfigurationException(key + " = " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * This runtime's node name, resolved once: the owner of its leases and what its runs record. A default name holds
     * its slot under the data folder until the runtime stops, so a restart takes the same name back.
     */
    private static NodeName nodeName(CamelContext context, Settings settings, Path dataDir) throws Exception {
        NodeName node = NodeName.resolve(
                settings.isSet(NodeName.KEY) ? settings.optional(NodeName.KEY, "") : null, dataDir, NodeName::hostName);
        closeOnStop(context, "node slot", node);
        LOG.info("Node name: {} ({})", node.name(), node.origin());
        return node;
    }

    static void closeOnStop(CamelContext context, String what, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
                LOG.debug("Closed {}", what);
            }
        });
    }
}
