// Package synthbio draws deterministic synthetic biometrics for demos and
// tests: a face photo, ten fingerprints and a signature. The same seed
// always gives the same bytes, so fixtures need not be stored; nothing
// here resembles a real person.
package synthbio
