-- Readiness (docs/connector-service.md, "Health"): each replica's storage check writes its row with a fresh token
-- and reads it back, a real write and read through the engine, once per probe.
CREATE TABLE health_probes (
    replica    TEXT    NOT NULL PRIMARY KEY,
    token      TEXT    NOT NULL,
    probed_at  INTEGER NOT NULL
) STRICT;
