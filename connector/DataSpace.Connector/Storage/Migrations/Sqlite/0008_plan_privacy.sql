-- Analysis plans (docs/analysis-plans.md). A dataset may declare its entity column (the enterprise or person a row
-- is about) and how many of an entity's rows a plan counts; null when every row is its own entity.
ALTER TABLE datasets ADD COLUMN entity_column TEXT;
ALTER TABLE datasets ADD COLUMN entity_max_rows INTEGER;

-- What a job runs: a WebAssembly module or an analysis plan (whose canonical JSON is stored in modules, by digest).
ALTER TABLE jobs ADD COLUMN program TEXT NOT NULL DEFAULT 'module' CHECK (program IN ('module', 'plan'));

-- Query-set overlap control of exact plan releases (docs/storage.md, "Released row sets"): for every group an
-- exact release gave out, a keyed invertible Bloom lookup table of its rows' positions in the dataset. A new
-- release is refused when one of its groups differs from one recorded here, for the same dataset content, by at
-- least one row and fewer rows than the larger of the two releases' minimum group sizes.
CREATE TABLE released_row_sets (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    dataset_id     TEXT    NOT NULL REFERENCES datasets (id),
    dataset_digest TEXT    NOT NULL,
    job_id         TEXT    NOT NULL REFERENCES jobs (id),
    group_label    TEXT    NOT NULL,
    row_count      INTEGER NOT NULL,
    min_group_size INTEGER NOT NULL,
    sketch         BLOB    NOT NULL,
    recorded_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX released_row_sets_dataset ON released_row_sets (dataset_id, dataset_digest, row_count);

-- Secrets the connector makes once and every replica shares (docs/storage.md, "Connector secrets"): the key of the
-- released row sets' sketches, so that one replica's sketches compare with another's.
CREATE TABLE connector_secrets (
    name        TEXT    NOT NULL PRIMARY KEY,
    value       BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
