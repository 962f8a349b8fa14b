package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

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
 */
final class DemoSeed {

    static final String ACC_SAMPLE = "5725767000000413001";
    static final String ACC_ACME = "5725767000000413002";
    static final String ACC_NEWCORP = "5725767000000413003";
    static final String DESK_ACC_ACME = "1892000000975382";

    private DemoSeed() {}

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
            putIf(r, "Secondary_Email", c[3]);
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
    }

    private static void putIf(ObjectNode r, String f, String v) {
        if (v != null) {
            r.put(f, v);
        }
    }
}
