// Package audit is the tamper-evident log of every read and write of
// personal data: who (officer, agency, system), on whose behalf, which
// citizens, which fields, purpose, legal basis, result, time and request.
//
// Entries form a hash chain: hash_n = SHA-256(hash_{n-1} || seq_n ||
// canonical(entry_n)), with hash_0 all zeros and seq starting at 1. The
// canonical encoding (canonical.go) is injective, so any edit of a stored
// entry, including its list of citizens, changes its hash; a deleted entry
// leaves a gap in seq; swapped entries no longer chain.
//
// An attacker with write access to the database can recompute the whole
// chain after an edit. Checkpoints stop that: every N entries or T seconds
// the writer signs (seq, hash, time) with an Ed25519 key that lives outside
// the database, in a PEM file of mode 0600 on the application host (a
// separate file rather than the passphrase-sealed pki store, because the
// server signs unattended; the key signs nothing but checkpoints). Verifying
// needs only the public key. Verification should use a copy of the public
// key kept apart from the database (dancu audit public-key): keys read from
// the database are only as trustworthy as the database.
//
// What a chain cannot show: entries appended after the newest checkpoint
// and then removed. The writer checkpoints at least every
// CheckpointInterval and on a clean shutdown, which bounds that window.
//
// The package holds the rules only; storage implements Store and Reader.
package audit
