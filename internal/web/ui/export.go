package ui

import (
	"encoding/csv"
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"dancu/internal/apperr"
)

// table is what every exported table is: a header and rows of cells.
type table struct {
	Name   string // file name without extension, ASCII
	Header []string
	Rows   [][]any
	// Each, when set, streams the rows instead of Rows: it calls emit for
	// each row, so an export of any length never sits whole in memory.
	Each func(emit func(row []any) error) error
}

// each calls emit for every row of the table.
func (t table) each(emit func(row []any) error) error {
	if t.Each != nil {
		return t.Each(emit)
	}
	for _, row := range t.Rows {
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

// export writes t as CSV (UTF-8 with a byte-order mark, so spreadsheet
// programs read Vietnamese letters) or XLSX, as ?format= asks.
func export(w http.ResponseWriter, r *http.Request, t table) error {
	switch r.URL.Query().Get("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+t.Name+`.csv"`)
		_, _ = w.Write([]byte("\ufeff"))
		cw := csv.NewWriter(w)
		_ = cw.Write(t.Header)
		err := t.each(func(row []any) error {
			rec := make([]string, len(row))
			for i, c := range row {
				rec[i] = fmt.Sprint(c)
			}
			return cw.Write(rec)
		})
		cw.Flush()
		if err != nil {
			// The header is sent: the status cannot change any more. End
			// the file with a line that says it is incomplete, never
			// silently short.
			_ = cw.Write([]string{"EXPORT INCOMPLETE: " + safeMessage(err)})
			cw.Flush()
			return nil
		}
		return cw.Error()
	case "xlsx":
		return writeXLSX(w, t)
	}
	return apperr.WithFields("unknown export format", apperr.FieldError{Field: "format", Reason: "csv or xlsx"})
}

func writeXLSX(w http.ResponseWriter, t table) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx stream: %w", err)
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("xlsx header: %w", err)
	}
	line := 1
	if err := t.each(func(row []any) error {
		line++
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("xlsx row %d: %w", line, err)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx flush: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.Name+`.xlsx"`)
	return f.Write(w)
}

// dashboardExport exports the dashboard's unit table.
func (s *server) dashboardExport(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.dashboard(r, v, true)
	if err != nil {
		return err
	}
	t := table{Name: "tien-do-" + orAll(d.Unit), Header: []string{v.T("dash.code"), v.T("dash.unit"), v.T("dash.target"),
		v.T("dash.received"), v.T("dash.produced"), v.T("dash.handed"), v.T("dash.eligible"), v.T("dash.covered.n"),
		v.T("dash.covered"), v.T("dash.records"), v.T("dash.clean"), v.T("dash.withid")}}
	rows := d.Rows
	if len(rows) == 0 {
		rows = []namedFigures{{unitFigures: d.Self, Name: d.Name}}
	}
	for _, f := range rows {
		var target int64
		if f.Progress.Quota != nil {
			target = f.Progress.Quota.Target
		}
		t.Rows = append(t.Rows, []any{f.Code, f.Name, target, f.Progress.Total.Received, f.Progress.Total.Produced,
			f.Progress.Total.HandedOver, f.Progress.Eligible, f.Progress.Covered, round1(f.PctCovered()),
			f.Quality.Records, round1(f.Quality.PctClean), round1(f.Quality.PctWithID)})
	}
	return export(w, r, t)
}

func orAll(unit string) string {
	if unit == "" {
		return "ca-nuoc"
	}
	return unit
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
