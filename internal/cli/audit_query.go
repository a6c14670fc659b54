package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

type auditQueryFlags struct {
	citizen, user, agency, from, to string
	before                          int64
	limit                           int
	asJSON                          bool
}

func (a *app) auditQueryCommand() *cobraCommand {
	var f auditQueryFlags
	cmd := &cobraCommand{
		Use:   "query",
		Short: "List audit entries, newest first, by citizen, officer, agency and time (confidential ones included)",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				filter, err := a.auditFilter(cmd, db, f)
				if err != nil {
					return err
				}
				recs, err := db.AuditLog().AuditEntries(cmd.Context(), filter)
				if err != nil {
					return err
				}
				if f.asJSON {
					return a.printAuditJSON(recs)
				}
				a.printAuditTable(recs)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.citizen, "citizen", "", "citizen: 12-digit ID number or opaque id")
	fl.StringVar(&f.user, "user", "", "officer account id")
	fl.StringVar(&f.agency, "agency", "", "agency id")
	fl.StringVar(&f.from, "from", "", "from this day (YYYY-MM-DD, inclusive)")
	fl.StringVar(&f.to, "to", "", "to this day (YYYY-MM-DD, inclusive)")
	fl.Int64Var(&f.before, "before", 0, "only entries before this sequence number (paging)")
	fl.IntVar(&f.limit, "limit", 50, "at most this many entries (up to 500)")
	fl.BoolVar(&f.asJSON, "json", false, "one JSON object per line")
	return cmd
}

func (a *app) auditFilter(cmd *cobraCommand, db *sqlstore.DB, f auditQueryFlags) (audit.Filter, error) {
	out := audit.Filter{CitizenID: f.citizen, UserID: f.user, AgencyID: f.agency, Before: f.before, Limit: f.limit}
	if len(f.citizen) == 12 && isDigits(f.citizen) {
		c, err := db.Citizens().CitizenByIDNumber(cmd.Context(), f.citizen)
		if err != nil {
			return out, err
		}
		out.CitizenID = c.ID
	}
	for _, d := range []struct {
		in   string
		out  *time.Time
		days int
	}{{f.from, &out.From, 0}, {f.to, &out.To, 1}} {
		if d.in == "" {
			continue
		}
		t, err := parseDay(d.in)
		if err != nil {
			return out, err
		}
		*d.out = t.AddDate(0, 0, d.days)
	}
	return out, nil
}

func (a *app) printAuditJSON(recs []audit.Record) error {
	enc := json.NewEncoder(a.out)
	for _, r := range recs {
		if err := enc.Encode(struct {
			Seq  int64  `json:"seq"`
			Hash string `json:"hash"`
			audit.Entry
		}{r.Seq, r.Hash.String(), r.Entry}); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) printAuditTable(recs []audit.Record) {
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tACTION\tWHO\tCITIZENS\tPURPOSE\tRESULT\tCONFIDENTIAL")
	for _, r := range recs {
		e := r.Entry
		who := e.Username
		if e.AgencyID != "" {
			who = "agency:" + e.AgencyID
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%v\n", r.Seq, e.Time.Format(time.RFC3339), e.Action, who,
			len(e.CitizenIDs), strings.ReplaceAll(e.Purpose, "\t", " "), e.Result, e.Confidential)
	}
	tw.Flush()
}
