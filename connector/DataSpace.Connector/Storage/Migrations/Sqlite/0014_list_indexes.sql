-- Lists at scale (docs/connector-service.md, "Lists"): the indexes keyset pages read in order, and `audit_index`, the
-- log's entries indexed for the log's filters (derived from the log, which stays the record).

DROP INDEX jobs_state;
DROP INDEX jobs_agreement;
CREATE INDEX jobs_submitted ON jobs (submitted_at, id);
CREATE INDEX jobs_state ON jobs (state, submitted_at, id);
CREATE INDEX jobs_agreement ON jobs (agreement_id, submitted_at, id);
CREATE INDEX jobs_operator ON jobs (operator_id, submitted_at, id);
CREATE INDEX jobs_data_user ON jobs (data_user_id, submitted_at, id);
CREATE INDEX agreements_operator ON agreements (operator_id, id);
CREATE INDEX parties_role ON parties (role, id);

CREATE TABLE audit_index (
    log_id     TEXT    NOT NULL,
    log_index  INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    at_max     INTEGER NOT NULL,
    action     TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    resource   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    PRIMARY KEY (log_id, log_index)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_index_action ON audit_index (log_id, action, log_index);
CREATE INDEX audit_index_actor ON audit_index (log_id, actor, log_index);
CREATE INDEX audit_index_kind ON audit_index (log_id, kind, log_index);
CREATE INDEX audit_index_resource ON audit_index (log_id, resource, log_index);
CREATE INDEX audit_index_at_max ON audit_index (log_id, at_max, log_index);
