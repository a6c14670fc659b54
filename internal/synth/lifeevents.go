package synth

// Events that change a person after creation: migration, death, the
// deliberately confusing names used as hard negatives.

// foreignBirth makes the birth registered in another province (a bride from
// elsewhere, a family that moved): the ID prefix then names that province.
func (g *gen) foreignBirth(p *person) {
	p.local = false
	p.prefix = g.geo.allPrefixes[g.r.IntN(len(g.geo.allPrefixes))]
}

// temporaryElsewhere registers a temporary residence in another commune of
// the province (students, workers); they currently live there.
func (g *gen) temporaryElsewhere(h *household, p *person) {
	c := g.geo.otherCommune(g.r, h.commune)
	if c == h.commune {
		return
	}
	p.tempCommune = c
	p.tempAddress = g.geo.address(g.r, c)
}

// kill records a death within the last four years. Dead people keep their
// row (the registry holds their record, with the death date).
func (g *gen) kill(p *person) {
	p.dead = true
	p.death = g.asOf - 1 - g.r.IntN(4*365)
	if p.death <= p.birth {
		p.death = p.birth + 1
	}
}

// deathRate is the chance that the spouse of an older head has died; with
// the deaths of live-in parents it gives ~0.5% dead records overall.
const deathRate = 0.11

// maybeWidow lets the spouse of an older couple have died: the head is then
// widowed, and the spouse's row carries the death date.
func (g *gen) maybeWidow(head, spouse *person) {
	if ageOn(spouse.birth, g.asOf) < 60 || g.r.Float64() >= deathRate {
		return
	}
	g.kill(spouse)
	head.marital = "widowed"
}

// popularName is a hard negative: several unrelated men named "Nguyễn Văn
// Hùng" (women "Nguyễn Thị Hương") born in the same year, in different
// households. A matcher that trusts name + birth year alone will merge them.
func (g *gen) popularName(p *person) {
	if p.ethnicity != "01" || g.r.Float64() >= 0.12 {
		return
	}
	switch y := p.year(); {
	case p.male && (y == 1970 || y == 1975 || y == 1980 || y == 1985):
		p.sur, p.mid, p.giv = "Nguyễn", "Văn", "Hùng"
		p.hardNeg = hardNegCommonName
	case !p.male && (y == 1978 || y == 1988):
		p.sur, p.mid, p.giv = "Nguyễn", "Thị", "Hương"
		p.hardNeg = hardNegCommonName
	}
}
