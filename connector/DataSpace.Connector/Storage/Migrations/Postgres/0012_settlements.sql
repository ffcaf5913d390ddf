-- Settlement (docs/metering.md, "Settlement statement"): one signed statement per agreement and closed period
-- (yyyy-MM, UTC+8). The primary key is what refuses closing a period of an agreement twice; a stored statement is
-- never changed.
CREATE TABLE settlements (
    period          text        NOT NULL,
    agreement_id    text        NOT NULL REFERENCES agreements (id),
    statement_json  text        NOT NULL,
    digest          text        NOT NULL,
    run_count       bigint      NOT NULL,
    charged_fen     bigint      NOT NULL,
    supplier_fen    bigint      NOT NULL,
    operator_fen    bigint      NOT NULL,
    log_index       bigint      NOT NULL,
    closed_at       timestamptz NOT NULL,
    PRIMARY KEY (period, agreement_id)
);
