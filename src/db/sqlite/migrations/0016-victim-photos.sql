-- A victim's photo (JPEG or PNG, at most 2 MB), sealed like the other
-- personal values, read only through its own request (each reading audited).
ALTER TABLE victims ADD COLUMN photo BLOB;
