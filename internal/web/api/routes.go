package api

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/idempotency"
	"dancu/internal/readroute"
)

// handler serves one route. It returns errors instead of writing them, so
// that every failure goes through the one problem-details writer.
type handler func(w http.ResponseWriter, r *http.Request, c *call) error

// route is one endpoint. path is the documented (OpenAPI) path; pattern,
// when set, is what the mux matches instead; routes sharing one pattern are
// told apart by path (see register).
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

// routes is the API: every endpoint is here and nowhere else. openapi_test.go
// checks that openapi.json documents exactly these.
func (s *server) routes() []route {
	return append([]route{
		{method: "GET", path: "/healthz", public: true, h: s.healthz},
		{method: "GET", path: "/readyz", public: true, h: s.readyz},
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
		// matches {id}/{sub} and register picks the route by its path.
		{method: "GET", path: "/api/v1/citizens/{id}/history", pattern: "/api/v1/citizens/{id}/{sub}", h: s.history},
		{method: "GET", path: "/api/v1/citizens/{id}/findings", pattern: "/api/v1/citizens/{id}/{sub}", h: s.citizenFindings},
		{method: "GET", path: "/api/v1/households/{ref}/members", h: s.householdMembers},
		{method: "GET", path: "/api/v1/units", h: s.listUnits},
		{method: "GET", path: "/api/v1/quality/metrics", h: s.qualityMetrics},
		{method: "GET", path: "/api/v1/quality/findings", h: s.qualityFindings},
	}, slices.Concat(s.issuanceRoutes(), s.shareRoutes(), s.reviewRoutes(), s.auditRoutes(), s.civilStatusRoutes(),
		s.procedureRoutes(), s.credentialRoutes(), s.walletRoutes(), s.eidRoutes())...)
}

// register puts the routes on mux. Routes that share a mux pattern (see
// route.pattern) get one mux entry that hands the request to the route
// whose documented path it matches, and answers 404 otherwise: no handler
// serves a path the table does not name.
func (s *server) register(mux *http.ServeMux, routes []route) {
	shared := map[string][]route{}
	var order []string
	for _, rt := range routes {
		key := rt.method + " " + rt.muxPattern()
		if rt.pattern == "" {
			mux.Handle(key, s.wrap(rt))
			continue
		}
		if _, seen := shared[key]; !seen {
			order = append(order, key)
		}
		shared[key] = append(shared[key], rt)
	}
	for _, key := range order {
		group := shared[key]
		handlers := make([]http.Handler, len(group))
		for i, rt := range group {
			handlers[i] = s.wrap(rt)
		}
		method, pattern, _ := strings.Cut(key, " ")
		none := s.wrap(route{method: method, path: pattern, h: func(http.ResponseWriter, *http.Request, *call) error {
			return &httpError{http.StatusNotFound, string(apperr.NotFound), "no such resource"}
		}})
		mux.Handle(key, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i, rt := range group {
				if pathMatches(rt.path, r.URL.Path) {
					handlers[i].ServeHTTP(w, r)
					return
				}
			}
			none.ServeHTTP(w, r)
		}))
	}
}

// pathMatches reports whether a request path fits a documented path,
// segment by segment, a {name} segment matching any one segment.
func pathMatches(documented, path string) bool {
	want, got := strings.Split(documented, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		if !strings.HasPrefix(w, "{") && w != got[i] {
			return false
		}
	}
	return true
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
		if key := r.Header.Get("Idempotency-Key"); key != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := idempotency.Check(key); err != nil {
				s.problem(w, c, apperr.New(apperr.Invalid, "%s", err.Error()))
				return
			}
			r = r.WithContext(idempotency.WithKey(r.Context(), key))
		}
		if !rt.public && !rt.agency && !rt.citizen {
			if err := s.authenticate(r, c); err != nil {
				s.problem(w, c, err)
				return
			}
			// An officer reads back their own writes, even from replicas.
			r = r.WithContext(readroute.WithReader(r.Context(), "officer:"+c.user.Username))
		}
		if err := rt.h(w, r, c); err != nil {
			s.recordDenial(r.Context(), c, err)
			s.problem(w, c, err)
		}
	})
}
