-- The node holding a run lease, so a node restarted after a crash takes back its own stale leases
-- at once instead of waiting for them to expire.
ALTER TABLE sync_state ADD COLUMN lease_owner VARCHAR(200);
