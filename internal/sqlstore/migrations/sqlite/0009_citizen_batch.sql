-- The import batch that created each citizen (NULL for records created
-- otherwise), so the duplicate check after an import selects exactly the
-- batch's records: a time window also caught another batch's records
-- written within the same second. No index: the check after an import
-- loads the whole register anyway, and a scan of citizens by batch is a
-- fraction of that, while an index would cost every bulk load its rebuild.
ALTER TABLE citizens ADD COLUMN batch_id INTEGER;
