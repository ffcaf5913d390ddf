-- Removing a party from the trust list (docs/connector-service.md, "Removing a party"): its keys are deleted, and its
-- row stays, marked with the time it was removed, because the agreements and jobs on record refer to it. The trust
-- list (lookups by key, lists) shows only parties that are not removed; a removed party's id is not given again.
ALTER TABLE parties ADD COLUMN removed_at INTEGER;
