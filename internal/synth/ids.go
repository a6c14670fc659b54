package synth

import (
	"strconv"
	"strings"

	"dancu/internal/idnumber"
	"dancu/internal/textfold"
)

// idBlock is the issuing state of one ID block "PPPGYY": its permutation
// and the next index. The map of blocks is only looked up, never iterated,
// so it cannot disturb the output order.
type idBlock struct {
	seq  idnumber.BlockSequencer
	next uint32
}

// sequencerKey derives the ID key from the seed, so the same Options give
// the same numbers and different seeds give unrelated ones.
func sequencerKey(seed int64) []byte {
	return []byte("dancu/synth/id-key/seed=" + strconv.FormatInt(seed, 10))
}

// issueID gives p the next number of its block, like the registry would.
func (g *gen) issueID(p *person) error {
	sex := idnumber.Female
	if p.male {
		sex = idnumber.Male
	}
	key, err := idnumber.Block(p.prefix, p.year(), sex)
	if err != nil {
		return err
	}
	b := g.blocks[key]
	if b == nil {
		bs, err := g.seq.Block(key)
		if err != nil {
			return err
		}
		b = &idBlock{seq: bs}
		g.blocks[key] = b
	}
	id, err := b.seq.Number(b.next)
	if err != nil {
		return err
	}
	b.next++
	p.id = id
	return nil
}

// permuteMod maps a counter to a distinct pseudo-random-looking value below
// m (a power of ten): multiplication by a constant coprime to 10 is a
// bijection modulo m, so numbers never collide while the counter is below m.
func permuteMod(n, mul, add, m uint64) uint64 { return (n*mul + add) % m }

// oldIDNumber returns a unique 9-digit CMND number.
func (g *gen) oldIDNumber() string {
	v := permuteMod(g.oldIDs, 387_420_489, g.oldIDOffset, 1_000_000_000)
	g.oldIDs++
	return pad(v, 9)
}

// Mobile prefixes (10-digit numbers since 2018): mostly Viettel 03x/09x,
// then VinaPhone and MobiFone.
var phonePrefixes = newTable(
	[]string{"032", "033", "034", "035", "036", "037", "038", "039", "096", "097", "098", "086",
		"091", "094", "088", "081", "082", "083", "084", "085",
		"090", "093", "089", "070", "076", "077", "078", "079", "092", "056", "058", "099"},
	[]float64{5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 3,
		4, 4, 2, 1.5, 1.5, 1.5, 1.5, 1.5,
		4, 3, 1.5, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.3},
)

// phoneNumber returns a mobile number whose 7-digit tail is unique in the run.
func (g *gen) phoneNumber() string {
	v := permuteMod(g.phones, 4_782_969, g.phoneOffset, 10_000_000)
	g.phones++
	return phonePrefixes.pick(g.r) + pad(v, 7)
}

// email builds an address from the folded name, as people do.
func (g *gen) email(p *person) string {
	given := strings.ReplaceAll(textfold.Fold(p.giv), " ", "")
	sur := strings.ReplaceAll(textfold.Fold(p.sur), " ", "")
	y := p.year()
	var local string
	switch g.r.IntN(3) {
	case 0:
		local = given + sur + strconv.Itoa(y%100)
	case 1:
		local = sur + "." + given + strconv.Itoa(y)
	default:
		local = given + strconv.Itoa(100+g.r.IntN(900))
	}
	domain := "gmail.com"
	if g.r.IntN(10) == 0 {
		domain = "yahoo.com"
	}
	return local + "@" + domain
}

func pad(v uint64, width int) string {
	s := strconv.FormatUint(v, 10)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}
