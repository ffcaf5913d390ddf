-- Jobs whose custom output passed the leak check wait for the supplier's review: a new state, and the held
-- output (supplier-side only). SQLite cannot change a CHECK constraint, so the jobs table is rebuilt; the
-- foreign key from results to jobs is checked at commit, when the rebuilt table has taken the old one's name.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE jobs_rebuilt (
    id                    TEXT    NOT NULL PRIMARY KEY,
    agreement_id          TEXT    NOT NULL REFERENCES agreements (id),
    operator_id           TEXT    NOT NULL REFERENCES parties (id),
    data_user_id          TEXT    NOT NULL,
    data_user_public_key  TEXT    NOT NULL,
    module_digest         TEXT    NOT NULL REFERENCES modules (digest),
    manifest_json         TEXT    NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'running', 'pending_review', 'released', 'refused', 'failed')),
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
INSERT INTO jobs_rebuilt SELECT * FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_rebuilt RENAME TO jobs;
CREATE INDEX jobs_state ON jobs (state, submitted_at);
CREATE INDEX jobs_agreement ON jobs (agreement_id);

CREATE TABLE held_outputs (
    job_id      TEXT    NOT NULL PRIMARY KEY REFERENCES jobs (id),
    output      BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
