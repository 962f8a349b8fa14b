package io.deskbridge.admin;

import io.deskbridge.admin.json.AgentDetail;
import io.deskbridge.admin.json.AgentList;
import io.deskbridge.admin.json.ApiError;
import io.deskbridge.admin.json.AuditPage;
import io.deskbridge.admin.json.CustomerStats;
import io.deskbridge.admin.json.DealLink;
import io.deskbridge.admin.json.ErrorsPage;
import io.deskbridge.admin.json.HandOverAnswer;
import io.deskbridge.admin.json.HandOverJob;
import io.deskbridge.admin.json.HandOverRequest;
import io.deskbridge.admin.json.LinksPage;
import io.deskbridge.admin.json.NewComment;
import io.deskbridge.admin.json.NewCrmTicket;
import io.deskbridge.admin.json.NewReply;
import io.deskbridge.admin.json.ReplayFilter;
import io.deskbridge.admin.json.Replayed;
import io.deskbridge.admin.json.Run;
import io.deskbridge.admin.json.RunConflicts;
import io.deskbridge.admin.json.RunStarted;
import io.deskbridge.admin.json.RunsPage;
import io.deskbridge.admin.json.SyncList;
import io.deskbridge.admin.json.SyncStatus;
import io.deskbridge.admin.json.SyncsMoved;
import io.deskbridge.admin.json.TicketComment;
import io.deskbridge.admin.json.TicketCreated;
import io.deskbridge.admin.json.TicketDeal;
import io.deskbridge.admin.json.TicketDetail;
import io.deskbridge.admin.json.TicketList;
import io.deskbridge.admin.json.TicketSummary;
import io.deskbridge.admin.json.TicketThread;
import io.deskbridge.admin.json.TicketTrashed;
import io.deskbridge.admin.json.TicketUpdate;
import io.deskbridge.admin.json.WhoAmI;
import io.deskbridge.store.Audit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The admin REST API of DESIGN.md on the embedded HTTP server, described at {@code /openapi.json}: {@code /admin}
 * steers the syncs, {@code /api} serves the tickets of CRM records to CRM widgets, buttons and scripts.
 * Every call needs {@code Authorization: Bearer <token>} (401 without); viewer tokens may only read, commenter
 * tokens read and comment (403 on other changes); every change is written to the audit log. Answers are JSON, and
 * every error has one shape: {@code {"status","error","message"}} (plus {@code "problems"} when there are several).
 */
public final class AdminRoutes extends RouteBuilder {

    private static final String CALLER = "deskbridgeCaller";
    private static final String BEARER = "bearer";
    private static final String AUDIT_ACTION = "deskbridgeAuditAction";
    private static final String AUDIT_TARGET = "deskbridgeAuditTarget";
    private final AdminApi api;
    private final TicketApi ticketApi;
    private final TicketActions ticketActions;
    private final AgentApi agentApi;
    private final AdminTokens tokens;
    private final Audit audit;
    private HandOverApi handOver;
    /** The REST definition and path prefix the next {@link #call} belongs to. */
    private RestDefinition rest;

    private String prefix;

    /** A query parameter an endpoint takes; all are optional. */
    private record Query(String name, String type, String description) {
        Query(String name, String description) {
            this(name, "string", description);
        }
    }

    private static final Query LIMIT = new Query("limit", "integer", "how many items (a page)");
    private static final Query OFFSET = new Query("offset", "integer", "how many items to skip");
    private static final Query KIND = new Query("kind", "EXCLUDED, CONFLICT, FAILED or DELETED");
    private static final Query REASON_CODE = new Query("reasonCode", "a reason code, e.g. NO_EMAIL or INVALID_EMAIL");
    private static final Query TICKET_FILTER =
            new Query("filter", "all (default), open, overdue, closed, escalated or high-priority");
    private static final Map<String, String> LIFECYCLE = Map.of(
            "activate", "Activate (after checking credentials, the Desk org and the field map)",
            "pause", "Pause; a run in progress stops at its next batch",
            "disable", "Disable; what exists on both sides stays");
    private static final String NOT_READY =
            "the checks before activating found problems, each one in problems; nothing was changed";

