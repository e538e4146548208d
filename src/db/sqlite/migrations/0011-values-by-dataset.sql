-- 0011: a value belongs to the return it was entered in.  Keyed by district,
-- period and cell alone, a cell shared by two data sets could be changed
-- through the one still open while the other was accepted or locked, and a
-- financial year ("2011-12") shared its text with a month.  The data set is
-- now part of every value's key and history.
DROP TRIGGER data_values_history_insert;
DROP TRIGGER data_values_history_update;
DROP TRIGGER data_values_no_delete;
DROP TRIGGER value_history_no_update;
DROP TRIGGER value_history_no_delete;

CREATE TABLE data_values_new (
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id),
    district_lgd INTEGER NOT NULL,
    period       TEXT NOT NULL,
    cell_id      INTEGER NOT NULL REFERENCES indicator_cells(id),
    value        INTEGER CHECK (value IS NULL OR value >= 0),
    comment      TEXT,
    updated_at   INTEGER NOT NULL,
    updated_by   INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, district_lgd, period, cell_id)
) STRICT, WITHOUT ROWID;
-- each value goes with the return it was saved in (the first, should two share it)
INSERT INTO data_values_new
SELECT (SELECT min(r.dataset_id) FROM returns r WHERE r.district_lgd = v.district_lgd AND r.period = v.period),
       v.district_lgd, v.period, v.cell_id, v.value, v.comment, v.updated_at, v.updated_by
FROM data_values v
WHERE EXISTS (SELECT 1 FROM returns r WHERE r.district_lgd = v.district_lgd AND r.period = v.period);
DROP INDEX data_values_cell;
DROP TABLE data_values;
ALTER TABLE data_values_new RENAME TO data_values;
CREATE INDEX data_values_cell ON data_values(cell_id, period, district_lgd, value);

CREATE TABLE value_history_new (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL,
    district_lgd INTEGER NOT NULL,
    period       TEXT NOT NULL,
    cell_id      INTEGER NOT NULL,
    old_value    INTEGER,
    new_value    INTEGER,
    at           INTEGER NOT NULL,
    by_user      INTEGER NOT NULL
) STRICT;
INSERT INTO value_history_new
SELECT h.id, coalesce((SELECT min(r.dataset_id) FROM returns r WHERE r.district_lgd = h.district_lgd AND r.period = h.period), 0),
       h.district_lgd, h.period, h.cell_id, h.old_value, h.new_value, h.at, h.by_user
FROM value_history h;
DROP INDEX value_history_cell;
DROP TABLE value_history;
ALTER TABLE value_history_new RENAME TO value_history;
CREATE INDEX value_history_cell ON value_history(dataset_id, district_lgd, period, cell_id, id);

CREATE TRIGGER data_values_history_insert AFTER INSERT ON data_values
WHEN NEW.value IS NOT NULL
BEGIN
    INSERT INTO value_history (dataset_id, district_lgd, period, cell_id, old_value, new_value, at, by_user)
    VALUES (NEW.dataset_id, NEW.district_lgd, NEW.period, NEW.cell_id, NULL, NEW.value, NEW.updated_at, NEW.updated_by);
END;
CREATE TRIGGER data_values_history_update AFTER UPDATE OF value ON data_values
WHEN OLD.value IS NOT NEW.value
BEGIN
    INSERT INTO value_history (dataset_id, district_lgd, period, cell_id, old_value, new_value, at, by_user)
    VALUES (NEW.dataset_id, NEW.district_lgd, NEW.period, NEW.cell_id, OLD.value, NEW.value, NEW.updated_at, NEW.updated_by);
END;
CREATE TRIGGER data_values_no_delete BEFORE DELETE ON data_values
BEGIN SELECT RAISE(ABORT, 'a value is made blank, never deleted'); END;
CREATE TRIGGER value_history_no_update BEFORE UPDATE ON value_history
BEGIN SELECT RAISE(ABORT, 'value_history is append-only'); END;
CREATE TRIGGER value_history_no_delete BEFORE DELETE ON value_history
BEGIN SELECT RAISE(ABORT, 'value_history is append-only'); END;
