package sqlstore_test

import (
	"dancu/internal/wire"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/share"
	"dancu/internal/sqlstore"
)

func sampleAgency(id string) share.Agency {
	return share.Agency{ID: id, Name: "Ngân hàng thử", LegalBasis: "Nghị định 69/2024/NĐ-CP",
		Purposes: []share.Purpose{{Name: "account_opening", ConsentRequired: true}}, Fields: []string{"full_name", "birth_date"},
		Events: []share.EventType{share.EventDeath}, RatePerSec: 100, Burst: 20, Status: share.Active,
		CreatedAt: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
}

func TestAgencies(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a := sampleAgency("bank-a")
		if err := e.db.Sharing().CreateAgency(ctx, a, "$argon2id$x"); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Sharing().CreateAgency(ctx, a, ""); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("duplicate agency: %v, want conflict", err)
		}
		got, err := e.db.Sharing().Agency(ctx, "bank-a")
		if err != nil || got.Name != a.Name || !slices.Equal(got.Fields, a.Fields) || got.Purposes[0] != a.Purposes[0] ||
			!got.CreatedAt.Equal(a.CreatedAt) || got.Burst != 20 || got.RatePerSec != 100 || !got.MaySee(share.EventDeath) {
			t.Errorf("agency = %+v %v", got, err)
		}
		if _, err := e.db.Sharing().Agency(ctx, "nobody"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown agency: %v", err)
		}
		if h, err := e.db.Sharing().AgencySecretHash(ctx, "bank-a"); h != "$argon2id$x" || err != nil {
			t.Errorf("secret hash %q %v", h, err)
		}
		if err := e.db.Sharing().SetAgencySecret(ctx, "bank-a", "new"); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Sharing().SetAgencyStatus(ctx, "bank-a", share.Suspended); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Sharing().SetAgencyStatus(ctx, "nobody", share.Suspended); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("suspend unknown: %v", err)
		}
		list, _ := e.db.Sharing().Agencies(ctx)
		if len(list) != 1 || list[0].Status != share.Suspended {
			t.Errorf("list = %+v", list)
		}
		k := share.AgencyKey{AgencyID: "bank-a", KID: "k1", PEM: "pem1", AddedAt: e.clock.t}
		if err := e.db.Sharing().AddAgencyKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Sharing().AddAgencyKey(ctx, k); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("duplicate kid: %v", err)
		}
		k.KID, k.AddedAt = "k2", k.AddedAt.Add(time.Hour)
		e.db.Sharing().AddAgencyKey(ctx, k)
		if err := e.db.Sharing().RetireAgencyKey(ctx, "bank-a", "k1", e.clock.t); err != nil {
			t.Fatal(err)
		}
		keys, err := e.db.Sharing().AgencyKeys(ctx, "bank-a")
		if err != nil || len(keys) != 2 || keys[0].RetiredAt == nil || keys[1].RetiredAt != nil {
			t.Errorf("keys = %+v %v", keys, err)
		}
	})
}

func TestAgencyTokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		e.db.Sharing().CreateAgency(ctx, sampleAgency("bank-a"), "")
		now := e.clock.t
		tok := share.AccessToken{Hash: "h1", AgencyID: "bank-a", Audience: share.AudienceVerify, IssuedAt: now, ExpiresAt: now.Add(5 * time.Minute), CertThumbprint: "tp"}
		if err := e.db.Sharing().SaveToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		got, err := e.db.Sharing().Token(ctx, "h1")
		if err != nil || got.AgencyID != "bank-a" || !got.ExpiresAt.Equal(tok.ExpiresAt) || got.CertThumbprint != "tp" || got.Audience != share.AudienceVerify {
			t.Errorf("token = %+v %v", got, err)
		}
		if err := e.db.Sharing().UseAssertionID(ctx, "bank-a", "jti-1", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Sharing().UseAssertionID(ctx, "bank-a", "jti-1", now.Add(time.Minute)); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("replayed jti: %v, want conflict", err)
		}
		if n, err := e.db.Sharing().PurgeExpired(ctx, now.Add(10*time.Minute)); n != 2 || err != nil {
			t.Errorf("purged %d %v, want 2", n, err)
		}
		e.db.Sharing().SaveToken(ctx, tok)
		if err := e.db.Sharing().RevokeToken(ctx, "h1"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Sharing().Token(ctx, "h1"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoked token: %v", err)
		}
	})
}

func TestMatchSubject(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c := sampleCitizen()
		c.ID = newID()
		if _, err := wire.Register(e.db).Create(ctx, c, officer); err != nil {
			t.Fatal(err)
		}
		s, err := e.db.Sharing().MatchSubject(ctx, c.IDNumber, true)
		if err != nil || s.CitizenID != c.ID || s.NameKey == "" || s.BirthDate != c.BirthDate || s.Sex != c.Sex ||
			s.Commune != c.Permanent.Commune || s.Address != c.Permanent.Address || s.OldIDNumber != c.OldIDNumber {
			t.Errorf("subject = %+v %v for %+v", s, err, c)
		}
		if r := share.Compare(share.MatchQuery{FullName: c.FullName, BirthDate: c.BirthDate.String()}, &s); r.Result != share.Match {
			t.Errorf("compare own data = %+v", r)
		}
		if _, err := e.db.Sharing().MatchSubject(ctx, "001099999999", false); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown number: %v", err)
		}
	})
}

