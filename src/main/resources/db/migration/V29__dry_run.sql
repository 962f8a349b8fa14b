-- Issue 18 item 5: a dry run is a run that wrote nothing; its preview is what it would have written (JSON).
ALTER TABLE sync_run ADD COLUMN dry_run BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_run ADD COLUMN preview TEXT;
