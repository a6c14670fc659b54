// Package pdate models partial dates: a year only, a year and month, or a full
// calendar date. Legacy civil-status records (old CMND files, hand-written
// household books) often know only "1948" or "03/1952", and forcing such a
// value into a time.Time would invent a day that nobody recorded. A Date keeps
// exactly the precision the source had.
//
// Accepted input (Parse), after trimming surrounding white space:
//
//	YYYY          "1948"
//	YYYY-MM       "1952-03"
//	YYYY-MM-DD    "2001-05-15"
//	MM/YYYY       "03/1952"
//	DD/MM/YYYY    "15/05/2001"   (Vietnamese order: day first, never MM/DD)
//
// The year is always exactly four digits and must lie in MinYear..MaxYear.
// Month and day may be written with one or two digits ("2001-5-3" and
// "3/5/2001" are accepted and mean 3 May 2001) because legacy data is often
// unpadded; the canonical output (String) is always zero-padded ISO, so
// Parse(d.String()) == d for every valid d. Separators cannot be mixed, and
// no other layout (MM/DD/YYYY, YYYY/MM/DD, "15.05.2001", "15052001") is
// guessed at: an ambiguous guess is worse than an error the clerk can fix.
//
// The zero Date means "unknown" and is what Parse("") returns.
package pdate
