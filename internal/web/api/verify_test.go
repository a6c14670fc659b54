package api

import (
	"dancu/internal/wire"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/audit"
	"dancu/internal/citizenauth"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/share"
)

// fullRecord gives hung a value in every disclosable field.
func (s *shareEnv) fullRecord() registry.Citizen {
	h := s.citizens["hung"]
	c, err := wire.Register(s.db).Update(bg, h.ID, 0, func(c *registry.Citizen) error {
		p := registry.PersonRef{Name: "Nguyễn Văn Hải", IDNumber: "042060000001"}
		c.CancelledIDNumbers, c.OtherName, c.BirthPlace, c.Religion, c.BloodType, c.MaritalStatus = []string{"042090000999"}, "Hùng", "Hà Tĩnh", "00", "O", "married"
		c.BirthRegistration, c.Hometown = registry.Place{Text: "UBND xã"}, registry.Place{Text: "Nghệ An"}
		c.Temporary, c.Current = c.Permanent, c.Permanent
		c.Father, c.Mother, c.Spouse, c.Representative, c.HouseholdHead = p, p, p, p, p
		c.RelationToHead, c.Phone, c.Email = "head", "0912345678", "hung@example.vn"
		c.DeathDate = c.BirthDate // a value, whatever the status
		return nil
	}, registry.ChangeMeta{Actor: "test", Reason: "fill every field"})
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// TestEKYCEveryFieldEveryScope: for every scope (none, each single field,
// all) and every field of the catalogue, eKYC discloses the field exactly
// when it is in scope, and never anything outside the scope.
func TestEKYCEveryFieldEveryScope(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	c := s.fullRecord()
	scopes := [][]string{{}, share.Fields()}
	for _, f := range share.Fields() {
		scopes = append(scopes, []string{f})
	}
	for i, scope := range scopes {
		id := fmt.Sprintf("scope-%d", i)
		tok := s.token(id, s.agency(id, scope, nil), share.AudienceVerify)
		for _, f := range share.Fields() {
			w := s.call("POST", "/api/v1/verify/ekyc", tok, map[string]any{"id_number": c.IDNumber, "purpose": "kyc", "fields": []string{f}})
			in := slices.Contains(scope, f)
			switch {
			case in && w.Code == 200:
				got := decode[ekycResponse](t, w).Fields
				if _, ok := got[f]; !ok || len(got) != 1 {
					t.Errorf("scope %v field %s: got %v", scope, f, got)
				}
				if e := s.audit.last(); e.AgencyID != id || !slices.Equal(e.Fields, []string{f}) || e.Result != "match" || e.Purpose != "kyc" || e.LegalBasis == "" {
					t.Errorf("audit %+v", e)
				}
			case !in && w.Code == 403:
				if strings.Contains(w.Body.String(), c.FullName) {
					t.Errorf("refusal carries personal data: %s", w.Body)
				}
				if e := s.audit.last(); e.Result != "denied" {
					t.Errorf("refusal audited as %q", e.Result)
				}
			default:
				t.Errorf("scope %v field %s: status %d %s", scope, f, w.Code, w.Body)
			}
		}
		w := s.call("POST", "/api/v1/verify/ekyc", tok, map[string]any{"id_number": c.IDNumber, "purpose": "kyc"})
		wantStatus(t, w, 200)
		for k := range decode[ekycResponse](t, w).Fields {
			if !slices.Contains(scope, k) {
				t.Errorf("scope %v: whole-scope answer holds %s", scope, k)
			}
		}
	}
}

// TestMatchScopeAndAnswers: match answers per field and nothing else; a
// question about a field outside the scope is refused.
func TestMatchScopeAndAnswers(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	tok := s.token("bank-a", s.agency("bank-a", []string{"full_name", "birth_date"}, nil), share.AudienceVerify)
	h := s.citizens["hung"]
	w := s.call("POST", "/api/v1/verify/match", tok, map[string]any{"id_number": h.IDNumber, "full_name": "nguyen van HUNG",
		"birth_date": "15/05/1990", "purpose": "kyc", "consent_ref": "ref-1"})
	wantStatus(t, w, 200)
	if got := w.Body.String(); got != `{"result":"match","fields":{"birth_date":"match","full_name":"match","id_number":"match"}}`+"\n" {
		t.Errorf("match answer %s", got)
	}
	e := s.audit.last()
	if e.AgencyID != "bank-a" || e.Purpose != "kyc" || e.ConsentRef != "ref-1" || e.Result != "match" || e.LegalBasis != "Nghị định 69/2024/NĐ-CP" ||
		!slices.Equal(e.Fields, []string{"id_number", "full_name", "birth_date"}) || !slices.Equal(e.CitizenIDs, []string{h.ID}) || e.UserID != "" {
		t.Errorf("audit entry %+v", e)
	}
	w = s.call("POST", "/api/v1/verify/match", tok, map[string]any{"id_number": "042099999999", "full_name": "X", "purpose": "kyc"})
	wantStatus(t, w, 200)
	if decode[share.MatchResult](t, w).Result != "no_match" || s.audit.last().Result != "no_match" {
		t.Errorf("unknown number: %s", w.Body)
	}
	for name, body := range map[string]map[string]any{
		"sex outside scope":     {"id_number": h.IDNumber, "sex": "M", "purpose": "kyc"},
		"address outside scope": {"id_number": h.IDNumber, "full_name": "A", "address_commune": "18073", "purpose": "kyc"},
		"unregistered purpose":  {"id_number": h.IDNumber, "full_name": "A", "purpose": "marketing"},
	} {
		if w := s.call("POST", "/api/v1/verify/match", tok, body); w.Code != 403 || s.audit.last().Result != "denied" {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}
	w = s.call("POST", "/api/v1/verify/match", tok, map[string]any{"id_number": h.IDNumber, "full_name": "A", "purpose": "account_opening"})
	if w.Code != 400 || !strings.Contains(w.Body.String(), "consent_ref") {
		t.Errorf("consent-based purpose without consent: %d %s", w.Code, w.Body)
	}
	w = s.call("POST", "/api/v1/verify/match", tok, `{"id_number":"042090000123","full_name":"Nguyễn Bí Mật","purpose":"kyc","x":1}`)
	if w.Code != 400 || strings.Contains(w.Body.String(), "Bí Mật") {
		t.Errorf("invalid body: %d %s", w.Code, w.Body)
	}
	if strings.Contains(s.logs.String(), h.IDNumber) || strings.Contains(s.logs.String(), "nguyen") {
		t.Errorf("personal data in the log: %s", s.logs)
	}
}

func TestAgencyRateLimit(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	tok := s.token("slow", s.agency("slow", []string{"full_name"}, func(a *share.Agency) { a.RatePerSec, a.Burst = 0.5, 2 }), share.AudienceVerify)
	body := map[string]string{"id_number": s.citizens["hung"].IDNumber, "full_name": "A", "purpose": "kyc"}
	for i := 0; i < 2; i++ {
		wantStatus(t, s.call("POST", "/api/v1/verify/match", tok, body), 200)
	}
	w := s.call("POST", "/api/v1/verify/match", tok, body)
	if w.Code != 429 || w.Header().Get("Retry-After") != "2" {
		t.Errorf("over the limit: %d Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	s.advance(2 * time.Second)
	wantStatus(t, s.call("POST", "/api/v1/verify/match", tok, body), 200)
}

func TestBatchVerification(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	tok := s.token("bank-a", s.agency("bank-a", []string{"full_name", "birth_date"}, nil), share.AudienceVerify)
	h := s.citizens["hung"]
	file := fmt.Sprintf("{\"id_number\":%q,\"full_name\":\"Nguyen Van Hung\"}\n\n{\"id_number\":\"1\"}\n{\"id_number\":%q,\"sex\":\"M\"}\n{\"id_number\":%q,\"birth_date\":\"1991\"}\n",
		h.IDNumber, h.IDNumber, h.IDNumber)
	req := newRequest("POST", "/api/v1/verify/batches?purpose=kyc", file)
	req.Header.Set("Authorization", "Bearer "+tok)
	w := serve(s.env, req)
	wantStatus(t, w, 202)
	job := decode[batchJob](t, w)
	if job.Lines != 4 {
		t.Fatalf("job %+v", job)
	}
	for i := 0; i < 200 && job.Status != "done"; i++ {
		time.Sleep(5 * time.Millisecond)
		job = decode[batchJob](t, s.call("GET", "/api/v1/verify/batches/"+job.ID, tok, nil))
	}
	w = s.call("GET", "/api/v1/verify/batches/"+job.ID+"/results", tok, nil)
	wantStatus(t, w, 200)
	lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
	want := []string{`"line":1,"result":"match"`, `"line":3,"error":"invalid verification request`, `"line":4,"error":"fields outside`, `"line":5,"result":"no_match"`}
	for i, l := range lines {
		if i >= len(want) || !strings.Contains(l, want[i]) {
			t.Errorf("result line %d = %s", i, l)
		}
	}
	other := s.token("bank-b", s.agency("bank-b", []string{"full_name"}, nil), share.AudienceVerify)
	if w := s.call("GET", "/api/v1/verify/batches/"+job.ID, other, nil); w.Code != 404 {
		t.Errorf("another agency sees the batch: %d", w.Code)
	}
	req = newRequest("POST", "/api/v1/verify/batches?purpose=account_opening", file)
	req.Header.Set("Authorization", "Bearer "+tok)
	if w := serve(s.env, req); w.Code != 403 {
		t.Errorf("batch for a consent purpose: %d", w.Code)
	}
}

func TestVerifyCardStatusAndEvents(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	secret := s.agency("insurer", []string{"full_name", "id_number"}, nil)
	tok := s.token("insurer", secret, share.AudienceVerify)
	w := s.call("GET", "/api/v1/verify/cards/"+s.citizens["hung"].IDNumber+"/status", tok, nil)
	wantStatus(t, w, 200)
	if !strings.Contains(w.Body.String(), `"status":"unknown"`) {
		t.Errorf("card status %s", w.Body)
	}
	notify := s.token("insurer", secret, share.AudienceNotify)
	page := decode[eventPage](t, s.call("GET", "/api/v1/events", notify, nil))
	if len(page.Events) != 0 {
		t.Errorf("death events before any death: %+v", page)
	}
	an := s.citizens["an"]
	if _, err := wire.Register(s.db).Update(bg, an.ID, 0, func(c *registry.Citizen) error { c.Status = registry.Dead; return nil }, registry.ChangeMeta{Actor: "t", Reason: "death"}); err != nil {
		t.Fatal(err)
	}
	page = decode[eventPage](t, s.call("GET", "/api/v1/events?after="+page.NextCursor, notify, nil))
	if len(page.Events) != 1 || page.Events[0].Type != share.EventDeath || page.Events[0].Data["id_number"] != an.IDNumber {
		t.Fatalf("feed %+v", page)
	}
	if again := decode[eventPage](t, s.call("GET", "/api/v1/events?after="+page.NextCursor, notify, nil)); len(again.Events) != 0 || again.NextCursor != page.NextCursor {
		t.Errorf("after the cursor: %+v", again)
	}
	w = s.call("POST", "/api/v1/events/subscriptions", notify, map[string]any{"url": "http://127.0.0.1:9/hook", "types": []string{"card.revoked"}})
	if w.Code != 403 {
		t.Errorf("subscription to a type outside the agency's: %d", w.Code)
	}
	w = s.call("POST", "/api/v1/events/subscriptions", notify, map[string]any{"url": "http://example.com/hook", "types": []string{"citizen.died"}})
	if w.Code != 400 {
		t.Errorf("plain http webhook: %d", w.Code)
	}
	w = s.call("POST", "/api/v1/events/subscriptions", notify, map[string]any{"url": "https://insurer.example/hook", "types": []string{"citizen.died"}})
	wantStatus(t, w, 201)
	// It starts at the feed's head: the death (and the residence deletion
	// that followed it, a type the agency does not take) are behind it.
	if sub := decode[subscriptionCreated](t, w); sub.Secret == "" || sub.Delivered < page.Events[0].Seq {
		t.Errorf("subscription %+v", sub)
	}
}

// TestWebhookSubscriptionRefusesPrivateTargets: an agency cannot point a
// webhook at the server's own loopback services, the cloud metadata
// address or any private network, by address or by name, nor at a public
// address over plain http; the refusal names the rule, not an address.
func TestWebhookSubscriptionRefusesPrivateTargets(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	notify := s.token("insurer", s.agency("insurer", []string{"id_number"}, nil), share.AudienceNotify)
	for _, u := range []string{"http://127.0.0.1:6379/", "https://127.0.0.1:8443/hook", "http://localhost:8080/hook", "https://localhost/hook",
		"https://[::1]:8080/hook", "http://169.254.169.254/latest/meta-data/", "https://metadata.example/", "https://10.0.0.1/hook",
		"http://example.com/hook", "https://unknown.example/hook"} {
		w := s.call("POST", "/api/v1/events/subscriptions", notify, map[string]any{"url": u, "types": []string{"citizen.died"}})
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"url"`) {
			t.Errorf("%s: %d %s", u, w.Code, w.Body)
		}
		if strings.Contains(w.Body.String(), "169.254") && !strings.Contains(u, "169.254") {
			t.Errorf("%s: the refusal names a resolved address: %s", u, w.Body)
		}
	}
	list := decode[map[string][]share.Subscription](t, s.call("GET", "/api/v1/events/subscriptions", notify, nil))
	if len(list["items"]) != 0 {
		t.Errorf("refused subscriptions were stored: %+v", list)
	}
	w := s.call("POST", "/api/v1/events/subscriptions", notify, map[string]any{"url": "https://insurer.example/hook", "types": []string{"citizen.died"}})
	wantStatus(t, w, 201)
}

// batchFile is n match queries for one person.
func batchFile(number string, n int) string {
	var b strings.Builder
	for range n {
		fmt.Fprintf(&b, "{\"id_number\":%q,\"full_name\":\"Nguyen Van Hung\"}\n", number)
	}
	return b.String()
}

func (s *shareEnv) submitBatch(tok, file string) batchJob {
	s.t.Helper()
	req := newRequest("POST", "/api/v1/verify/batches?purpose=kyc", file)
	req.Header.Set("Authorization", "Bearer "+tok)
	w := serve(s.env, req)
	wantStatus(s.t, w, 202)
	return decode[batchJob](s.t, w)
}

// waitFor polls cond in real time while a batch runs in the background.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 4000; i++ {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

func (s *shareEnv) batchLines(agency string) int {
	return s.audit.count(func(e AuditEntry) bool {
		return e.Action == actVerifyBatch && e.AgencyID == agency && e.Result != "denied"
	})
}

// TestBatchLinesChargeTheRateLimit: every line of a batch costs a token
// of the agency's rate limit, as a single match does. A 20-line batch at
// 1 request/s with a burst of 5 cannot finish before 16 s have passed
// (21 tokens with the upload), and leaves the bucket empty, so the
// agency's next call waits. Before, the batch cost one token.
func TestBatchLinesChargeTheRateLimit(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			s := newShareEnv(t, engine)
			tok := s.token("bulk", s.agency("bulk", []string{"full_name"}, func(a *share.Agency) { a.RatePerSec, a.Burst = 1, 5 }), share.AudienceVerify)
			start := s.clock()
			h := s.citizens["hung"]
			s.submitBatch(tok, batchFile(h.IDNumber, 20))
			waitFor(t, "20 answered lines", func() bool { return s.batchLines("bulk") == 20 })
			if took := s.clock().Sub(start); took < 16*time.Second {
				t.Errorf("20 lines at 1/s with a burst of 5 took %v of the agency's time, want at least 16s", took)
			}
			w := s.call("POST", "/api/v1/verify/match", tok, map[string]any{"id_number": h.IDNumber, "full_name": "A", "purpose": "kyc"})
			if w.Code != 429 {
				t.Errorf("a call right after the batch: %d, want 429 (the batch spent the bucket)", w.Code)
			}
		})
	}
}

// TestBatchStopsWhenAgencySuspended: a suspension written to storage by
// another process (as `dancu agency suspend` does, bypassing this
// process's token cache) stops a running batch at the next line, refuses
// the agency's downloads at once, even of a finished batch and while its
// token is still cached, and the stopped batch's answers stay refused
// after reinstatement.
func TestBatchStopsWhenAgencySuspended(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			s := newShareEnvWith(t, engine, func(c *share.Config) { c.CacheTTL = time.Hour })
			tok := s.token("bulk", s.agency("bulk", []string{"full_name"}, nil), share.AudienceVerify)
			h := s.citizens["hung"]
			status := func(id string) batchJob {
				return decode[batchJob](t, s.call("GET", "/api/v1/verify/batches/"+id, tok, nil))
			}
			first := s.submitBatch(tok, batchFile(h.IDNumber, 2))
			waitFor(t, "the first batch", func() bool { return status(first.ID).Status == "done" })
			wantStatus(t, s.call("GET", "/api/v1/verify/batches/"+first.ID+"/results", tok, nil), 200)

			// The first line of the next batch is answered, then another
			// process suspends the agency.
			s.audit.mu.Lock()
			s.audit.onRecord = func(e AuditEntry) {
				if e.Action == actVerifyBatch {
					s.audit.onRecord = nil
					if err := s.db.Sharing().SetAgencyStatus(bg, "bulk", share.Suspended); err != nil {
						t.Error(err)
					}
				}
			}
			s.audit.mu.Unlock()
			second := s.submitBatch(tok, batchFile(h.IDNumber, 10))
			waitFor(t, "the second batch to end", func() bool { return status(second.ID).Status != "running" })
			if got := status(second.ID); got.Status != "stopped" || got.Done != 1 {
				t.Errorf("after the suspension: %+v, want stopped after 1 line", got)
			}
			if n := s.batchLines("bulk"); n != 3 {
				t.Errorf("%d lines answered and audited, want 2 + 1", n)
			}
			for _, id := range []string{first.ID, second.ID} {
				if w := s.call("GET", "/api/v1/verify/batches/"+id+"/results", tok, nil); w.Code != 403 || strings.Contains(w.Body.String(), "line") && strings.Contains(w.Body.String(), "match") {
					t.Errorf("download of %s by a suspended agency: %d %s", id, w.Code, w.Body)
				}
			}

			if err := s.db.Sharing().SetAgencyStatus(bg, "bulk", share.Active); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, s.call("GET", "/api/v1/verify/batches/"+first.ID+"/results", tok, nil), 200)
			if w := s.call("GET", "/api/v1/verify/batches/"+second.ID+"/results", tok, nil); w.Code != 403 || !strings.Contains(w.Body.String(), "stopped") {
				t.Errorf("the stopped batch after reinstatement: %d %s", w.Code, w.Body)
			}
		})
	}
}

// TestEventFeedCutToFieldScope: the feed shows an agency only the event
// data its field scope covers. An agency scoped to sex alone read the
// number, commune and province of every death and move; now it reads no
// event (its cursor still moves on), and an agency with id_number and
// death_date reads the number of a person who moved, not where to. Each
// page is audited with the citizens it names, and the citizen's data
// tracker shows it.
func TestEventFeedCutToFieldScope(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			s := newShareEnv(t, engine)
			w := withAuditLog(t, s.env)
			s.h = New(withServices(s.db, Config{Auth: s.auth, Logger: discardLogger(), Metrics: prometheus.NewRegistry(),
				Version: "test", Auditor: w, Share: s.svc}))
			both := func(a *share.Agency) { a.Events = []share.EventType{share.EventDeath, share.EventResidenceChanged} }
			sexOnly := s.token("sex-only", s.agency("sex-only", []string{"sex"}, both), share.AudienceNotify)
			insurer := s.token("insurer", s.agency("insurer", []string{"id_number", "death_date"}, both), share.AudienceNotify)
			an, hung := s.citizens["an"], s.citizens["hung"]
			if _, err := wire.Register(s.db).Update(bg, an.ID, 0, func(c *registry.Citizen) error {
				c.Status, c.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
				return nil
			}, registry.ChangeMeta{Actor: "t", Reason: "death"}); err != nil {
				t.Fatal(err)
			}
			if _, err := wire.Register(s.db).Update(bg, hung.ID, 0, func(c *registry.Citizen) error {
				c.Permanent = registry.Residence{Commune: "18100", Province: "42", Address: "Tổ 5"}
				return nil
			}, registry.ChangeMeta{Actor: "t", Reason: "moved"}); err != nil {
				t.Fatal(err)
			}
			all, _ := s.db.Sharing().Events(bg, 0, share.EventTypes, 100)
			last := strconv.FormatInt(all[len(all)-1].Seq, 10)

			r := s.call("GET", "/api/v1/events", sexOnly, nil)
			wantStatus(t, r, 200)
			page := decode[eventPage](t, r)
			if len(page.Events) != 0 || page.NextCursor != last {
				t.Errorf("sex-only agency: %s", r.Body)
			}
			for _, leak := range []string{an.IDNumber, hung.IDNumber, "18100", "death_date"} {
				if strings.Contains(r.Body.String(), leak) {
					t.Errorf("sex-only agency reads %s: %s", leak, r.Body)
				}
			}

			page = decode[eventPage](t, s.call("GET", "/api/v1/events", insurer, nil))
			// The death, its deletion of the residence registration
			// (registry.SettleResidence), and the move.
			if len(page.Events) != 3 || page.Events[1].Type != share.EventResidenceChanged {
				t.Fatalf("insurer feed %+v", page)
			}
			death, moved := page.Events[0], page.Events[2]
			if death.Type != share.EventDeath || len(death.Data) != 2 || death.Data["id_number"] != an.IDNumber || death.Data["death_date"] != "2026-01-04" {
				t.Errorf("death event %+v", death)
			}
			if moved.Type != share.EventResidenceChanged || len(moved.Data) != 1 || moved.Data["id_number"] != hung.IDNumber {
				t.Errorf("residence event outside the permanent scope: %+v", moved)
			}

			// The auditor sees the page with both citizens; each citizen's
			// tracker shows the agency's read.
			recs, err := s.db.AuditLog().AuditEntries(bg, audit.Filter{AgencyID: "insurer", Limit: 10})
			if err != nil || len(recs) != 1 {
				t.Fatalf("insurer audit entries %+v %v", recs, err)
			}
			if e := recs[0].Entry; e.Action != actEventsRead || !slices.Equal(e.CitizenIDs, []string{an.ID, hung.ID}) ||
				!slices.Equal(e.Fields, []string{"death_date", "id_number"}) || e.Purpose != share.NotificationPurpose || e.LegalBasis == "" {
				t.Errorf("audit entry %+v", e)
			}
			for _, c := range []registry.Citizen{an, hung} {
				token, _, err := citizenauth.Issue(bg, s.db.AuditLog(), c.ID, time.Hour, s.auth.Now())
				if err != nil {
					t.Fatal(err)
				}
				r := s.asCitizenToken("GET", "/api/v1/me/accesses", token)
				wantStatus(t, r, 200)
				tracked := decode[auditPage[audit.Access]](t, r).Items
				if len(tracked) != 1 || tracked[0].Action != actEventsRead || !strings.Contains(tracked[0].Who, "insurer") {
					t.Errorf("%s's tracker: %+v", c.FullName, tracked)
				}
			}
		})
	}
}
