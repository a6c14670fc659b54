package quality

import (
	"sort"

	"dancu/internal/units"
)

// CommuneCounts is what storage aggregates per commune of the newest list
// (Commune "" collects records without a permanent commune).
type CommuneCounts struct {
	Commune  string
	Province string
	// Records counts current, unmerged records.
	Records      int
	WithIDNumber int
	// Valid records have no finding at all; Clean ones have no
	// error-level finding (warnings allowed).
	Valid         int
	Clean         int
	Errors        int // error-level findings
	Warnings      int // warning-level findings
	FieldsMissing int // findings of MissingCodes: one per missing field
	// Open duplicate pairs are not a per-commune sum: Rollup counts them
	// from PairCount, once in every unit holding either record.
}

// PairCount counts the open duplicate pairs between two places: the
// current permanent commune and province of each record ("" for none).
type PairCount struct {
	LeftCommune, LeftProvince   string
	RightCommune, RightProvince string
	Open                        int
}

func (a *CommuneCounts) add(b CommuneCounts) {
	a.Records += b.Records
	a.WithIDNumber += b.WithIDNumber
	a.Valid += b.Valid
	a.Clean += b.Clean
	a.Errors += b.Errors
	a.Warnings += b.Warnings
	a.FieldsMissing += b.FieldsMissing
}

// Metrics is the quality of one unit.
type Metrics struct {
	Unit  string      `json:"unit"` // "" for the whole country
	Name  string      `json:"name"`
	Level units.Level `json:"level,omitempty"`
	// List is the unit list the code belongs to: districts exist only in
	// the 2025-03-01 list.
	List           units.ListID `json:"list,omitempty"`
	Parent         string       `json:"parent,omitempty"`
	Records        int          `json:"records"`
	PctValid       float64      `json:"pct_valid"`
	WithIDNumber   int          `json:"with_id_number"`
	PctWithID      float64      `json:"pct_with_id_number"`
	Clean          int          `json:"clean"`
	PctClean       float64      `json:"pct_clean"`
	Valid          int          `json:"valid"`
	Errors         int          `json:"errors"`
	Warnings       int          `json:"warnings"`
	FieldsMissing  int          `json:"fields_missing"`
	OpenDuplicates int          `json:"open_duplicate_candidates"`
}

func metricsOf(c CommuneCounts) Metrics {
	pct := func(n int) float64 {
		if c.Records == 0 {
			return 0
		}
		return float64(int(float64(n)*10000/float64(c.Records)+0.5)) / 100
	}
	return Metrics{Records: c.Records, Valid: c.Valid, PctValid: pct(c.Valid), WithIDNumber: c.WithIDNumber,
		PctWithID: pct(c.WithIDNumber), Clean: c.Clean, PctClean: pct(c.Clean), Errors: c.Errors,
		Warnings: c.Warnings, FieldsMissing: c.FieldsMissing}
}

// Rollup turns per-commune counts into metrics for the country, every
// province and commune of the newest list, and the districts of the
// 2025-03-01 list. The newest list has no districts: a new commune is
// attributed to the district of its predecessor that kept its code, else
// of its first predecessor (a commune formed across districts counts in
// one of them). Rows come in the order country, then per province: the
// province, its districts, its communes.
//
// unit narrows the result to one unit and what lies below it: "" for all,
// a 2-digit province or 5-digit commune of the newest list, or a 3-digit
// district of the 2025-03-01 list.
//
// Open duplicate pairs are counted from pairs, not summed: a pair whose
// records lie in two communes counts once in each commune, and once (not
// twice) in every district, province and the country holding either.
func Rollup(cat *units.Catalog, rows []CommuneCounts, pairs []PairCount, unit string) []Metrics {
	out := rollup(cat, rows, unit)
	open := openPairsByUnit(cat, pairs)
	for i := range out {
		out[i].OpenDuplicates = open[out[i].Unit]
	}
	return out
}

// openPairsByUnit counts the pairs touching each unit (country "",
// province, old district, commune; the codes' lengths keep them apart).
func openPairsByUnit(cat *units.Catalog, pairs []PairCount) map[string]int {
	out := map[string]int{}
	for _, p := range pairs {
		touched := map[string]bool{"": true}
		for _, side := range [][2]string{{p.LeftCommune, p.LeftProvince}, {p.RightCommune, p.RightProvince}} {
			for _, u := range unitsOf(cat, side[0], side[1]) {
				touched[u] = true
			}
		}
		for u := range touched {
			out[u] += p.Open
		}
	}
	return out
}

