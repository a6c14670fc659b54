-- Contract: replaces the index version N-1's tracker query seeks (spans of
-- 65,536 entries). N-1 still answers correctly during a rolling upgrade,
-- but a citizen's tracker then scans audit_subjects: finish the upgrade
-- promptly.
-- The data tracker's index of the chain's citizens is keyed by spans of
-- 4,096 entries (seq >> 12): a move rewrites every leaf of the current span
-- its entries touch, and a span of 65,536 entries grew to ~1,200 leaves
-- (sqlstore/audit_span.go has the measurement).
DROP INDEX audit_subjects_span_citizen;
CREATE INDEX audit_subjects_span_citizen ON audit_subjects (seq >> 12, citizen_id, seq);
