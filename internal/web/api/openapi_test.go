package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIListsEveryRoute walks the route table and the document both
// ways, so neither can drift from the other.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	w := e.do("GET", "/openapi.json", "", nil)
	wantStatus(t, w, 200)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
		Paths map[string]map[string]struct {
			OperationID string         `json:"operationId"`
			Security    *[]any         `json:"security"`
			Responses   map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Info.Version != "test" {
		t.Errorf("openapi %q version %q", doc.OpenAPI, doc.Info.Version)
	}
	var documented, registered []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			if op.OperationID == "" || len(op.Responses) == 0 {
				t.Errorf("%s %s lacks operationId or responses", method, path)
			}
		}
	}
	public := map[string]bool{}
	for _, rt := range (&server{}).routes() {
		registered = append(registered, rt.name())
		public[rt.name()] = rt.public
	}
	slices.Sort(documented)
	slices.Sort(registered)
	if !slices.Equal(documented, registered) {
		t.Errorf("documented routes\n%v\ndiffer from registered\n%v", documented, registered)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			name := strings.ToUpper(method) + " " + path
			if open := op.Security != nil && len(*op.Security) == 0; open != public[name] {
				t.Errorf("%s: documented public=%v, registered public=%v", name, open, public[name])
			}
		}
	}
}

// TestOpenAPIExamples checks that every JSON request and success response
// carries an example.
func TestOpenAPIExamples(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc["paths"].(map[string]any) {
		for method, op := range ops.(map[string]any) {
			o := op.(map[string]any)
			if rb, ok := o["requestBody"].(map[string]any); ok && !hasExample(rb) {
				t.Errorf("%s %s: request body without example", method, path)
			}
			for code, r := range o["responses"].(map[string]any) {
				rm := r.(map[string]any)
				if code[0] == '2' && rm["content"] != nil && path != "/openapi.json" && !hasExample(rm) {
					t.Errorf("%s %s %s: response without example", method, path, code)
				}
			}
		}
	}
}

func hasExample(v map[string]any) bool {
	content, _ := v["content"].(map[string]any)
	for _, media := range content {
		m := media.(map[string]any)
		if m["example"] != nil || m["examples"] != nil {
			return true
		}
	}
	return false
}
