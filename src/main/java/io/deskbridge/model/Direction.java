package io.deskbridge.model;

/** Which way records flow for one sync, as written in {@code deskbridge.sync.<sync>.direction}. */
public enum Direction implements Choice {
    TWO_WAY("two-way"),
    CRM_TO_DESK("crm-to-desk"),
    /** The tickets sync's: what happens to tickets in the Desk reaches the CRM (sales signals). */
    DESK_TO_CRM("desk-to-crm"),
    /** The chats sync's: chats reach the sales CRM (notes, leads, tasks, phones). */
    CHAT_TO_CRM("chat-to-crm"),
    NONE("none");

    private final String key;

    Direction(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public boolean crmToDesk() {
        return this == TWO_WAY || this == CRM_TO_DESK;
    }

    /** Whether anything flows at all. */
    public boolean flows() {
        return this != NONE;
    }
}
