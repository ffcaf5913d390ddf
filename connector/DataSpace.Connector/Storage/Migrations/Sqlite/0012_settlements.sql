-- Settlement (docs/metering.md, "Settlement statement"): one signed statement per agreement and closed period
-- (yyyy-MM, UTC+8). The primary key is what refuses closing a period of an agreement twice; a stored statement is
-- never changed.
CREATE TABLE settlements (
    period          TEXT    NOT NULL,
    agreement_id    TEXT    NOT NULL REFERENCES agreements (id),
    statement_json  TEXT    NOT NULL,
    digest          TEXT    NOT NULL,
    run_count       INTEGER NOT NULL,
    charged_fen     INTEGER NOT NULL,
    supplier_fen    INTEGER NOT NULL,
    operator_fen    INTEGER NOT NULL,
    log_index       INTEGER NOT NULL,
    closed_at       INTEGER NOT NULL,
    PRIMARY KEY (period, agreement_id)
) STRICT;
