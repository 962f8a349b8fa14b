-- A record whose reference to a record of another sync (a contact's account) could not be translated,
-- because that record is not linked yet. The reference is held back, not written as empty; once the
-- referenced record is linked, the next run of the sync queues the record again and completes it.
CREATE TABLE pending_lookup (
    sync_id   VARCHAR(64)  NOT NULL,
    system    VARCHAR(16)  NOT NULL,
    scope     VARCHAR(64)  NOT NULL,
    record_id VARCHAR(64)  NOT NULL,
    field     VARCHAR(200) NOT NULL,
    desk_org  VARCHAR(64)  NOT NULL,
    via_sync  VARCHAR(64)  NOT NULL,
    ref_id    VARCHAR(64)  NOT NULL,
    since     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sync_id, system, scope, record_id, field)
);
CREATE INDEX pending_lookup_by_org ON pending_lookup (sync_id, desk_org);
