-- Training (src/monitoring/training.c): the programmes the Cell runs or
-- follows (Training of Trainers, State courses, prosecutors' training,
-- judicial colloquia, the UNODC project, the IGNOU certificate), their
-- courses, and who took part, counted by State, category and rank.
CREATE TABLE training_programmes (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('tot', 'state_course', 'prosecutors', 'judicial', 'project', 'certificate', 'other')),
	scheme_id INTEGER REFERENCES schemes(id),   -- whose targets its trainees count toward
	organiser TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
) STRICT;

-- A course: national (host_state_lgd NULL: the Cell's) or held by a State.
-- cascade_of: the Training of Trainers course whose trainees ran it.
CREATE TABLE training_courses (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES training_programmes(id),
	title TEXT NOT NULL,
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL CHECK (ends_on >= starts_on),
	venue TEXT NOT NULL DEFAULT '',
	host_state_lgd INTEGER REFERENCES states(lgd),
	organiser TEXT NOT NULL DEFAULT '',
	resource_persons TEXT NOT NULL DEFAULT '',
	certificates INTEGER NOT NULL DEFAULT 0 CHECK (certificates >= 0),
	cascade_of INTEGER REFERENCES training_courses(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id),
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX training_courses_programme ON training_courses (programme_id, starts_on);
CREATE INDEX training_courses_host ON training_courses (host_state_lgd, starts_on);
CREATE INDEX training_courses_cascade ON training_courses (cascade_of) WHERE cascade_of IS NOT NULL;

-- Who took part: how many, of which State, category and rank.
CREATE TABLE training_participants (
	course_id INTEGER NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
	state_lgd INTEGER NOT NULL REFERENCES states(lgd),
	category TEXT NOT NULL CHECK (category IN ('police', 'prosecutors', 'judiciary', 'ngo', 'other')),
	rank TEXT NOT NULL DEFAULT '',
	count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100000),
	PRIMARY KEY (course_id, state_lgd, category, rank)
) STRICT;
CREATE INDEX training_participants_state ON training_participants (state_lgd, category, count);


-- Participants summed by programme, State and category, kept by the
-- triggers below in the same transaction as every change, so that progress
-- against the targets reads a few hundred rows however many courses there are.
CREATE TABLE training_totals (
	programme_id INTEGER NOT NULL,
	state_lgd INTEGER NOT NULL,
	category TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (programme_id, state_lgd, category)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER training_totals_insert AFTER INSERT ON training_participants BEGIN
	INSERT INTO training_totals (programme_id, state_lgd, category, n)
	SELECT programme_id, NEW.state_lgd, NEW.category, NEW.count FROM training_courses WHERE id = NEW.course_id
	ON CONFLICT (programme_id, state_lgd, category) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER training_totals_delete AFTER DELETE ON training_participants BEGIN
	UPDATE training_totals SET n = n - OLD.count
	WHERE programme_id = (SELECT programme_id FROM training_courses WHERE id = OLD.course_id)
	  AND state_lgd = OLD.state_lgd AND category = OLD.category;
END;
CREATE TRIGGER training_totals_move AFTER UPDATE OF programme_id ON training_courses
WHEN OLD.programme_id <> NEW.programme_id BEGIN
	UPDATE training_totals SET n = n - coalesce((SELECT sum(t.count) FROM training_participants t
		WHERE t.course_id = NEW.id AND t.state_lgd = training_totals.state_lgd
		  AND t.category = training_totals.category), 0)
	WHERE programme_id = OLD.programme_id;
	INSERT INTO training_totals (programme_id, state_lgd, category, n)
	SELECT NEW.programme_id, state_lgd, category, sum(count) FROM training_participants
	WHERE course_id = NEW.id GROUP BY state_lgd, category
	ON CONFLICT (programme_id, state_lgd, category) DO UPDATE SET n = n + excluded.n;
END;
