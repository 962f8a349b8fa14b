package io.deskbridge.store;

/** A fresh state store on H2 in memory, migrated by Flyway as in production. */
final class TestStore {

    private TestStore() {}

    static Database open(String name) {
        return Database.open("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
