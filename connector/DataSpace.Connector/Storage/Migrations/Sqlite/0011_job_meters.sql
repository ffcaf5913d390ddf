-- Metering (docs/metering.md, "Meter record"): the meter of a job's run, canonical JSON with the supplier's counters
-- (`usage`); its published form is the `meter` detail of the log entry that ended the run. Null until a run ends, and
-- for jobs that ended before this migration.
ALTER TABLE jobs ADD COLUMN meter_json TEXT;
