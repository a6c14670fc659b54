package synth

import (
	"fmt"
	"strings"

	"dancu/internal/dc01"
)

// A duplicate is the same person's form collected again (another campaign,
// another officer, a temporary residence): a new record_ref and the usual
// clerical differences. It is held back for a few households so that it
// does not sit next to the original, which would make it trivial to find;
// the queue holds only pending duplicates, so memory stays bounded.

// pendingDup is a duplicate form waiting for its release.
type pendingDup struct {
	due     int // released once this many households have been emitted
	commune int // commune that collected the form (gives the record_ref)
	origRef string
	row     dc01.Row
	classes []string // the error kinds applied, in errKinds order
}

type dupQueue struct{ items []pendingDup }

// The errors a re-collected form may carry, with their relative frequency.
const (
	errNoDiacritics = iota
	errUpper
	errTypo
	errDropMiddle
	errSwapDayMonth
	errYearOnly
	errNoID
	errNoParents
	errAddress
	errNoPhone
	errSpelling
	errTone
	errDayTypo
	errYearOff
	errIDTypo
	errNoHousehold
	numErrKinds
)

// errKinds names each error kind: the class a duplicate is tagged with
// (Truth.Classes), so an evaluation can report recall per class.
var errKinds = newTable(
	[]string{"nodiacritics", "upper", "typo", "dropmiddle", "swapdm", "yearonly", "noid", "noparents", "address", "nophone",
		"spelling", "tone", "daytypo", "yearoff", "idtypo", "nohousehold"},
	[]float64{20, 10, 22, 8, 6, 7, 12, 8, 12, 8, 8, 6, 5, 4, 4, 4},
)

// How many errors a duplicate carries: usually one, never so many that the
// pair is no longer findable.
var errCounts = newTable([]string{"1", "2", "3"}, []float64{55, 33, 12})

// nameColumns are the name fields of a form; keyboard habits (no Vietnamese
// input method, caps lock) hit all of them at once.
var nameColumns = []int{colFullName, colFatherName, colMotherName, colSpouseName, colRepName, colHeadName}

// scheduleDuplicate prepares the re-collected form of the row just built.
func (g *gen) scheduleDuplicate(h *household, orig *dc01.Row) {
	d := pendingDup{
		due:     g.hhIndex + 2 + g.r.IntN(40), // at least one other household in between
		commune: h.commune,
		origRef: orig.RecordRef(),
		row:     *orig,
	}
	d.row.Values[colRecordRef] = ""
	g.corrupt(&d)
	g.dups.items = append(g.dups.items, d)
}

// corrupt applies 1-3 distinct applicable errors, plus the incidental
// differences any two collections of the same form have.
func (g *gen) corrupt(d *pendingDup) {
	r := g.r
	v := &d.row.Values
	want := errCounts.index(r) + 1
	var done [numErrKinds]bool
	for tries := 0; want > 0 && tries < 30; tries++ {
		k := errKinds.index(r)
		if done[k] || !g.applyError(k, d) {
			continue
		}
		done[k] = true
		want--
	}
	for k := range done {
		if done[k] {
			d.classes = append(d.classes, errKinds.values[k])
		}
	}
	// Incidental: optional fields left blank on the second form.
	if r.Float64() < 0.3 {
		v[colBloodType] = ""
	}
	if r.Float64() < 0.3 {
		v[colEmail] = ""
	}
	if r.Float64() < 0.2 {
		v[colOldIDNumber] = ""
	}
	if r.Float64() < 0.2 && v[colTempCommune] == "" {
		v[colCurCommune], v[colCurAddress] = "", ""
	}
}

