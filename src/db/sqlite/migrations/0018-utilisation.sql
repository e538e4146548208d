-- Utilisation certificates: what a State reports having spent of a release,
-- in whole paise.  A release's certificate is due 12 months after the end of
-- the financial year it was released in (the General Financial Rules).
CREATE TABLE utilisation (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES fund_releases(id),
	amount_paise INTEGER NOT NULL CHECK (amount_paise >= 0),
	certificate_ref TEXT NOT NULL DEFAULT '',
	certified_on TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX utilisation_release ON utilisation (release_id);