// unitsOf names the commune, its old district and its province, as
// rollup attributes a record.
func unitsOf(cat *units.Catalog, commune, province string) []string {
	var us []string
	if commune != "" {
		us = append(us, commune)
		if u, ok := cat.Lookup(units.List2025July, commune); ok {
			province = u.ParentCode
		}
		if d := oldDistrict(cat, commune); d.Code != "" {
			us = append(us, d.Code)
		}
	}
	if province != "" {
		us = append(us, province)
	}
	return us
}

func rollup(cat *units.Catalog, rows []CommuneCounts, unit string) []Metrics {
	var country CommuneCounts
	prov := map[string]*CommuneCounts{}
	dist := map[string]*CommuneCounts{}
	distProv := map[string]string{}
	communes := map[string][]Metrics{} // province -> communes
	distCommunes := map[string][]string{}
	for _, r := range rows {
		country.add(r)
		p := r.Province
		if r.Commune != "" {
			if u, ok := cat.Lookup(units.List2025July, r.Commune); ok {
				p = u.ParentCode
			}
		}
		if prov[p] == nil {
			prov[p] = &CommuneCounts{}
		}
		prov[p].add(r)
		if r.Commune == "" {
			continue
		}
		m := metricsOf(r)
		m.Unit, m.Level, m.List, m.Parent = r.Commune, units.Commune, units.List2025July, p
		if u, ok := cat.Lookup(units.List2025July, r.Commune); ok {
			m.Name = u.FullName
		}
		communes[p] = append(communes[p], m)
		if d := oldDistrict(cat, r.Commune); d.Code != "" {
			if dist[d.Code] == nil {
				dist[d.Code] = &CommuneCounts{}
				distProv[d.Code] = p
			}
			dist[d.Code].add(r)
			distCommunes[d.Code] = append(distCommunes[d.Code], r.Commune)
		}
	}
	var out []Metrics
	keep := func(m Metrics, inside bool) {
		if unit == "" || inside {
			out = append(out, m)
		}
	}
	c := metricsOf(country)
	c.Name = "Việt Nam"
	keep(c, false)
	provCodes := make([]string, 0, len(prov))
	for p := range prov {
		provCodes = append(provCodes, p)
	}
	sort.Strings(provCodes)
	for _, p := range provCodes {
		m := metricsOf(*prov[p])
		m.Unit, m.Level, m.List = p, units.Province, units.List2025July
		if u, ok := cat.Lookup(units.List2025July, p); ok {
			m.Name = u.FullName
		}
		inProv := unit == p
		keep(m, inProv)
		var ds []string
		for d, dp := range distProv {
			if dp == p {
				ds = append(ds, d)
			}
		}
		sort.Strings(ds)
		for _, d := range ds {
			dm := metricsOf(*dist[d])
			dm.Unit, dm.Level, dm.List, dm.Parent = d, units.District, units.List2025March, p
			if u, ok := cat.Lookup(units.List2025March, d); ok {
				dm.Name = u.FullName
			}
			keep(dm, inProv || unit == d)
		}
		cs := communes[p]
		sort.Slice(cs, func(i, j int) bool { return cs[i].Unit < cs[j].Unit })
		for _, cm := range cs {
			inDist := false
			if len(unit) == 3 {
				for _, dc := range distCommunes[unit] {
					inDist = inDist || dc == cm.Unit
				}
			}
			keep(cm, inProv || inDist || unit == cm.Unit)
		}
	}
	return out
}

// oldDistrict is the 2025-03-01 district a newest-list commune is counted in.
func oldDistrict(cat *units.Catalog, commune string) units.Unit {
	preds := cat.Predecessors(commune)
	if len(preds) == 0 {
		return units.Unit{}
	}
	pick := preds[0]
	for _, p := range preds {
		if p.Code == commune {
			pick = p
			break
		}
	}
	d, _ := cat.Lookup(units.List2025March, pick.ParentCode)
	if d.Level != units.District {
		return units.Unit{}
	}
	return d
}
