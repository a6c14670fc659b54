// Package configguard holds the test that keeps the HTTP layers' wiring
// explicit: every field of api.Config and ui.Config is a domain service, a
// small domain interface, or a plain setting. A field of a storage type,
// or a large interface that invites discovering capabilities by type
// assertion, fails the build's tests.
package configguard

import (
	"reflect"
	"strings"
	"testing"

	"dancu/internal/web/api"
	"dancu/internal/web/portal"
	"dancu/internal/web/ui"
)

// maxMethods bounds a "small" interface.
const maxMethods = 6

// settings are the plain, non-domain types a config may carry.
var settings = map[string]bool{
	"*slog.Logger": true, "prometheus.Registerer": true, "*x509.Certificate": true,
	"string": true, "bool": true, "time.Duration": true, "*units.Catalog": true,
	"*portal.Sessions": true, // the portal's in-memory session store, a web-layer setting
}

func TestConfigFieldsAreServicesOrSmallInterfaces(t *testing.T) {
	for _, cfg := range []any{api.Config{}, ui.Config{}, portal.Config{}} {
		typ := reflect.TypeOf(cfg)
		for i := range typ.NumField() {
			f := typ.Field(i)
			ft := f.Type
			name := typ.String() + "." + f.Name
			switch {
			case settings[ft.String()]:
			case strings.Contains(ft.PkgPath(), "sqlstore") || (ft.Kind() == reflect.Pointer && strings.Contains(ft.Elem().PkgPath(), "sqlstore")):
				t.Errorf("%s is a storage type (%s): name a domain service or interface", name, ft)
			case ft.Kind() == reflect.Interface:
				if !strings.HasPrefix(ft.PkgPath(), "dancu/internal/") {
					t.Errorf("%s is %s, not a dancu domain interface", name, ft)
				} else if ft.NumMethod() > maxMethods {
					t.Errorf("%s is %s with %d methods; ask for a small interface (at most %d)", name, ft, ft.NumMethod(), maxMethods)
				}
			case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct && strings.HasPrefix(ft.Elem().PkgPath(), "dancu/internal/") &&
				strings.HasSuffix(ft.Elem().Name(), "Service"):
				// a domain service
			default:
				t.Errorf("%s has type %s: neither a domain service, a small domain interface nor a plain setting", name, ft)
			}
		}
	}
}
