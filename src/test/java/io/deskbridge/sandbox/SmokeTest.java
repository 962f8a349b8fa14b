package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void starts() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            String t = s.token();
            SandboxServer.Resp r = s.get("/sandbox/zoho/crm/v8/Contacts?fields=Email,Full_Name&per_page=3&sort_order=asc", t);
            System.out.println(r.status() + " " + r.body() + " " + r.raw().headers().map());
            r = s.get("/sandbox/desk/api/v1/contacts", t, "orgId", "777001");
            System.out.println(r.status() + " " + r.body() + " " + r.raw().headers().map());
            assertEquals(200, r.status());
        }
    }
}
