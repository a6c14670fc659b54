package api

import (
	"testing"

	"dancu/internal/registry"
)

// TestPatchRefusesTextThatIsNotUTF8 protects records from characters the
// client never sent: invalid UTF-8 bytes, or an unpaired surrogate escape,
// used to be stored as U+FFFD. The PATCH is refused with 400 naming the
// field, and the record keeps its version and value, on both engines.
func TestPatchRefusesTextThatIsNotUTF8(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.citizens["hung"]
		path := "/api/v1/citizens/" + hung.ID
		for _, tc := range []struct{ name, body, field string }{
			{"invalid byte", `{"reason":"CT01","version":1,"changes":{"marital_status":"đ` + "\xff" + `ã kết hôn"}}`, "changes.marital_status"},
			{"truncated sequence", `{"reason":"CT01","version":1,"changes":{"current":{"commune":"18100","address":"Số 5 Tr` + "\xe1\xba" + `"}}}`, "changes.current.address"},
			{"lone high surrogate", `{"reason":"CT01","version":1,"changes":{"marital_status":"a\ud800b"}}`, "changes.marital_status"},
			{"lone low surrogate", `{"reason":"CT01 \udc00","version":1,"changes":{"phone":"0912345678"}}`, "reason"},
			{"invalid key", `{"reason":"CT01","version":1,"changes":{"ph` + "\xc3" + `one":"0912345678"}}`, "changes.ph\uFFFDone"},
		} {
			w := e.do("PATCH", path, "xa.thanhsen", tc.body)
			wantStatus(t, w, 400)
			if p := decode[Problem](t, w); len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("%s: errors %+v, want one naming %s", tc.name, p.Errors, tc.field)
			}
		}
		got := decode[registry.Citizen](t, e.do("GET", path, "xa.thanhsen", nil))
		if got.Version != hung.Version || got.MaritalStatus != hung.MaritalStatus || got.Current != hung.Current {
			t.Errorf("the record changed: version %d, %+v", got.Version, got)
		}
		// A pair of surrogate escapes is one character, and accepted.
		w := e.do("PATCH", path, "xa.thanhsen", `{"reason":"CT01 \ud83d\udcdd","version":1,"changes":{"phone":"0912345678"}}`)
		wantStatus(t, w, 200)
	})
}

func TestTextErrorPaths(t *testing.T) {
	for _, tc := range []struct {
		body string
		path string
		bad  bool
	}{
		{`{"a":"ok","b":[1,"x",{"c":"\ud83d\ude00"}]}`, "", false},
		{`{"a":"ok","b":[1,"x",{"c":"` + "\xff" + `"}]}`, "b[2].c", true},
		{`{"a":["\\ud800"]}`, "", false}, // an escaped backslash, then text
		{`{"a":["x","\\\ud800"]}`, "a[1]", true},
		{"\"\xff\"", "(body)", true},
		{`{"a":"\uD800\u0041"}`, "a", true},
		{`{"a":"\uDBFF\uDFFF"}`, "", false},
	} {
		path, bad := textError([]byte(tc.body))
		if bad != tc.bad || path != tc.path {
			t.Errorf("textError(%q) = %q, %v; want %q, %v", tc.body, path, bad, tc.path, tc.bad)
		}
	}
}