// TestChangeEvents checks that the writes that matter to partners leave
// their events in the outbox, in order, and that others leave none.
func TestChangeEvents(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c := sampleCitizen()
		c.ID = newID()
		c, err := wire.Register(e.db).Create(ctx, c, officer)
		if err != nil {
			t.Fatal(err)
		}
		first := c.IDNumber
		e.clock.advance(time.Hour)
		c, err = wire.Register(e.db).Update(ctx, c.ID, 0, func(x *registry.Citizen) error { x.Phone = "0912345678"; return nil }, officer)
		if err != nil {
			t.Fatal(err)
		}
		c, err = wire.Register(e.db).Update(ctx, c.ID, 0, func(x *registry.Citizen) error {
			x.Permanent = registry.Residence{Commune: "18100", Province: "42", Address: "Tổ 5"}
			return nil
		}, officer)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := e.db.Citizens().AllocateIDNumber(ctx, first[:6])
		if c, err = wire.Register(e.db).ReplaceIDNumber(ctx, c.ID, n, officer); err != nil {
			t.Fatal(err)
		}
		if _, err = wire.Register(e.db).Update(ctx, c.ID, 0, func(x *registry.Citizen) error {
			x.Status, x.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		evs, err := e.db.Sharing().Events(ctx, 0, share.EventTypes, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, ev := range evs {
			got = append(got, string(ev.Type)+":"+ev.Data["id_number"])
			if i > 0 && ev.Seq <= evs[i-1].Seq || ev.ID == "" {
				t.Errorf("event %d: seq %d id %q", i, ev.Seq, ev.ID)
			}
		}
		// The death deletes the residence registration in the same version
		// (registry.SettleResidence): a residence change too.
		want := []string{"id_number.issued:" + first, "citizen.residence_changed:" + first,
			"id_number.cancelled:" + first, "id_number.issued:" + n, "citizen.died:" + n, "citizen.residence_changed:" + n}
		if !slices.Equal(got, want) {
			t.Errorf("events\n%v\nwant\n%v", got, want)
		}
		deaths, _ := e.db.Sharing().Events(ctx, evs[0].Seq, []share.EventType{share.EventDeath}, 10)
		if len(deaths) != 1 || deaths[0].Data["death_date"] != "2026-01-04" {
			t.Errorf("deaths after first = %+v", deaths)
		}
	})
}

// TestChangeEventsNameTheirCitizen: every event carries the opaque id of
// its citizen (for the audit of its deliveries), also an event about a
// number since cancelled; and migration 0010 fills it in for events
// written before it.
func TestChangeEventsNameTheirCitizen(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c := sampleCitizen()
		c.ID = newID()
		c, err := wire.Register(e.db).Create(ctx, c, officer)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := e.db.Citizens().AllocateIDNumber(ctx, c.IDNumber[:6])
		if _, err = wire.Register(e.db).ReplaceIDNumber(ctx, c.ID, n, officer); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			evs, err := e.db.Sharing().Events(ctx, 0, share.EventTypes, 100)
			if err != nil || len(evs) != 3 {
				t.Fatalf("%s: %d events, %v", when, len(evs), err)
			}
			for _, ev := range evs {
				if ev.CitizenID != c.ID {
					t.Errorf("%s: %s of %s names citizen %q, want %q", when, ev.Type, ev.Data["id_number"], ev.CitizenID, c.ID)
				}
			}
		}
		check("as written")

		if _, err := e.db.SQL().ExecContext(ctx, `UPDATE share_events SET citizen_id = ''`); err != nil {
			t.Fatal(err)
		}
		migs, err := sqlstore.Migrations(e.db.Engine())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range migs {
			if m.Version == 10 {
				_, backfill, _ := strings.Cut(m.SQL, "DEFAULT '';") // the statements after the ALTER TABLE
				if _, err := e.db.SQL().ExecContext(ctx, backfill); err != nil {
					t.Fatal(err)
				}
			}
		}
		check("after the migration's backfill")
	})
}

func TestSubscriptions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		e.db.Sharing().CreateAgency(ctx, sampleAgency("bank-a"), "")
		c := sampleCitizen()
		c.ID = newID()
		wire.Register(e.db).Create(ctx, c, officer) // one event before the subscription
		s := share.Subscription{ID: newID(), AgencyID: "bank-a", URL: "https://bank.example/hook", Types: []share.EventType{share.EventDeath},
			Secret: "s3cret", CreatedAt: e.clock.t}
		if err := e.db.Sharing().CreateSubscription(ctx, s); err != nil {
			t.Fatal(err)
		}
		due, err := e.db.Sharing().DueSubscriptions(ctx, e.clock.t)
		if err != nil || len(due) != 1 || due[0].Secret != "s3cret" || due[0].Delivered == 0 {
			t.Fatalf("due = %+v %v (starts after the newest event)", due, err)
		}
		next := e.clock.t.Add(time.Minute)
		if err := e.db.Sharing().MarkFailed(ctx, s.ID, 1, next, "status 503"); err != nil {
			t.Fatal(err)
		}
		if due, _ := e.db.Sharing().DueSubscriptions(ctx, e.clock.t); len(due) != 0 {
			t.Errorf("due before retry time: %+v", due)
		}
		if err := e.db.Sharing().MarkDelivered(ctx, s.ID, due[0].Delivered+5); err != nil {
			t.Fatal(err)
		}
		e.db.Sharing().MarkDelivered(ctx, s.ID, 1) // never moves back
		list, _ := e.db.Sharing().Subscriptions(ctx, "bank-a")
		if len(list) != 1 || list[0].Delivered != due[0].Delivered+5 || list[0].Attempts != 0 || list[0].LastError != "" {
			t.Errorf("after delivery: %+v", list)
		}
		if err := e.db.Sharing().DeleteSubscription(ctx, "other", s.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("delete another agency's subscription: %v", err)
		}
		if err := e.db.Sharing().DeleteSubscription(ctx, "bank-a", s.ID); err != nil {
			t.Fatal(err)
		}
	})
}
