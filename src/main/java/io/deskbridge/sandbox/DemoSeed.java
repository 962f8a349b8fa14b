package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The demo data set, written only into an empty store when {@link SandboxSettings#seedDemoData()} is set. Ids and
 * timestamps are fixed (January 2026) so every fresh sandbox looks the same.
 *
 * <h2>CRM Accounts</h2>
 * <pre>
 * 5725767000000413001  株式会社サンプル     (Tokyo, Japan)
 * 5725767000000413002  Acme Corporation    (same name as Desk account 1892000000975382)
 * 5725767000000413003  NewCorp Ltd
 * </pre>
 * <h2>CRM Contacts (hard cases for the sync)</h2>
 * <pre>
 * 5725767000000412001  山田 太郎 (First 太郎, Last 山田)  Email "Taro.Yamada@Example.JP" (mixed case)   -> 株式会社サンプル
 * 5725767000000412002  佐藤 花子                      Email "  hanako.sato@example.jp  " (space padded) -> 株式会社サンプル
 * 5725767000000412003  鈴木 次郎                      Email "ｊｉｒｏ．ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｊｐ" (full width), Phone "０３－１２３４－５６７８"
 * 5725767000000412004  Ken Tanaka                    Email ken.tanaka@newcorp.example, Secondary_Email ken@oldmail.example
 *                                                    (Desk 1892000000042032 has primary ken@oldmail.example) -> NewCorp Ltd
 * 5725767000000412005  Info A                        Email info@shared.example  } two CRM contacts, one e-mail;
 * 5725767000000412006  Info B                        Email info@shared.example  } Desk 1892000000042033 has it once
 * 5725767000000412007  高橋 三郎                      Email null
 * 5725767000000412008  Ivan Invalid                  Email "not-an-email"
 * 5725767000000412009  Dora Doubleat                 Email "foo@@bar.example"
 * 5725767000000412010  Mary Major                    Email mary.major@acme.example, Phone +1 555 0101
 *                                                    (Desk 1892000000042034 has Mary.Major@ACME.example, Phone +1 555 0199) -> Acme
 * 5725767000000412011  伊藤 美咲                      Email misaki.ito@example.jp
 * 5725767000000412012  John Smith                    Email john.smith@acme.example -> Acme Corporation
 * 5725767000000412013  渡辺 健一                      Email kenichi.watanabe@example.co.jp, Secondary_Email k.watanabe@nomatch.example
 * 5725767000000412014  Alice Brown                   Email alice.brown@example.com
 * </pre>
 * Contact n was created 2026-01-05T00:00:00Z + n hours and last modified 2026-01-12T00:00:00Z + n hours; account n
 * was created 2026-01-04T00:00:00Z + n hours and modified 2026-01-11T00:00:00Z + n hours. Owners: users
 * 5725767000000250001 (Sandbox Admin, admin@sandbox.example) and 5725767000000250002 (佐々木 健).
 *
 * <h2>Desk (orgId from the settings)</h2>
 * <pre>
 * account 1892000000975382  Acme Corporation          (same name as a CRM account)
 * account 1892000000975383  Support Partners KK       (Desk only)
 * contact 1892000000042032  Ken Tanaka   ken@oldmail.example       (the CRM contact's old, now secondary, address)
 * contact 1892000000042033  Info         info@shared.example       (held by two CRM contacts)
 * contact 1892000000042034  Mary Major   Mary.Major@ACME.example   Phone +1 555 0199, account 1892000000975382
 * contact 1892000000042035  Desk Only    desk.only@support.example (Desk only)
 * </pre>
 * Desk contact n (0..3) was created 2026-01-03T00:00:00.000Z + n hours and modified 2026-01-08T00:00:00.000Z + n
 * hours; Desk accounts 2026-01-02 / 2026-01-07 likewise. Desk agent (ownerId) is 1892000000042001.
 *
 * <h2>CRM Deals</h2>
 * <pre>
 * 5725767000000414001  Acme renewal 2026  Negotiation/Review  48000  closing 2026-03-31  Mary Major, Acme Corporation
 * 5725767000000414002  NewCorp pilot      Qualification       12000  closing 2026-02-27  Ken Tanaka, NewCorp Ltd
 * </pre>
 * Deal n was created 2026-01-06T00:00:00Z + n hours and modified 2026-01-13T00:00:00Z + n hours.
 *
 * <h2>Bigin (issue 15, {@code deskbridge.sandbox.crm-product=bigin})</h2>
 * The same accounts ("Companies") and contacts, without {@code Secondary_Email} (Bigin's contacts have none, so Ken
 * Tanaka matches no Desk contact). The deals are {@code Pipelines} records in sub-pipeline "Sales Pipeline Standard",
 * with a third one, 5725767000000414003 "Takahashi onboarding" (Qualification, 5000, closing 2026-04-30), whose
 * contact 高橋 三郎 (5725767000000412007) has no email and no company.
 *
 * <h2>Desk tickets (department 1892000000006907 "Support")</h2>
 * Ticket 1892000000143000 + n is ticket number 100 + n. Every ticket starts with its description as an incoming
 * thread at its creation; "reply" is an outgoing e-mail thread (the first one is the first response), "customer" an
 * incoming one, "comment" a private (or public) agent comment. Agents: 1892000000042001 Sandbox Agent,
 * 1892000000042002 Aiko Support. All times are 2026-01, UTC.
 * <pre>
 * #   contact         subject                                  status (type)                 priority channel
 *     created         events                                                     due date         first resp. closed
 * 101 Mary Major      Cannot sign in to the customer portal    Open (Open)                   High     Email
 *     13 09:00        reply 10:30, comment 11:00, customer 12:00                  14 09:00 OVERDUE  90 min
 * 102 Mary Major      Invoice shows the wrong VAT rate         Closed (Closed)               Medium   Email
 *     14 08:00        reply 09:00, closed 15 08:00, rated GOOD 15 10:00           16 08:00          60 min    24 h
 * 103 Mary Major      Export to CSV times out                  Escalated (Open), escalated   High     Web
 *     15 13:00        comment 14:00, reply 15:00, Escalated 15:05,                none              120 min
 *                     public comment 16:00; assignee Aiko Support
 * 104 Ken Tanaka      Change of shipping address               On Hold (On Hold)             Low      Phone
 *     16 10:00        reply 10:30, On Hold 11:00                                  none              30 min
 * 105 Ken Tanaka      Item arrived damaged                     Closed (Closed)               Medium   Web
 *     17 09:00        comment 12:00, reply 13:00, closed 19 09:00,                18 09:00          240 min   48 h
 *                     rated BAD 19 12:00
 * 106 Info            Unsubscribe from the newsletter          Waiting on customer (On Hold) Low      Email
 *     18 08:00        reply 08:45 with status Waiting on customer                 none              45 min
 * 107 Info            Question about the API limits            Open (Open), unassigned       Medium   Email
 *     19 07:00        no reply yet                                                2036-01-19 07:00  -
 * 108 Desk Only       Password reset e-mail not received       Closed (Closed)               High     Chat
 *     20 10:00        reply 10:10, closed 11:00, rated OK 12:00                   20 12:00          10 min    1 h
 * 109 Ken Tanaka      Change of shipping address (duplicate)   Open, in the trash since 16 10:20     Low      Phone
 *     16 10:05
 * </pre>
 * Per Desk contact (trashed 109 left out): Mary Major (CRM 5725767000000412010, Desk account Acme 1892000000975382):
 * 3 tickets, 2 not closed, 1 overdue, 1 escalated, 2 high priority, first response 90 min on average, resolution 24 h,
 * ratings 1 good. Ken Tanaka (CRM 5725767000000412004): 2 tickets, 1 not closed, 0 overdue, first response 135 min on
 * average, resolution 48 h, ratings 1 bad. Info (CRM 5725767000000412005 and ...006): 2 tickets, both not closed,
 * first response 45 min (one answered), no ratings. Desk Only: 1 ticket, closed, first response 10 min, resolution
 * 1 h, ratings 1 ok. Overdue flags hold as long as the clock is past the due date: 107 is due in 2036.
 *
 * <h2>Zendesk Chat</h2>
 * Nine chats of 2026-01-21, one of each outcome of the chats sync: see {@link ChatSeed}.
 */
final class DemoSeed {

    static final String ACC_SAMPLE = "5725767000000413001";
    static final String ACC_ACME = "5725767000000413002";
    static final String ACC_NEWCORP = "5725767000000413003";
    static final String DESK_ACC_ACME = "1892000000975382";

    private DemoSeed() {}

    static final String DESK_MARY = "1892000000042034";
    static final String DESK_KEN = "1892000000042032";
    static final String DESK_INFO = "1892000000042033";
    static final String DESK_ONLY = "1892000000042035";
    static final String SUPPORT_ADDRESS = "support@sandbox.example";
    /** Bigin only (issue 15): the pipeline record 5725767000000414003, whose contact has no email. */
    static final String BIGIN_NO_EMAIL_DEAL = "Takahashi onboarding";
    /** Bigin only: the sub-pipeline of every seeded pipeline record (Bigin's default team pipeline). */
    static final String BIGIN_SUB_PIPELINE = "Sales Pipeline Standard";

    static boolean isEmpty(CrmSimulator crm, DeskSimulator desk) {
        return crm.module("Contacts").table.isEmpty()
                && crm.module("Accounts").table.isEmpty()
                && desk.contacts.isEmpty()
                && desk.accounts.isEmpty();
    }

    static void seed(CrmSimulator crm, DeskSimulator desk) {
        long accCreated = Instant.parse("2026-01-04T00:00:00Z").getEpochSecond();
        long accModified = Instant.parse("2026-01-11T00:00:00Z").getEpochSecond();
        Object[][] accounts = {
            {ACC_SAMPLE, "株式会社サンプル", "03-1111-2222", "https://sample.example.jp", "東京", "Japan"},
            {ACC_ACME, "Acme Corporation", "+1 555 0100", "https://acme.example", "Springfield", "USA"},
            {ACC_NEWCORP, "NewCorp Ltd", "+44 20 7946 0000", "https://newcorp.example", "London", "UK"},
        };
        CrmSimulator.Module accModule = crm.module("Accounts");
        for (int i = 0; i < accounts.length; i++) {
            Object[] a = accounts[i];
            ObjectNode r = Json.obj();
            r.put("Owner", CrmSimulator.ADMIN.id());
            r.put("Account_Name", (String) a[1]);
            r.put("Phone", (String) a[2]);
            r.put("Website", (String) a[3]);
            r.put("Billing_City", (String) a[4]);
            r.put("Billing_Country", (String) a[5]);
            crm.insertStored(
                    accModule,
                    Long.parseLong((String) a[0]),
                    r,
                    accCreated + (i + 1) * 3600L,
                    accModified + (i + 1) * 3600L,
                    CrmSimulator.ADMIN);
        }
        String sales = CrmSimulator.SALES.id();
        String admin = CrmSimulator.ADMIN.id();
        // First, Last, Email, Secondary_Email, Phone, Account, Owner
        String[][] contacts = {
            {"太郎", "山田", "Taro.Yamada@Example.JP", null, "03-1234-0001", ACC_SAMPLE, sales},
            {"花子", "佐藤", "  hanako.sato@example.jp  ", null, "03-1234-0002", ACC_SAMPLE, sales},
            {"次郎", "鈴木", "ｊｉｒｏ．ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｊｐ", null, "０３－１２３４－５６７８", null, sales},
            {
                "Ken",
                "Tanaka",
                "ken.tanaka@newcorp.example",
                "ken@oldmail.example",
                "+44 20 7946 0004",
                ACC_NEWCORP,
                admin
            },
            {"Info", "A", "info@shared.example", null, null, null, admin},
            {"Info", "B", "info@shared.example", null, null, null, admin},
            {"三郎", "高橋", null, null, "090-0000-0007", null, sales},
            {"Ivan", "Invalid", "not-an-email", null, null, null, admin},
            {"Dora", "Doubleat", "foo@@bar.example", null, null, null, admin},
            {"Mary", "Major", "mary.major@acme.example", null, "+1 555 0101", ACC_ACME, admin},
            {"美咲", "伊藤", "misaki.ito@example.jp", null, "03-1234-0011", null, sales},
            {"John", "Smith", "john.smith@acme.example", null, "+1 555 0112", ACC_ACME, admin},
            {
                "健一",
                "渡辺",
                "kenichi.watanabe@example.co.jp",
                "k.watanabe@nomatch.example",
                "06-1234-0013",
                ACC_SAMPLE,
                sales
            },
            {"Alice", "Brown", "alice.brown@example.com", null, "+1 555 0114", null, admin},
        };
        long created = Instant.parse("2026-01-05T00:00:00Z").getEpochSecond();
        long modified = Instant.parse("2026-01-12T00:00:00Z").getEpochSecond();
        CrmSimulator.Module contactModule = crm.module("Contacts");
        for (int i = 0; i < contacts.length; i++) {
            String[] c = contacts[i];
            ObjectNode r = Json.obj();
            r.put("Owner", c[6]);
            r.put("First_Name", c[0]);
            r.put("Last_Name", c[1]);
            putIf(r, "Email", c[2]);
            if (contactModule.hasField("Secondary_Email")) { // Bigin's contacts have none
                putIf(r, "Secondary_Email", c[3]);
            }
            putIf(r, "Phone", c[4]);
            if (c[5] != null) {
                r.putObject("Account_Name").put("id", c[5]);
            }
            crm.insertStored(
                    contactModule,
                    5725767000000412001L + i,
                    r,
                    created + (i + 1) * 3600L,
                    modified + (i + 1) * 3600L,
                    CrmSimulator.ADMIN);
        }

        long dAccCreated = Instant.parse("2026-01-02T00:00:00Z").toEpochMilli();
        long dAccModified = Instant.parse("2026-01-07T00:00:00Z").toEpochMilli();
        String[][] deskAccounts = {
            {
                DESK_ACC_ACME,
                "Acme Corporation",
                "contact@acme.example",
                "+1 555 0100",
                "https://acme.example",
                "Springfield",
                "USA"
            },
            {
                "1892000000975383",
                "Support Partners KK",
                "hello@partners.example",
                "03-9999-0000",
                "https://partners.example",
                "大阪",
                "Japan"
            },
        };
        for (int i = 0; i < deskAccounts.length; i++) {
            String[] a = deskAccounts[i];
            ObjectNode r = DeskSimulator.blank(DeskSimulator.Kind.ACCOUNT, null);
            r.put("accountName", a[1]);
            r.put("email", a[2]);
            r.put("phone", a[3]);
            r.put("website", a[4]);
            r.put("city", a[5]);
            r.put("country", a[6]);
            desk.insert(
                    DeskSimulator.Kind.ACCOUNT,
                    Long.parseLong(a[0]),
                    r,
                    dAccCreated + i * 3_600_000L,
                    dAccModified + i * 3_600_000L);
        }
        // firstName, lastName, email, phone, accountId
        String[][] deskContacts = {
            {"Ken", "Tanaka", "ken@oldmail.example", "03-5555-0004", null},
            {null, "Info", "info@shared.example", null, null},
            {"Mary", "Major", "Mary.Major@ACME.example", "+1 555 0199", DESK_ACC_ACME},
            {"Desk", "Only", "desk.only@support.example", "03-5555-0035", null},
        };
        long dCreated = Instant.parse("2026-01-03T00:00:00Z").toEpochMilli();
        long dModified = Instant.parse("2026-01-08T00:00:00Z").toEpochMilli();
        for (int i = 0; i < deskContacts.length; i++) {
            String[] c = deskContacts[i];
            ObjectNode r = DeskSimulator.blank(DeskSimulator.Kind.CONTACT, null);
            r.put("firstName", c[0]);
            r.put("lastName", c[1]);
            r.put("email", c[2]);
            r.put("phone", c[3]);
            r.put("accountId", c[4]);
            desk.insert(
                    DeskSimulator.Kind.CONTACT,
                    1892000000042032L + i,
                    r,
                    dCreated + i * 3_600_000L,
                    dModified + i * 3_600_000L);
        }
        seedDeals(crm);
        seedTickets(desk);
    }

    /** The demo chats, written into an empty Zendesk Chat (also beside CRM and Desk data seeded before it). */
    static void seedChats(ChatSimulator chat) {
        ChatSeed.seed(chat);
    }

    private static long at(String isoUtc) {
        return Instant.parse(isoUtc).toEpochMilli();
    }

    private static void seedDeals(CrmSimulator crm) {
        long created = Instant.parse("2026-01-06T00:00:00Z").getEpochSecond();
        long modified = Instant.parse("2026-01-13T00:00:00Z").getEpochSecond();
        boolean bigin = crm.product() == SimulatedCrm.BIGIN;
        List<Object[]> deals = new java.util.ArrayList<>(List.of(
                new Object[] {
                    "Acme renewal 2026", "Negotiation/Review", 48000, "2026-03-31", "5725767000000412010", ACC_ACME
                },
                new Object[] {"NewCorp pilot", "Qualification", 12000, "2026-02-27", "5725767000000412004", ACC_NEWCORP
                }));
        if (bigin) { // a pipeline whose contact (高橋 三郎) has no email: no ticket can be created for it
            deals.add(
                    new Object[] {BIGIN_NO_EMAIL_DEAL, "Qualification", 5000, "2026-04-30", "5725767000000412007", null
                    });
        }
        CrmSimulator.Module m = crm.module(crm.product().dealsModule());
        for (int i = 0; i < deals.size(); i++) {
            Object[] d = deals.get(i);
            ObjectNode r = Json.obj();
            r.put("Owner", CrmSimulator.ADMIN.id());
            r.put("Deal_Name", (String) d[0]);
            r.put("Stage", (String) d[1]);
            r.put("Amount", (Integer) d[2]);
            r.put("Closing_Date", (String) d[3]);
            if (bigin) {
                r.put("Sub_Pipeline", BIGIN_SUB_PIPELINE);
            }
            r.putObject("Contact_Name").put("id", (String) d[4]);
            if (d[5] != null) {
                r.putObject("Account_Name").put("id", (String) d[5]);
            }
            crm.insertStored(
                    m,
                    5725767000000414001L + i,
                    r,
                    created + (i + 1) * 3600L,
                    modified + (i + 1) * 3600L,
                    CrmSimulator.ADMIN);
        }
    }

    /** The tickets in the class comment, event by event at their fixed times. */
    private static void seedTickets(DeskSimulator desk) {
        DeskTickets tk = desk.tickets();
        SandboxStore store = desk.store();
        LongSupplier ticketIds = () -> store.nextId("desk.seed.ticket", 1892000000143001L);
        LongSupplier activity = () -> store.nextId("desk.seed.activity", 1892000000144001L);
        Script s = new Script(tk, ticketIds, activity);
        DeskTickets.Agent aiko = DeskTickets.SECOND_AGENT;

        s.open(
                        "2026-01-13T09:00:00Z",
                        DESK_MARY,
                        "Cannot sign in to the customer portal",
                        "Since this morning the portal rejects my password.",
                        "High",
                        "Email",
                        "2026-01-14T09:00:00Z")
                .reply("2026-01-13T10:30:00Z", "We are looking into it. Which browser do you use?")
                .comment("2026-01-13T11:00:00Z", "SSO logs show repeated lockouts for this user.", false)
                .customer("2026-01-13T12:00:00Z", "Firefox 122 on Windows 11.");
        s.open(
                        "2026-01-14T08:00:00Z",
                        DESK_MARY,
                        "Invoice shows the wrong VAT rate",
                        "Invoice INV-2026-014 charges 20% VAT instead of 19%.",
                        "Medium",
                        "Email",
                        "2026-01-16T08:00:00Z")
                .reply("2026-01-14T09:00:00Z", "Thank you, we will correct INV-2026-014 today.")
                .status("2026-01-15T08:00:00Z", "Closed")
                .rate("2026-01-15T10:00:00Z", "GOOD", "Quick fix, thank you!");
        s.open(
                        "2026-01-15T13:00:00Z",
                        DESK_MARY,
                        "Export to CSV times out",
                        "Exporting the yearly report to CSV fails after a minute.",
                        "High",
                        "Web",
                        null)
                .assign(aiko)
                .comment("2026-01-15T14:00:00Z", "Reproduced with 50,000 rows; passing to engineering.", false)
                .reply("2026-01-15T15:00:00Z", "We reproduced the timeout and escalated it to engineering.")
                .status("2026-01-15T15:05:00Z", "Escalated")
                .comment("2026-01-15T16:00:00Z", "Engineering expects a fix in the next release.", true);
        s.open(
                        "2026-01-16T10:00:00Z",
                        DESK_KEN,
                        "Change of shipping address",
                        "Please ship my next order to our new office.",
                        "Low",
                        "Phone",
                        null)
                .reply("2026-01-16T10:30:00Z", "Please confirm the new address in writing.")
                .status("2026-01-16T11:00:00Z", "On Hold");
        s.open(
                        "2026-01-17T09:00:00Z",
                        DESK_KEN,
                        "Item arrived damaged",
                        "The monitor I received has a cracked screen.",
                        "Medium",
                        "Web",
                        "2026-01-18T09:00:00Z")
                .comment("2026-01-17T12:00:00Z", "The courier's photos confirm the damage.", false)
                .reply("2026-01-17T13:00:00Z", "We are sending a replacement today.")
                .status("2026-01-19T09:00:00Z", "Closed")
                .rate("2026-01-19T12:00:00Z", "BAD", "It took two days to get an answer.");
        s.open(
                        "2026-01-18T08:00:00Z",
                        DESK_INFO,
                        "Unsubscribe from the newsletter",
                        "Please stop sending the newsletter to info@shared.example.",
                        "Low",
                        "Email",
                        null)
                .reply("2026-01-18T08:45:00Z", "Done. Can you confirm you no longer receive it?")
                .status("2026-01-18T08:45:00Z", "Waiting on customer");
        s.open(
                        "2026-01-19T07:00:00Z",
                        DESK_INFO,
                        "Question about the API limits",
                        "How many API calls a day does our plan allow?",
                        "Medium",
                        "Email",
                        "2036-01-19T07:00:00Z")
                .assign(null);
        s.open(
                        "2026-01-20T10:00:00Z",
                        DESK_ONLY,
                        "Password reset e-mail not received",
                        "I asked for a password reset an hour ago and got nothing.",
                        "High",
                        "Chat",
                        "2026-01-20T12:00:00Z")
                .reply("2026-01-20T10:10:00Z", "We resent the reset e-mail; please check your spam folder.")
                .status("2026-01-20T11:00:00Z", "Closed")
                .rate("2026-01-20T12:00:00Z", "OK", "Solved, but the e-mail took a while.");
        s.open(
                        "2026-01-16T10:05:00Z",
                        DESK_KEN,
                        "Change of shipping address (duplicate)",
                        "Please ship my next order to our new office.",
                        "Low",
                        "Phone",
                        null)
                .trash("2026-01-16T10:20:00Z");
    }

    /** Writes one seeded ticket's history in order. */
    private static final class Script {
        private final DeskTickets tickets;
        private final LongSupplier ticketIds;
        private final LongSupplier activity;
        private long id;
        private long created;

        Script(DeskTickets tickets, LongSupplier ticketIds, LongSupplier activity) {
            this.tickets = tickets;
            this.ticketIds = ticketIds;
            this.activity = activity;
        }

        Script open(
                String time,
                String contactId,
                String subject,
                String description,
                String priority,
                String channel,
                String due) {
            ObjectNode in = Json.obj()
                    .put("subject", subject)
                    .put("description", description)
                    .put("departmentId", DeskTickets.DEPARTMENT_ID)
                    .put("contactId", contactId)
                    .put("priority", priority)
                    .put("channel", channel)
                    .put("assigneeId", DeskTickets.AGENT.id())
                    .put("dueDate", due == null ? null : Times.desk(at(due)));
            created = at(time);
            DeskTickets.Write w = tickets.create(in, true, ticketIds, activity, created);
            if (!w.errors().isEmpty()) {
                throw new IllegalStateException("demo ticket " + subject + ": " + w.errors());
            }
            id = Long.parseLong(w.ticket().get("id").asText());
            return this;
        }

        /** Set at creation, as Desk's assignment rules would. */
        Script assign(DeskTickets.Agent agent) {
            ObjectNode t = tickets.tickets.get(id);
            t.put("assigneeId", agent == null ? null : agent.id());
            tickets.tickets.put(id, t);
            return this;
        }

        Script reply(String time, String content) {
            ObjectNode t = tickets.tickets.get(id);
            DeskTickets.Agent assignee = DeskTickets.agent(Json.text(t, "assigneeId"));
            DeskTickets.Agent agent = assignee == null ? DeskTickets.AGENT : assignee;
            tickets.addThread(
                    id,
                    DeskTickets.outgoing(content, "plainText", SUPPORT_ADDRESS, Json.text(t, "email"), agent),
                    at(time),
                    activity);
            return this;
        }

        Script customer(String time, String content) {
            tickets.addThread(id, tickets.incoming(tickets.tickets.get(id), content, "plainText"), at(time), activity);
            return this;
        }

        Script comment(String time, String content, boolean isPublic) {
            tickets.addComment(id, content, "plainText", isPublic, DeskTickets.AGENT, at(time), activity);
            return this;
        }

        Script status(String time, String status) {
            DeskTickets.Write w = tickets.update(id, Json.obj().put("status", status), true, at(time));
            if (!w.errors().isEmpty()) {
                throw new IllegalStateException("demo ticket " + id + ": " + w.errors());
            }
            return this;
        }

        Script rate(String time, String rating, String feedback) {
            tickets.rate(id, rating, feedback, at(time), activity);
            return this;
        }

        Script trash(String time) {
            tickets.trash(List.of(id), at(time));
            return this;
        }
    }

    /**
     * The Zendesk Sell of the chats sync (issue 14), ids fixed by the sandbox's sequences:
     * <pre>
     * lead    310000001  Hanako Yamada  hanako.yamada@example.jp   no phone          owner 2393211 Sam Sales
     * lead    310000002  Pat Lee        pat.lee@example.com        +1 555 0100       owner 2393211 Sam Sales
     * lead    310000003  Dana Dup       dup@example.com                              owner 2393212 Rin Sato
     * contact 320000001  Ken Watanabe   ken.watanabe@example.co.jp                   owner 2393212 Rin Sato
     * contact 320000002  Dale Dup       dup@example.com            (a lead and a contact share the email)
     * </pre>
     * Record n (1, 2, ...) of each kind was created and last changed at 2026-01-22T00:00:00Z + n hours.
     */
    static void seedSell(SellSimulator sell) {
        String sam = Long.toString(SellSimulator.SAM_SALES.id());
        String rin = Long.toString(SellSimulator.RIN_SATO.id());
        // first, last, email, phone, owner
        String[][] leads = {
            {"Hanako", "Yamada", "hanako.yamada@example.jp", null, sam},
            {"Pat", "Lee", "pat.lee@example.com", "+1 555 0100", sam},
            {"Dana", "Dup", "dup@example.com", null, rin},
        };
        String[][] contacts = {
            {"Ken", "Watanabe", "ken.watanabe@example.co.jp", null, rin},
            {"Dale", "Dup", "dup@example.com", null, rin},
        };
        seedSell(sell, SellSimulator.LEADS, leads);
        seedSell(sell, SellSimulator.CONTACTS, contacts);
    }

    private static void seedSell(SellSimulator sell, String module, String[][] rows) {
        Instant updated = Instant.parse("2026-01-22T00:00:00Z");
        for (int i = 0; i < rows.length; i++) {
            String[] row = rows[i];
            ObjectNode r = Json.obj()
                    .put("first_name", row[0])
                    .put("last_name", row[1])
                    .put("email", row[2]);
            putIf(r, "phone", row[3]);
            r.put("owner_id", Long.parseLong(row[4]));
            sell.add(module, r, updated.plusSeconds((i + 1) * 3600L));
        }
    }

    private static void putIf(ObjectNode r, String f, String v) {
        if (v != null) {
            r.put(f, v);
        }
    }
}
