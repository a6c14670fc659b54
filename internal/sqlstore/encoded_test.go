package sqlstore

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"dancu/internal/registry"
)

func TestLinkRelatives(t *testing.T) {
	ids := [len(relativeKeys)]string{"f-id", "", "s-id", "", "h-id"}
	tests := []struct {
		name, in, want string
	}{
		{"no relatives", `{"id":"x","full_name":"A"}`, `{"id":"x","full_name":"A"}`},
		{"linked and unlinked", `{"id":"x","father":{"name":"B","id_number":"1"},"mother":{"name":"C"}}`,
			`{"id":"x","father":{"citizen_id":"f-id","name":"B","id_number":"1"},"mother":{"name":"C"}}`},
		{"empty object", `{"spouse":{}}`, `{"spouse":{"citizen_id":"s-id"}}`},
		{"last member", `{"a":1,"household_head":{"name":"D"}}`, `{"a":1,"household_head":{"citizen_id":"h-id","name":"D"}}`},
		{"key inside a string is not a member", `{"note":"\"father\":{","x":[1,{"father":{}}]}`, `{"note":"\"father\":{","x":[1,{"father":{}}]}`},
		{"relative key with a non-object value", `{"father":null,"spouse":"n/a"}`, `{"father":null,"spouse":"n/a"}`},
		{"whitespace", " { \"father\" : { \"name\" : \"B\" } } ", ` { "father" : {"citizen_id":"f-id", "name" : "B" } }`},
		{"escapes and brackets in strings", `{"address":"S\\\"ố 1 {]","father":{"name":"\\\\"}}`,
			`{"address":"S\\\"ố 1 {]","father":{"citizen_id":"f-id","name":"\\\\"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := linkRelatives([]byte(tt.in), ids)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLinkRelativesRefusesDamagedRecords(t *testing.T) {
	for _, in := range []string{``, `[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1`, `{"a":"x}`, `{"a":{"b":1}`, `{"a":1}x`, `{"a":1,}`, `{1:2}`} {
		if got, err := linkRelatives([]byte(in), [len(relativeKeys)]string{"f"}); err == nil {
			t.Errorf("%q: accepted as %q", in, got)
		}
	}
}

// FuzzLinkRelatives checks the splice against encoding/json: for any valid
// JSON object, the output decodes to the input plus "citizen_id" in each
// linked relative object; any input fails cleanly or not at all.
func FuzzLinkRelatives(f *testing.F) {
	c := registry.Citizen{ID: "x", FullName: "Nguyễn Văn \"A\" {", Father: registry.PersonRef{Name: "B", IDNumber: "042060000001"},
		Spouse: registry.PersonRef{}, HouseholdHead: registry.PersonRef{Name: "]}"}}
	seed, _ := json.Marshal(c)
	f.Add(seed)
	f.Add([]byte(`{"father":{},"mother":{"a":[{"father":{}}]},"spouse":1}`))
	f.Add([]byte(` {"father" : { } } `))
	ids := [len(relativeKeys)]string{"id-f", "id-m", "id-s", "", "id-h"}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := linkRelatives(in, ids)
		var want map[string]any
		if json.Unmarshal(in, &want) != nil || want == nil || strings.TrimSpace(string(in))[0] != '{' {
			return // not an object: only "no panic" is asked
		}
		if err != nil {
			t.Fatalf("valid object refused: %v\n%s", err, in)
		}
		var out map[string]any
		if err := json.Unmarshal(got, &out); err != nil {
			t.Fatalf("output is not valid JSON: %v\nin  %s\nout %s", err, in, got)
		}
		if hasDuplicateKeys(in) || strings.Contains(string(in), `\u`) {
			// encoding/json keeps the last duplicate while the splice links
			// each; it also unescapes keys, which our encoder never escapes.
			return
		}
		for i, k := range relativeKeys {
			if obj, ok := want[k].(map[string]any); ok && ids[i] != "" {
				obj["citizen_id"] = ids[i]
			}
		}
		if !reflect.DeepEqual(out, want) {
			t.Fatalf("in  %s\nout %s", in, got)
		}
	})
}

// hasDuplicateKeys reports whether a relative key occurs twice at the top
// level or a relative object already holds a citizen_id.
func hasDuplicateKeys(in []byte) bool {
	var members map[string]json.RawMessage
	if json.Unmarshal(in, &members) != nil {
		return true
	}
	dec := json.NewDecoder(strings.NewReader(string(in)))
	count := map[string]int{}
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if depth == 1 {
				count[v]++
			}
		}
	}
	for _, k := range relativeKeys {
		if count[k] > 1 {
			return true
		}
		if strings.Contains(string(members[k]), `"citizen_id"`) {
			return true
		}
	}
	return false
}

func TestSplitLinks(t *testing.T) {
	tests := []struct {
		name, in string
		want     [len(relativeKeys)]string
		bad      bool
	}{
		{"none linked", ",,,,", [len(relativeKeys)]string{}, false},
		{"some linked", "f-id,,s-id,,h-id", [len(relativeKeys)]string{"f-id", "", "s-id", "", "h-id"}, false},
		{"last only", ",,,,h-id", [len(relativeKeys)]string{"", "", "", "", "h-id"}, false},
		{"too few", "f-id,,s-id", [len(relativeKeys)]string{}, true},
		{"too many", "a,b,c,d,e,f", [len(relativeKeys)]string{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splitLinks(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("splitLinks(%q) error = %v, want error %v", tt.in, err, tt.bad)
			}
			if !tt.bad && got != tt.want {
				t.Errorf("splitLinks(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
