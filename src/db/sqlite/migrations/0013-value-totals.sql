-- The pivot's national figures come from each State's totals, kept per
-- (data set, period, State, return status, cell), instead of summing every
-- district's values at each request.  A write to a return marks its State
-- and period stale (value_totals_stale); the next pivot of that data set
-- recomputes the stale ones first, in one transaction, from data_values.
-- With that, data_values needs no index by cell: an import writes one
-- b-tree less for every value.
DROP INDEX data_values_cell;

CREATE TABLE value_totals (
    dataset_id INTEGER NOT NULL,
    cell_id    INTEGER NOT NULL,
    period     TEXT NOT NULL,
    state_lgd  INTEGER NOT NULL,
    status     TEXT NOT NULL,
    total      INTEGER NOT NULL,
    n          INTEGER NOT NULL,                -- values summed (districts that entered the cell)
    PRIMARY KEY (dataset_id, cell_id, period, state_lgd, status)
) STRICT, WITHOUT ROWID;
CREATE INDEX value_totals_group ON value_totals(dataset_id, period, state_lgd);

CREATE TABLE value_totals_stale (
    dataset_id INTEGER NOT NULL,
    period     TEXT NOT NULL,
    state_lgd  INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, period, state_lgd)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO value_totals_stale (dataset_id, period, state_lgd)
SELECT dataset_id, period, state_lgd FROM returns;
