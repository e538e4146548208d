-- Imports of returns' values from files (src/returns/jobs.c): one row an
-- uploaded file, queued until the importer takes it.  A file that was
-- being imported when the server stopped is queued again at the next
-- start (its transaction never committed, so nothing of it was saved).
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    state_lgd   INTEGER,                       -- the uploader's jurisdiction, which sees the import
    district_lgd INTEGER,
    kind        TEXT NOT NULL DEFAULT 'returns' CHECK (kind IN ('returns')),
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'rejected', 'failed')),
    report      TEXT,                          -- import_report_json, when finished
    created_at  INTEGER NOT NULL,
    started_at  INTEGER,
    finished_at INTEGER
) STRICT;
CREATE INDEX imports_state ON imports(state_lgd, id);
CREATE INDEX imports_queue ON imports(status, id);
