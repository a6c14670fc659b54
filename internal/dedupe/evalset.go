package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// EvalSet is a duplicate set built independently of the population
// generator, to check that the model was not fitted to one error list:
// clean records, perturbed copies of some (the true pairs) and hard
// negatives made from others (twins, father/son namesakes, common-name
// strangers), which must not be matched.
type EvalSet struct {
	Records   []registry.Citizen
	Truth     []RefPair
	Negatives int
	// Classes maps each perturbed copy's record_ref to its error classes
	// (see EvaluateByClass).
	Classes map[string][]string
	// Found are the pairs detection found on the set (IndependentSet).
	Found []Pair
}

// BuildEvalSet perturbs a share rate of base (which must hold no
// duplicates) and adds about as many hard negatives, deterministically
// for a seed. Its perturbation model differs from the generator's: a
// keyboard-neighbour typo model, swapped name order, added middle names,
// year-month dates, digit slips, blank relatives and numbers, moves.
func BuildEvalSet(base []registry.Citizen, rate float64, seed uint64) EvalSet {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	set := EvalSet{Records: append([]registry.Citizen(nil), base...), Classes: map[string][]string{}}
	for i, c := range base {
		switch x := r.Float64(); {
		case x < rate:
			d, classes := perturb(r, c, base)
			d.RecordRef = fmt.Sprintf("P-%d", i)
			set.Classes[d.RecordRef] = classes
			set.Records = append(set.Records, d)
			set.Truth = append(set.Truth, RefPair{c.RecordRef, d.RecordRef})
		case x < rate+rate/3:
			if n, ok := hardNegative(r, c, base); ok {
				n.RecordRef = fmt.Sprintf("N-%d", i)
				set.Records = append(set.Records, n)
				set.Negatives++
			}
		}
	}
	return set
}

// perturbClasses names perturb's errors, for per-class figures.
var perturbClasses = [...]string{"keytypo", "reordered", "middleadded", "yearmonth", "dayslip", "nonumbers", "norelatives", "moved", "nocontact",
	"surnameabbrev", "yearslip", "numberslip", "nomiddle", "givenbyear"}

// perturb applies one to three independent errors and names them.
func perturb(r *rand.Rand, c registry.Citizen, base []registry.Citizen) (registry.Citizen, []string) {
	d := c
	d.ID, d.Version = "", 0
	var classes []string
	for n := 1 + r.IntN(3); n > 0; n-- {
		k := r.IntN(len(perturbClasses))
		if !slices.Contains(classes, perturbClasses[k]) {
			classes = append(classes, perturbClasses[k])
		}
		switch k {
		case 0:
			d.FullName = keyboardTypo(r, d.FullName)
		case 1: // given name written first
			w := strings.Fields(d.FullName)
			d.FullName = strings.Join(append(w[len(w)-1:], w[:len(w)-1]...), " ")
		case 2: // a middle name added
			w := strings.Fields(d.FullName)
			mid := map[registry.Sex]string{registry.Male: "Văn", registry.Female: "Thị"}[d.Sex]
			if len(w) >= 2 && mid != "" && !strings.Contains(d.FullName, mid) {
				d.FullName = strings.Join(append([]string{w[0], mid}, w[1:]...), " ")
			}
		case 3: // only year and month known
			if d.BirthDate.Precision() == pdate.Day {
				d.BirthDate = pdate.Date{Year: d.BirthDate.Year, Month: d.BirthDate.Month}
			}
		case 4: // a day digit slipped
			if b := d.BirthDate; b.Precision() == pdate.Day {
				if nd, err := pdate.New(b.Year, b.Month, b.Day/10*10+r.IntN(10)); err == nil && nd.Day != 0 {
					d.BirthDate = nd
				}
			}
		case 5:
			d.IDNumber, d.OldIDNumber = "", ""
		case 6:
			d.Father, d.Mother, d.Spouse = registry.PersonRef{}, registry.PersonRef{}, registry.PersonRef{}
		case 7: // moved: the residence of someone else
			o := base[r.IntN(len(base))]
			d.Permanent, d.Temporary, d.Current, d.HouseholdRef = o.Permanent, registry.Residence{}, o.Current, ""
		case 8:
			d.Phone, d.Email, d.BloodType, d.HouseholdRef = "", "", "", ""
		case 9: // the surname abbreviated, as on a handwritten list: "Ng. Văn An"
			if w := strings.Fields(d.FullName); len(w) > 2 {
				w[0] = string([]rune(w[0])[:min(2, len([]rune(w[0])))]) + "."
				d.FullName = strings.Join(w, " ")
			}
		case 10: // a year digit slipped, day and month kept
			if b := d.BirthDate; b.Year > 1910 {
				d.BirthDate.Year = b.Year - 10 + 20*r.IntN(2)
				if d.BirthDate.Year > 2025 {
					d.BirthDate.Year = b.Year - 10
				}
			}
		case 11: // a digit of the ID number mistyped
			if n := []byte(d.IDNumber); len(n) == 12 {
				i := len(n) - 1 - r.IntN(4)
				n[i] = '0' + (n[i]-'0'+1)%10
				d.IDNumber = string(n)
			}
		case 12: // the middle names left out
			if w := strings.Fields(d.FullName); len(w) > 2 {
				d.FullName = w[0] + " " + w[len(w)-1]
			}
		case 13: // the given name written by ear: the first letter as it sounds
			w := strings.Fields(d.FullName)
			g := []rune(w[len(w)-1])
			for _, p := range [][2]rune{{'D', 'R'}, {'R', 'D'}, {'S', 'X'}, {'X', 'S'}, {'L', 'N'}} {
				if g[0] == p[0] {
					g[0] = p[1]
					w[len(w)-1] = string(g)
					d.FullName = strings.Join(w, " ")
					break
				}
			}
		}
	}
	return d, classes
}

