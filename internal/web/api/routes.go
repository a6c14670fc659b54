package api

import (
	"cmp"
	"net/http"
)

// handler serves one route. It returns errors instead of writing them, so
// that every failure goes through the one problem-details writer.
type handler func(w http.ResponseWriter, r *http.Request, c *call) error

// route is one endpoint. path is the documented (OpenAPI) path; pattern,
// when set, is what the mux matches instead (see history).
type route struct {
	method  string
	path    string
	pattern string
	public  bool // no session needed
	agency  bool // a partner agency's access token, checked by the handler (share.go), not a session
	citizen bool // a citizen token, checked by the handler (citizen_auth.go), not a session
	// maxBody caps the request body; 0 means the default maxBody (1 MiB).
	maxBody int64
	h       handler
}

func (rt route) muxPattern() string {
	if rt.pattern != "" {
		return rt.pattern
	}
	return rt.path
}

// name labels the route in metrics and logs: the documented pattern, never
// the request path, which may carry an ID number.
func (rt route) name() string { return rt.method + " " + rt.path }

// routes is the API. openapi_test.go checks that openapi.json documents
// exactly these.
func (s *server) routes() []route {
	return append([]route{
		{method: "GET", path: "/healthz", public: true, h: s.healthz},
		{method: "GET", path: "/metrics", public: true, h: s.serveMetrics},
		{method: "GET", path: "/openapi.json", public: true, h: s.serveOpenAPI},

		{method: "POST", path: "/api/v1/auth/login", public: true, h: s.login},
		{method: "POST", path: "/api/v1/auth/logout", h: s.logout},
		{method: "GET", path: "/api/v1/me", h: s.me},

		{method: "GET", path: "/api/v1/citizens", h: s.search},
		{method: "POST", path: "/api/v1/citizens/lookup", h: s.lookup},
		{method: "GET", path: "/api/v1/citizens/by-number/{number}", h: s.byNumber},
		{method: "GET", path: "/api/v1/citizens/{id}", h: s.citizen},
		{method: "PATCH", path: "/api/v1/citizens/{id}", h: s.patchCitizen},
		// ServeMux refuses {id}/history next to by-number/{number} (both
		// match by-number/history, neither is more specific), so the mux
		// matches {id}/{sub} and the handler accepts only "history".
		{method: "GET", path: "/api/v1/citizens/{id}/history", pattern: "/api/v1/citizens/{id}/{sub}", h: s.history},
		{method: "GET", path: "/api/v1/households/{ref}/members", h: s.householdMembers},
		{method: "GET", path: "/api/v1/quality/metrics", h: s.qualityMetrics},
		{method: "GET", path: "/api/v1/quality/findings", h: s.qualityFindings},
	}, append(append(append(s.issuanceRoutes(), s.shareRoutes()...), s.reviewRoutes()...), s.auditRoutes()...)...)
}

// wrap adapts a route to http.Handler: it names the route for the
// middleware, checks the session unless the route is public, and turns a
// returned error into problem details.
func (s *server) wrap(rt route) http.Handler {
	name := rt.name()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callOf(w)
		c.route = name
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, cmp.Or(rt.maxBody, maxBody))
		}
		if !rt.public && !rt.agency && !rt.citizen {
			if err := s.authenticate(r, c); err != nil {
				s.problem(w, c, err)
				return
			}
		}
		if err := rt.h(w, r, c); err != nil {
			s.recordDenial(r.Context(), c, err)
			s.problem(w, c, err)
		}
	})
}