    public AdminRoutes(
            AdminApi api,
            TicketApi ticketApi,
            TicketActions ticketActions,
            AgentApi agentApi,
            AdminTokens tokens,
            Audit audit) {
        this.api = api;
        this.agentApi = agentApi;
        this.ticketApi = ticketApi;
        this.ticketActions = ticketActions;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** Adds the agents' hand-over calls (issue 16). */
    public AdminRoutes handOver(HandOverApi handOver) {
        this.handOver = handOver;
        return this;
    }

    @Override
    public void configure() {
        FrontDoor.install(getCamelContext(), tokens);
        // Binding stays off: Camel's JSON binding would read a body before the route authenticates (a stranger's
        // malformed body would get 400 where the contract says 401, and so would a form sent to a lifecycle call),
        // would read a form as JSON text (400 instead of the 415 naming it), and would answer a body it cannot read
        // with Jackson's message naming Java classes. So each call reads its body with AdminJson after the token
        // is checked, and writes its answer record itself; type, outType and responseMessage below only tell the
        // OpenAPI document what those records are.
        // The document's server is the address the client fetched it from (see FrontDoor), not the address the
        // server binds (0.0.0.0, without a port).
        restConfiguration()
                .component("platform-http")
                .bindingMode(RestBindingMode.off)
                .useXForwardHeaders(true)
                .apiContextPath(FrontDoor.OPENAPI_PATH)
                .apiProperty("api.title", "Deskbridge admin API")
                .apiProperty("api.version", "1")
                .apiProperty(
                        "api.description",
                        "Steer the CRM <-> help-desk syncs. Every call needs Authorization: Bearer <token>.");

        onException(Exception.class).handled(true).process(e -> {
            Exception ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            AdminException admin = ex instanceof AdminException a ? a : null;
            if (admin == null) {
                log.error("Admin call failed", ex);
                admin = new AdminException(
                        500, "internal error: " + ex.getClass().getSimpleName());
            }
            audited(e, admin.status(), admin.getMessage());
            reply(e, new AdminApi.Reply(admin.status(), admin.answer()));
        });

        prefix = "/admin";
        rest = rest(prefix)
                .description("Deskbridge administration")
                .produces("application/json")
                .securityDefinitions()
                .bearerToken(
                        BEARER,
                        "An admin token (may do everything), a commenter token (may read and comment on tickets)"
                                + " or a viewer token (may only read)",
                        "opaque")
                .end();
        call("get", "/whoami", "admin-whoami", "The name and role of the token that asks (never the token)")
                .answers(WhoAmI.class)
                .reads(r ->
                        new AdminApi.Reply(200, new WhoAmI(r.caller(), r.role().key())));
        call("get", "/syncs", "admin-list-syncs", "All syncs with their state")
                .answers(SyncList.class)
                .reads(r -> api.listSyncs());
        call("get", "/syncs/{sync}", "admin-get-sync", "One sync: state, direction, last run, next run, record health")
                .answers(SyncStatus.class)
                .reads(r -> api.getSync(r.path("sync")));
        for (String action : new String[] {"activate", "pause", "disable"}) {
            Call one = call("post", "/syncs/{sync}/" + action, "admin-" + action, LIFECYCLE.get(action))
                    .answers(SyncStatus.class)
                    .refuses(409, "the lifecycle does not allow this transition");
            Call all = call(
                            "post",
                            "/integration/" + action,
                            "admin-integration-" + action,
                            LIFECYCLE.get(action) + ", every sync")
                    .answers(SyncsMoved.class);
            if (action.equals("activate")) {
                one.refuses(422, NOT_READY);
                all.refuses(422, NOT_READY);
            }
            one.changes(action, r -> api.lifecycle(r.path("sync"), action));
            all.changes("integration " + action, r -> api.integration(action));
        }
        call("post", "/syncs/{sync}/run", "admin-run-sync", "Start a run now; 202 with its runId")
                .accepted(RunStarted.class, "the run started")
                .refuses(
                        409,
                        "paused, disabled or already running, or no dry run made yet with"
                                + " deskbridge.sync.require-dry-run")
                .changes("run", r -> api.run(r.path("sync")));
        call(
                        "post",
                        "/syncs/{sync}/dry-run",
                        "admin-dry-run-sync",
                        "Start a dry run now: it reads and decides like a run and writes nothing to either system, nor"
                                + " any sync state; 202 with its runId, whose run has dryRun, and its preview in"
                                + " GET /syncs/{sync}/runs/{runId} once it ended")
                .accepted(RunStarted.class, "the dry run started")
                .refuses(409, "already running, or a sync without a dry run (tickets, chats)")
                .changes("dry run", r -> api.dryRun(r.path("sync")));
        call(
                        "get",
                        "/syncs/{sync}/runs",
                        "admin-list-runs",
                        "Run history, newest first; a dry run's preview only in GET /syncs/{sync}/runs/{runId}")
                .query(LIMIT, OFFSET)
                .answers(RunsPage.class)
                .reads(r -> api.listRuns(r.path("sync"), r.query("limit"), r.query("offset")));
        call("get", "/syncs/{sync}/runs/{runId}", "admin-get-run", "One run; a dry run with its preview")
                .answers(Run.class)
                .refuses(404, "no such sync or run")
                .reads(r -> api.getRun(r.path("sync"), r.path("runId")));
        call(
                        "get",
                        "/syncs/{sync}/runs/{runId}/conflicts",
                        "admin-run-conflicts",
                        "Fields both sides changed, settled in this run")
                .answers(RunConflicts.class)
                .refuses(404, "no such sync or run")
                .reads(r -> api.runConflicts(r.path("sync"), r.path("runId")));
        call(
                        "get",
                        "/syncs/{sync}/errors",
                        "admin-list-errors",
                        "Records excluded, in conflict, failed or deleted, with reasons")
                .query(KIND, REASON_CODE, LIMIT, OFFSET)
                .answers(ErrorsPage.class)
                .reads(r -> api.errors(
                        r.path("sync"), r.query("kind"), r.query("reasonCode"), r.query("limit"), r.query("offset")));
        call(
                        "post",
                        "/syncs/{sync}/errors/replay",
                        "admin-replay-all",
                        "Queue again every kept record of a kind (FAILED by default) or of a reason code, and run")
                .query(KIND, REASON_CODE)
                .body(ReplayFilter.class, "the same filters as the query, as JSON; give each in one place only")
                .accepted(Replayed.class, "queued; runId is the run that takes them, if one could start now")
                .refuses(400, "a bad parameter or body: an unknown key, a filter given twice, deletions")
                .refuses(415, "a form; the body is JSON")
                .refuses(409, "a dry run of the sync is going on (it holds its records until it ends)")
                .changes(
                        "replay all",
                        r -> api.replayAll(
                                r.path("sync"),
                                r.query("kind"),
                                r.query("reasonCode"),
                                r.body(ReplayFilter.class, ReplayFilter.NONE)));
        call("post", "/syncs/{sync}/errors/{id}/replay", "admin-replay", "Queue one kept record again and run")
                .accepted(Replayed.class, "queued; runId is the run that takes it, if one could start now")
                .refuses(404, "no such sync or error")
                .refuses(409, "a deletion, a record no longer known, or a dry run of the sync going on")
                .changes("replay", r -> api.replay(r.path("sync"), r.path("id")));
        call(
                        "get",
                        "/syncs/{sync}/links",
                        "admin-links",
                        "How a customer's records are tied, by email, crmId or deskId")
                .query(
                        new Query("email", "a customer's email (or an account's name)"),
                        new Query("crmId", "a CRM record id"),
                        new Query("deskId", "a Desk record id"))
                .answers(LinksPage.class)
                .refuses(400, "none of email, crmId or deskId, or a parameter it does not take")
                .reads(r -> api.links(r.path("sync"), r.query("email"), r.query("crmId"), r.query("deskId")));
        call("get", "/audit", "admin-audit", "Changes made through this API, newest first")
                .query(LIMIT, OFFSET)
                .answers(AuditPage.class)
                .reads(r -> api.audit(r.query("limit"), r.query("offset")));
        agentCalls();
        if (handOver != null) {
            handOverCalls();
        }
        ticketCalls();
    }

    /** Issue 16: the Desk's agents with their open work, read through the Desk. */
    private void agentCalls() {
        call(
                        "get",
                        "/agents",
                        "admin-list-agents",
                        "The Desk's agents (active and deactivated): role, profile, permission type, departments with"
                                + " chat access, teams, status, and open tickets and activities per department")
                .answers(AgentList.class)
                .deskRefusals()
                .reads(r -> agentApi.list());
        call("get", "/agents/{agentId}", "admin-get-agent", "One Desk agent, as the list gives it")
                .answers(AgentDetail.class)
                .refuses(404, "the Desk has no such agent, or it is deleted")
                .deskRefusals()
                .reads(r -> agentApi.agent(r.path("agentId")));
    }

    /** An agent's off-boarding: its open work handed over by a job, then the agent deactivated or deleted. */
    private void handOverCalls() {
        Query dryRun = new Query(
                "dryRun", "boolean", "true: answer exactly what would move where, and change nothing (default false)");
        for (String action : new String[] {"deactivate", "delete"}) {
            call(
                            "post",
                            "/agents/{agentId}/" + action,
                            "admin-agent-" + action,
                            "Hand the agent's open tickets and activities over to the agents the body names, then "
                                    + action + " the agent: a job (202 with its plan and id; GET /admin/jobs/{id})")
                    .query(dryRun)
                    .body(HandOverRequest.class, "who takes the tickets and the activities", true)
                    .accepted(HandOverAnswer.class, "the job is stored with its plan and starts at once")
                    .dryRunAnswers()
                    .refuses(
                            400,
                            "a missing or malformed key ('tickets', 'activities'), 'anonymise' on deactivate,"
                                    + " or a bad dryRun")
                    .refuses(404, "the Desk has no such agent")
                    .refuses(409, "a hand-over job of this agent has not finished")
                    .refuses(415, "a form; the body is JSON")
                    .refuses(
                            422,
                            "a target that is the agent itself, unknown, not active or unconfirmed, or a light"
                                    + " agent; the message names the field and the reason")
                    .deskRefusals()
                    .changes(
                            action + " agent",
                            r -> handOver.start(
                                    action,
                                    r.path("agentId"),
                                    r.query("dryRun"),
                                    r.body(HandOverRequest.class, null),
                                    r.caller()));
        }
        call(
                        "get",
                        "/jobs/{id}",
                        "admin-job",
                        "A hand-over job: state, moved / left / failed, and what is left and why")
                .answers(HandOverJob.class)
                .refuses(404, "no such job")
                .reads(r -> handOver.job(r.path("id")));
    }

    /** The tickets of CRM records, for a CRM widget, button or script. */
    private void ticketCalls() {
        prefix = "/api";
        rest = rest(prefix)
                .description("Tickets of CRM records: read from the ticket mirror, acted on through the Desk")
                .produces("application/json");
        String module = "; module is Contacts, Accounts or Deals (Bigin: Pipelines), another is 400 naming them (a"
                + " deal's are the tickets linked to it)";
        call(
                        "get",
                        "/crm/{module}/{crmId}/tickets",
                        "api-record-tickets",
                        "A CRM record's tickets, newest first, from the mirror" + module)
                .query(TICKET_FILTER, LIMIT, OFFSET)
                .answers(TicketList.class)
                .reads(r -> ticketApi.ofRecord(
                        r.path("module"), r.path("crmId"), r.query("filter"), r.query("limit"), r.query("offset")));
        call(
                        "get",
                        "/crm/{module}/{crmId}/stats",
                        "api-record-stats",
                        "A CRM record's support figures: tickets, open, overdue, average first response and"
                                + " resolution, ratings, latest feedback" + module)
                .answers(CustomerStats.class)
                .reads(r -> ticketApi.stats(r.path("module"), r.path("crmId")));
        call(
                        "get",
                        "/tickets/{ticketId}",
                        "api-ticket",
                        "One ticket: its summary from the mirror, its threads and comments read through from the Desk")
                .answers(TicketDetail.class)
                .refuses(404, "neither the mirror nor the Desk has the ticket")
                .deskRefusals()
                .reads(r -> ticketApi.ticket(r.path("ticketId")));
        call("post", "/tickets/{ticketId}/comments", "api-ticket-comment", "Comment on a ticket, public or private")
                .body(NewComment.class, "the comment", true)
                .created(TicketComment.class, "the comment as the Desk made it")
                .refuses(404, "the Desk has no such ticket")
                .refuses(415, "a form; the body is JSON")
                .deskRefusals()
                .comments("comment", r -> ticketApi.comment(r.path("ticketId"), r.body(NewComment.class, null)));
        ticketActionCalls();
    }

    /** What an admin token may do to tickets from the CRM side, through the Desk. */
    private void ticketActionCalls() {
        String json = "a form; the body is JSON";
        String notSet = "; or a setting this call needs (named in the message) is not set";
        call(
                        "post",
                        "/crm/{module}/{crmId}/tickets",
                        "api-create-ticket",
                        "Open a ticket for a CRM contact, or for the related contact (Contact_Name) of a deal (Bigin:"
                                + " a Pipelines record) and link it to the deal; module is Contacts, or Deals (Zoho"
                                + " CRM) or Pipelines (Bigin). The Desk contact is linked, or found by email and"
                                + " linked, or created from the contacts field map and linked first, as the contacts"
                                + " sync would")
                .body(NewCrmTicket.class, "the ticket", true)
                .created(TicketCreated.class, "the ticket as the Desk made it, and its Desk contact")
                .refuses(400, "another module (the message names the allowed ones), or a bad body")
                .refuses(404, "the CRM has no such contact or deal")
                .refuses(
                        409,
                        "the contact is not linked yet and a contacts run is under way, or it has no Desk contact to"
                                + " link and the contacts sync is paused or disabled; nothing was written")
                .refuses(415, json)
                .deskRefusals()
                .refuses(
                        422,
                        "the contact (a deal's related contact) has no valid email, or the deal has no related"
                                + " contact, or the contact cannot be linked (its email is on several Desk contacts,"
                                + " or on one linked to another CRM contact), or it has no Desk contact to link and the"
                                + " contacts sync's direction creates none; nothing was written. Or the Desk refused")
                .refuses(503, "the Desk's rate limit or the daily call budget is reached" + notSet)
                .changes(
                        "create ticket",
                        r -> ticketActions.create(r.path("module"), r.path("crmId"), r.body(NewCrmTicket.class, null)));
        call(
                        "post",
                        "/tickets/{ticketId}/replies",
                        "api-ticket-reply",
                        "Email from deskbridge.desk.reply-from: a reply to the ticket's contact, a reply to all on"
                                + " a thread (its sender and recipients), or a forward (private) to the addresses given")
                .body(NewReply.class, "the reply", true)
                .created(TicketThread.class, "the thread the reply made")
                .refuses(
                        400,
                        "a bad mode, a forward without 'to', a reply with 'to', an address in 'to' that is not one,"
                                + " or another bad key")
                .refuses(404, "the Desk has no such ticket or thread")
                .refuses(415, json)
                .deskRefusals()
                .refuses(
                        422,
                        "the ticket has no valid email to reply to, or the thread no address to reply to all;"
                                + " or the Desk refused")
                .refuses(503, "the Desk's rate limit or the daily call budget is reached" + notSet)
                .changes("reply", r -> ticketActions.reply(r.path("ticketId"), r.body(NewReply.class, null)));
        call(
                        "patch",
                        "/tickets/{ticketId}",
                        "api-ticket-update",
                        "Change a ticket's status, priority, assignee or due date; a mirrored ticket's row at once")
                .body(TicketUpdate.class, "what to change: at least one key", true)
                .answers(TicketSummary.class)
                .refuses(404, "the Desk has no such ticket")
                .refuses(415, json)
                .deskRefusals()
                .changes(
                        "update ticket",
                        r -> ticketActions.update(r.path("ticketId"), r.body(TicketUpdate.class, null)));
        call("post", "/tickets/{ticketId}/close", "api-ticket-close", "Close a ticket with the org's closed status")
                .answers(TicketSummary.class)
                .refuses(404, "the Desk has no such ticket")
                .deskRefusals()
                .changes("close ticket", r -> ticketActions.close(r.path("ticketId")));
        call(
                        "delete",
                        "/tickets/{ticketId}",
                        "api-ticket-trash",
                        "Move a ticket to the Desk's trash (restorable there); it leaves the mirror")
                .answers(TicketTrashed.class)
                .deskRefusals()
                .changes("trash ticket", r -> ticketActions.trash(r.path("ticketId")));
        call(
                        "put",
                        "/tickets/{ticketId}/deal",
                        "api-ticket-link-deal",
                        "Link a ticket to a CRM deal, a Bigin Pipelines record under Bigin (kept by Deskbridge)")
                .body(DealLink.class, "the deal", true)
                .answers(TicketDeal.class)
                .refuses(404, "the Desk has no such ticket")
                .refuses(415, json)
                .deskRefusals()
                .refuses(422, "the CRM has no such deal")
                .changes("link deal", r -> ticketActions.linkDeal(r.path("ticketId"), r.body(DealLink.class, null)));
        call("delete", "/tickets/{ticketId}/deal", "api-ticket-unlink-deal", "Unlink a ticket from its CRM deal")
                .answers(TicketDeal.class)
                .refuses(404, "the ticket is linked to no deal")
                .changes("unlink deal", r -> ticketActions.unlinkDeal(r.path("ticketId")));
    }

    private Call call(String verb, String path, String id, String description) {
        return new Call(verb, path, id, description);
    }

    /**
     * One call of the API: its REST verb, which the OpenAPI document describes with its path and query
     * parameters, its body, its answer and its errors; and the route that authenticates, authorises,
     * audits and answers it. Nothing is declared until {@link #reads} or {@link #changes}, which declare
     * the whole verb at once: the REST DSL adds parameters and responses to the verb declared last.
     */
    private final class Call {

        private final RestDefinition base;
        private final String prefix;
        private final String verb;
        private final String path;
        private final String id;
        private final String description;
        private final Set<Query> query = new LinkedHashSet<>();
        private final Map<Integer, String> errors = new TreeMap<>();
        private Class<? extends Record> body;
        private String bodyDescription;
        private boolean bodyRequired;
        private int status = 200;
        private String statusMessage;
        private Class<? extends Record> answer;
        private boolean answersDryRun;

        Call(String verb, String path, String id, String description) {
            this.verb = verb;
            this.path = path;
            this.id = id;
            this.description = description;
            errors.put(400, "a query parameter it does not take, one given twice, or a bad value");
            errors.put(401, "no valid Authorization: Bearer <token>");
            this.base = rest;
            this.prefix = AdminRoutes.this.prefix;
            if (path.contains("{sync}")) {
                errors.put(404, "no such sync");
            }
        }

        Call query(Query... params) {
            query.addAll(List.of(params));
            return this;
        }

        /** The JSON body it reads, optional. */
        Call body(Class<? extends Record> type, String description) {
            return body(type, description, false);
        }

        Call body(Class<? extends Record> type, String description, boolean required) {
            body = type;
            bodyDescription = description;
            bodyRequired = required;
            return this;
        }

        /** A 200 with this record. */
        Call answers(Class<? extends Record> type) {
            answer = type;
            return this;
        }

        /** A 202 with this record. */
        Call accepted(Class<? extends Record> type, String message) {
            answer = type;
            status = 202;
            statusMessage = message;
            return this;
        }

        /** A 200 with the same record as its 202: the answer of a dry run. */
        Call dryRunAnswers() {
            answersDryRun = true;
            return this;
        }

        /** A 201 with this record. */
        Call created(Class<? extends Record> type, String message) {
            answer = type;
            status = 201;
            statusMessage = message;
            return this;
        }

        /** What a call the Desk answers may be refused with, in the one error shape with the Desk's own message. */
        Call deskRefusals() {
            return refuses(422, "the Desk refused the request; the message is the Desk's")
                    .refuses(502, "the Desk failed; the message is the Desk's")
                    .refuses(503, "the Desk's rate limit or the daily call budget is reached; try later");
        }

        /** An error status this call answers, with the one error shape. */
        Call refuses(int status, String when) {
            errors.put(status, when);
            return this;
        }

        /** Any token may read; reads are not audited. */
        void reads(Function<AdminRequest, AdminApi.Reply> action) {
            declare(AdminTokens.Access.READ, null, action);
        }

        /**
         * A comment on a ticket: a commenter or admin token may make it (the seed's users without a Desk licence
         * comment); written to the audit log as {@code auditAction}.
         */
        void comments(String auditAction, Function<AdminRequest, AdminApi.Reply> action) {
            refuses(403, "a viewer token; this call needs a commenter or admin token");
            declare(AdminTokens.Access.COMMENT, auditAction, action);
        }

        /** A change needs an admin token and is written to the audit log as {@code auditAction}. */
        void changes(String auditAction, Function<AdminRequest, AdminApi.Reply> action) {
            refuses(403, "a viewer or commenter token; this call needs an admin token");
            declare(AdminTokens.Access.CHANGE, auditAction, action);
        }

        private void declare(
                AdminTokens.Access access, String auditAction, Function<AdminRequest, AdminApi.Reply> action) {
            RestDefinition rest =
                    base.verb(verb, path).id(id).description(description).security(BEARER);
            Matcher names = Pattern.compile("\\{(\\w+)}").matcher(path);
            while (names.find()) {
                rest.param()
                        .name(names.group(1))
                        .type(RestParamType.path)
                        .required(true)
                        .dataType("string")
                        .endParam();
            }
            for (Query q : query) {
                rest.param()
                        .name(q.name())
                        .type(RestParamType.query)
                        .required(false)
                        .dataType(q.type())
                        .description(q.description())
                        .endParam();
            }
            if (body != null) {
                rest.type(body)
                        .param()
                        .name("body")
                        .type(RestParamType.body)
                        .required(bodyRequired)
                        .description(bodyDescription)
                        .endParam();
            }
            // outType is documented as the 200 answer; a 201 or 202 is a response message with its record.
            if (status == 200 || answersDryRun) {
                rest.outType(answer);
            }
            if (status != 200) {
                rest.responseMessage()
                        .code(status)
                        .message(statusMessage)
                        .responseModel(answer)
                        .endResponseMessage();
            }
            errors.forEach((code, when) -> rest.responseMessage()
                    .code(code)
                    .message(when)
                    .responseModel(ApiError.class)
                    .endResponseMessage());
            rest.to("direct:" + id);
            route(access, auditAction, action);
        }

        private void route(
                AdminTokens.Access access, String auditAction, Function<AdminRequest, AdminApi.Reply> action) {
            String template = prefix + path;
            Set<String> declared = new LinkedHashSet<>();
            query.forEach(q -> declared.add(q.name()));
            from("direct:" + id).routeId(id).process(e -> {
                if (auditAction != null) {
                    e.setProperty(AUDIT_ACTION, auditAction);
                    e.setProperty(AUDIT_TARGET, target(AdminRequest.pathParameters(template, requestPath(e))));
                }
                AdminRequest request = AdminRequest.of(e, template);
                authenticate(e, request, access);
                request.onlyQuery(declared);
                AdminApi.Reply reply = action.apply(request);
                if (auditAction != null) {
                    audited(e, reply.status(), reply.detail());
                }
                reply(e, reply);
            });
        }
    }

    private void authenticate(Exchange e, AdminRequest request, AdminTokens.Access needed) {
        String header = request.authorization();
        AdminTokens.Caller caller = tokens.authenticate(header)
                .orElseThrow(() -> new AdminException(
                        401,
                        header == null ? "missing Authorization: Bearer <token>" : "the bearer token is not valid"));
        e.setProperty(CALLER, caller);
        request.caller(caller.name());
        request.role(caller.role());
        if (!caller.role().may(needed)) {
            throw new AdminException(
                    403,
                    "the token '" + caller.name() + "' may only "
                            + (caller.role().may(AdminTokens.Access.COMMENT) ? "read and comment" : "read")
                            + "; this call needs "
                            + (needed == AdminTokens.Access.COMMENT ? "a commenter or admin token" : "an admin token"));
        }
    }

    /** Writes the audit entry of a change made by an authenticated caller (reads are not audited). */
    private void audited(Exchange e, int status, String detail) {
        String action = e.getProperty(AUDIT_ACTION, String.class);
        AdminTokens.Caller caller = e.getProperty(CALLER, AdminTokens.Caller.class);
        if (action != null && caller != null) {
            audit.record(
                    caller.name(),
                    caller.role().name(),
                    action,
                    e.getProperty(AUDIT_TARGET, String.class),
                    status,
                    detail);
            e.removeProperty(AUDIT_ACTION);
        }
    }

    /**
     * What a change acts on, from its path only: a ticket, a CRM record, a sync, one of its errors, or the whole
     * integration.
     */
    private static String target(Map<String, String> path) {
        if (path.containsKey("agentId")) {
            return "agents/" + path.get("agentId");
        }
        if (path.containsKey("ticketId")) {
            return "tickets/" + path.get("ticketId");
        }
        if (path.containsKey("crmId")) {
            return "crm/" + path.getOrDefault("module", "Contacts") + "/" + path.get("crmId");
        }
        String sync = path.get("sync");
        String id = path.get("id");
        return sync == null ? "integration" : id == null ? sync : sync + "/errors/" + id;
    }

    private static String requestPath(Exchange e) {
        return e.getIn() instanceof org.apache.camel.component.platform.http.vertx.HttpMessage m
                        && m.getRequest() != null
                ? m.getRequest().path()
                : "";
    }

    /** Answers with only our own headers: request headers (the token among them) must not echo back. */
    private static void reply(Exchange e, AdminApi.Reply reply) {
        Message m = e.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (reply.status() == 401) {
            m.setHeader("WWW-Authenticate", "Bearer realm=\"deskbridge\"");
        }
        m.setBody(AdminJson.write(reply.body()));
    }
}
