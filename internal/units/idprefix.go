package units

// The first three digits of a personal ID number are "0" + the province code
// of the 63-province list (TT 07/2016 Phụ lục I, kept by TT 59/2021). The
// meaning never changed with the 2025 merger, so these helpers always use
// List2025March, whatever the date. Other prefixes are country codes of
// citizens registered abroad (list not available) or errors; callers treat
// them as "unknown", not as invalid.

// IDPrefixProvince maps an ID prefix such as "042" to its province in
// List2025March; ok is false for any other prefix.
func IDPrefixProvince(prefix string) (Unit, bool) {
	if len(prefix) != 3 || prefix[0] != '0' {
		return Unit{}, false
	}
	u, ok := Default().Lookup(List2025March, prefix[1:])
	if !ok || u.Level != Province {
		return Unit{}, false
	}
	return u, true
}

// IDPrefixFor returns the ID prefix of a List2025March province code
// ("42" -> "042"); ok is false if the code is not such a province.
func IDPrefixFor(provinceCode string) (string, bool) {
	u, ok := Default().Lookup(List2025March, provinceCode)
	if !ok || u.Level != Province {
		return "", false
	}
	return "0" + u.Code, true
}
