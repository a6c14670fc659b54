package synth

import (
	_ "embed"
	"math/rand/v2"
	"strings"
)

// The name lists are embedded so the binary never reads shared data at run
// time. See data/README.md for the source and licence.
var (
	//go:embed data/boy.txt
	boyTxt string
	//go:embed data/girl.txt
	girlTxt string
)

// nameList holds "middle given" pairs split once at start-up, so drawing a
// name is two slice reads.
type nameList struct {
	middle []string
	given  []string
}

var (
	boyNames  = parseNames(boyTxt)
	girlNames = parseNames(girlTxt)
)

// parseNames splits each line into middle name(s) and the given name (the
// last word). It repairs the upstream quirk of writing Đ as U+00D0 and drops
// repeated lines, keeping file order for determinism.
func parseNames(txt string) nameList {
	txt = strings.NewReplacer("\u00d0", "Đ", "\u00f0", "đ", "\r", "").Replace(txt)
	var nl nameList
	seen := make(map[string]bool)
	for _, line := range strings.Split(txt, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		key := strings.Join(f, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		nl.middle = append(nl.middle, strings.Join(f[:len(f)-1], " "))
		nl.given = append(nl.given, f[len(f)-1])
	}
	return nl
}

// Frequent middle names besides Văn/Thị, domain.md §11.2, weighted by the
// counts given there.
var (
	maleMiddles = newTable(
		[]string{"Minh", "Đức", "Ngọc", "Hoàng", "Quang", "Thanh", "Xuân", "Quốc", "Đình", "Hữu", "Duy", "Công", "Tiến", "Anh"},
		[]float64{1436, 1284, 1247, 1109, 1103, 1015, 969, 862, 811, 667, 637, 500, 400, 400},
	)
	femaleMiddles = newTable(
		[]string{"Ngọc", "Thu", "Thanh", "Phương", "Hồng", "Hoàng", "Minh", "Kim", "Thúy", "Thị Thu", "Thị Thanh", "Mai", "Bích"},
		[]float64{1236, 539, 510, 408, 406, 390, 370, 303, 301, 250, 200, 200, 200},
	)
)

// Frequent given names, domain.md §11.3 (ranked, no counts: Zipf weights).
// Older cohorts get a second list of names typical of people born before
// ~1975, so that "Nguyễn Văn Hùng" and "Nguyễn Thị Lan" are as common as
// they are in real registers.
var (
	maleGiven = newTable(
		[]string{"Anh", "Huy", "Sơn", "Nam", "Đức", "Duy", "Hiếu", "Tuấn", "Hoàng", "Đạt", "Minh", "Long", "Thành", "Dũng", "Hải", "Hùng", "Trung", "Quang", "Thắng", "Hưng", "Cường", "Linh", "Dương", "Phong", "Tùng"},
		zipf(25, 0.5),
	)
	femaleGiven = newTable(
		[]string{"Anh", "Linh", "Trang", "Phương", "Thảo", "Nhi", "Ngọc", "Ngân", "Hương", "Huyền", "Hằng", "Hà", "Quỳnh", "Vân", "Mai", "Uyên", "Hiền", "Thư", "My", "Hoa", "Trinh", "Yến", "Dung", "Nhung", "Ly"},
		zipf(25, 0.5),
	)
	maleGivenOld = newTable(
		[]string{"Hùng", "Dũng", "Minh", "Thắng", "Hải", "Sơn", "Bình", "Tuấn", "Hòa", "Thanh", "Long", "Cường", "Hưng", "Lâm", "Phúc", "Tâm", "Quý", "Thọ", "Lợi", "Chiến"},
		zipf(20, 0.5),
	)
	femaleGivenOld = newTable(
		[]string{"Lan", "Hoa", "Hương", "Hồng", "Mai", "Thủy", "Hà", "Nga", "Loan", "Lý", "Tuyết", "Hạnh", "Liên", "Hiền", "Dung", "Thu", "Xuân", "Oanh", "Cúc", "Đào"},
		zipf(20, 0.5),
	)
)

// vanThiShare is the chance that a person's middle name is Văn (male) or
// Thị (female) by birth year: near-universal in older cohorts, falling to
// ~15-18% for recent births (domain.md §11.2).
func vanThiShare(year int, male bool) float64 {
	var m, f float64
	switch {
	case year < 1950:
		m, f = 0.70, 0.85
	case year < 1965:
		m, f = 0.60, 0.78
	case year < 1975:
		m, f = 0.50, 0.68
	case year < 1985:
		m, f = 0.38, 0.52
	case year < 1995:
		m, f = 0.28, 0.35
	case year < 2005:
		m, f = 0.20, 0.22
	default:
		m, f = 0.16, 0.15
	}
	if male {
		return m
	}
	return f
}

// givenName draws middle and given names for one person born in year.
// The embedded list supplies variety; the frequency tables on top of it give
// the heavy head of the real distribution (many people share a handful of
// names), which is exactly what makes duplicate detection hard.
func givenName(r *rand.Rand, male bool, year int) (middle, given string) {
	nl := &girlNames
	if male {
		nl = &boyNames
	}
	i := r.IntN(len(nl.given))
	middle, given = nl.middle[i], nl.given[i]

	if r.Float64() < 0.45 {
		old := year < 1975
		switch {
		case male && old:
			given = maleGivenOld.pick(r)
		case male:
			given = maleGiven.pick(r)
		case old:
			given = femaleGivenOld.pick(r)
		default:
			given = femaleGiven.pick(r)
		}
	}
	switch x := r.Float64(); {
	case x < vanThiShare(year, male):
		if male {
			middle = "Văn"
		} else {
			middle = "Thị"
		}
	case x < vanThiShare(year, male)+0.30:
		if male {
			middle = maleMiddles.pick(r)
		} else {
			middle = femaleMiddles.pick(r)
		}
	}
	if middle == given {
		// "Minh Minh" style repeats do not occur in real names.
		middle = "Văn"
		if !male {
			middle = "Thị"
		}
	}
	return middle, given
}

// surname picks a family name suited to the ethnic group.
func surname(r *rand.Rand, ethnicity string) string {
	if t, ok := minoritySurnames[ethnicity]; ok {
		return t.pick(r)
	}
	return kinhSurnames.pick(r)
}

// joinName builds "Họ Đệm Tên", skipping an empty middle name.
func joinName(sur, middle, given string) string {
	if middle == "" {
		return sur + " " + given
	}
	return sur + " " + middle + " " + given
}
