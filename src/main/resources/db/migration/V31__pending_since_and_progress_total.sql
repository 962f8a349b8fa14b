-- Issue 18: since when a mirror row has waited to be synced, set when it becomes pending and kept while it stays
-- pending (a change pulled again does not reset it), cleared when it is done or parked: the lag is the age of the
-- oldest. pulled_at is reset by every re-pull, so a record that keeps changing and failing would look fresh. Rows
-- pending now are taken as waiting since their last pull.
ALTER TABLE record_mirror ADD COLUMN pending_since TIMESTAMP WITH TIME ZONE;
UPDATE record_mirror SET pending_since = pulled_at WHERE pending = TRUE;

-- Issue 18: the records of the pass a running run is in, read or still staged, saved with its progress (null when
-- not known: tickets, chats, dry runs), so its JSON shows the total and an estimate to the end as its log line does.
ALTER TABLE sync_run ADD COLUMN progress_total INTEGER;
