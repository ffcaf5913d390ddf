-- The tasks of a job split over the files of a folder dataset (docs/connector-service.md, "Tasks"): the runners of every
-- replica claim them (FOR UPDATE SKIP LOCKED), each runs the module over its files, and the job's own runner merges their
-- states and releases once. A task's outcome_json holds an unreleased aggregate: like held outputs, it never leaves the connector.
CREATE TABLE job_tasks (
    job_id        text        NOT NULL REFERENCES jobs (id),
    task_no       integer     NOT NULL,
    parts_json    text        NOT NULL,
    request_json  text        NOT NULL,
    state         text        NOT NULL,
    attempt       integer     NOT NULL DEFAULT 0,
    claimed_by    text,
    lease_until   timestamptz,
    outcome_json  text,
    PRIMARY KEY (job_id, task_no)
);

CREATE INDEX job_tasks_open ON job_tasks (state, job_id, task_no);
