package dupeval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"dancu/internal/dc01"
)

// output mixes originals and copies in a random order and numbers every
// form afresh, per collecting commune, so that neither the order nor the
// record_ref tells a copy from an original.
func (g *gen) output(dups, negs []ipair) *Set {
	order := g.r.Perm(len(g.recs))
	refs := make([]string, len(g.recs))
	seq := map[string]int{}
	prov := map[string]string{}
	set := &Set{Rows: make([]dc01.Row, 0, len(g.recs))}
	for _, i := range order {
		rc := g.recs[i]
		c := rc.commune
		if c == "" {
			c = "00000"
		}
		p, ok := prov[c]
		if !ok {
			p = g.province(c)
			prov[c] = p
		}
		seq[c]++
		refs[i] = p + "-" + c + "-" + pad(seq[c], 6)
		row := rc.row
		row.Line = 0
		row.Values[cRef] = refs[i]
		set.Rows = append(set.Rows, row)
	}
	conv := func(ps []ipair) []Pair {
		out := make([]Pair, len(ps))
		for i, p := range ps {
			out[i] = Pair{Left: refs[p.a], Right: refs[p.b], Kind: p.kind, Classes: p.classes}
		}
		return out
	}
	set.Pairs = conv(dups)
	set.Negatives = conv(negs)
	return set
}

// TruthHeader is the header of the truth file.
var TruthHeader = []string{"left_ref", "right_ref", "kind", "classes"}

// WriteTruth writes the pairs as CSV: left_ref,right_ref,kind,classes;
// classes are joined with "+" and empty for hard negatives. True pairs come
// first.
func (s *Set) WriteTruth(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(TruthHeader); err != nil {
		return err
	}
	for _, ps := range [][]Pair{s.Pairs, s.Negatives} {
		for _, p := range ps {
			cls := make([]string, len(p.Classes))
			for i, c := range p.Classes {
				cls[i] = string(c)
			}
			if err := cw.Write([]string{p.Left, p.Right, string(p.Kind), strings.Join(cls, "+")}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadTruth reads a truth file written by WriteTruth; duplicates and hard
// negatives come back apart.
func ReadTruth(r io.Reader) (pairs, negatives []Pair, err error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("dupeval: truth header: %w", err)
	}
	if !slices.Equal(head, TruthHeader) {
		return nil, nil, fmt.Errorf("dupeval: truth header is %q, want %q", strings.Join(head, ","), strings.Join(TruthHeader, ","))
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return pairs, negatives, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("dupeval: truth: %w", err)
		}
		p := Pair{Left: rec[0], Right: rec[1], Kind: Kind(rec[2])}
		if p.Left == "" || p.Right == "" || p.Left == p.Right {
			return nil, nil, fmt.Errorf("dupeval: truth line %d: need two different record_refs", line)
		}
		if rec[3] != "" {
			for _, c := range strings.Split(rec[3], "+") {
				if _, ok := classIndex[Class(c)]; !ok {
					return nil, nil, fmt.Errorf("dupeval: truth line %d: unknown class %q", line, c)
				}
				p.Classes = append(p.Classes, Class(c))
			}
		}
		switch p.Kind {
		case Duplicate:
			if len(p.Classes) == 0 {
				return nil, nil, fmt.Errorf("dupeval: truth line %d: a duplicate without classes", line)
			}
			pairs = append(pairs, p)
		case Twin, Namesake, FatherSon, Sibling:
			negatives = append(negatives, p)
		default:
			return nil, nil, fmt.Errorf("dupeval: truth line %d: unknown kind %q", line, p.Kind)
		}
	}
}

// WriteFiles writes the forms to out (CSV or JSON Lines by extension,
// ".gz" compresses; see dc01.EncodingFor) and the truth to truth. The
// files hold personal data, synthetic or not, so they are created 0600.
// On error neither file is left behind.
func (s *Set) WriteFiles(out, truth string) (err error) {
	write := func(path string, fill func(io.Writer) error) (err error) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("dupeval: %w", err)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("dupeval: %s: %w", path, cerr)
			}
			if err != nil {
				os.Remove(path)
			}
		}()
		return fill(f)
	}
	err = write(out, func(w io.Writer) error {
		enc, gz := dc01.EncodingFor(out)
		dw := dc01.NewWriter(w, enc, gz)
		for i := range s.Rows {
			if err := dw.Write(&s.Rows[i]); err != nil {
				return err
			}
		}
		return dw.Close()
	})
	if err != nil {
		return err
	}
	if err := write(truth, s.WriteTruth); err != nil {
		return errors.Join(err, os.Remove(out))
	}
	return nil
}

// ClassCount is how many true pairs carry a class.
type ClassCount struct {
	Class Class
	Pairs int // pairs whose classes include it
	Alone int // pairs where it is the only class
}

// Summary counts what a set holds.
type Summary struct {
	Rows, Pairs, TwoOrMore int
	ByClass                []ClassCount // in ClassTable order
	Negatives              map[Kind]int
}

// Summarize counts the set's pairs by class and its negatives by kind.
func (s *Set) Summarize() Summary {
	sum := Summary{Rows: len(s.Rows), Pairs: len(s.Pairs), Negatives: map[Kind]int{}}
	sum.ByClass = make([]ClassCount, len(ClassTable))
	for i, c := range ClassTable {
		sum.ByClass[i].Class = c.Class
	}
	for _, p := range s.Pairs {
		if len(p.Classes) > 1 {
			sum.TwoOrMore++
		}
		for _, c := range p.Classes {
			k := classIndex[c]
			sum.ByClass[k].Pairs++
			if len(p.Classes) == 1 {
				sum.ByClass[k].Alone++
			}
		}
	}
	for _, p := range s.Negatives {
		sum.Negatives[p.Kind]++
	}
	return sum
}

// ReadBase reads a base population from a file in the import format (CSV
// or JSON Lines by extension, optionally gzipped), at most MaxPeople rows.
func ReadBase(path string) ([]dc01.Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dupeval: %w", err)
	}
	defer f.Close()
	enc, gz := dc01.EncodingFor(path)
	rd, err := dc01.NewReader(f, enc, gz)
	if err != nil {
		return nil, fmt.Errorf("dupeval: %s: %w", path, err)
	}
	var rows []dc01.Row
	for {
		var row dc01.Row
		err := rd.Read(&row)
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("dupeval: %s: %w", path, err)
		}
		if len(rows) == MaxPeople {
			return nil, fmt.Errorf("dupeval: %s: more than %d rows", path, MaxPeople)
		}
		rows = append(rows, row)
	}
}
