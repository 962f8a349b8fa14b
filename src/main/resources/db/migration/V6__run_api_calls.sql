-- The API calls a run made, per system: the cost of a run, next to its figures.
ALTER TABLE sync_run ADD COLUMN crm_calls INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN desk_calls INTEGER DEFAULT 0 NOT NULL;
