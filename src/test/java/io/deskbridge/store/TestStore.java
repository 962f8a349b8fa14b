package io.deskbridge.store;

/** A fresh state store (H2 in memory, or PostgreSQL in the postgresql test pass), migrated by Flyway as in production. */
final class TestStore {

    private TestStore() {}

    static Database open(String name) {
        var store = io.deskbridge.support.TestDatabase.fresh(name);
        return Database.open(store.url(), store.user(), store.password());
    }
}
