-- Issue 16 fix: the targets the admin chose, kept with the job, so that the final sweep plans the tickets and
-- activities assigned to the agent after the plan by the same rules (NULL for jobs made before V20).
ALTER TABLE handover_job ADD COLUMN ticket_targets VARCHAR(2000);
ALTER TABLE handover_job ADD COLUMN activities_target VARCHAR(100);
