package sqlstore

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// ForEachCitizen streams the current state of every citizen, in opaque-id
// order, to fn. Duplicate detection reads the whole register once; loading
// it through point reads would cost a round trip per record. Relatives are
// not linked (CitizenID stays empty): the caller compares names and numbers.
// An error from fn stops the scan and is returned as it is.
func (d *Citizens) ForEachCitizen(ctx context.Context, fn func(registry.Citizen) error) error {
	same := func(c registry.Citizen) (registry.Citizen, bool) { return c, true }
	return ScanCitizens(ctx, d.DB, 1, func() func(registry.Citizen) (registry.Citizen, bool) { return same }, fn)
}

// scanBatch is how many stored records a decoding goroutine takes at once.
const scanBatch = 256

// ScanCitizens reads every citizen's current state like ForEachCitizen,
// but decodes and converts the records on workers goroutines (0: one per
// CPU) while the database is read: decoding the stored JSON was most of the
// time a million-record scan took. newConvert makes each goroutine its own
// converter (which may keep state, such as an interner, without locks); a
// converter may drop a record (false). fn receives the results in
// opaque-id order, one at a time.
func ScanCitizens[T any](ctx context.Context, d *DB, workers int, newConvert func() func(registry.Citizen) (T, bool), fn func(T) error) error {
	return scanCitizens(ctx, d, workers, decodeCitizen, newConvert, fn)
}

// ScanCitizensForMatching is ScanCitizens for duplicate detection: each
// record is decoded without the fields no comparison reads (registration
// place, religion, nationality, marital status, household head,
// representative, e-mail, dates of residence, update time), which then
// cost neither allocations nor parsing into values; the JSON is still
// read whole.
func ScanCitizensForMatching[T any](ctx context.Context, d *DB, workers int, newConvert func() func(registry.Citizen) (T, bool), fn func(T) error) error {
	return scanCitizens(ctx, d, workers, decodeForMatching, newConvert, fn)
}

func scanCitizens[T any](ctx context.Context, d *DB, workers int, decode func([]byte) (registry.Citizen, error), newConvert func() func(registry.Citizen) (T, bool), fn func(T) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		raw [][]byte
		out chan []T
	}
	jobs, ordered := make(chan job, workers*2), make(chan chan []T, workers*4)
	var decodeErr error
	var errOnce sync.Once
	fail := func(err error) { errOnce.Do(func() { decodeErr = err; cancel() }) }
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			convert := newConvert()
			for j := range jobs {
				res := make([]T, 0, len(j.raw))
				for _, raw := range j.raw {
					c, err := decode(raw)
					if err != nil {
						fail(apperr.Wrap(err, "scan citizens"))
						break
					}
					if v, ok := convert(c); ok {
						res = append(res, v)
					}
				}
				j.out <- res
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(ordered)
		defer close(jobs)
		readErr <- d.readRawCitizens(ctx, func(batch [][]byte) error {
			j := job{raw: batch, out: make(chan []T, 1)}
			select {
			case ordered <- j.out:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- j
			return nil
		})
	}()
	var fnErr error
	for out := range ordered {
		res := <-out
		for _, v := range res {
			if fnErr == nil && decodeErr == nil {
				if fnErr = fn(v); fnErr != nil {
					cancel()
				}
			}
		}
	}
	wg.Wait()
	rerr := <-readErr
	switch {
	case fnErr != nil:
		return fnErr
	case decodeErr != nil:
		return decodeErr
	case rerr != nil:
		return apperr.Wrap(rerr, "scan citizens")
	}
	return nil
}

