package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"
	"time"

	"dancu/internal/quality"
	"dancu/internal/sqlstore"
)

func (a *app) qualityCommand() *cobraCommand {
	cmd := &cobraCommand{
		Use:   "quality",
		Short: "Data-quality rules, findings and per-unit metrics",
	}
	cmd.AddCommand(a.qualityScanCommand(), a.qualityReportCommand(), a.qualityRulesCommand())
	return cmd
}

func (a *app) qualityScanCommand() *cobraCommand {
	return &cobraCommand{
		Use:   "scan",
		Short: "Re-check every record and replace all findings; prints the findings per rule and the time taken",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				res, err := db.Quality().ScanQuality(cmd.Context())
				if err != nil {
					return err
				}
				return writeScan(a.out, res)
			})
		},
	}
}

func writeScan(w io.Writer, res sqlstore.ScanResult) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tFINDINGS")
	for _, r := range quality.Rules() {
		if n := res.ByCode[r.Code]; n > 0 {
			fmt.Fprintf(tw, "%s\t%s\t%d\n", r.Code, r.Severity, n)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rate := float64(res.Records) / res.Elapsed.Seconds()
	_, err := fmt.Fprintf(w, "%d records, %d findings in %s (%.0f records/s)\n", res.Records, res.Findings, res.Elapsed.Round(time.Millisecond), rate)
	return err
}

func (a *app) qualityReportCommand() *cobraCommand {
	var unit, format string
	cmd := &cobraCommand{
		Use:   "report",
		Short: "Per-unit quality: records, % valid, % with ID number, % clean, findings, missing fields, open duplicate candidates",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if format != "table" && format != "csv" {
				return fmt.Errorf("--format: want table or csv, not %q", format)
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				ms, err := db.Quality().QualityMetrics(cmd.Context(), unit)
				if err != nil {
					return err
				}
				if format == "csv" {
					return writeMetricsCSV(a.out, ms)
				}
				return writeMetricsTable(a.out, ms)
			})
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "a 2-digit province or 5-digit commune (2025-07-01 list) or 3-digit district (2025-03-01 list); default: everything")
	cmd.Flags().StringVar(&format, "format", "table", "table or csv")
	return cmd
}

var metricsHeader = []string{"unit", "level", "list", "name", "records", "pct_valid", "pct_with_id_number", "pct_clean",
	"errors", "warnings", "fields_missing", "open_duplicate_candidates"}

func metricsRow(m quality.Metrics) []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	level := string(m.Level)
	if m.Unit == "" {
		level = "country"
	}
	return []string{m.Unit, level, string(m.List), m.Name, strconv.Itoa(m.Records), f(m.PctValid), f(m.PctWithID), f(m.PctClean),
		strconv.Itoa(m.Errors), strconv.Itoa(m.Warnings), strconv.Itoa(m.FieldsMissing), strconv.Itoa(m.OpenDuplicates)}
}

func writeMetricsCSV(w io.Writer, ms []quality.Metrics) error {
	cw := csv.NewWriter(w)
	cw.Write(metricsHeader)
	for _, m := range ms {
		cw.Write(metricsRow(m))
	}
	cw.Flush()
	return cw.Error()
}

func writeMetricsTable(w io.Writer, ms []quality.Metrics) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "UNIT\tLEVEL\tNAME\tRECORDS\t%VALID\t%WITH ID\t%CLEAN\tERRORS\tWARNINGS\tMISSING\tDUP CAND.\t")
	for _, m := range ms {
		r := metricsRow(m)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])
	}
	return tw.Flush()
}

func (a *app) qualityRulesCommand() *cobraCommand {
	return &cobraCommand{
		Use:   "rules",
		Short: "List the rules: code, severity, scope, fields and message",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			rules := quality.Rules()
			sort.Slice(rules, func(i, j int) bool { return rules[i].Code < rules[j].Code })
			tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "CODE\tSEVERITY\tSCOPE\tFIELDS\tMESSAGE")
			for _, r := range rules {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s / %s\n", r.Code, r.Severity, r.Scope, r.Fields, r.MessageVI, r.MessageEN)
			}
			return tw.Flush()
		},
	}
}
