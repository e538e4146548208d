-- How many times the importer has started each import: one that stopped
-- the server (or was cut short) is run again at the next start, but not
-- for ever (src/returns/jobs.c gives up after the second).
ALTER TABLE imports ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
