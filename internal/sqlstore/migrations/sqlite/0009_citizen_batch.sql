-- The import batch that created each citizen (NULL for records created
-- otherwise), so the duplicate check after an import selects exactly the
-- batch's records: a time window also caught another batch's records
-- written within the same second.
ALTER TABLE citizens ADD COLUMN batch_id INTEGER;
CREATE INDEX citizens_batch ON citizens (batch_id) WHERE batch_id IS NOT NULL;
