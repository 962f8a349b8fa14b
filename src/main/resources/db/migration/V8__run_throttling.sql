-- The 429s a run received and the time its systems' gates stayed closed, per system: how hard the APIs pushed back.
ALTER TABLE sync_run ADD COLUMN crm_throttled INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN crm_waited_ms BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN desk_throttled INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN desk_waited_ms BIGINT DEFAULT 0 NOT NULL;
