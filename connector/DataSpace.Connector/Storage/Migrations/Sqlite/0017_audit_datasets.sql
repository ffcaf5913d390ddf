-- The audit search's dataset filter (docs/connector-service.md, "Lists"; docs/audit-log.md, "Datasets of an entry"): per
-- indexed log entry, each dataset id it names (its `dataset/<id>` resource, the ids of its `dataset` detail; never a
-- digest), keyed so that one dataset's entries are one range of the primary key in log order.
--
-- The audit index is derived from the log, which stays the record. Rows indexed before this migration have no datasets,
-- so the index is emptied here (the new table starts empty): the next catch-up (the first search, or the indexing service within seconds of the
-- start) re-indexes the whole log from its first entry, datasets included.
CREATE TABLE audit_index_datasets (
    log_id     TEXT    NOT NULL,
    log_index  INTEGER NOT NULL,
    dataset    TEXT    NOT NULL,
    PRIMARY KEY (log_id, dataset, log_index)
) STRICT, WITHOUT ROWID;
DELETE FROM audit_index;
