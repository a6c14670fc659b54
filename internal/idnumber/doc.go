// Package idnumber parses, checks and issues the 12-digit personal
// identification number (số định danh cá nhân), laid out as
//
//	PPP G YY RRRRRR
//
// PPP is the code of the province where the birth was registered ("0" + the
// pre-2025 two-digit GSO code of the 63-province list) or, for births
// registered abroad, a country code whose table (Phụ lục II, TT 59/2021) we do
// not have. G encodes century and sex, YY the last two digits of the birth
// year, and RRRRRR is a serial 000001..999999. There is no check digit.
// See domain.md §1.
//
// The prefix keeps its old 63-province meaning even after the 2025 merger
// reused some GSO codes for other provinces: never join ID prefixes to
// post-2025 province codes.
//
// Two attitudes coexist here on purpose. Parse rejects only input that cannot
// be an ID number at all (wrong length, non-digits, serial 000000). Check
// compares a number with the person's data and reports disagreements as
// warnings, never errors, because legacy numbers exist that violate the
// structure (domain.md §1.4) and they still identify real people.
//
// Error messages never repeat the full number: errors end up in logs, and
// the number is personal data.
package idnumber