// readRawCitizens hands the stored records, in batches, to fn.
//
// On SQLite it reads without the memory map the pooled connections use
// for point reads: a whole-register scan through the map leaves every page
// of citizens and their versions resident in the process (1.5 GB at a
// million citizens, a third of a full duplicate run's peak), where reads
// into the connection's bounded page cache leave them in the OS's cache.
func (d *DB) readRawCitizens(ctx context.Context, fn func([][]byte) error) error {
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if d.dialect.name == "sqlite" {
		if _, err := conn.ExecContext(ctx, "PRAGMA mmap_size = 0"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA mmap_size = "+strconv.Itoa(sqliteMmapBytes))
	}
	rows, err := conn.QueryContext(ctx, currentData+`ORDER BY c.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	batch := make([][]byte, 0, scanBatch)
	for rows.Next() {
		var r versionRecord
		if err := rows.Scan(r.dest()...); err != nil {
			return err
		}
		raw, err := r.json()
		if err != nil {
			return err
		}
		if batch = append(batch, raw); len(batch) == scanBatch {
			if err := fn(batch); err != nil {
				return err
			}
			batch = make([][]byte, 0, scanBatch)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

// CountCitizens counts the citizens of every status, so a full load can
// size its slice once: growing a million prepared records by doubling
// copied them again and again and held two copies at the peak.
func (d *Citizens) CountCitizens(ctx context.Context) (int, error) {
	var n int
	if err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM citizens`).Scan(&n); err != nil {
		return 0, apperr.Wrap(err, "count citizens")
	}
	return n, nil
}

// matchingFields are the fields of a stored citizen that duplicate
// detection reads (see dedupe.Prepare), under their JSON names.
type matchingFields struct {
	ID                 string            `json:"id"`
	IDNumber           string            `json:"id_number"`
	CancelledIDNumbers []string          `json:"cancelled_id_numbers"`
	OldIDNumber        string            `json:"old_id_number"`
	FullName           string            `json:"full_name"`
	OtherName          string            `json:"other_name"`
	BirthDate          pdate.Date        `json:"birth_date"`
	Sex                registry.Sex      `json:"sex"`
	Hometown           registry.Place    `json:"hometown"`
	Ethnicity          string            `json:"ethnicity"`
	BloodType          string            `json:"blood_type"`
	Permanent          matchingResidence `json:"permanent"`
	Temporary          matchingResidence `json:"temporary"`
	Current            matchingResidence `json:"current"`
	Father             matchingPerson    `json:"father"`
	Mother             matchingPerson    `json:"mother"`
	Spouse             matchingPerson    `json:"spouse"`
	HouseholdRef       string            `json:"household_ref"`
	Phone              string            `json:"phone"`
	Status             registry.Status   `json:"status"`
	RecordRef          string            `json:"record_ref"`
	Version            int               `json:"version"`
}

type matchingResidence struct {
	Commune  string `json:"commune"`
	Province string `json:"province"`
	Address  string `json:"address"`
}

type matchingPerson struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// decodeForMatching decodes with the JSON v2 decoder (go-json-experiment,
// the proposal behind encoding/json/v2): it reads the record in one pass
// without reflection per member, where encoding/json's Unmarshal first
// validates the whole text, then decodes it, and was the largest cost of a
// full duplicate run's first pass. The stored JSON is what encoding/json
// wrote, so v2's stricter rules (exact member names, valid UTF-8) hold.
func decodeForMatching(raw []byte) (registry.Citizen, error) {
	var m matchingFields
	if err := jsonv2.Unmarshal(raw, &m); err != nil {
		return registry.Citizen{}, fmt.Errorf("decode citizen record: %w", err)
	}
	res := func(r matchingResidence) registry.Residence {
		return registry.Residence{Commune: r.Commune, Province: r.Province, Address: r.Address}
	}
	person := func(p matchingPerson) registry.PersonRef {
		return registry.PersonRef{Name: p.Name, IDNumber: p.IDNumber}
	}
	return registry.Citizen{
		ID: m.ID, IDNumber: m.IDNumber, CancelledIDNumbers: m.CancelledIDNumbers, OldIDNumber: m.OldIDNumber,
		FullName: m.FullName, OtherName: m.OtherName, BirthDate: m.BirthDate, Sex: m.Sex, Hometown: m.Hometown, Ethnicity: m.Ethnicity,
		BloodType: m.BloodType, Permanent: res(m.Permanent), Temporary: res(m.Temporary), Current: res(m.Current),
		Father: person(m.Father), Mother: person(m.Mother), Spouse: person(m.Spouse), HouseholdRef: m.HouseholdRef,
		Phone: m.Phone, Status: m.Status, RecordRef: m.RecordRef, Version: m.Version,
	}, nil
}
