-- A link to a relative holds the relative's integer rid instead of a copy
-- of their 36-byte text id (issue 14 item 4, storage per citizen): at 1M
-- a citizen has ~2.3 links, ~85 of the ~1,540 bytes a citizen took
-- (dbstat). Which citizen a relative is stays resolved at write time
-- (links.go); a read follows the rid to the id by the primary key.
ALTER TABLE citizens ADD COLUMN father_rid BIGINT;
ALTER TABLE citizens ADD COLUMN mother_rid BIGINT;
ALTER TABLE citizens ADD COLUMN spouse_rid BIGINT;
ALTER TABLE citizens ADD COLUMN representative_rid BIGINT;
ALTER TABLE citizens ADD COLUMN head_rid BIGINT;
UPDATE citizens SET
    father_rid = (SELECT r.rid FROM citizens r WHERE r.id = citizens.father_id),
    mother_rid = (SELECT r.rid FROM citizens r WHERE r.id = citizens.mother_id),
    spouse_rid = (SELECT r.rid FROM citizens r WHERE r.id = citizens.spouse_id),
    representative_rid = (SELECT r.rid FROM citizens r WHERE r.id = citizens.representative_id),
    head_rid = (SELECT r.rid FROM citizens r WHERE r.id = citizens.head_id)
WHERE father_id IS NOT NULL OR mother_id IS NOT NULL OR spouse_id IS NOT NULL OR representative_id IS NOT NULL OR head_id IS NOT NULL;
ALTER TABLE citizens DROP COLUMN father_id;
ALTER TABLE citizens DROP COLUMN mother_id;
ALTER TABLE citizens DROP COLUMN spouse_id;
ALTER TABLE citizens DROP COLUMN representative_id;
ALTER TABLE citizens DROP COLUMN head_id;
