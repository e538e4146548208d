-- 0010: periodic returns from the districts (src/returns).  What is
-- collected is data: disaggregations (categories and their options),
-- indicators, data sets (a period type and the indicators in sections) and
-- validation rules; the Cell adds to them without a code change.  A value
-- is one cell (an indicator and one combination of its options) of one
-- district for one period; blank is no value (NULL), never 0.

-- A disaggregation: its categories and their options, as JSON
-- [{"code","name","options":[{"code","name"}]}]; its cells are their product.
CREATE TABLE disaggregations (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    categories  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE indicators (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT,
    disaggregation_id INTEGER REFERENCES disaggregations(id),  -- NULL: one cell, the total
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- The cells of an indicator: combo is the options' codes joined by '_'
-- ("female_u18"), '' for an indicator without disaggregation.
CREATE TABLE indicator_cells (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    combo        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (indicator_id, combo)
) STRICT;

-- A data set: reported by every district for each period of its type.
-- sections: [{"name","indicators":["code",…]}].  Entry locks lock_days
-- after the period ends; a return is on time when submitted within
-- due_days of the end.
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT,
    period_type TEXT NOT NULL CHECK (period_type IN ('monthly', 'quarterly', 'annual', 'financial_year')),
    level       TEXT NOT NULL DEFAULT 'district' CHECK (level IN ('district')),
    lock_days   INTEGER NOT NULL CHECK (lock_days BETWEEN 0 AND 3650),
    due_days    INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 3650),
    sections    TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER
) STRICT;

-- left op right; importance high blocks a submission, medium and low warn.
CREATE TABLE validation_rules (
    id          INTEGER PRIMARY KEY,
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    left_side   TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('==', '!=', '<', '<=', '>', '>=')),
    right_side  TEXT NOT NULL,
    importance  TEXT NOT NULL CHECK (importance IN ('high', 'medium', 'low')),
    instruction TEXT,
    UNIQUE (dataset_id, code)
) STRICT;

-- One district's return of a data set for a period, and where it stands.
CREATE TABLE returns (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id),
    period       TEXT NOT NULL,                 -- as the API writes it: 2026-03, 2026Q1, 2026, 2025-26
    district_lgd INTEGER NOT NULL REFERENCES districts(lgd),
    state_lgd    INTEGER NOT NULL REFERENCES states(lgd),
    status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'accepted')),
    comment      TEXT,                          -- the last comment of a return or reopening
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    submitted_at INTEGER,                       -- the first submission (timeliness)
    approved_at  INTEGER,
    accepted_at  INTEGER,
    UNIQUE (dataset_id, period, district_lgd)
) STRICT;
CREATE INDEX returns_state ON returns(dataset_id, period, state_lgd);

-- Every step of a return's workflow, never changed.
CREATE TABLE return_events (
    id         INTEGER PRIMARY KEY,
    return_id  INTEGER NOT NULL REFERENCES returns(id),
    action     TEXT NOT NULL,                   -- submit, approve, send_back, accept, reopen
    from_status TEXT NOT NULL,
    to_status  TEXT NOT NULL,
    comment    TEXT,
    at         INTEGER NOT NULL,
    by_user    INTEGER NOT NULL
) STRICT;
CREATE INDEX return_events_return ON return_events(return_id, id);
CREATE TRIGGER return_events_no_update BEFORE UPDATE ON return_events
BEGIN SELECT RAISE(ABORT, 'return_events is append-only'); END;
CREATE TRIGGER return_events_no_delete BEFORE DELETE ON return_events
BEGIN SELECT RAISE(ABORT, 'return_events is append-only'); END;

-- The values.  A blank cell has no row, or a NULL value (a value made
-- blank again, or a comment without a value).
CREATE TABLE data_values (
    district_lgd INTEGER NOT NULL,
    period       TEXT NOT NULL,
    cell_id      INTEGER NOT NULL REFERENCES indicator_cells(id),
    value        INTEGER CHECK (value IS NULL OR value >= 0),
    comment      TEXT,
    updated_at   INTEGER NOT NULL,
    updated_by   INTEGER NOT NULL,
    PRIMARY KEY (district_lgd, period, cell_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX data_values_cell ON data_values(cell_id, period, district_lgd, value);

-- The history of every value: who, when, old, new.  Written by the
-- triggers, so that no path of the code can forget it.
CREATE TABLE value_history (
    id           INTEGER PRIMARY KEY,
    district_lgd INTEGER NOT NULL,
    period       TEXT NOT NULL,
    cell_id      INTEGER NOT NULL,
    old_value    INTEGER,
    new_value    INTEGER,
    at           INTEGER NOT NULL,
    by_user      INTEGER NOT NULL
) STRICT;
CREATE INDEX value_history_cell ON value_history(district_lgd, period, cell_id, id);
CREATE TRIGGER data_values_history_insert AFTER INSERT ON data_values
WHEN NEW.value IS NOT NULL
BEGIN
    INSERT INTO value_history (district_lgd, period, cell_id, old_value, new_value, at, by_user)
    VALUES (NEW.district_lgd, NEW.period, NEW.cell_id, NULL, NEW.value, NEW.updated_at, NEW.updated_by);
END;
CREATE TRIGGER data_values_history_update AFTER UPDATE OF value ON data_values
WHEN OLD.value IS NOT NEW.value
BEGIN
    INSERT INTO value_history (district_lgd, period, cell_id, old_value, new_value, at, by_user)
    VALUES (NEW.district_lgd, NEW.period, NEW.cell_id, OLD.value, NEW.value, NEW.updated_at, NEW.updated_by);
END;
CREATE TRIGGER data_values_no_delete BEFORE DELETE ON data_values
BEGIN SELECT RAISE(ABORT, 'a value is made blank, never deleted'); END;
CREATE TRIGGER value_history_no_update BEFORE UPDATE ON value_history
BEGIN SELECT RAISE(ABORT, 'value_history is append-only'); END;
CREATE TRIGGER value_history_no_delete BEFORE DELETE ON value_history
BEGIN SELECT RAISE(ABORT, 'value_history is append-only'); END;

-- Entry reopened for one district past the period's lock, until a day.
CREATE TABLE period_exceptions (
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id),
    period       TEXT NOT NULL,
    district_lgd INTEGER NOT NULL REFERENCES districts(lgd),
    open_until   TEXT NOT NULL,                 -- YYYY-MM-DD, inclusive
    reason       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, period, district_lgd)
) STRICT, WITHOUT ROWID;
