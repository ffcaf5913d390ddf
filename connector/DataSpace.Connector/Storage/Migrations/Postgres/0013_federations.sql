-- Federated jobs (docs/federation.md): a job's run may end `contributed` (its masked partial sent to the aggregator),
-- and a peer connector is on the trust list in the role `federation`.
-- `federations` holds a job's federation: the operator's signed request and, once the operator brings it, the
-- participants' signed key set; `federation_vectors` the signed masked vectors an aggregator received, one per
-- participant.
ALTER TABLE parties DROP CONSTRAINT parties_role_check;
ALTER TABLE parties ADD CONSTRAINT parties_role_check
    CHECK (role IN ('supplier', 'operator', 'data_user', 'auditor', 'federation'));
ALTER TABLE jobs DROP CONSTRAINT jobs_state_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_state_check
    CHECK (state IN ('submitted', 'approved', 'rejected', 'running', 'pending_review', 'released', 'refused', 'failed', 'contributed'));

CREATE TABLE federations (
    federation_id   text        NOT NULL PRIMARY KEY,
    job_id          text        NOT NULL UNIQUE,
    request_json    text        NOT NULL,
    aggregator      integer     NOT NULL CHECK (aggregator IN (0, 1)),
    keys_json       text,
    aborted_reason  text,
    created_at      timestamptz NOT NULL
);

CREATE TABLE federation_vectors (
    federation_id   text        NOT NULL REFERENCES federations (federation_id),
    participant     text        NOT NULL,
    statement_json  text        NOT NULL,
    digest          text        NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (federation_id, participant)
);
