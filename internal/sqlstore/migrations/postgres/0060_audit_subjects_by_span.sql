-- Contract: drops the index version N-1's tracker query seeks. N-1 still
-- answers correctly during a rolling upgrade, but a citizen's tracker then
-- scans audit_subjects: finish the upgrade promptly.
-- The data tracker's index of the chain's citizens is keyed by the span of
-- 65,536 entries (seq >> 16) first, so that appending entries dirties the
-- current span's leaves only, not one random leaf of a register-wide
-- index per entry (sqlstore/audit_span.go has the measurement).
DROP INDEX audit_subjects_citizen;
CREATE INDEX audit_subjects_span_citizen ON audit_subjects ((seq >> 16), citizen_id, seq);
