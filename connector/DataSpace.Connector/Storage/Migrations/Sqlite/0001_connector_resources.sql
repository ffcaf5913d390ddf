-- Parties, datasets, offers, agreements, modules, jobs and results.
-- Timestamps are INTEGER microseconds since 1970-01-01 UTC.

CREATE TABLE parties (
    id            TEXT    NOT NULL PRIMARY KEY,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('supplier', 'operator', 'data_user', 'auditor')),
    added_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE party_keys (
    key_id          TEXT    NOT NULL PRIMARY KEY,
    party_id        TEXT    NOT NULL REFERENCES parties (id),
    position        INTEGER NOT NULL,
    public_key_pem  TEXT    NOT NULL
) STRICT;
CREATE INDEX party_keys_party ON party_keys (party_id, position);

CREATE TABLE datasets (
    id                    TEXT    NOT NULL PRIMARY KEY,
    name                  TEXT    NOT NULL,
    format                TEXT    NOT NULL CHECK (format IN ('csv', 'parquet', 'arrow_ipc', 'postgres_table')),
    location              TEXT    NOT NULL,
    schema_json           TEXT    NOT NULL,
    row_count             INTEGER NOT NULL,
    content_digest        TEXT    NOT NULL,
    classification_level  INTEGER NOT NULL,
    registered_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE offers (
    id            TEXT    NOT NULL PRIMARY KEY,
    dataset_id    TEXT    NOT NULL REFERENCES datasets (id),
    policy_json   TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    withdrawn_at  INTEGER
) STRICT;
CREATE INDEX offers_dataset ON offers (dataset_id);

CREATE TABLE agreements (
    id                  TEXT    NOT NULL PRIMARY KEY,
    offer_id            TEXT    NOT NULL REFERENCES offers (id),
    dataset_id          TEXT    NOT NULL REFERENCES datasets (id),
    operator_id         TEXT    NOT NULL REFERENCES parties (id),
    purpose             TEXT    NOT NULL,
    policy_json         TEXT    NOT NULL,
    valid_from          INTEGER NOT NULL,
    valid_until         INTEGER NOT NULL,
    supplier_signature  TEXT    NOT NULL,
    operator_signature  TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    revoked_at          INTEGER
) STRICT;
CREATE INDEX agreements_dataset ON agreements (dataset_id);

CREATE TABLE modules (
    digest    TEXT    NOT NULL PRIMARY KEY,
    content   BLOB    NOT NULL,
    size      INTEGER NOT NULL
) STRICT;

CREATE TABLE jobs (
    id                    TEXT    NOT NULL PRIMARY KEY,
    agreement_id          TEXT    NOT NULL REFERENCES agreements (id),
    operator_id           TEXT    NOT NULL REFERENCES parties (id),
    data_user_id          TEXT    NOT NULL,
    data_user_public_key  TEXT    NOT NULL,
    module_digest         TEXT    NOT NULL REFERENCES modules (digest),
    manifest_json         TEXT    NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'running', 'released', 'refused', 'failed')),
    reason                TEXT,
    approval_signature    TEXT,
    runner_id             TEXT,
    submitted_at          INTEGER NOT NULL,
    approved_at           INTEGER,
    started_at            INTEGER,
    finished_at           INTEGER,
    attempt               INTEGER NOT NULL DEFAULT 0,
    rows_processed        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX jobs_state ON jobs (state, submitted_at);
CREATE INDEX jobs_agreement ON jobs (agreement_id);

CREATE TABLE results (
    job_id         TEXT    NOT NULL PRIMARY KEY REFERENCES jobs (id),
    envelope       BLOB    NOT NULL,
    receipt_json   TEXT    NOT NULL,
    output_digest  TEXT    NOT NULL,
    log_index      INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;
