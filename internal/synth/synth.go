// Package synth generates a deterministic synthetic population of one
// province as DC01 forms in the import format (shared/spec/import-format.md),
// with households, family links, realistic name and age distributions,
// re-collected duplicate forms with typical errors (and the list of true
// duplicate pairs), and hard negatives: twins, father/son namesakes and
// unrelated people with the same common name and birth year.
//
// The same Options always give byte-identical output: one PCG generator
// seeded from Options.Seed drives every choice, in a fixed order, and no
// map is ever iterated for output. Generation streams household by
// household; memory does not grow with Options.People.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"dancu/internal/dc01"
	"dancu/internal/idnumber"
	"dancu/internal/units"
)

// Options configures a run.
type Options struct {
	// Province code in the list in force at AsOf (List2025July from
	// 2025-07-01), e.g. "42" for Hà Tĩnh.
	Province string
	// People is the number of distinct people (duplicate forms excluded).
	People int
	Seed   int64
	// AsOf is the reference "today" for ages and for the list of units;
	// 2026-01-01 when zero. Never the wall clock: output must be repeatable.
	AsOf time.Time
	// DuplicateRate (0..1) is the share of people who get a second,
	// re-collected form.
	DuplicateRate float64
	// WithoutIDRate is the share of people with an empty id_number (the
	// registry assigns one). 0 means the default 0.05; use a negative value
	// for "everyone has a number".
	WithoutIDRate float64
}

// DefaultWithoutIDRate is used when Options.WithoutIDRate is 0.
const DefaultWithoutIDRate = 0.05

// Truth is a true duplicate pair: the original form and the re-collected
// one, with the error kinds the re-collected form carries (see errKinds:
// "typo", "dropmiddle", "yearonly", …), so an evaluation can report recall
// per error class.
type Truth struct {
	LeftRef, RightRef string
	Classes           []string
}

// Stats counts what a run produced.
type Stats struct {
	People     int // distinct people (= Options.People)
	Rows       int // forms emitted, duplicates included
	Households int
	Duplicates int // re-collected forms (= true pairs)

	// Hard negatives emitted: people made deliberately similar to another
	// person who is not them. Each counts the second person of the pair.
	Twins       int // second-born twins (same parents and birth date)
	Namesakes   int // sons with exactly their father's full name
	CommonNames int // men named Nguyễn Văn Hùng (women Nguyễn Thị Hương) born in a popular year
}

// gen is the state of one run.
type gen struct {
	opts    Options
	r       *rand.Rand
	geo     *geo
	asOf    int // day number
	seq     *idnumber.Sequencer
	blocks  map[string]*idBlock
	emit    func(*dc01.Row) error
	onTruth func(Truth) error

	refPrefix []string // per commune: "42-18073-"
	recSeq    []int    // per commune: last form number
	hhSeq     []int    // per commune: last household number

	oldIDs, oldIDOffset uint64
	phones, phoneOffset uint64

	cur     *household // household being built
	hhIndex int        // households emitted so far
	dups    dupQueue
	out     Stats
}

// Generate streams the forms of a synthetic population to emit, in a
// deterministic order, and reports each true duplicate pair to onTruth (may
// be nil) when its second form has been emitted. Each *dc01.Row is freshly
// allocated, so emit may keep it.
func Generate(opts Options, emit func(*dc01.Row) error, onTruth func(Truth) error) error {
	_, err := generate(opts, emit, onTruth)
	return err
}

func generate(opts Options, emit func(*dc01.Row) error, onTruth func(Truth) error) (Stats, error) {
	g, err := newGen(opts, emit, onTruth)
	if err != nil {
		return Stats{}, err
	}
	for g.out.People < g.opts.People {
		h := g.household()
		if left := g.opts.People - g.out.People; len(h.members) > left {
			// The last household is cut to fit; members are ordered so that
			// no child outlives its parents' rows.
			h.members = h.members[:left]
		}
		if err := g.emitHousehold(h); err != nil {
			return g.out, err
		}
	}
	if err := g.dups.flush(g); err != nil {
		return g.out, err
	}
	return g.out, nil
}

func newGen(opts Options, emit func(*dc01.Row) error, onTruth func(Truth) error) (*gen, error) {
	if emit == nil {
		return nil, errors.New("synth: emit is nil")
	}
	if opts.People < 0 {
		return nil, fmt.Errorf("synth: People = %d, want >= 0", opts.People)
	}
	if opts.DuplicateRate < 0 || opts.DuplicateRate > 1 {
		return nil, fmt.Errorf("synth: DuplicateRate = %v, want 0..1", opts.DuplicateRate)
	}
	switch {
	case opts.WithoutIDRate == 0:
		opts.WithoutIDRate = DefaultWithoutIDRate
	case opts.WithoutIDRate < 0:
		opts.WithoutIDRate = 0
	case opts.WithoutIDRate > 1:
		return nil, fmt.Errorf("synth: WithoutIDRate = %v, want 0..1", opts.WithoutIDRate)
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	seed := uint64(opts.Seed)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	cat := units.Default()
	gg, err := newGeo(cat, opts.Province, cat.ListAt(opts.AsOf), r)
	if err != nil {
		return nil, err
	}
	y, m, d := opts.AsOf.Date()
	g := &gen{
		opts:    opts,
		r:       r,
		geo:     gg,
		asOf:    daysFromCivil(y, int(m), d),
		seq:     idnumber.NewSequencer(sequencerKey(opts.Seed)),
		blocks:  make(map[string]*idBlock),
		emit:    emit,
		onTruth: onTruth,
		recSeq:  make([]int, len(gg.communes)),
		hhSeq:   make([]int, len(gg.communes)),
	}
	for _, c := range gg.communes {
		g.refPrefix = append(g.refPrefix, opts.Province+"-"+c.code+"-")
	}
	g.oldIDOffset = r.Uint64N(1_000_000_000)
	g.phoneOffset = r.Uint64N(10_000_000)
	return g, nil
}

// emitHousehold finalises a household, emits its forms, schedules
// duplicates, and releases duplicates that have waited long enough.
func (g *gen) emitHousehold(h *household) error {
	if len(h.members) == 0 {
		return nil
	}
	h.ref = g.householdRef(h.commune)
	if err := g.finalize(h); err != nil {
		return err
	}
	head := h.members[0]
	for _, m := range h.members {
		row := g.row(h, head, m)
		// The duplicate is copied before emit sees the row, so a caller
		// that edits rows cannot leak into it.
		if g.opts.DuplicateRate > 0 && g.r.Float64() < g.opts.DuplicateRate {
			g.scheduleDuplicate(h, row)
		}
		if err := g.emit(row); err != nil {
			return err
		}
		g.out.People++
		g.out.Rows++
		switch m.hardNeg {
		case hardNegTwin:
			g.out.Twins++
		case hardNegNamesake:
			g.out.Namesakes++
		case hardNegCommonName:
			g.out.CommonNames++
		}
	}
	g.out.Households++
	g.hhIndex++
	return g.dups.release(g, false)
}
