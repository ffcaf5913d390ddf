-- A dataset that is a folder of Parquet files (docs/sandbox-data.md, "Partitioned Parquet folders") records each file's
-- relative path, size and digest as registered, so a job run can name the file added, removed or changed since.
ALTER TABLE datasets ADD COLUMN parts_json text;
