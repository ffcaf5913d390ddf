-- The tasks of a job split over the files of a folder dataset (docs/connector-service.md, "Tasks"): the runners of every
-- replica claim them, each runs the module over its files, and the job's own runner merges their states and releases once.
-- A task's outcome_json holds an unreleased aggregate: like held outputs, it never leaves the connector.
CREATE TABLE job_tasks (
    job_id        TEXT    NOT NULL REFERENCES jobs (id),
    task_no       INTEGER NOT NULL,
    parts_json    TEXT    NOT NULL,
    request_json  TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    attempt       INTEGER NOT NULL DEFAULT 0,
    claimed_by    TEXT,
    lease_until   INTEGER,
    outcome_json  TEXT,
    PRIMARY KEY (job_id, task_no)
) STRICT;

CREATE INDEX job_tasks_open ON job_tasks (state, job_id, task_no);
