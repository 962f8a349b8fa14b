-- Issue 18: what kind of failure ended a FAILED run (CREDENTIALS_REFUSED, UNREACHABLE, ...), so the health checks can
-- say a sync's credentials are refused without reading its message. Null on runs that did not fail, and on runs made
-- before.
ALTER TABLE sync_run ADD COLUMN failure_kind VARCHAR(40);