// keyboardNeighbours are QWERTY neighbours: the typo of a hurried typist,
// not a confusion of sounds.
var keyboardNeighbours = map[byte]string{
	'a': "qsz", 'b': "vn", 'c': "xv", 'd': "sf", 'e': "wr", 'g': "fh", 'h': "gj", 'i': "uo",
	'k': "jl", 'l': "k", 'm': "n", 'n': "bm", 'o': "ip", 'p': "o", 'q': "wa", 'r': "et",
	's': "ad", 't': "ry", 'u': "yi", 'v': "cb", 'x': "zc", 'y': "tu",
}

// keyboardTypo replaces one ASCII letter of one word by a neighbour key.
func keyboardTypo(r *rand.Rand, name string) string {
	w := strings.Fields(name)
	i := r.IntN(len(w))
	b := []byte(w[i])
	for tries := 0; tries < 8; tries++ {
		j := r.IntN(len(b))
		if nb, ok := keyboardNeighbours[b[j]]; ok {
			b[j] = nb[r.IntN(len(nb))]
			w[i] = string(b)
			return strings.Join(w, " ")
		}
	}
	return name
}

// hardNegative makes another person who looks like c: a twin, a namesake
// son, or a stranger with the same name and birth year.
func hardNegative(r *rand.Rand, c registry.Citizen, base []registry.Citizen) (registry.Citizen, bool) {
	n := c
	n.ID, n.Version, n.IDNumber, n.OldIDNumber, n.Phone, n.Email, n.Spouse = "", 0, "", "", "", "", registry.PersonRef{}
	other := base[r.IntN(len(base))]
	w := strings.Fields(c.FullName)
	ow := strings.Fields(other.FullName)
	switch r.IntN(3) {
	case 0: // twin: same parents and birth date, another given name
		if c.BirthDate.Precision() != pdate.Day || (c.Father.Name == "" && c.Mother.Name == "") ||
			other.Sex != c.Sex || ow[len(ow)-1] == w[len(w)-1] {
			return n, false
		}
		w[len(w)-1] = ow[len(ow)-1]
		n.FullName = strings.Join(w, " ")
	case 1: // namesake son
		if c.Sex != registry.Male || c.BirthDate.Year > 1995 {
			return n, false
		}
		n.BirthDate = pdate.Date{Year: c.BirthDate.Year + 20 + r.IntN(15), Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}
		n.Father, n.Mother = registry.PersonRef{Name: c.FullName, IDNumber: c.IDNumber}, c.Spouse
	case 2: // stranger: same name and year, the rest of another person
		if other.Sex != c.Sex || other.RecordRef == c.RecordRef {
			return n, false
		}
		n = other
		n.ID, n.Version, n.IDNumber, n.OldIDNumber, n.Phone, n.Email = "", 0, "", "", "", ""
		n.FullName = c.FullName
		n.BirthDate = pdate.Date{Year: c.BirthDate.Year, Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}
	}
	return n, true
}
