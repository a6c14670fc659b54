package cli

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/production"
	"dancu/internal/registry"
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
	db       *sqlstore.DB // reads each applicant, whose portrait depends on who they are
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
	c := &demoCampaign{officer: officer, ministry: ministry, captures: map[int]issuance.Captures{}, db: db}
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
		caps, err := c.capture(ctx, i, ap.CitizenID)
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

// capture stores the applicant's own synthetic portrait (drawn for who
// they are: the same person always gets the same face, which changes with
// age and sex), ten prints (one in seven applicants has a worn finger,
// common among manual workers) and a signature through the intake quality
// checks.
func (c *demoCampaign) capture(ctx context.Context, i int, citizenID string) (issuance.Captures, error) {
	var caps issuance.Captures
	z, err := c.db.Citizens().Citizen(ctx, citizenID)
	if err != nil {
		return caps, err
	}
	photo, err := synthbio.PersonPhoto(demoPerson(z, c.clock))
	if err != nil {
		return caps, err
	}
	if caps.Photo, err = c.svc.StoreCapture(ctx, c.officer, issuance.CapturePhoto, photo); err != nil {
		return caps, err
	}
	set, err := demoPrints(uint64(i%8 + 1))
	if err != nil {
		return caps, err
	}
	for f, data := range set {
		if i%7 == 3 && f == 9 {
			caps.Fingerprints[f].Missing = "vân tay bị mòn (worn ridges)"
			continue
		}
		if caps.Fingerprints[f].Ref, err = c.svc.StoreCapture(ctx, c.officer, issuance.CaptureFingerprint, data); err != nil {
			return caps, err
		}
	}
	signature, err := synthbio.SignaturePNG(demoSeed(z.ID) ^ 0x5167)
	if err != nil {
		return caps, err
	}
	caps.Signature, err = c.svc.StoreCapture(ctx, c.officer, issuance.CaptureSignature, signature)
	return caps, err
}

// demoPerson is who a demo portrait shows: seeded by the register's id, so
// a person keeps their face across runs and cards, aged to the day.
func demoPerson(z registry.Citizen, on time.Time) synthbio.Person {
	age := 40 // no birth date at all: an adult
	if !z.BirthDate.IsZero() {
		lo, hi := z.BirthDate.AgeAt(on)
		age = lo + (hi-lo)/2
	}
	return synthbio.Person{Seed: demoSeed(z.ID), Female: z.Sex == registry.Female, Age: age}
}

// demoSeed turns an id into a seed (FNV-1a, stable across releases).
func demoSeed(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// demoPrintSets caches synthetic fingerprint sets: a set of ten takes
// about 0.4 s to draw, so the demo cycles through eight of them (every
// application still stores its own encrypted copies). Faces, which officers
// compare with the person at the desk, are drawn per person.
var demoPrintSets = map[uint64][10][]byte{}

func demoPrints(seed uint64) ([10][]byte, error) {
	if s, ok := demoPrintSets[seed]; ok {
		return s, nil
	}
	s, err := synthbio.Fingerprints(seed)
	if err != nil {
		return s, err
	}
	demoPrintSets[seed] = s
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
