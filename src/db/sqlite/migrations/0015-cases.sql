-- Case records (src/cases): a case registered by a police station, its
-- status over time, its victims with the route of each (where recruited,
-- through where, where exploited) and its accused.  Names, addresses and
-- contacts are sealed (src/crypto/field.c) before they reach these tables;
-- nothing else here names a person.  Field names follow the Human
-- Trafficking Case Data Standard where it has one (docs/cases.md).
CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	state_lgd INTEGER NOT NULL REFERENCES states(lgd),
	district_lgd INTEGER NOT NULL REFERENCES districts(lgd),
	police_station TEXT NOT NULL,
	fir_number TEXT NOT NULL,
	fir_date TEXT NOT NULL,                 -- YYYY-MM-DD
	sections TEXT NOT NULL DEFAULT '[]',    -- JSON array of legal sections
	ahtu TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('under_investigation', 'chargesheeted', 'on_trial',
	                                       'convicted', 'acquitted', 'closed')),
	status_on TEXT NOT NULL,
	synthetic INTEGER NOT NULL DEFAULT 0,   -- made by `ahtcell demo --cases`, never real
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id),
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES users(id)
) STRICT;
-- An FIR is numbered by its police station within a year.
CREATE UNIQUE INDEX cases_fir ON cases (district_lgd, police_station COLLATE NOCASE, fir_number,
                                        substr(fir_date, 1, 4));
CREATE INDEX cases_state ON cases (state_lgd, fir_date);
CREATE INDEX cases_date ON cases (fir_date);

-- Each dated change of a case's status (append-only).
CREATE TABLE case_events (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	on_date TEXT NOT NULL,
	at INTEGER NOT NULL,
	by_user INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events are append-only'); END;

CREATE TABLE victims (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	code TEXT NOT NULL UNIQUE,
	gender TEXT NOT NULL,
	age INTEGER CHECK (age IS NULL OR age BETWEEN 0 AND 120),
	age_band TEXT NOT NULL,
	nationality TEXT NOT NULL,
	purposes INTEGER NOT NULL DEFAULT 0,    -- bit set of the NCRB purposes
	methods_of_control INTEGER NOT NULL DEFAULT 0,
	recruiter_relation TEXT NOT NULL DEFAULT '',
	rescued_on TEXT,
	rescue_district_lgd INTEGER REFERENCES districts(lgd),
	shelter TEXT NOT NULL DEFAULT '',
	source_district_lgd INTEGER REFERENCES districts(lgd),
	source_country TEXT,
	transit TEXT NOT NULL DEFAULT '',       -- "D<lgd>" or a country code, in order, space-separated
	destination_district_lgd INTEGER REFERENCES districts(lgd),
	destination_country TEXT,
	name BLOB,                              -- sealed
	address BLOB,                           -- sealed
	contact BLOB,                           -- sealed
	CHECK (source_district_lgd IS NULL OR source_country IS NULL),
	CHECK (destination_district_lgd IS NULL OR destination_country IS NULL)
) STRICT;
CREATE INDEX victims_case ON victims (case_id);

CREATE TABLE accused (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	roles INTEGER NOT NULL DEFAULT 0,       -- bit set of the roles
	arrested INTEGER NOT NULL DEFAULT 0,
	chargesheeted INTEGER NOT NULL DEFAULT 0,
	convicted INTEGER NOT NULL DEFAULT 0,
	agency_id INTEGER REFERENCES records(id),
	name BLOB,                              -- sealed
	UNIQUE (case_id, code)
) STRICT;
CREATE INDEX accused_code ON accused (code);

-- A counter every change to the case tables moves on, so that the
-- analysis's in-memory copy knows when it is stale whoever wrote.
CREATE TABLE cases_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
INSERT INTO cases_version VALUES (1, 0);
CREATE TRIGGER cases_v_i AFTER INSERT ON cases BEGIN UPDATE cases_version SET n = n + 1; END;
CREATE TRIGGER cases_v_u AFTER UPDATE ON cases BEGIN UPDATE cases_version SET n = n + 1; END;
CREATE TRIGGER cases_v_d AFTER DELETE ON cases BEGIN UPDATE cases_version SET n = n + 1; END;
CREATE TRIGGER victims_v_i AFTER INSERT ON victims BEGIN UPDATE cases_version SET n = n + 1; END;
CREATE TRIGGER victims_v_u AFTER UPDATE ON victims BEGIN UPDATE cases_version SET n = n + 1; END;
CREATE TRIGGER victims_v_d AFTER DELETE ON victims BEGIN UPDATE cases_version SET n = n + 1; END;

-- Settings the Cell keeps, one JSON value per key (the classification's thresholds).
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,                    -- JSON, checked by the module
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES users(id)
) STRICT;
