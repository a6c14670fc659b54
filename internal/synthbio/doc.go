// Package synthbio draws deterministic synthetic biometrics for demos and
// tests: a face photo, ten fingerprints and a signature. The same seed
// always gives the same bytes, so fixtures need not be stored; nothing
// here resembles a real person. A portrait can be drawn for a Person: a
// seed standing for the person, their sex and age, so that a demo gives
// each person their own face, aged as they are.
package synthbio
