package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.connector.ApiException;
import io.deskbridge.support.TestDatabase;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DailyCallBudgetTest {

    Database db;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh("budget").open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void callsWithoutALimitAreCountedInBlocksAndAllShowInTheUsage() {
        DailyCallBudget budget = new DailyCallBudget(db.jdbc(), Clock.systemUTC(), Map.of("crm", 0L));
        for (int i = 0; i < 250; i++) {
            budget.spend("crm");
        }
        long stored = db.jdbc()
                .queryOne("SELECT calls FROM api_usage WHERE system = 'crm'", rs -> rs.getLong(1))
                .orElse(0L);
        assertEquals(200, stored, "saved a block at a time, not a store write per call");
        assertEquals(250, budget.usage("crm").used());
        assertEquals(
                250,
                new DailyCallBudget(db.jdbc(), Clock.systemUTC(), Map.of("crm", 0L))
                        .usage("crm")
                        .used(),
                "another node reads what this one counted");
    }

    @Test
    void aLimitedSystemIsCountedExactlyAndRefusedWhenItsBudgetIsUsedUp() {
        DailyCallBudget budget = new DailyCallBudget(db.jdbc(), Clock.systemUTC(), Map.of("desk", 3L));
        for (int i = 0; i < 3; i++) {
            budget.spend("desk");
        }
        assertEquals(
                3,
                new DailyCallBudget(db.jdbc(), Clock.systemUTC(), Map.of("desk", 3L))
                        .usage("desk")
                        .used());
        ApiException e = assertThrows(ApiException.class, () -> budget.spend("desk"));
        assertEquals("BUDGET", e.code());
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }
}
