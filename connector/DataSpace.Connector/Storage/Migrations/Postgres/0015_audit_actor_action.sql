-- An audit search by both party and action (the console's audit log filter) reads one index range
-- (docs/benchmarks.md, "Lists at scale").
CREATE INDEX audit_index_actor_action ON audit_index (log_id, actor, action, log_index);
