package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.CrmProduct;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the pipeline relies on from every {@link SyncConnector}, checked the same way for each implementation over
 * real HTTP against the sandbox. A new system's connector is added to {@link #systems()} and must pass as it is.
 */
class SyncConnectorContractTest {

    /** How a system names things: its module, the key field, a second field to change, and a record with them. */
    record System(
            String name,
            BiFunction<ZohoConnectorsTest, String, SyncConnector> connector,
            String module,
            String keyField,
            String lastNameField,
            String phoneField,
            CrmProduct sandboxServes) {

        System(
                String name,
                BiFunction<ZohoConnectorsTest, String, SyncConnector> connector,
                String module,
                String keyField,
                String lastNameField,
                String phoneField) {
            this(name, connector, module, keyField, lastNameField, phoneField, CrmProduct.ZOHO_CRM);
        }

        /** Starts the sandbox as this system needs it and returns its connector, with {@code refreshToken}. */
        SyncConnector connect(ZohoConnectorsTest sandbox, String refreshToken) throws Exception {
            sandbox.start(sandboxServes);
            return connector.apply(sandbox, refreshToken);
        }

        ObjectNode record(String key, String lastName) {
            ObjectNode r = ZohoConnectorsTest.JSON.createObjectNode();
            if (lastName != null) {
                r.put(lastNameField, lastName);
            }
            return r.put(keyField, key);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> systems() {
        return Stream.of(
                Arguments.of(new System(
                        "Zoho CRM", (t, token) -> t.crm(t.oauth(token)), "Contacts", "Email", "Last_Name", "Phone")),
                Arguments.of(new System(
                        "Bigin",
                        (t, token) -> t.bigin(t.oauth(token)),
                        "Contacts",
                        "Email",
                        "Last_Name",
                        "Phone",
                        CrmProduct.BIGIN)),
                Arguments.of(new System(
                        "Zoho Desk",
                        (t, token) -> t.desk(t.oauth(token), "777001"),
                        "contacts",
                        "email",
                        "lastName",
                        "phone")));
    }

    final ZohoConnectorsTest sandbox = new ZohoConnectorsTest();

    @AfterEach
    void stop() throws Exception {
        if (sandbox.server != null) {
            sandbox.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void writesAnswerPerRecordAndAreReadBackInChangeOrder(System s) throws Exception {
        SyncConnector c = s.connect(sandbox, "1000.test.refresh");
        ConnectorLimits limits = c.limits();
        assertTrue(
                limits.pageSize() > 0 && limits.writeBatch() > 0 && limits.maxConcurrentCalls() > 0, limits.toString());
        assertTrue(limits.changeTimePrecision().toMillis() > 0, limits.toString());

        List<WriteResult> created = c.create(
                s.module(),
                List.of(
                        s.record("ada@example.com", "Lovelace"),
                        s.record("no-name@example.com", null),
                        s.record("alan@example.com", "Turing")));
        assertEquals(3, created.size(), "one result per record, in order");
        assertTrue(created.get(0).success() && created.get(2).success(), created.toString());
        assertFalse(created.get(1).success(), "a record without its mandatory last name is refused alone");
        assertNotNull(created.get(1).code());
        assertNotNull(created.get(1).message());
        String ada = created.get(0).id();
        String alan = created.get(2).id();

        Map<String, JsonNode> read = new LinkedHashMap<>();
        List<Instant> times = new ArrayList<>();
        ReadSummary all = c.readChanges(
                s.module(),
                List.of(s.keyField(), s.lastNameField()),
                null,
                page -> page.records().forEach(r -> {
                    read.put(r.path("id").asText(), r);
                    times.add(c.changedAt(r));
                }));
        assertEquals(List.of(ada, alan), List.copyOf(read.keySet()), "oldest change first");
        assertTrue(
                times.stream().allMatch(java.util.Objects::nonNull),
                "every record carries " + limits.changeTimeField());
        assertFalse(times.get(1).isBefore(times.get(0)));
        assertTrue(read.get(ada).has(limits.changeTimeField()));
        assertEquals(2, all.records());

        // Past the creates by more than the precision the API resumes at (If-Modified-Since drops the milliseconds).
        Thread.sleep(2 * limits.changeTimePrecision().toMillis() + 100);
        Instant since = Instant.now();
        List<WriteResult> updated = c.update(
                s.module(),
                List.of(s.record("ada@example.com", "Lovelace")
                        .put("id", ada)
                        .put(s.phoneField(), "+44 20 7946 0000")));
        assertTrue(updated.get(0).success(), updated.toString());
        assertEquals(ada, updated.get(0).id());
        List<String> changed = new ArrayList<>();
        c.readChanges(
                s.module(),
                List.of(s.keyField(), s.phoneField()),
                since,
                page -> page.records().forEach(r -> changed.add(r.path("id").asText())));
        assertEquals(List.of(ada), changed, "a read resumed from a change time hands over what changed since");

        List<ObjectNode> found = c.findByKey(s.module(), s.keyField(), "alan@example.com");
        assertEquals(
                List.of(alan), found.stream().map(r -> r.path("id").asText()).toList());
        assertTrue(c.findByKey(s.module(), s.keyField(), "nobody@example.com").isEmpty());

        if (limits.upsert()) {
            List<WriteResult> upserted =
                    c.upsert(s.module(), List.of(s.record("alan@example.com", "Turing")), List.of(s.keyField()));
            assertEquals("update", upserted.get(0).action());
            assertEquals(alan, upserted.get(0).id());
        } else {
            assertThrows(
                    UnsupportedOperationException.class,
                    () -> c.upsert(s.module(), List.of(s.record("alan@example.com", "Turing")), List.of(s.keyField())));
        }

        Instant beforeDelete = Instant.now().minusSeconds(2);
        c.delete(s.module(), List.of(alan));
        Map<String, Instant> deleted = new LinkedHashMap<>();
        DeletedRead d = c.readDeleted(
                s.module(),
                beforeDelete,
                page -> page.records().forEach(r -> deleted.put(r.path("id").asText(), c.deletedAt(r))));
        assertTrue(d.complete());
        assertTrue(deleted.containsKey(alan), deleted.toString());
        assertNotNull(deleted.get(alan));
        assertTrue(
                c.findByKey(s.module(), s.keyField(), "alan@example.com").isEmpty(), "a deleted record is not found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void refusedCredentialsAreTheirOwnKind(System s) throws Exception {
        SyncConnector c = s.connect(sandbox, "1000.wrong");
        ApiException e = assertThrows(ApiException.class, () -> c.check(s.module()));
        assertTrue(e instanceof CredentialsRefused && e.stopsTheRun(), e.toString());
        assertEquals(s.name(), c.system());
    }
}
