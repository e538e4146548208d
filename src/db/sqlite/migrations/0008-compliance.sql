-- 0008: compliance with the Cell's advisories.  Each advisory (a document
-- of the library) can carry the actions it asks of the States; each State
-- reports its compliance, one report after another: the latest is its
-- status, the earlier ones its history (never changed).
CREATE TABLE advisory_actions (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    actions     TEXT NOT NULL DEFAULT '[]',   -- a JSON array of texts
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER NOT NULL
) STRICT;

CREATE TABLE advisory_compliance (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    state_lgd   INTEGER NOT NULL REFERENCES states(lgd),
    status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complied', 'not_applicable')),
    report      TEXT,
    reported_on TEXT NOT NULL,              -- YYYY-MM-DD
    created_at  INTEGER NOT NULL,
    created_by  INTEGER NOT NULL
) STRICT;
CREATE INDEX advisory_compliance_latest ON advisory_compliance(document_id, state_lgd, id);
CREATE TRIGGER advisory_compliance_no_update BEFORE UPDATE ON advisory_compliance
BEGIN SELECT RAISE(ABORT, 'advisory_compliance is append-only'); END;
CREATE TRIGGER advisory_compliance_no_delete BEFORE DELETE ON advisory_compliance
BEGIN SELECT RAISE(ABORT, 'advisory_compliance is append-only'); END;
