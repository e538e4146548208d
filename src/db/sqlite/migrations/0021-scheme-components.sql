-- A scheme's components, as the Cell describes them (a JSON array of
-- {code, name, description}): "Establishment of integrated AHTUs",
-- "Training of Trainers" …
ALTER TABLE schemes ADD COLUMN components TEXT NOT NULL DEFAULT '[]' CHECK (components LIKE '[%]');
