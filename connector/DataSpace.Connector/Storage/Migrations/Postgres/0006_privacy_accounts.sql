-- Privacy budget per account (docs/privacy-budget.md; docs/storage.md, "budget_accounts"): one budget reservation
-- charges several accounts at once (the agreement, the data user on the dataset, the dataset in a period), and
-- budget_charges lists the accounts each budget reservation charged, so that a release returns the amount to each.
-- Amounts are numeric on the 1e-18 grid, as in 0002.
CREATE TABLE budget_accounts (
    account_key    text            NOT NULL PRIMARY KEY,
    kind           text            NOT NULL CHECK (kind IN ('agreement', 'data-user', 'dataset-period')),
    dataset_id     text            NOT NULL,
    subject        text            NOT NULL,
    epsilon        numeric(38, 18) NOT NULL DEFAULT 0,
    delta          numeric(38, 18) NOT NULL DEFAULT 0,
    epsilon_limit  numeric(38, 18) NOT NULL DEFAULT 0,
    delta_limit    numeric(38, 18) NOT NULL DEFAULT 0
);
CREATE INDEX budget_accounts_dataset ON budget_accounts (dataset_id);

CREATE TABLE budget_charges (
    reservation_id text NOT NULL REFERENCES usage_reservations (id),
    account_key    text NOT NULL REFERENCES budget_accounts (account_key),
    PRIMARY KEY (reservation_id, account_key)
);

-- Existing data, 1: each agreement's spent budget becomes its agreement account (the limit is recorded at its next charge).
INSERT INTO budget_accounts (account_key, kind, dataset_id, subject, epsilon, delta)
SELECT 'agreement/' || u.agreement_id, 'agreement', a.dataset_id, u.agreement_id, u.epsilon, u.delta
FROM usage_agreements u JOIN agreements a ON a.id = u.agreement_id
WHERE u.epsilon > 0 OR u.delta > 0;

-- Existing data, 2: each data user is charged, on each dataset, the sum of the spent budget of every agreement under
-- which a job was submitted for it (conservative: an agreement that served two data users charges both in full).
INSERT INTO budget_accounts (account_key, kind, dataset_id, subject, epsilon, delta)
SELECT 'dataset/' || s.dataset_id || '/user/' || s.data_user_id, 'data-user', s.dataset_id, s.data_user_id, SUM(s.e), SUM(s.d)
FROM (
    SELECT DISTINCT a.dataset_id, j.data_user_id, u.agreement_id, u.epsilon AS e, u.delta AS d
    FROM usage_agreements u
    JOIN agreements a ON a.id = u.agreement_id
    JOIN jobs j ON j.agreement_id = u.agreement_id
    WHERE u.epsilon > 0 OR u.delta > 0
) s
GROUP BY s.dataset_id, s.data_user_id;

-- Existing data, 3: budget reservations charged their agreement's account; a release returns it there.
INSERT INTO budget_charges (reservation_id, account_key)
SELECT r.id, 'agreement/' || r.agreement_id FROM usage_reservations r
WHERE r.kind = 'budget' AND EXISTS (SELECT 1 FROM budget_accounts b WHERE b.account_key = 'agreement/' || r.agreement_id);

-- The agreement's budget now lives in its account only. (Periods are not migrated: earlier spending has no time
-- recorded, so each dataset's total starts at its first charge after this migration; docs/privacy-budget.md.)
ALTER TABLE usage_agreements DROP COLUMN epsilon;
ALTER TABLE usage_agreements DROP COLUMN delta;
