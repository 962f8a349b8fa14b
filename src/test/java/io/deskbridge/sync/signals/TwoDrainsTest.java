package io.deskbridge.sync.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.Database;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.store.SignalOutbox.Kind;
import io.deskbridge.store.SignalOutbox.Pending;
import io.deskbridge.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: two nodes sharing the store and draining at once take disjoint batches, so they do not both
 * send an event; an event not settled is taken again only once the hold is over.
 */
class TwoDrainsTest {

    Database database;
    SignalOutbox nodeA;
    SignalOutbox nodeB;

    @BeforeEach
    void open() {
        database = TestDatabase.fresh("two-drains").open();
        // Each node has its own outbox (and connections) on the one store.
        nodeA = new SignalOutbox(database.jdbc(), Clock.systemUTC(), EnumSet.allOf(Destination.class));
        nodeB = new SignalOutbox(database.jdbc(), Clock.systemUTC(), EnumSet.allOf(Destination.class));
    }

    @AfterEach
    void close() {
        database.close();
    }

    void queue(int n) {
        List<SignalOutbox.Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ticket = Integer.toString(7000 + i);
            events.add(new SignalOutbox.Event(
                    SignalOutbox.eventId("tickets", "600000001", ticket, Kind.NEW_TICKET, "1"),
                    "tickets",
                    "600000001",
                    ticket,
                    Kind.NEW_TICKET,
                    null,
                    null,
                    "ann@example.com",
                    "New ticket " + ticket,
                    null,
                    null));
        }
        nodeA.addAll(events);
    }

    static List<String> ids(List<Pending> batch) {
        return batch.stream().map(p -> p.event().eventId()).toList();
    }

    @Test
    void twoNodesDrainingAtOnceNeverTakeTheSameEvent() throws Exception {
        queue(300);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> a = two.submit(drain(nodeA, together));
            Future<List<String>> b = two.submit(drain(nodeB, together));
            List<String> byA = a.get();
            List<String> byB = b.get();
            Set<String> both = new HashSet<>(byA);
            both.retainAll(byB);
            assertEquals(Set.of(), both, "no event taken by both");
            assertEquals(300, byA.size() + byB.size(), "every event taken, once");
        } finally {
            two.shutdownNow();
        }
        assertEquals(
                300,
                nodeB.claim(Destination.CRM_SIGNALS, 1000, Duration.ofMinutes(5))
                        .size(),
                "each destination is taken on its own");
    }

    /** One node's drain: batches of 20 until nothing is left to take. */
    static Callable<List<String>> drain(SignalOutbox mine, CyclicBarrier together) {
        return () -> {
            List<String> taken = new ArrayList<>();
            together.await();
            List<Pending> batch;
            while (!(batch = mine.claim(Destination.CAMEL, 20, Duration.ofMinutes(5))).isEmpty()) {
                taken.addAll(ids(batch));
            }
            return taken;
        };
    }

    @Test
    void anEventNotSettledIsTakenAgainOnlyOnceTheHoldIsOver() throws Exception {
        queue(1);
        Duration hold = Duration.ofMillis(1500);
        List<String> first = ids(nodeA.claim(Destination.CRM_SIGNALS, 10, hold));
        assertEquals(1, first.size());
        assertTrue(nodeB.claim(Destination.CRM_SIGNALS, 10, hold).isEmpty(), "held from the other node");
        Thread.sleep(1600); // the node that took it died before settling it
        assertEquals(first, ids(nodeB.claim(Destination.CRM_SIGNALS, 10, hold)), "taken again, same event id");
        nodeB.delivered(Destination.CRM_SIGNALS, first);
        Thread.sleep(1600);
        assertTrue(nodeA.claim(Destination.CRM_SIGNALS, 10, hold).isEmpty(), "a delivered event is never taken");
    }
}
