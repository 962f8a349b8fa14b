package io.deskbridge.admin;

import io.deskbridge.model.Choice;

/** Whom an email on a ticket goes to ({@code mode} of a reply). */
enum ReplyMode implements Choice {
    /** The ticket's email. */
    REPLY("reply"),
    /** The sender and every recipient of the thread answered. */
    REPLY_ALL("reply-all"),
    /** The addresses given; the Desk keeps a forward private. */
    FORWARD("forward");

    private final String key;

    ReplyMode(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The mode a request names; none is a reply. A wrong one is a 400 naming the key and the modes. */
    static ReplyMode of(String value) {
        if (value == null) {
            return REPLY;
        }
        try {
            return Choice.parse(ReplyMode.class, value, "key 'mode' in the request body");
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
    }
}
