package procedure

import (
	"testing"

	"dancu/internal/card"
	"dancu/internal/pdate"
)

// The clock of a dossier across Tết 2026 (16–20 Feb, Monday to Friday)
// and weekends, with and without a supplement pause.
func TestDeadlineAcrossTetAndWeekendsWithPause(t *testing.T) {
	cal := card.DefaultVietnamCalendar()
	for _, c := range []struct {
		name         string
		days         int
		start        pdate.Date
		pause, resum pdate.Date // zero: no supplement
		due          pdate.Date
	}{
		{"7 days from the Friday before Tết", 7, pdate.Full(2026, 2, 13), pdate.Date{}, pdate.Date{}, pdate.Full(2026, 3, 3)},
		{"3 days from a Thursday over a weekend", 3, pdate.Full(2026, 3, 5), pdate.Date{}, pdate.Date{}, pdate.Full(2026, 3, 10)},
		{"1 day from a Friday", 1, pdate.Full(2026, 3, 6), pdate.Date{}, pdate.Date{}, pdate.Full(2026, 3, 9)},
		{"0 days: the day itself", 0, pdate.Full(2026, 3, 6), pdate.Date{}, pdate.Date{}, pdate.Full(2026, 3, 6)},
		// Paused Thu 12 Feb, supplement in Mon 23 Feb: 13 Feb and 23 Feb
		// are the working days spent waiting (Tết and weekends are not): 11
		// and 12 Feb ran, the other five run from 24 Feb.
		{"7 days paused over Tết", 7, pdate.Full(2026, 2, 10), pdate.Full(2026, 2, 12), pdate.Full(2026, 2, 23), pdate.Full(2026, 3, 2)},
		{"pause and resume the same day", 3, pdate.Full(2026, 3, 2), pdate.Full(2026, 3, 3), pdate.Full(2026, 3, 3), pdate.Full(2026, 3, 5)},
	} {
		t.Run(c.name, func(t *testing.T) {
			dl, err := start(cal, c.days, c.start)
			if err != nil {
				t.Fatal(err)
			}
			if !c.pause.IsZero() {
				dl.pause(c.pause)
				if !dl.Due.IsZero() || dl.Overdue(SupplementRequested, pdate.Date{}, pdate.Full(2030, 1, 1)) {
					t.Fatalf("paused clock has due %s or is overdue", dl.Due)
				}
				if err := dl.resume(cal, c.resum); err != nil {
					t.Fatal(err)
				}
			}
			if dl.Due != c.due {
				t.Fatalf("due = %s, want %s (paused %d)", dl.Due, c.due, dl.Paused)
			}
			if dl.Overdue(Received, pdate.Date{}, c.due) {
				t.Error("overdue on the due day itself")
			}
			next, _ := cal.AddWorkingDays(c.due, 1)
			if !dl.Overdue(Received, pdate.Date{}, next) || dl.Remaining(cal, next) != -1 {
				t.Errorf("not overdue (remaining %d) on the next working day %s", dl.Remaining(cal, next), next)
			}
			if !dl.Overdue(Approved, next, next) || dl.Overdue(Approved, c.due, next) {
				t.Error("a decision is judged on its own day")
			}
		})
	}
}

func TestFeeByChannelAndExemption(t *testing.T) {
	info := Info{Code: "x", Fees: Fees{Direct: 20000, Online: 10000, Basis: "TT 75/2022", Exemptions: []string{"poor_household"}}}
	for _, c := range []struct {
		ch        Channel
		exemption string
		want      int64
		bad       bool
	}{{Direct, "", 20000, false}, {Online, "", 10000, false}, {Direct, "poor_household", 0, false}, {Online, "rich", 0, true}} {
		f, err := feeFor(info, c.ch, c.exemption)
		if (err != nil) != c.bad || f.Amount != c.want {
			t.Errorf("%s %q: fee %d, err %v; want %d, error %v", c.ch, c.exemption, f.Amount, err, c.want, c.bad)
		}
	}
}

func TestWorkflowTable(t *testing.T) {
	for _, c := range []struct {
		a    Action
		from State
		ok   bool
	}{
		{ActRequestSupplement, Received, true}, {ActSupplementIn, SupplementRequested, true},
		{ActApprove, SupplementRequested, false}, {ActApprove, Received, true}, {ActRefuse, SupplementRequested, true},
		{ActComplete, Approved, true}, {ActComplete, Received, false}, {ActWithdraw, Approved, false},
		{ActApprove, Done, false}, {Action("erase"), Received, false},
	} {
		if _, err := move(c.a, c.from); (err == nil) != c.ok {
			t.Errorf("%s from %s: err %v, want ok=%v", c.a, c.from, err, c.ok)
		}
	}
}
