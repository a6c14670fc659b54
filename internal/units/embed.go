package units

import (
	_ "embed"
	"strings"
	"sync"
	"time"
)

// The data files are embedded so that the binary never reads files at run
// time; data/README.md credits their sources.
var (
	//go:embed data/admin-units-2025-03-01.csv
	march2025CSV string
	//go:embed data/admin-units-2025-07-01.csv
	july2025CSV string
	//go:embed data/commune-mapping-2025-07-01.csv
	mapping2025CSV string
)

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := loadEmbedded()
	if err != nil {
		// The embedded files are fixed at build time and covered by tests, so
		// this is a build defect, not a run-time condition to handle.
		panic(err)
	}
	return c
})

// Default returns the catalog of the embedded data, parsed on first use and
// shared; it is safe for concurrent use and must not be modified.
func Default() *Catalog { return defaultCatalog() }

// loadEmbedded parses the embedded files into a fresh catalog.
func loadEmbedded() (*Catalog, error) {
	return Load([]ListSource{
		{
			ID:   List2025March,
			From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
			Name: "admin-units-2025-03-01.csv",
			R:    strings.NewReader(march2025CSV),
		},
		{
			ID:   List2025July,
			From: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
			Name: "admin-units-2025-07-01.csv",
			R:    strings.NewReader(july2025CSV),
		},
	}, &MappingSource{
		Name: "commune-mapping-2025-07-01.csv",
		R:    strings.NewReader(mapping2025CSV),
	})
}
