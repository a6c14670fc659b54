-- A version's record is stored as text, as on SQLite. The json type only
-- re-validated, on every row an import moves, what encoding/json wrote;
-- nothing queries inside it (reads return it whole, as stored bytes).
-- Measured on the 1M import: the validation was the server's largest
-- single cost after the B-trees.
ALTER TABLE citizen_versions ALTER COLUMN data TYPE TEXT, ALTER COLUMN previous TYPE TEXT;
