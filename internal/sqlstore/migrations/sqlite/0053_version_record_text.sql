-- PostgreSQL's 0053 stores a version's record as text; SQLite always has.
-- Nothing to change here: the number is kept so both engines' migration
-- sets stay in step.
SELECT 1;
