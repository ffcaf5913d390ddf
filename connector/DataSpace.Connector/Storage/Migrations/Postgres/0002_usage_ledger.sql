-- The usage ledger (IUsageLedger): use counts and privacy budget per agreement, and the granted reservations.
-- Budget amounts are numeric on the 1e-18 grid (at most 1e9 each, so numeric(38, 18) holds them and their sums exactly).

CREATE TABLE usage_agreements (
    agreement_id  text           NOT NULL PRIMARY KEY,
    uses          bigint         NOT NULL DEFAULT 0,
    epsilon       numeric(38, 18) NOT NULL DEFAULT 0,
    delta         numeric(38, 18) NOT NULL DEFAULT 0
);

CREATE TABLE usage_reservations (
    id            text            NOT NULL PRIMARY KEY,
    agreement_id  text            NOT NULL REFERENCES usage_agreements (agreement_id),
    kind          text            NOT NULL CHECK (kind IN ('use', 'budget')),
    uses          bigint          NOT NULL,
    epsilon       numeric(38, 18) NOT NULL,
    delta         numeric(38, 18) NOT NULL,
    state         text            NOT NULL CHECK (state IN ('open', 'committed', 'released'))
);
CREATE INDEX usage_reservations_agreement ON usage_reservations (agreement_id);
