-- The usage ledger (IUsageLedger): use counts and privacy budget per agreement, and the granted reservations.
-- Budget amounts are decimals on the 1e-18 grid, kept as exact decimal TEXT (SQLite has no decimal type;
-- the arithmetic happens in .NET decimal inside a BEGIN IMMEDIATE transaction).

CREATE TABLE usage_agreements (
    agreement_id  TEXT    NOT NULL PRIMARY KEY,
    uses          INTEGER NOT NULL DEFAULT 0,
    epsilon       TEXT    NOT NULL DEFAULT '0',
    delta         TEXT    NOT NULL DEFAULT '0'
) STRICT;

CREATE TABLE usage_reservations (
    id            TEXT    NOT NULL PRIMARY KEY,
    agreement_id  TEXT    NOT NULL REFERENCES usage_agreements (agreement_id),
    kind          TEXT    NOT NULL CHECK (kind IN ('use', 'budget')),
    uses          INTEGER NOT NULL,
    epsilon       TEXT    NOT NULL,
    delta         TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('open', 'committed', 'released'))
) STRICT;
CREATE INDEX usage_reservations_agreement ON usage_reservations (agreement_id);
