-- Parties, datasets, offers, agreements, modules, jobs and results.

CREATE TABLE parties (
    id            text        NOT NULL PRIMARY KEY,
    display_name  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('supplier', 'operator', 'data_user', 'auditor')),
    added_at      timestamptz NOT NULL
);

CREATE TABLE party_keys (
    key_id          text    NOT NULL PRIMARY KEY,
    party_id        text    NOT NULL REFERENCES parties (id),
    position        integer NOT NULL,
    public_key_pem  text    NOT NULL
);
CREATE INDEX party_keys_party ON party_keys (party_id, position);

CREATE TABLE datasets (
    id                    text        NOT NULL PRIMARY KEY,
    name                  text        NOT NULL,
    format                text        NOT NULL CHECK (format IN ('csv', 'parquet', 'arrow_ipc', 'postgres_table')),
    location              text        NOT NULL,
    schema_json           text        NOT NULL,
    row_count             bigint      NOT NULL,
    content_digest        text        NOT NULL,
    classification_level  integer     NOT NULL,
    registered_at         timestamptz NOT NULL
);

CREATE TABLE offers (
    id            text        NOT NULL PRIMARY KEY,
    dataset_id    text        NOT NULL REFERENCES datasets (id),
    policy_json   text        NOT NULL,
    created_at    timestamptz NOT NULL,
    withdrawn_at  timestamptz
);
CREATE INDEX offers_dataset ON offers (dataset_id);

CREATE TABLE agreements (
    id                  text        NOT NULL PRIMARY KEY,
    offer_id            text        NOT NULL REFERENCES offers (id),
    dataset_id          text        NOT NULL REFERENCES datasets (id),
    operator_id         text        NOT NULL REFERENCES parties (id),
    purpose             text        NOT NULL,
    policy_json         text        NOT NULL,
    valid_from          timestamptz NOT NULL,
    valid_until         timestamptz NOT NULL,
    supplier_signature  text        NOT NULL,
    operator_signature  text        NOT NULL,
    created_at          timestamptz NOT NULL,
    revoked_at          timestamptz
);
CREATE INDEX agreements_dataset ON agreements (dataset_id);

CREATE TABLE modules (
    digest   text   NOT NULL PRIMARY KEY,
    content  bytea  NOT NULL,
    size     bigint NOT NULL
);

CREATE TABLE jobs (
    id                    text        NOT NULL PRIMARY KEY,
    agreement_id          text        NOT NULL REFERENCES agreements (id),
    operator_id           text        NOT NULL REFERENCES parties (id),
    data_user_id          text        NOT NULL,
    data_user_public_key  text        NOT NULL,
    module_digest         text        NOT NULL REFERENCES modules (digest),
    manifest_json         text        NOT NULL,
    state                 text        NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'running', 'released', 'refused', 'failed')),
    reason                text,
    approval_signature    text,
    runner_id             text,
    submitted_at          timestamptz NOT NULL,
    approved_at           timestamptz,
    started_at            timestamptz,
    finished_at           timestamptz,
    attempt               integer     NOT NULL DEFAULT 0,
    rows_processed        bigint      NOT NULL DEFAULT 0
);
CREATE INDEX jobs_state ON jobs (state, submitted_at);
CREATE INDEX jobs_agreement ON jobs (agreement_id);

CREATE TABLE results (
    job_id         text        NOT NULL PRIMARY KEY REFERENCES jobs (id),
    envelope       bytea       NOT NULL,
    receipt_json   text        NOT NULL,
    output_digest  text        NOT NULL,
    log_index      bigint      NOT NULL,
    created_at     timestamptz NOT NULL
);
