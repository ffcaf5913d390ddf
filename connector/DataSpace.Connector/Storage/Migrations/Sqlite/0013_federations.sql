-- Federated jobs (docs/federation.md): a job's run may end `contributed` (its masked partial sent to the aggregator),
-- and a peer connector is on the trust list in the role `federation`. SQLite cannot change a CHECK constraint, so the
-- jobs and parties tables are rebuilt with every column they have by now (the migrator runs with foreign key
-- enforcement off and checks every foreign key before it commits, as SQLite's procedure for such changes asks). `federations` holds
-- a job's federation: the operator's signed request and, once the operator brings it, the participants' signed key
-- set; `federation_vectors` the signed masked vectors an aggregator received, one per participant.

CREATE TABLE parties_rebuilt (
    id            TEXT    NOT NULL PRIMARY KEY,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('supplier', 'operator', 'data_user', 'auditor', 'federation')),
    added_at      INTEGER NOT NULL
) STRICT;
INSERT INTO parties_rebuilt (id, display_name, role, added_at) SELECT id, display_name, role, added_at FROM parties;
DROP TABLE parties;
ALTER TABLE parties_rebuilt RENAME TO parties;

CREATE TABLE jobs_rebuilt (
    id                    TEXT    NOT NULL PRIMARY KEY,
    agreement_id          TEXT    NOT NULL REFERENCES agreements (id),
    operator_id           TEXT    NOT NULL REFERENCES parties (id),
    data_user_id          TEXT    NOT NULL,
    data_user_public_key  TEXT    NOT NULL,
    module_digest         TEXT    NOT NULL REFERENCES modules (digest),
    manifest_json         TEXT    NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'running', 'pending_review', 'released', 'refused', 'failed', 'contributed')),
    reason                TEXT,
    approval_signature    TEXT,
    runner_id             TEXT,
    submitted_at          INTEGER NOT NULL,
    approved_at           INTEGER,
    started_at            INTEGER,
    finished_at           INTEGER,
    attempt               INTEGER NOT NULL DEFAULT 0,
    rows_processed        INTEGER NOT NULL DEFAULT 0,
    claim_id              TEXT REFERENCES pending_operations (id),
    program               TEXT NOT NULL DEFAULT 'module' CHECK (program IN ('module', 'plan')),
    source_digest         TEXT REFERENCES module_sources (digest),
    meter_json            TEXT
) STRICT;
INSERT INTO jobs_rebuilt (id, agreement_id, operator_id, data_user_id, data_user_public_key, module_digest, manifest_json, state, reason,
                          approval_signature, runner_id, submitted_at, approved_at, started_at, finished_at, attempt, rows_processed,
                          claim_id, program, source_digest, meter_json)
SELECT id, agreement_id, operator_id, data_user_id, data_user_public_key, module_digest, manifest_json, state, reason,
       approval_signature, runner_id, submitted_at, approved_at, started_at, finished_at, attempt, rows_processed,
       claim_id, program, source_digest, meter_json
FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_rebuilt RENAME TO jobs;
CREATE INDEX jobs_state ON jobs (state, submitted_at);
CREATE INDEX jobs_agreement ON jobs (agreement_id);

CREATE TABLE federations (
    federation_id   TEXT    NOT NULL PRIMARY KEY,
    job_id          TEXT    NOT NULL UNIQUE,
    request_json    TEXT    NOT NULL,
    aggregator      INTEGER NOT NULL CHECK (aggregator IN (0, 1)),
    keys_json       TEXT,
    aborted_reason  TEXT,
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE federation_vectors (
    federation_id   TEXT    NOT NULL REFERENCES federations (federation_id),
    participant     TEXT    NOT NULL,
    statement_json  TEXT    NOT NULL,
    digest          TEXT    NOT NULL,
    received_at     INTEGER NOT NULL,
    PRIMARY KEY (federation_id, participant)
) STRICT;
