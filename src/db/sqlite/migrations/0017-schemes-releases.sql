-- Monitoring (src/monitoring): the schemes the Cell runs, their targets, and
-- the funds released under them to the States — in whole paise, never a
-- floating point number, so that every total reconciles with its releases.
CREATE TABLE schemes (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	period_from TEXT,                       -- a financial year, 2010-11
	period_to TEXT,
	sanction_ref TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',        -- where its figures come from (demo: the Cell's page)
	created_at INTEGER NOT NULL
) STRICT;

-- A target of a scheme: nationally (state_lgd 0) or for one State.
CREATE TABLE scheme_targets (
	scheme_id INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	measure TEXT NOT NULL CHECK (measure IN ('ahtus_set_up', 'officers_trained', 'trainers_trained')),
	state_lgd INTEGER NOT NULL DEFAULT 0,
	target INTEGER NOT NULL CHECK (target >= 0),
	PRIMARY KEY (scheme_id, measure, state_lgd)
) STRICT;

-- A release of funds: to a State, or (state_lgd NULL) to all the States
-- together when only the total is known, as the Cell's page gives 2010-11's.
CREATE TABLE fund_releases (
	id INTEGER PRIMARY KEY,
	scheme_id INTEGER NOT NULL REFERENCES schemes(id),
	state_lgd INTEGER REFERENCES states(lgd),
	financial_year TEXT NOT NULL,
	amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
	units INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0),
	sanction_order TEXT NOT NULL DEFAULT '',
	released_on TEXT,
	instalment INTEGER NOT NULL DEFAULT 1 CHECK (instalment BETWEEN 1 AND 20),
	source TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX fund_releases_state ON fund_releases (state_lgd, financial_year);
CREATE INDEX fund_releases_year ON fund_releases (financial_year);
