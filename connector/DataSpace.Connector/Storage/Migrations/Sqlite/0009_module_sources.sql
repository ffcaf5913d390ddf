-- Module jobs are reviewed code (docs/module-review.md): the C source an operator submits with a module, kept for the
-- supplier's review and `dsc job verify-build`, content addressed by the SHA-256 of its UTF-8 text like modules, and
-- the job's link to it (null for a job submitted without source, which cannot be approved).
CREATE TABLE module_sources (
    digest   TEXT    NOT NULL PRIMARY KEY,
    content  TEXT    NOT NULL,
    size     INTEGER NOT NULL
) STRICT;

ALTER TABLE jobs ADD COLUMN source_digest TEXT REFERENCES module_sources (digest);
