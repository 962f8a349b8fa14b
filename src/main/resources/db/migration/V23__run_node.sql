-- Issue 17: the node that ran each run (deskbridge.node.name), so with several nodes the history tells where a run
-- went, and a run a dead node cut short is found by its node. Null on runs made before.
ALTER TABLE sync_run ADD COLUMN node VARCHAR(200);
