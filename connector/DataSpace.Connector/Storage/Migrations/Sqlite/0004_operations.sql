-- Logged operations in flight (docs/storage.md, "Operations"): an operation is recorded here before its opening log
-- entry is appended, and removed in the same transaction as its effect, so an operation left here after a crash is
-- one whose effect did not happen; restart recovery closes its log entry, if there is one, with an 'aborted' entry.
-- A job or agreement being changed is claimed by one operation (claim_id): the compare-and-set that elects the one
-- caller who logs and acts.
CREATE TABLE pending_operations (
    id          TEXT    NOT NULL PRIMARY KEY,
    action      TEXT    NOT NULL,
    resource    TEXT    NOT NULL UNIQUE,
    actor       TEXT    NOT NULL,
    runner_id   TEXT    NOT NULL,
    log_from    INTEGER NOT NULL,
    started_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_operations_runner ON pending_operations (runner_id);

ALTER TABLE jobs ADD COLUMN claim_id TEXT REFERENCES pending_operations (id);
ALTER TABLE agreements ADD COLUMN claim_id TEXT REFERENCES pending_operations (id);
