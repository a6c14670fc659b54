package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
)

// openapiJSON is the hand-written OpenAPI 3.1 document. openapi_test.go
// checks that it lists exactly the routes of routes.go.
//
//go:embed openapi.json
var openapiJSON []byte

// openAPIDocument fills in the version once, at start-up.
func openAPIDocument(version string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		return nil, fmt.Errorf("api: embedded openapi.json: %w", err)
	}
	if version != "" {
		info, _ := doc["info"].(map[string]any)
		if info == nil {
			return nil, fmt.Errorf("api: embedded openapi.json has no info object")
		}
		info["version"] = version
	}
	return json.MarshalIndent(doc, "", "  ")
}

func (s *server) serveOpenAPI(w http.ResponseWriter, _ *http.Request, _ *call) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	w.Write(s.openapi)
	return nil
}
