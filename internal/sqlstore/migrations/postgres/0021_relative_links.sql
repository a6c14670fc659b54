-- Relatives resolved at write time (issue 14, item 2): the opaque id of
-- the citizen whose current ID number is the relative's number, or NULL.
-- Reads return these columns instead of five index look-ups per read; the
-- writes that can change a link (a record's relatives, a citizen's own
-- number, an import batch) set them in their transaction (links.go).
ALTER TABLE citizens ADD COLUMN father_id TEXT;
ALTER TABLE citizens ADD COLUMN mother_id TEXT;
ALTER TABLE citizens ADD COLUMN spouse_id TEXT;
ALTER TABLE citizens ADD COLUMN representative_id TEXT;
ALTER TABLE citizens ADD COLUMN head_id TEXT;

-- A citizen who gets a number (created, renumbered) re-links the records
-- naming it: father and mother numbers are indexed already (0005).
CREATE INDEX citizens_spouse_number ON citizens (spouse_number) WHERE spouse_number IS NOT NULL;
CREATE INDEX citizens_representative_number ON citizens (representative_number) WHERE representative_number IS NOT NULL;
CREATE INDEX citizens_head_number ON citizens (head_number) WHERE head_number IS NOT NULL;

UPDATE citizens SET
    father_id = (SELECT r.id FROM citizens r WHERE r.id_number = citizens.father_number),
    mother_id = (SELECT r.id FROM citizens r WHERE r.id_number = citizens.mother_number),
    spouse_id = (SELECT r.id FROM citizens r WHERE r.id_number = citizens.spouse_number),
    representative_id = (SELECT r.id FROM citizens r WHERE r.id_number = citizens.representative_number),
    head_id = (SELECT r.id FROM citizens r WHERE r.id_number = citizens.head_number);