// applyError applies one error kind and reports whether it applied (a
// missing phone cannot be dropped again).
func (g *gen) applyError(k int, d *pendingDup) bool {
	r := g.r
	v := &d.row.Values
	switch k {
	case errNoDiacritics:
		if isASCII(v[colFullName]) {
			return false
		}
		for _, c := range nameColumns {
			v[c] = stripDiacritics(v[c])
		}
		for _, c := range []int{colPermAddress, colTempAddress, colCurAddress, colBirthPlace} {
			v[c] = stripDiacritics(v[c])
		}
	case errUpper:
		for _, c := range nameColumns {
			v[c] = strings.ToUpper(v[c])
		}
	case errTypo:
		words := strings.Fields(v[colFullName])
		if len(words) < 2 {
			return false
		}
		i := len(words) - 1 // given name, the one clerks mistype most
		if len(words) > 2 && r.Float64() < 0.4 {
			i = 1 + r.IntN(len(words)-2)
		}
		t := typo(r, words[i])
		if t == words[i] {
			return false
		}
		words[i] = t
		v[colFullName] = strings.Join(words, " ")
	case errDropMiddle:
		words := strings.Fields(v[colFullName])
		if len(words) < 3 {
			return false
		}
		v[colFullName] = words[0] + " " + words[len(words)-1]
	case errSwapDayMonth:
		b := v[colBirthDate]
		if len(b) != 10 || b[8:10] == b[5:7] || b[8:10] > "12" {
			return false
		}
		v[colBirthDate] = b[:5] + b[8:10] + "-" + b[5:7]
	case errYearOnly:
		if len(v[colBirthDate]) <= 4 {
			return false
		}
		v[colBirthDate] = v[colBirthDate][:4]
	case errNoID:
		if v[colIDNumber] == "" {
			return false
		}
		v[colIDNumber] = ""
	case errNoParents:
		if v[colFatherName] == "" && v[colMotherName] == "" {
			return false
		}
		v[colFatherName], v[colFatherID], v[colMotherName], v[colMotherID] = "", "", "", ""
	case errAddress:
		g.changeAddress(d)
	case errNoPhone:
		if v[colPhone] == "" {
			return false
		}
		v[colPhone] = ""
	case errSpelling:
		return misspellName(r, &v[colFullName])
	case errTone:
		return retoneName(r, &v[colFullName])
	case errDayTypo: // one digit of the day slipped: 12 -> 13, 21 -> 11
		b := v[colBirthDate]
		if len(b) != 10 {
			return false
		}
		day := dayTypo(r, b[8:10], b[:7])
		if day == "" {
			return false
		}
		v[colBirthDate] = b[:8] + day
	case errYearOff: // age counted the traditional way (tuổi mụ): the year one off
		b := v[colBirthDate]
		if len(b) < 4 || (len(b) == 10 && b[5:10] == "02-29") {
			return false
		}
		y := 0
		for _, c := range b[:4] {
			y = y*10 + int(c-'0')
		}
		y += []int{-1, 1}[r.IntN(2)]
		if y >= g.opts.AsOf.Year() { // never born after the collection
			y -= 2
		}
		v[colBirthDate] = fmt.Sprintf("%04d", y) + b[4:]
	case errIDTypo: // one digit of the number mistyped
		n := []byte(v[colIDNumber])
		if len(n) != 12 {
			return false
		}
		i := 6 + r.IntN(6) // the serial part: prefixes are checked at import
		n[i] = '0' + byte((int(n[i]-'0')+1+r.IntN(9))%10)
		v[colIDNumber] = string(n)
	case errNoHousehold:
		if v[colHouseholdRef] == "" {
			return false
		}
		v[colHouseholdRef] = ""
	}
	return true
}

// changeAddress either words the same address differently or records the
// person at a temporary residence in another commune, where this second
// form was collected.
func (g *gen) changeAddress(d *pendingDup) {
	r := g.r
	v := &d.row.Values
	if r.Float64() < 0.5 && len(g.geo.communes) > 1 {
		c := g.geo.otherCommune(r, d.commune)
		addr := g.geo.address(r, c)
		v[colTempCommune], v[colTempAddress] = g.geo.communes[c].code, addr
		v[colCurCommune], v[colCurAddress] = g.geo.communes[c].code, addr
		d.commune = c
		return
	}
	same := v[colCurAddress] == v[colPermAddress]
	v[colPermAddress] = rephrase(r, v[colPermAddress], g.geo.communes[d.commune].name)
	if same {
		v[colCurAddress] = v[colPermAddress]
	}
}

// release emits the duplicates that are due (all of them when flushing), in
// the order they were scheduled, and reports each pair.
func (q *dupQueue) release(g *gen, all bool) error {
	keep := q.items[:0]
	for i := range q.items {
		d := &q.items[i]
		if !all && d.due > g.hhIndex {
			keep = append(keep, *d)
			continue
		}
		row := d.row // a fresh copy for the caller to keep
		row.Values[colRecordRef] = g.recordRef(d.commune)
		if err := g.emit(&row); err != nil {
			return err
		}
		g.out.Rows++
		g.out.Duplicates++
		if g.onTruth != nil {
			if err := g.onTruth(Truth{LeftRef: d.origRef, RightRef: row.Values[colRecordRef], Classes: d.classes}); err != nil {
				return err
			}
		}
	}
	clear(q.items[len(keep):])
	q.items = keep
	return nil
}

// flush emits every pending duplicate at the end of the run.
func (q *dupQueue) flush(g *gen) error { return q.release(g, true) }
