package sqlstore_test

import (
	"dancu/internal/wire"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// TestAsOfReadsByValidTime protects as-of reads of records whose legal
// effective date precedes the day they were recorded (a batch imported
// with --as-of 2025-05-01, a correction dated back): the state in force on
// a day is read by valid time, and recorded time can still ask what the
// register knew then.
func TestAsOfReadsByValidTime(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		// Recorded on 2026-01-05 (the clock), in force from 2025-05-01.
		batch := registry.ChangeMeta{Actor: "import", Reason: "import batch 1", ValidFrom: day("2025-05-01")}
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), batch)
		if err != nil {
			t.Fatal(err)
		}
		recorded1 := e.clock.now()
		got, err := e.db.Citizens().CitizenAt(ctx, c.ID, registry.PointInTime{Valid: day("2025-06-01")})
		if err != nil || got.FullName != c.FullName || got.Version != 1 {
			t.Fatalf("valid 2025-06-01: %v, %+v; want version 1", err, got)
		}
		if _, err := e.db.Citizens().CitizenAt(ctx, c.ID, registry.PointInTime{Valid: day("2025-04-30")}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("valid before the batch date: %v, want not_found", err)
		}
		// Recorded time: on 2025-06-01 the register did not know the record.
		if _, err := e.db.Citizens().CitizenAsOf(ctx, c.ID, day("2025-06-01")); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("recorded 2025-06-01: %v, want not_found", err)
		}

		// A week later: a move dated 2025-09-01, then a name correction
		// valid since the record began; then a move planned for 2026-03-01.
		e.clock.advance(7 * 24 * time.Hour)
		moved := registry.ChangeMeta{Actor: "officer", Reason: "Đăng ký thường trú", ValidFrom: day("2025-09-01")}
		if _, err := wire.Register(e.db).Update(ctx, c.ID, 1, func(z *registry.Citizen) error {
			z.Permanent = registry.Residence{Commune: "18100", Province: "42", Address: "Số 5"}
			return nil
		}, moved); err != nil {
			t.Fatal(err)
		}
		recorded2 := e.clock.now()
		e.clock.advance(24 * time.Hour)
		fix := registry.ChangeMeta{Actor: "officer", Reason: "Cải chính họ tên", ValidFrom: day("2025-05-01")}
		if _, err := wire.Register(e.db).Update(ctx, c.ID, 2, func(z *registry.Citizen) error { z.FullName = "Nguyễn Văn Hưng"; return nil }, fix); err != nil {
			t.Fatal(err)
		}
		e.clock.advance(24 * time.Hour)
		planned := registry.ChangeMeta{Actor: "officer", Reason: "Chuyển đi", ValidFrom: day("2026-03-01")}
		if _, err := wire.Register(e.db).Update(ctx, c.ID, 3, func(z *registry.Citizen) error {
			z.Permanent = registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 9"}
			return nil
		}, planned); err != nil {
			t.Fatal(err)
		}
		now := e.clock.now()

		tests := []struct {
			name            string
			at              registry.PointInTime
			commune, person string
			version         int
		}{
			{"before the move, corrected name", registry.PointInTime{Valid: day("2025-06-01")}, "18073", "Nguyễn Văn Hưng", 3},
			{"after the move", registry.PointInTime{Valid: day("2025-10-01")}, "18100", "Nguyễn Văn Hưng", 3},
			{"today, planned move not yet in force", registry.PointInTime{Valid: now}, "18100", "Nguyễn Văn Hưng", 3},
			{"after the planned move", registry.PointInTime{Valid: day("2026-03-02")}, "18073", "Nguyễn Văn Hưng", 4},
			{"as known before the correction", registry.PointInTime{Valid: day("2025-10-01"), Recorded: recorded2}, "18100", "Nguyễn Văn Hùng", 2},
			{"as known at the batch", registry.PointInTime{Valid: day("2025-10-01"), Recorded: recorded1}, "18073", "Nguyễn Văn Hùng", 1},
		}
		for _, tt := range tests {
			got, err := e.db.Citizens().CitizenAt(ctx, c.ID, tt.at)
			if err != nil || got.Permanent.Commune != tt.commune || got.FullName != tt.person || got.Version != tt.version {
				t.Errorf("%s: %s %q version %d, %v; want %s %q version %d", tt.name,
					got.Permanent.Commune, got.FullName, got.Version, err, tt.commune, tt.person, tt.version)
			}
		}
		// Relatives of a past state are linked like current reads.
		if got, _ := e.db.Citizens().CitizenAt(ctx, c.ID, registry.PointInTime{Valid: day("2025-06-01")}); got.Father.IDNumber == "" || got.Father.CitizenID != "" {
			t.Errorf("father %+v: the register does not hold him, so no link", got.Father)
		}
		if _, err := e.db.Citizens().CitizenAt(ctx, newID(), registry.PointInTime{Valid: now}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown id: %v", err)
		}
	})
}
