-- The chats sync (Zendesk Chat -> Zendesk Sell): the Sell records chats are matched against, each chat's outcome, and
-- the intent of each write a chat makes, so a chat is written once across re-reads, retries, crashes and restarts.

-- Sell leads and contacts as last read (only what matching and the writes need): a chat is matched by its visitor's
-- email with no call. email is normalised as for contacts (trimmed, NFKC, lower case); null when the record has none.
CREATE TABLE sell_record (
    sync_id     VARCHAR(64)  NOT NULL,
    kind        VARCHAR(8)   NOT NULL,
    record_id   VARCHAR(64)  NOT NULL,
    email       VARCHAR(1000),
    owner_id    VARCHAR(64),
    phone       VARCHAR(200),
    updated_at  TIMESTAMP WITH TIME ZONE,
    mirrored_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sync_id, kind, record_id),
    CONSTRAINT sell_record_kind CHECK (kind IN ('lead', 'contact'))
);
CREATE INDEX sell_record_by_email ON sell_record (sync_id, email);

-- One row per chat read: PENDING until its writes are done, then its outcome (NOTED, CONFLICT, EXCLUDED, FAILED).
-- The chat is kept (payload) while it may be written again: pending, failed, or in conflict (a replay after the
-- conflict is fixed in Sell); a noted chat keeps only its outcome and the record it went to.
CREATE TABLE chat_outcome (
    sync_id       VARCHAR(64)  NOT NULL,
    chat_id       VARCHAR(200) NOT NULL,
    outcome       VARCHAR(16)  NOT NULL,
    reason_code   VARCHAR(64),
    resource_type VARCHAR(8),
    resource_id   VARCHAR(64),
    payload       VARCHAR,
    attempts      INTEGER      DEFAULT 0 NOT NULL,
    run_id        BIGINT,
    read_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sync_id, chat_id)
);
CREATE INDEX chat_outcome_by_outcome ON chat_outcome (sync_id, outcome, chat_id);

-- The writes of one chat, one row per step (lead, note, task, phone): written and committed before the call (remote_id
-- null), completed with the new record's id after it. A row without remote_id after a crash is a call whose answer
-- was lost: the lead is looked up by email, the note among the record's notes by the chat id it carries. email is
-- the lead's (lead step only): another chat of the visitor finds there that a lead may exist already.
CREATE TABLE chat_write (
    sync_id       VARCHAR(64)  NOT NULL,
    chat_id       VARCHAR(200) NOT NULL,
    step          VARCHAR(8)   NOT NULL,
    resource_type VARCHAR(8),
    resource_id   VARCHAR(64),
    remote_id     VARCHAR(64),
    email         VARCHAR(1000),
    intended_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (sync_id, chat_id, step),
    CONSTRAINT chat_write_step CHECK (step IN ('lead', 'note', 'task', 'phone'))
);
CREATE INDEX chat_write_by_email ON chat_write (sync_id, email);

-- The figures of a chats run besides the common ones (read, excluded, failed, conflicts): 0 for the other syncs.
ALTER TABLE sync_run ADD COLUMN noted_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN leads_created_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN tasks_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN phones_set_count INTEGER DEFAULT 0 NOT NULL;
