-- Corrections: a release or a utilisation certificate entered by mistake is
-- withdrawn, with its reason, not deleted; it then counts in no total.
ALTER TABLE fund_releases ADD COLUMN withdrawn_at INTEGER;
ALTER TABLE fund_releases ADD COLUMN withdrawn_by INTEGER REFERENCES users(id);
ALTER TABLE fund_releases ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE utilisation ADD COLUMN withdrawn_at INTEGER;
ALTER TABLE utilisation ADD COLUMN withdrawn_by INTEGER REFERENCES users(id);
ALTER TABLE utilisation ADD COLUMN withdrawn_reason TEXT;
