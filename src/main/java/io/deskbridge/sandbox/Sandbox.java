package io.deskbridge.sandbox;

import java.time.Clock;
import java.util.Objects;
import org.apache.camel.builder.RouteBuilder;

/**
 * The embedded sandbox: simulated Zoho OAuth, Zoho CRM v8 and Zoho Desk v1 served by Camel platform-http.
 *
 * <pre>
 * POST /sandbox/accounts/oauth/v2/token                refresh_token grant
 *      /sandbox/zoho/crm/v8/{Contacts|Accounts|Deals|Products}  records, upsert, deleted, search
 *      /sandbox/zoho/bigin/v2/{Contacts|Accounts|Pipelines|Products}  the same, when the sandbox serves Bigin
 *      /sandbox/zoho/crm/{v2|v8}/settings/signals      registered signal namespaces
 * POST /sandbox/zoho/crm/v2/signals/notifications      sales signals (see {@link CrmSignals})
 *      /sandbox/desk/api/v1/{contacts|accounts}        list, search, get, create, patch, moveToTrash, recycleBin
 *      /sandbox/desk/api/v1/products...                products of two departments (see {@link DeskProductsApi})
 *      /sandbox/desk/api/v1/tickets...                 tickets, threads, sendReply, comments, close, trash
 *      /sandbox/desk/api/v1/{organizationFields|departments|customerHappiness}
 * GET  /sandbox/chat/api/v2[/chat]/incremental/chats    Zendesk Chat's incremental export (see {@link ChatApi})
 *      /sandbox/sell/v2/{leads|contacts|notes|tasks}    Zendesk Sell (see {@link SellApi})
 * GET|DELETE /sandbox/_faults, PUT|DELETE /sandbox/_faults/{crm|desk|oauth}   fault injection control (no token)
 * GET|DELETE /sandbox/_signals                         the signals the CRM accepted (no token)
 * </pre>
 *
 * {@link #faults()} injects faults (429, 500, lost answers, slow answers, timeouts, token revocations) into the
 * requests of each simulated system; see {@link FaultPlan}.
 *
 * Wire it with {@code context.addRoutes(sandbox.routes())} on a context that has {@code camel.server.enabled=true}.
 */
public final class Sandbox implements AutoCloseable {

    private final SandboxSettings settings;
    private final SandboxStore store;
    private final OAuthSimulator oauth;
    private final CrmSimulator crm;
    private final DeskSimulator desk;
    private final CrmApi crmApi;
    private final SignalsApi signalsApi;
    private final DeskApi deskApi;
    private final ChatSimulator chat;
    private final ChatApi chatApi;
    private final SellSimulator sell;
    private final SellApi sellApi;
    private final RequestLog requests = new RequestLog();
    private final FaultInjector faults = new FaultInjector();

    /** Opens the store and seeds the demo data if the store is empty and {@code seedDemoData} is set. */
    public Sandbox(SandboxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.clientId(), "clientId");
        Objects.requireNonNull(settings.clientSecret(), "clientSecret");
        Objects.requireNonNull(settings.refreshToken(), "refreshToken");
        Objects.requireNonNull(settings.deskOrgId(), "deskOrgId");
        Clock clock = Clock.systemUTC();
        this.store = new SandboxStore(settings.dataDir());
        try {
            this.oauth = new OAuthSimulator(settings, clock);
            this.crm = new CrmSimulator(store, clock, settings.crmProduct());
            this.desk = new DeskSimulator(store, clock);
            this.chat = new ChatSimulator(store, clock);
            this.sell = new SellSimulator(store, clock, requests);
            synchronized (store.lock) {
                if (settings.seedDemoData() && DemoSeed.isEmpty(crm, desk)) {
                    DemoSeed.seed(crm, desk);
                    store.commit();
                }
                if (settings.seedDemoData() && chat.isEmpty()) { // also into a store seeded before chats were
                    DemoSeed.seedChats(chat);
                }
                if (settings.seedDemoData() && sell.isEmpty()) {
                    DemoSeed.seedSell(sell);
                }
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.signalsApi = new SignalsApi(crm, oauth);
        this.crmApi = new CrmApi(crm, oauth, signalsApi);
        this.deskApi = new DeskApi(desk, oauth, settings.deskOrgId().strip());
        seedProducts(settings);
        this.chatApi = new ChatApi(chat);
        this.sellApi = new SellApi(sell);
    }

    /**
     * The platform-http routes (ids sandbox-oauth, sandbox-crm, sandbox-desk, sandbox-faults, sandbox-crm-v2,
     * sandbox-signals, sandbox-chat, sandbox-sell) under /sandbox/...
     */
    public RouteBuilder routes() {
        return new SandboxRoutes(this);
    }

    public CrmSimulator crm() {
        return crm;
    }

    public DeskSimulator desk() {
        return desk;
    }

    /** Zendesk Chat: its chats and offline messages, and the access token it accepts. */
    public ChatSimulator chat() {
        return chat;
    }

    /** The simulated Zendesk Sell, under {@value SellApi#PREFIX}. */
    public SellSimulator sell() {
        return sell;
    }

    /** The Desk's products (issue 15), in the departments {@code GET /departments} lists. */
    public DeskProductsApi deskProducts() {
        return deskApi.products();
    }

    /** Desk products in two departments and CRM products, into a store that has none (also one seeded before). */
    private void seedProducts(SandboxSettings settings) {
        synchronized (store.lock) {
            if (settings.seedDemoData() && deskApi.products().isEmpty()) {
                deskApi.products().seed(crm);
                store.commit();
            }
        }
    }

    public OAuthSimulator oauth() {
        return oauth;
    }

    public RequestLog requests() {
        return requests;
    }

    /** Fault injection into the simulated systems (none until a plan is set). */
    public FaultInjector faults() {
        return faults;
    }

    public SandboxSettings settings() {
        return settings;
    }

    CrmApi crmApi() {
        return crmApi;
    }

    SignalsApi signalsApi() {
        return signalsApi;
    }

    DeskApi deskApi() {
        return deskApi;
    }

    ChatApi chatApi() {
        return chatApi;
    }

    SellApi sellApi() {
        return sellApi;
    }

    /** Flush and close the store. */
    @Override
    public void close() {
        store.close();
    }
}
