-- Duplicate review: the provenance of every imported form, the queue of
-- candidate pairs an officer decides, and the merges (with their undo).

-- A form absorbed at import into a citizen that already held its data (same
-- ID number, identical content) under another record_ref. The citizen keeps
-- its own record_ref; this keeps the other, so no form's provenance is lost
-- and duplicate detection can name both forms.
CREATE TABLE citizen_forms (
    record_ref TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL,
    batch_id   INTEGER NOT NULL,
    line       INTEGER NOT NULL
);
CREATE INDEX citizen_forms_citizen ON citizen_forms (citizen_id);

-- One candidate pair of citizens. pair_key (the two ids in order) is
-- unique, so a decision survives later runs: a not_same pair stays
-- suppressed, a merged pair is never proposed again.
CREATE TABLE duplicate_candidates (
    id         TEXT PRIMARY KEY,
    pair_key   TEXT NOT NULL UNIQUE,
    left_id    TEXT NOT NULL,
    right_id   TEXT NOT NULL,
    left_ref   TEXT NOT NULL DEFAULT '',
    right_ref  TEXT NOT NULL DEFAULT '',
    score      REAL NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('match', 'review')),
    status     TEXT NOT NULL CHECK (status IN ('open', 'merged', 'not_same')),
    run_id     TEXT NOT NULL,
    -- Permanent communes and provinces of the two records, for
    -- jurisdiction: an officer decides a pair only when both records are
    -- in their unit.
    left_unit  TEXT NOT NULL DEFAULT '',
    right_unit TEXT NOT NULL DEFAULT '',
    left_province  TEXT NOT NULL DEFAULT '',
    right_province TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    reason     TEXT,
    merge_id   TEXT
);
CREATE INDEX duplicate_candidates_status ON duplicate_candidates (status, score);

-- One merge: merged_id folded into survivor_id. filled holds the survivor
-- fields filled from the merged record (field -> value), so undo restores
-- them; prior_status the merged record's status before the merge.
CREATE TABLE merges (
    id              TEXT PRIMARY KEY,
    candidate_id    TEXT,
    survivor_id     TEXT NOT NULL,
    merged_id       TEXT NOT NULL,
    number          TEXT,
    prior_status    TEXT NOT NULL,
    filled          TEXT NOT NULL,
    actor           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    merged_at       TEXT NOT NULL,
    undone_by       TEXT,
    undone_at       TEXT,
    undo_reason     TEXT
);
CREATE INDEX merges_merged ON merges (merged_id);
CREATE INDEX merges_survivor ON merges (survivor_id);
