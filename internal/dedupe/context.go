package dedupe

// context weighs what a person shares with their family: parents,
// household, address, communes, the household's phone, hometown (quê quán
// follows the father) and ethnicity. For two different people of one
// family all of these agree together, so their agreements are one piece of
// evidence ("same family"): only the strongest counts. Disagreements are
// independent evidence and add up.
func (s *Scorer) context(a, b *Record) float64 {
	best, neg := 0.0, 0.0
	for _, w := range [...]float64{s.familyWeight(a, b), s.placeWeight(a, b), s.familyAttributes(a, b)} {
		if w > 0 {
			best = max(best, w)
		} else {
			neg += w
		}
	}
	return best + neg
}

func (s *Scorer) familyWeight(a, b *Record) float64 {
	f := s.freq
	fo := compareRelatives(a.Father, b.Father)
	mo := compareRelatives(a.Mother, b.Mother)
	if fo == NameExact && mo == NameExact {
		return s.weight(0.9*0.9, f.parentsShare(a))
	}
	return s.relativeWeight(fo, a.Father, f.father, f.fatherSG, 0.90, 0.03) +
		s.relativeWeight(mo, a.Mother, f.mother, f.motherSG, 0.90, 0.03)
}

func (s *Scorer) spouseWeight(a, b *Record) float64 {
	f := s.freq
	return s.relativeWeight(compareRelatives(a.Spouse, b.Spouse), a.Spouse, f.spouse, f.spouseSG, 0.85, 0.08)
}

// compareRelatives compares two references to a relative: the same number
// is as good as the same name.
func compareRelatives(a, b Relative) NameOutcome {
	if sameFP(a.fp, b.fp, a.Number, b.Number) {
		return NameExact
	}
	return CompareNames(a.Name, b.Name)
}

// relativeWeight weighs one relative's outcome: exact (mExact), partial
// (0.07) or differ (mDiffer).
func (s *Scorer) relativeWeight(o NameOutcome, r Relative, full, sg counter, mExact, mDiffer float64) float64 {
	f := s.freq
	switch {
	case o == NameExact:
		return s.weight(mExact, f.share(full, r.Name.Full()))
	case o == NameDiffer:
		return s.weight(mDiffer, 1)
	case o.agrees():
		return s.weight(0.07, f.share(sg, r.Name.SurnameGiven()))
	}
	return 0
}

func (s *Scorer) placeWeight(a, b *Record) float64 {
	f := s.freq
	best, any := 0.0, false
	better := func(w float64) {
		if !any || w > best {
			best, any = w, true
		}
	}
	if sameFP(a.fp.household, b.fp.household, a.Household, b.Household) {
		better(s.weight(0.70, f.shareOf(a, shareHousehold, f.household, a.Household)))
	}
	if sameFP(a.fp.address, b.fp.address, a.Address, b.Address) {
		better(s.weight(0.50, f.shareOf(a, shareAddress, f.address, a.Address)))
	}
	ca, cb := uniqueCommunes(a), uniqueCommunes(b)
	for _, x := range ca {
		for _, y := range cb {
			if x == y {
				better(s.weight(0.85, f.share(f.commune, x)))
			}
		}
	}
	if !any && len(ca) > 0 && len(cb) > 0 {
		better(s.weight(0.15, 1-min(f.share(f.commune, ca[0]), 0.5)))
	}
	return best
}

// familyAttributes weighs phone, hometown and ethnicity: shared within a
// family, so they count with context (see there).
func (s *Scorer) familyAttributes(a, b *Record) float64 {
	f := s.freq
	var w float64
	if a.Phone != "" && b.Phone != "" {
		w += s.agreeOrDiffer(sameFP(a.fp.phone, b.fp.phone, a.Phone, b.Phone), 0.60, f.shareOf(a, sharePhone, f.phone, a.Phone))
	}
	if a.Ethnicity != "" && b.Ethnicity != "" {
		w += s.agreeOrDiffer(a.Ethnicity == b.Ethnicity, 0.97, f.shareOf(a, shareEthnicity, f.ethnicity, a.Ethnicity))
	}
	if a.Hometown != "" && b.Hometown != "" {
		w += s.agreeOrDiffer(a.Hometown == b.Hometown, 0.90, f.shareOf(a, shareHometown, f.hometown, a.Hometown))
	}
	return w
}

// minorWeight weighs the individual fields that rarely decide a pair.
func (s *Scorer) minorWeight(a, b *Record) float64 {
	if a.BloodType == "" || b.BloodType == "" {
		return 0
	}
	return s.agreeOrDiffer(a.BloodType == b.BloodType, 0.95, s.freq.shareOf(a, shareBloodType, s.freq.bloodType, a.BloodType))
}
