// Package dedupe finds records of the register that describe the same
// person: demographic duplicate detection over the whole register, or for
// one new record against those already indexed.
//
// It never compares all pairs. An Index files every record under a few
// blocking keys (given name + birth year, name + commune, name + day and
// month, mother + birth year, household + sex, numbers, …; names as they
// sound, so "Trung" and "Chung", "Vy" and "Vi" share keys: sound.go) and proposes as candidates only the
// records that share a key. A block that outgrows a small cap is split
// into narrower keys (the key plus birth month, or plus a commune, …;
// keys.go), so a very common key cannot make the run quadratic, while two
// records of the block are still compared when they agree on any one of
// the refinements: a million records cost about as many comparisons per
// record as a hundred thousand.
//
// Each candidate pair is scored in the Fellegi–Sunter way: every field
// comparison yields an outcome (agree, a kind of partial agreement,
// disagree, or missing) and adds the weight log2(m/u), where m is the
// probability of that outcome for two records of one person and u its
// probability for two records of different people. The m values come from
// how forms are filled in and re-collected (weights.go); the u values are
// measured on the records being deduplicated (frequencies.go), so agreeing
// on a rare name is worth more than agreeing on "Nguyễn Văn Hùng".
//
// The score is a log2 likelihood ratio. Among N records each has at most a
// handful of true duplicates, so the prior odds of a pair are about 1/N and
// the thresholds are log2(N) plus the posterior odds wanted (thresholds.go).
// Vetoes (veto.go) keep apart the people whom evidence summed field by
// field would join: twins, brothers and sisters of one household,
// father/son namesakes, different sexes. That is where the register's
// relations serve as evidence: a household, parents or an address in
// common make a pair of one family, and within one family a different
// given name means another person, while the same name means the same one.
//
// The package is domain code: it imports no SQL or HTTP package.
package dedupe
