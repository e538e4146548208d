-- 0005: the registers (src/registers): record types described as data,
-- stored here generically.  A record's own fields are a JSON object in
-- `data`; what the storage layer must see to scope, order and keep terms
-- is in columns.
CREATE TABLE records (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,          -- the register ("officers")
    state_lgd    INTEGER REFERENCES states(lgd),
    district_lgd INTEGER REFERENCES districts(lgd),
    -- registers with terms (one holder of a post at a time): the post, and
    -- the term; a new holder closes the open term of the same post
    slot         TEXT,
    valid_from   TEXT,                   -- YYYY-MM-DD
    valid_to     TEXT,                   -- YYYY-MM-DD; NULL while open
    data         TEXT NOT NULL CHECK (data LIKE '{%}'),  -- a JSON object (written by src/registers)
    search       TEXT NOT NULL,          -- lower-cased text of the searchable fields
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    created_by   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   INTEGER NOT NULL,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX records_type_state ON records(type, state_lgd, valid_to);
CREATE INDEX records_type_district ON records(type, district_lgd) WHERE district_lgd IS NOT NULL;
-- at most one open term per post
CREATE UNIQUE INDEX records_open_term ON records(type, slot) WHERE slot IS NOT NULL AND valid_to IS NULL;

-- Every earlier state of a record: what it was before each change, who
-- changed it and why.  Never updated or deleted.
CREATE TABLE record_revisions (
    record_id  INTEGER NOT NULL REFERENCES records(id),
    version    INTEGER NOT NULL,         -- the version this was
    valid_from TEXT,
    valid_to   TEXT,
    data       TEXT NOT NULL,
    changed_at INTEGER NOT NULL,         -- when it stopped being current
    changed_by INTEGER NOT NULL,
    reason     TEXT,
    PRIMARY KEY (record_id, version)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER record_revisions_no_update BEFORE UPDATE ON record_revisions
BEGIN SELECT RAISE(ABORT, 'record_revisions is append-only'); END;
CREATE TRIGGER record_revisions_no_delete BEFORE DELETE ON record_revisions
BEGIN SELECT RAISE(ABORT, 'record_revisions is append-only'); END;
