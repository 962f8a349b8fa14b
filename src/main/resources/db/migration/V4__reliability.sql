-- Reliability: API calls spent per system and day (the daily budget), and the intent to create a
-- record written before the create, so a create that may have happened is checked before it is repeated.
CREATE TABLE api_usage (
    system VARCHAR(16) NOT NULL,
    usage_day DATE     NOT NULL,
    calls  BIGINT      NOT NULL,
    PRIMARY KEY (system, usage_day)
);

CREATE TABLE write_intent (
    sync_id    VARCHAR(64) NOT NULL,
    desk_org   VARCHAR(64) NOT NULL,
    system     VARCHAR(16) NOT NULL,
    source_id  VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sync_id, desk_org, system, source_id)
);
