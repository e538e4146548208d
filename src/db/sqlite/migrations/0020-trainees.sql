-- Trainees named (optional, beside the counts of training_participants):
-- a name is personal data, sealed by the server (src/crypto/field.c) with
-- the course in its context; read only by the Cell and the trainee's
-- State, each reading audited.
CREATE TABLE training_trainees (
	id INTEGER PRIMARY KEY,
	course_id INTEGER NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
	state_lgd INTEGER NOT NULL REFERENCES states(lgd),
	category TEXT NOT NULL CHECK (category IN ('police', 'prosecutors', 'judiciary', 'ngo', 'other')),
	rank TEXT NOT NULL DEFAULT '',
	name_sealed BLOB NOT NULL,
	certificate_no TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX training_trainees_course ON training_trainees (course_id, state_lgd);
