-- What a job's end held back from the operator and the data user (docs/storage.md, "Held details"): the detail of a
-- failure or refusal and the job's own dsc_error message, supplier-side only. The log entry of the end carries only
-- an HMAC-SHA256 of the text under the random key kept here, so the log can be neither read nor brute-forced for it.
CREATE TABLE held_details (
    job_id      text        NOT NULL PRIMARY KEY REFERENCES jobs (id),
    text        text        NOT NULL,
    key         bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
