package cli

import (
	"context"
	"fmt"
	"time"

	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/production"
	"dancu/internal/sqlstore"
	"dancu/internal/synthbio"
	"dancu/internal/units"
)

// demoCampaign is the card campaign of the demo: intake stations in a few
// communes of the province, invitations, intake with synthetic captures,
// and the workflow up to hand-over, replayed over the last working days
// with a moving clock so that dashboards show daily progress. Applications
// of the last days are still on their way, as in a real campaign.
type demoCampaign struct {
	svc      *issuance.Service
	line     *production.Line
	clock    time.Time
	officer  auth.User // the province officer: intake, verification, approval, hand-over
	ministry auth.User // production orders and delivery
	captures map[int]issuance.Captures
}

const (
	demoStations     = 5
	demoPerStation   = 7  // invitations per station and day
	demoCampaignDays = 12 // working days replayed
)

func (c *demoCampaign) now() time.Time { return c.clock }

// at sets the clock to a time of a Vietnamese working day.
func (c *demoCampaign) at(day time.Time, hour, minute int) {
	c.clock = time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, vietnamZone).UTC()
}

var vietnamZone = time.FixedZone("ICT", 7*3600)

// demoCards runs the campaign unless the register already holds cards.
func (a *app) demoCards(ctx context.Context, db *sqlstore.DB, province string, authority *pki.Authority, blobs issuance.BlobStore) (int, error) {
	if existing, err := db.Issuance().Cards(ctx, "", 1); err != nil || len(existing) > 0 {
		return 0, err
	}
	users := a.authService(db)
	officer, err := users.User(ctx, "tinh"+province)
	if err != nil {
		return 0, err
	}
	ministry, err := users.User(ctx, "bo.congan")
	if err != nil {
		return 0, err
	}
	c := &demoCampaign{officer: officer, ministry: ministry, captures: map[int]issuance.Captures{}}
	cat := units.Default()
	c.svc = issuance.NewService(issuance.Config{Store: db.Issuance(), Citizens: db.Citizens(), Units: cat, Blobs: blobs, Now: c.now})
	c.line = newLine(db, blobs, authority, c.now)
	days := demoWorkingDays(time.Now().In(vietnamZone), demoCampaignDays)
	c.at(days[0], 7, 0)
	stations, err := c.openStations(ctx, cat, province)
	if err != nil {
		return 0, err
	}
	handed := 0
	for i, day := range days {
		for _, st := range stations {
			n, err := c.runDay(ctx, st, day, days[i:])
			if err != nil {
				return handed, fmt.Errorf("demo campaign, station %s on %s: %w", st.Code, day.Format(time.DateOnly), err)
			}
			handed += n
		}
	}
	return handed, c.setQuotas(ctx, cat, province, stations, days)
}

// demoWorkingDays returns the n working days up to and including today
// (or the last working day before it).
func demoWorkingDays(today time.Time, n int) []time.Time {
	cal := card.DefaultVietnamCalendar()
	var out []time.Time
	for d := issuance.Day(today); len(out) < n; d = d.AddDate(0, 0, -1) {
		if cal.IsWorkingDay(pdate.FromTime(d)) {
			out = append([]time.Time{d}, out...)
		}
	}
	return out
}

// openStations creates one fixed station in each of the first communes
// and makes the last one a mobile team, as campaigns did for remote areas.
func (c *demoCampaign) openStations(ctx context.Context, cat *units.Catalog, province string) ([]issuance.Station, error) {
	communes := cat.Communes(units.List2025July, province)
	var out []issuance.Station
	for i := 0; i < demoStations && i < len(communes); i++ {
		st := issuance.Station{Code: fmt.Sprintf("%s-%02d", province, i+1), Name: "Điểm thu nhận " + communes[i].FullName,
			Kind: issuance.Fixed, Unit: communes[i].Code, Address: "Trụ sở Công an " + communes[i].FullName, Machines: 2}
		if i == demoStations-1 {
			st.Kind, st.Name = issuance.Mobile, "Tổ lưu động "+communes[i].FullName
		}
		created, err := c.svc.CreateStation(ctx, c.officer, st)
		if err != nil {
			return nil, err
		}
		out = append(out, created)
	}
	return out, nil
}

