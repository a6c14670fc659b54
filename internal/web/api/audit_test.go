package api

import (
	"crypto/ed25519"
	"crypto/rand"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/audit"
	"dancu/internal/citizenauth"
)

// withAuditLog rebuilds e's handler over the real audit log of its
// database and returns the writer.
func withAuditLog(t *testing.T, e *env) *audit.Writer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: e.db.AuditLog(), Signer: audit.NewSigner(key), Now: e.auth.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	e.h = New(withServices(e.db, Config{Auth: e.auth, Logger: discardLogger(), Metrics: prometheus.NewRegistry(),
		Version: "test", Auditor: w}))
	return w
}

// asCitizenToken sends a request with a citizen token.
func (e *env) asCitizenToken(method, path, token string) *httptestRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return serve(e, req)
}

func TestCitizenDataTracker(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w := withAuditLog(t, e)
		hung := e.citizens["hung"]
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", nil), 200)
		secret := AuditEntry{Time: e.auth.Now(), RequestID: "r-secret", UserID: "u-inv", Username: "dieu.tra",
			Role: "ministry", Action: actRead, Route: "GET /api/v1/citizens/{id}", CitizenIDs: []string{hung.ID},
			Purpose: "điều tra vụ án", LegalBasis: "Bộ luật Tố tụng hình sự", Result: "ok", Confidential: true}
		if err := w.Record(bg, secret); err != nil {
			t.Fatal(err)
		}
		token, _, err := citizenauth.Issue(bg, e.db.AuditLog(), hung.ID, time.Hour, e.auth.Now())
		if err != nil {
			t.Fatal(err)
		}

		r := e.asCitizenToken("GET", "/api/v1/me/accesses", token)
		wantStatus(t, r, 200)
		page := decode[auditPage[audit.Access]](t, r)
		if len(page.Items) != 1 || page.Items[0].Action != actRead || page.Items[0].Who != "Cán bộ Công an Phường Thành Sen" {
			t.Fatalf("citizen sees %+v", page.Items)
		}
		if body := r.Body.String(); strings.Contains(body, "xa.thanhsen") || strings.Contains(body, "điều tra") {
			t.Errorf("tracker discloses an account or a confidential access: %s", body)
		}

		// Auditors see the confidential access too, and their query is logged.
		r = e.do("GET", "/api/v1/audit/entries?citizen_id="+hung.ID, "kiem.toan", nil)
		wantStatus(t, r, 200)
		all := decode[auditPage[auditRecord]](t, r)
		if len(all.Items) != 3 || !all.Items[1].Confidential || all.Items[2].Username != "xa.thanhsen" {
			t.Fatalf("auditor sees %+v", all.Items)
		}
		r = e.do("GET", "/api/v1/audit/entries?limit=1", "kiem.toan", nil)
		if got := decode[auditPage[auditRecord]](t, r); len(got.Items) != 1 || got.Items[0].Action != actAudit || got.NextBefore == 0 {
			t.Errorf("newest entry %+v", got)
		}
	})
}

func TestAuditRoutesRefuseOtherPrincipals(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	withAuditLog(t, e)
	token, _, err := citizenauth.Issue(bg, e.db.AuditLog(), e.citizens["hung"].ID, time.Hour, e.auth.Now())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path, officer, citizen string
		status                               int
	}{
		{"commune officer reads the log", "GET", "/api/v1/audit/entries", "xa.thanhsen", "", 403},
		{"admin reads the log", "GET", "/api/v1/audit/entries", "quan.tri", "", 403},
		{"officer session on the tracker", "GET", "/api/v1/me/accesses", "kiem.toan", "", 401},
		{"no token on the tracker", "GET", "/api/v1/me/accesses", "", "", 401},
		{"citizen token on an officer route", "GET", "/api/v1/citizens/" + e.citizens["hung"].ID, "", token, 401},
		{"citizen token on the audit log", "GET", "/api/v1/audit/entries", "", token, 401},
		{"bad paging", "GET", "/api/v1/audit/entries?limit=0", "kiem.toan", "", 400},
		{"bad time", "GET", "/api/v1/audit/entries?from=yesterday", "kiem.toan", "", 400},
	}
	for _, tt := range tests {
		var r *httptestRecorder
		if tt.citizen != "" {
			r = e.asCitizenToken(tt.method, tt.path, tt.citizen)
		} else {
			r = e.do(tt.method, tt.path, tt.officer, nil)
		}
		if r.Code != tt.status {
			t.Errorf("%s: status %d, want %d: %s", tt.name, r.Code, tt.status, r.Body)
		}
	}
}

// TestPatchAuditedInItsTransaction: a correction's audit entry is in the
// stored log (written in the change's own transaction, not by the
// response's recorder) and names the fields that changed.
func TestPatchAuditedInItsTransaction(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		{
			hung := e.citizens["hung"]
			w := e.do("PATCH", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", map[string]any{"reason": "CT01 số 1/2026", "version": 1,
				"changes": map[string]any{"phone": "0912345678", "email": "a@example.vn"}})
			wantStatus(t, w, 200)
			recs, err := e.db.AuditLog().AuditEntries(bg, audit.Filter{CitizenID: hung.ID, Limit: 5})
			if err != nil || len(recs) == 0 {
				t.Fatalf("stored entries %v, %v", recs, err)
			}
			got := recs[0].Entry
			if got.Action != actUpdate || strings.Join(got.Fields, ",") != "email,phone" || got.Result != "ok" || got.Username != "xa.thanhsen" {
				t.Errorf("entry %+v", got)
			}
			// A refused change leaves no entry and no version.
			w = e.do("PATCH", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", map[string]any{"reason": "x", "version": 1,
				"changes": map[string]any{"phone": "0912000000"}})
			wantStatus(t, w, 409)
			if again, _ := e.db.AuditLog().AuditEntries(bg, audit.Filter{CitizenID: hung.ID, Limit: 5}); len(again) != len(recs) {
				t.Errorf("a refused change was audited as done: %d entries, want %d", len(again), len(recs))
			}
		}
	})
}
