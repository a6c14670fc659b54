package pki

import "time"

// Config sets names and lifetimes. ICAO 9303 part 12 §5 sizes a
// certificate's validity as its key's usage period plus the validity of
// the documents signed at the end of that period.
type Config struct {
	Country      string // ISO 3166-1 alpha-2, "VN"
	Organization string
	// CSCAKeyUsage is how long the CSCA key certifies Document Signers.
	CSCAKeyUsage time.Duration
	// DSKeyUsage is how long a Document Signer key signs cards before it
	// must be rotated.
	DSKeyUsage time.Duration
	// DocumentValidity is the longest validity of a card (the 2023 law
	// allows up to about 22 years between milestone ages).
	DocumentValidity time.Duration
}

const year = 365*24*time.Hour + 6*time.Hour

// DefaultConfig: a CSCA key used 5 years, DS keys rotated every 3 months,
// cards valid up to 25 years.
func DefaultConfig() Config {
	return Config{
		Country:          "VN",
		Organization:     "Ministry of Public Security",
		CSCAKeyUsage:     5 * year,
		DSKeyUsage:       90 * 24 * time.Hour,
		DocumentValidity: 25 * year,
	}
}

func (c Config) cscaValidity() time.Duration {
	return c.CSCAKeyUsage + c.DSKeyUsage + c.DocumentValidity
}