// runDay invites residents to a station for day and takes each through as
// many workflow steps as the days ahead allow. It returns the cards handed
// over.
func (c *demoCampaign) runDay(ctx context.Context, st issuance.Station, day time.Time, ahead []time.Time) (int, error) {
	c.at(day, 6, 30)
	invited, err := c.svc.Invite(ctx, c.officer, st.ID, st.Unit, day, demoPerStation)
	if err != nil {
		return 0, err
	}
	handed := 0
	for i, ap := range invited {
		c.at(day, 7, 30+5*i)
		caps, err := c.capture(ctx, i)
		if err != nil {
			return handed, err
		}
		app, err := c.svc.Apply(ctx, c.officer, issuance.NewApplication{CitizenID: ap.CitizenID, StationID: st.ID, Type: issuance.FirstIssuance, Captures: caps})
		if err != nil {
			return handed, err
		}
		done, err := c.advance(ctx, app.ID, ahead)
		if err != nil {
			return handed, err
		}
		if done {
			handed++
		}
	}
	return handed, nil
}

// demoStep is one workflow step of the campaign: on the n-th working day
// after intake, at a time, by an account.
type demoStep struct {
	day, hour int
	to        issuance.State
	ministry  bool
}

var demoSteps = []demoStep{
	{0, 16, issuance.Verified, false},
	{1, 9, issuance.Approved, false},
	{2, 8, issuance.InProduction, true},
	{2, 10, issuance.Produced, true}, // by the production line
	{3, 9, issuance.Delivered, true},
	{4, 10, issuance.HandedOver, false},
}

// advance moves an application through the steps whose day has come and
// reports whether the card was handed over.
func (c *demoCampaign) advance(ctx context.Context, appID string, ahead []time.Time) (bool, error) {
	for _, s := range demoSteps {
		if s.day >= len(ahead) {
			return false, nil
		}
		c.at(ahead[s.day], s.hour, 0)
		if s.to == issuance.Produced {
			rep, err := c.line.Run(ctx, 10)
			if err != nil {
				return false, err
			}
			if len(rep.Failures) > 0 {
				return false, rep.Failures[0].Err
			}
			continue
		}
		u := c.officer
		if s.ministry {
			u = c.ministry
		}
		if _, err := c.svc.Transition(ctx, u, issuance.Move{ApplicationID: appID, To: s.to, CitizenConfirmed: s.to == issuance.HandedOver}); err != nil {
			return false, err
		}
	}
	return true, nil
}

// capture stores a synthetic photo, ten prints (one in seven applicants
// has a worn finger, common among manual workers) and a signature through
// the intake quality checks.
func (c *demoCampaign) capture(ctx context.Context, i int) (issuance.Captures, error) {
	var caps issuance.Captures
	seed := uint64(i%8 + 1)
	set, err := demoBiometrics(seed)
	if err != nil {
		return caps, err
	}
	if caps.Photo, err = c.svc.StoreCapture(ctx, c.officer, issuance.CapturePhoto, set.photo); err != nil {
		return caps, err
	}
	for f, data := range set.prints {
		if i%7 == 3 && f == 9 {
			caps.Fingerprints[f].Missing = "vân tay bị mòn (worn ridges)"
			continue
		}
		if caps.Fingerprints[f].Ref, err = c.svc.StoreCapture(ctx, c.officer, issuance.CaptureFingerprint, data); err != nil {
			return caps, err
		}
	}
	caps.Signature, err = c.svc.StoreCapture(ctx, c.officer, issuance.CaptureSignature, set.signature)
	return caps, err
}

// demoBiometricSet is one synthetic person's captures.
type demoBiometricSet struct {
	photo, signature []byte
	prints           [10][]byte
}

// demoSets caches the synthetic captures: drawing a face, ten fingers and
// a signature takes about 80 ms, and eight sets are variety enough for a
// demo (every application still stores its own encrypted copies).
var demoSets = map[uint64]demoBiometricSet{}

func demoBiometrics(seed uint64) (demoBiometricSet, error) {
	if s, ok := demoSets[seed]; ok {
		return s, nil
	}
	var s demoBiometricSet
	var err error
	if s.photo, err = synthbio.Photo(seed); err != nil {
		return s, err
	}
	if s.prints, err = synthbio.Fingerprints(seed); err != nil {
		return s, err
	}
	if s.signature, err = synthbio.SignaturePNG(seed); err != nil {
		return s, err
	}
	demoSets[seed] = s
	return s, nil
}

// setQuotas gives each station's commune and the province a target for
// the campaign period, so progress reads as a share of a plan.
func (c *demoCampaign) setQuotas(ctx context.Context, cat *units.Catalog, province string, stations []issuance.Station, days []time.Time) error {
	from, to := days[0], days[len(days)-1].AddDate(0, 1, 0)
	for _, st := range stations {
		if err := c.svc.SetQuota(ctx, c.ministry, issuance.Quota{Unit: st.Unit, From: from, To: to, Target: demoPerStation * demoCampaignDays}); err != nil {
			return err
		}
	}
	return c.svc.SetQuota(ctx, c.ministry, issuance.Quota{Unit: province, From: from, To: to, Target: int64(len(stations)) * demoPerStation * demoCampaignDays})
}
