-- Jobs whose custom output passed the leak check wait for the supplier's review: a new state, and the held
-- output (supplier-side only).
ALTER TABLE jobs DROP CONSTRAINT jobs_state_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_state_check
    CHECK (state IN ('submitted', 'approved', 'rejected', 'running', 'pending_review', 'released', 'refused', 'failed'));

CREATE TABLE held_outputs (
    job_id      text        NOT NULL PRIMARY KEY REFERENCES jobs (id),
    output      bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
