-- Analysis plans (docs/analysis-plans.md). A dataset may declare its entity column (the enterprise or person a row
-- is about) and how many of an entity's rows a plan counts; null when every row is its own entity.
ALTER TABLE datasets ADD COLUMN entity_column text;
ALTER TABLE datasets ADD COLUMN entity_max_rows integer;

-- What a job runs: a WebAssembly module or an analysis plan (whose canonical JSON is stored in modules, by digest).
ALTER TABLE jobs ADD COLUMN program text NOT NULL DEFAULT 'module' CHECK (program IN ('module', 'plan'));

-- Query-set overlap control of exact plan releases (docs/storage.md, "Released row sets"): for every group an
-- exact release gave out, a keyed invertible Bloom lookup table of its rows' positions in the dataset. A new
-- release is refused when one of its groups differs from one recorded here, for the same dataset content, by at
-- least one row and fewer rows than the larger of the two releases' minimum group sizes.
CREATE TABLE released_row_sets (
    id             bigserial   NOT NULL PRIMARY KEY,
    dataset_id     text        NOT NULL REFERENCES datasets (id),
    dataset_digest text        NOT NULL,
    job_id         text        NOT NULL REFERENCES jobs (id),
    group_label    text        NOT NULL,
    row_count      bigint      NOT NULL,
    min_group_size bigint      NOT NULL,
    sketch         bytea       NOT NULL,
    recorded_at    timestamptz NOT NULL
);
CREATE INDEX released_row_sets_dataset ON released_row_sets (dataset_id, dataset_digest, row_count);

-- Secrets the connector makes once and every replica shares (docs/storage.md, "Connector secrets"): the key of the
-- released row sets' sketches, so that one replica's sketches compare with another's.
CREATE TABLE connector_secrets (
    name        text        NOT NULL PRIMARY KEY,
    value       bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
