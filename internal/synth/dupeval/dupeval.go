// Package dupeval builds an evaluation set for duplicate detection that is
// independent of the matcher: a population of distinct people in the import
// format (shared/spec/import-format.md), plus re-collected copies of some of
// them carrying the errors of hand-collected Vietnamese records, plus hard
// negatives (twins, namesakes, a son with his father's name, siblings) that
// look alike but are different people.
//
// It was written without reading the duplicate matcher (internal/dedupe),
// so that the classes of error reflect records, not the matcher's rules.
//
// The truth lists every true pair with the error classes its copy carries,
// and the hard negatives. Every pair of rows not listed as a duplicate is a
// different pair of people.
//
// The same Options give the same rows and truth, byte for byte: one PCG
// generator seeded from Options.Seed drives every choice in a fixed order,
// and no map is iterated for output.
package dupeval

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"dancu/internal/dc01"
	"dancu/internal/synth"
	"dancu/internal/units"
)

// Options configures a run.
type Options struct {
	// People is the number of distinct people the generator makes when Base
	// is nil (hard negatives added by this package come on top).
	People int
	Seed   int64
	// Province of the generated population, in the list in force at AsOf;
	// "42" (Hà Tĩnh) when empty.
	Province string
	// AsOf is the reference day for ages and unit lists; 2026-01-01 when
	// zero, never the wall clock.
	AsOf time.Time
	// DuplicateShare (0..1) is the share of people who get re-collected
	// copies; DefaultDuplicateShare when 0.
	DuplicateShare float64
	// WithholdIDs leaves the 12-digit number off every copy that would
	// carry its original's (a mistyped number stays). The importer treats
	// a form whose number the registry already holds as a conflict for
	// review, not as a new citizen, so with numbers kept most copies never
	// reach the duplicate matcher; withheld, every copy does. id_missing is
	// then no class of its own.
	WithholdIDs bool
	// Base, when not nil, is the population to start from instead of
	// generating one (rows in the import format, one per distinct person:
	// a base with duplicates of its own would make the truth incomplete).
	Base []dc01.Row
}

// DefaultDuplicateShare gives about 2,600 true pairs for 20,000 people.
const DefaultDuplicateShare = 0.125

// MaxPeople bounds a run: the whole set is held in memory.
const MaxPeople = 2_000_000

// Kind says what a listed pair is.
type Kind string

const (
	Duplicate Kind = "duplicate"  // the same person: a true pair
	Twin      Kind = "twin"       // one household, same parents and birth date, different given names
	Namesake  Kind = "namesake"   // same full name and birth year in one commune, different households
	FatherSon Kind = "father_son" // a son with exactly his father's full name, one household
	Sibling   Kind = "sibling"    // same parents and sex, one household, different names and birth dates
)

// Pair is a listed pair of records, named by record_ref. For a duplicate,
// Left is the earlier form (the original, or the first copy) and Classes
// lists the error classes that separate the two; hard negatives have none.
type Pair struct {
	Left, Right string
	Kind        Kind
	Classes     []Class
}

// Set is a generated evaluation set.
type Set struct {
	// Rows are the forms of the import file, originals and copies mixed in
	// an order that says nothing about which is which.
	Rows []dc01.Row
	// Pairs are the true duplicate pairs; every pair of copies of one
	// person is listed, so the truth is transitively closed.
	Pairs []Pair
	// Negatives are the hard negatives: listed pairs that are NOT the same
	// person.
	Negatives []Pair
}

// Generate builds an evaluation set.
func Generate(opts Options) (*Set, error) {
	if opts.Province == "" {
		opts.Province = "42"
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.DuplicateShare == 0 {
		opts.DuplicateShare = DefaultDuplicateShare
	}
	if opts.DuplicateShare < 0 || opts.DuplicateShare > 1 {
		return nil, fmt.Errorf("dupeval: duplicate share %v, want 0..1", opts.DuplicateShare)
	}
	base := opts.Base
	if base == nil {
		if opts.People < 1 || opts.People > MaxPeople {
			return nil, fmt.Errorf("dupeval: people = %d, want 1..%d", opts.People, MaxPeople)
		}
		var err error
		base, err = generateBase(opts)
		if err != nil {
			return nil, err
		}
	} else if len(base) > MaxPeople {
		return nil, fmt.Errorf("dupeval: base has %d rows, at most %d are supported", len(base), MaxPeople)
	}
	if len(base) == 0 {
		return nil, errors.New("dupeval: the base population is empty")
	}
	// A stream of its own: the base generator uses the seed as is.
	g, err := newGen(opts, newRand(uint64(opts.Seed)), base)
	if err != nil {
		return nil, err
	}
	g.injectHardNegatives()
	negatives := g.detectHardNegatives()
	pairs := g.makeCopies()
	return g.output(pairs, negatives), nil
}

// generateBase runs the population generator without its own duplicates.
func generateBase(opts Options) ([]dc01.Row, error) {
	rows := make([]dc01.Row, 0, opts.People)
	err := synth.Generate(synth.Options{
		Province: opts.Province,
		People:   opts.People,
		Seed:     opts.Seed,
		AsOf:     opts.AsOf,
	}, func(r *dc01.Row) error {
		rows = append(rows, *r)
		return nil
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("dupeval: base population: %w", err)
	}
	return rows, nil
}

// catalog is the unit catalogue every run uses.
func catalog() *units.Catalog { return units.Default() }

// newRand is the generator of a run.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x5eed_d00b_1e5e_7001, seed+0x0dd_ba11))
}
