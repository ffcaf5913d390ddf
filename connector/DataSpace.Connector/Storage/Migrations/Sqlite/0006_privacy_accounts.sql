-- Privacy budget per account (docs/privacy-budget.md; docs/storage.md, "budget_accounts"): one budget reservation
-- charges several accounts at once (the agreement, the data user on the dataset, the dataset in a period), and
-- budget_charges lists the accounts each budget reservation charged, so that a release returns the amount to each.
-- Amounts are exact decimal TEXT on the 1e-18 grid, as in 0002; the arithmetic stays in .NET decimal.
CREATE TABLE budget_accounts (
    account_key    TEXT NOT NULL PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('agreement', 'data-user', 'dataset-period')),
    dataset_id     TEXT NOT NULL,
    subject        TEXT NOT NULL,
    epsilon        TEXT NOT NULL DEFAULT '0',
    delta          TEXT NOT NULL DEFAULT '0',
    epsilon_limit  TEXT NOT NULL DEFAULT '0',
    delta_limit    TEXT NOT NULL DEFAULT '0'
) STRICT;
CREATE INDEX budget_accounts_dataset ON budget_accounts (dataset_id);

CREATE TABLE budget_charges (
    reservation_id TEXT NOT NULL REFERENCES usage_reservations (id),
    account_key    TEXT NOT NULL REFERENCES budget_accounts (account_key),
    PRIMARY KEY (reservation_id, account_key)
) STRICT;

-- Existing data, 1: each agreement's spent budget becomes its agreement account (exact text copy; the limit is
-- recorded at its next charge).
INSERT INTO budget_accounts (account_key, kind, dataset_id, subject, epsilon, delta)
SELECT 'agreement/' || u.agreement_id, 'agreement', a.dataset_id, u.agreement_id, u.epsilon, u.delta
FROM usage_agreements u JOIN agreements a ON a.id = u.agreement_id
WHERE CAST(u.epsilon AS REAL) > 0 OR CAST(u.delta AS REAL) > 0;

-- Existing data, 2: each data user is charged, on each dataset, the sum of the spent budget of every agreement under
-- which a job was submitted for it (conservative: an agreement that served two data users charges both in full).
-- The sum is exact: each amount is split into its whole part and two 9-digit halves of its 18 decimals, summed as
-- integers, and carried.
WITH spent AS (
    SELECT DISTINCT a.dataset_id, j.data_user_id, u.agreement_id, u.epsilon AS e, u.delta AS d
    FROM usage_agreements u
    JOIN agreements a ON a.id = u.agreement_id
    JOIN jobs j ON j.agreement_id = u.agreement_id
    WHERE CAST(u.epsilon AS REAL) > 0 OR CAST(u.delta AS REAL) > 0
), parts AS (
    SELECT dataset_id, data_user_id,
        CAST(substr(e, 1, instr(e || '.', '.') - 1) AS INTEGER) AS e_whole,
        CAST(substr(substr(substr(e, instr(e || '.', '.') + 1) || '000000000000000000', 1, 18), 1, 9) AS INTEGER) AS e_high,
        CAST(substr(substr(substr(e, instr(e || '.', '.') + 1) || '000000000000000000', 1, 18), 10, 9) AS INTEGER) AS e_low,
        CAST(substr(d, 1, instr(d || '.', '.') - 1) AS INTEGER) AS d_whole,
        CAST(substr(substr(substr(d, instr(d || '.', '.') + 1) || '000000000000000000', 1, 18), 1, 9) AS INTEGER) AS d_high,
        CAST(substr(substr(substr(d, instr(d || '.', '.') + 1) || '000000000000000000', 1, 18), 10, 9) AS INTEGER) AS d_low
    FROM spent
), sums AS (
    SELECT dataset_id, data_user_id,
        SUM(e_whole) AS e_whole, SUM(e_high) AS e_high, SUM(e_low) AS e_low,
        SUM(d_whole) AS d_whole, SUM(d_high) AS d_high, SUM(d_low) AS d_low
    FROM parts GROUP BY dataset_id, data_user_id
), carried AS (
    SELECT dataset_id, data_user_id,
        e_whole + (e_high + e_low / 1000000000) / 1000000000 AS e_whole,
        (e_high + e_low / 1000000000) % 1000000000 AS e_high, e_low % 1000000000 AS e_low,
        d_whole + (d_high + d_low / 1000000000) / 1000000000 AS d_whole,
        (d_high + d_low / 1000000000) % 1000000000 AS d_high, d_low % 1000000000 AS d_low
    FROM sums
)
INSERT INTO budget_accounts (account_key, kind, dataset_id, subject, epsilon, delta)
SELECT 'dataset/' || dataset_id || '/user/' || data_user_id, 'data-user', dataset_id, data_user_id,
    e_whole || '.' || printf('%09d%09d', e_high, e_low),
    d_whole || '.' || printf('%09d%09d', d_high, d_low)
FROM carried;

-- Existing data, 3: budget reservations charged their agreement's account; a release returns it there.
INSERT INTO budget_charges (reservation_id, account_key)
SELECT r.id, 'agreement/' || r.agreement_id FROM usage_reservations r
WHERE r.kind = 'budget' AND EXISTS (SELECT 1 FROM budget_accounts b WHERE b.account_key = 'agreement/' || r.agreement_id);

-- The agreement's budget now lives in its account only. (Periods are not migrated: earlier spending has no time
-- recorded, so each dataset's total starts at its first charge after this migration; docs/privacy-budget.md.)
ALTER TABLE usage_agreements DROP COLUMN epsilon;
ALTER TABLE usage_agreements DROP COLUMN delta;
