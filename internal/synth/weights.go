package synth

import (
	"math"
	"math/rand/v2"
	"sort"
)

// table is a weighted choice among string values. Sampling is a binary
// search over cumulative weights: O(log n), no allocation, and the order of
// the entries (never a map) keeps the draws deterministic.
type table struct {
	values []string
	cum    []float64
}

// newTable builds a table from alternating value/weight pairs given as two
// parallel slices; weights need not sum to 1.
func newTable(values []string, weights []float64) *table {
	if len(values) != len(weights) || len(values) == 0 {
		panic("synth: bad weight table")
	}
	t := &table{values: values, cum: make([]float64, len(weights))}
	sum := 0.0
	for i, w := range weights {
		sum += w
		t.cum[i] = sum
	}
	for i := range t.cum {
		t.cum[i] /= sum
	}
	return t
}

func (t *table) pick(r *rand.Rand) string { return t.values[t.index(r)] }

func (t *table) index(r *rand.Rand) int {
	x := r.Float64()
	i := sort.SearchFloat64s(t.cum, x)
	if i >= len(t.cum) {
		i = len(t.cum) - 1
	}
	return i
}

// zipf returns weights 1/(i+1)^s for n ranked items: the spec lists top
// names by rank only, without frequencies.
func zipf(n int, s float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
	}
	return w
}

// Kinh surnames, domain.md §11.1. Weights take the "commonly cited" national
// shares, pulled a little towards the empirical UIT sample for Nguyễn so the
// overall Nguyễn share (after ~15% ethnic minorities with their own
// surnames) lands near 33%. "Other" mass is spread over the tail list.
var kinhSurnames = newTable(
	[]string{
		"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Phan",
		"Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn",
		"Đinh", "Trịnh", "Cao", "Lâm", "Mai", "Tô", "Hà", "Lương", "Chu",
		"Tạ", "Thái", "Văn", "Quách", "Kiều", "Lưu", "Tăng", "La", "Phùng",
		"Nghiêm", "Từ", "Khổng", "Thân",
	},
	[]float64{
		38.0, 11.5, 9.5, 7.0, 3.0, 2.1, 2.1, 1.8, 4.0,
		2.1, 2.0, 1.5, 1.3, 1.3, 1.0, 0.5, 1.2, 0.8,
		0.9, 0.9, 0.8, 0.5, 0.5, 0.3, 0.5, 0.4, 0.3,
		0.3, 0.4, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3,
		0.1, 0.2, 0.1, 0.2,
	},
)

// Surnames of the larger ethnic minorities (domain.md §11.1 note, plus
// common knowledge ⚠️). Groups not listed use the Kinh table: many minority
// families in the lowlands carry Kinh surnames.
var minoritySurnames = map[string]*table{
	"02": newTable([]string{"Nông", "Hoàng", "Lương", "Hà", "Ma", "Lục", "Triệu", "Đàm"}, []float64{5, 5, 3, 3, 2, 2, 1, 1}),  // Tày
	"03": newTable([]string{"Lò", "Cầm", "Lường", "Quàng", "Hà", "Vi", "Tòng", "Lê"}, []float64{5, 3, 4, 2, 3, 2, 1, 1}),      // Thái
	"04": newTable([]string{"Lý", "Trương", "Lâm", "Quách", "Tăng", "Lưu", "Hứa", "Diệp"}, []float64{4, 3, 4, 2, 2, 2, 1, 1}), // Hoa
	"05": newTable([]string{"Thạch", "Sơn", "Kim", "Danh", "Lâm", "Châu"}, []float64{5, 4, 3, 3, 2, 1}),                       // Khơ-me
	"06": newTable([]string{"Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao"}, []float64{6, 4, 2, 2, 1, 1}),                          // Mường
	"07": newTable([]string{"Nông", "Hoàng", "Lương", "Lộc", "Vi", "Chu"}, []float64{4, 4, 3, 2, 1, 1}),                       // Nùng
	"08": newTable([]string{"Giàng", "Vừ", "Sùng", "Thào", "Lý", "Mùa", "Hầu", "Vàng"}, []float64{5, 4, 4, 3, 3, 2, 1, 2}),    // HMông
	"09": newTable([]string{"Bàn", "Triệu", "Đặng", "Lý", "Chảo", "Phùng"}, []float64{5, 4, 3, 3, 2, 1}),                      // Dao
}

// Ethnic groups by the QĐ 121-TCTK numbering (domain.md §10.1) weighted by
// the 2019 census. Codes whose count the spec merges in one cell (Hoa /
// Mường, Ngái / Ê-đê, Xơ-đăng / Chăm) are split by the counts given there.
var ethnicities = newTable(
	[]string{
		"01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
		"11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
		"21", "22", "23", "24", "25", "26", "27", "28", "29", "30",
		"31", "32", "33", "34", "35", "36", "37", "38", "39", "40",
		"41", "42", "43", "44", "45", "46", "47", "48", "49", "50",
		"51", "52", "53", "54",
	},
	[]float64{
		82085826, 1845492, 1820950, 749466, 1319652, 1452095, 1083298, 1393547, 891151, 513930,
		1649, 398671, 286910, 212277, 201398, 200800, 178948, 183004, 149460, 127334,
		146613, 100752, 94598, 91430, 67858, 74173, 63322, 50322, 90612, 40442,
		52356, 29520, 16180, 29503, 25539, 23242, 17532, 15126, 10157, 12471,
		12113, 6757, 4827, 7513, 4650, 8248, 4003, 2729, 3232, 909,
		903, 525, 428, 639,
	},
)

// Religions, codes of QĐ 1019 (domain.md §10.2) plus 00 = none. Shares from
// the 2019 census: none 86.32%, Phật giáo 4.79% (spec); the others are the
// published census counts as remembered ⚠️ (Công giáo ~6.1%, PG Hòa Hảo
// ~1.0%, Tin Lành ~1.0%, Cao Đài ~0.6%, Hồi giáo ~0.07%, the rest tiny).
var religions = newTable(
	[]string{"00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14"},
	[]float64{86.32, 4.79, 6.10, 1.02, 0.07, 0.58, 0.001, 0.001, 1.00, 0.03, 0.005, 0.002, 0.001, 0.001, 0.001},
)

// Blood groups in Vietnam: O is the most common, then B, A, AB ⚠️.
var bloodTypes = newTable([]string{"O", "B", "A", "AB"}, []float64{42, 30, 21, 7})

// agePyramid gives population shares by 5-year band (0-4 ... 95-99), close
// to the 2019 census / 2024 estimates: median ~32-33, ~24% under 15, ~12%
// aged 60+. It documents the target the household model was tuned against
// (TestAgePyramid); ages are not drawn from it directly, because they follow
// from household composition.
var agePyramid = []float64{
	7.9, 8.4, 7.7, 6.7, 7.0, 8.0, 8.3, 7.8, 7.1, 6.6,
	5.9, 5.2, 4.2, 3.0, 1.9, 1.3, 1.0, 0.6, 0.25, 0.05,
}
