-- Issue 16 review 5: a paused hand-over job waits, longer each time, and ends FAILED after refusals in a row.
-- next_try_at: the claim skips the job until then; tries: pauses since the job last moved something (the backoff's
-- exponent); refusals: of those, the desk's refusals (403, 422), which no wait will cure.
ALTER TABLE handover_job ADD COLUMN next_try_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE handover_job ADD COLUMN tries INT DEFAULT 0 NOT NULL;
ALTER TABLE handover_job ADD COLUMN refusals INT DEFAULT 0 NOT NULL;
