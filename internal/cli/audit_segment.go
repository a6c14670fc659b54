package cli

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

func (a *app) auditExportCommand() *cobraCommand {
	var until, out, previous, pubFile string
	var after int64
	cmd := &cobraCommand{
		Use:   "export",
		Short: "Write a sealed segment of the audit log (entries up to the last checkpoint signed by --until) to archive",
		Long: "Writes the entries after the previous segment (--previous FILE, or --after SEQ, a checkpoint's seq; the\n" +
			"first entry without either) up to the newest checkpoint signed at or before --until, with both signed\n" +
			"checkpoints, as one file (0600, never overwritten). The log is verified over that range first: a log\n" +
			"that does not verify is not sealed. Check a segment offline with\n" +
			"`dancu audit verify --segment FILE --public-key KEY [--previous FILE]`. The entries stay in the database.",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			end, err := time.Parse(time.RFC3339, until)
			if err != nil {
				return fmt.Errorf("--until %q: give a time like 2026-12-01T00:00:00+07:00: %w", until, err)
			}
			if out == "" {
				return errors.New("--out FILE is required")
			}
			if previous != "" {
				prev, err := a.readSegment(previous, pubFile)
				if err != nil {
					return err
				}
				after = prev.Head.Seq
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				keys, err := a.trustedAuditKeys(cmd, db, pubFile)
				if err != nil {
					return err
				}
				f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
				if err != nil {
					return fmt.Errorf("--out: %w", err)
				}
				sum := sha256.New()
				rep, err := audit.ExportSegment(cmd.Context(), db.AuditLog(), keys, after, end, io.MultiWriter(f, sum))
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					os.Remove(out)
					return err
				}
				// The export copies who read whose data out of the database:
				// it is itself a read of the log, and the file's hash ties the
				// archived copy to this entry.
				if err := a.recordCLI(cmd.Context(), db, audit.Entry{Action: "audit.export", CitizenIDs: []string{},
					Purpose: fmt.Sprintf("sealed segment of entries %d to %d, SHA-256 %x", rep.After+1, rep.Head.Seq, sum.Sum(nil))}); err != nil {
					return fmt.Errorf("the segment %s is written, but its export could not be recorded in the audit log: %w", out, err)
				}
				fmt.Fprintf(a.out, "sealed segment %s: entries %d to %d (%d), checkpoint signed %s, SHA-256 %x\nnext segment: --previous %s\n",
					out, rep.After+1, rep.Head.Seq, rep.Entries, rep.Head.Time.Format(time.RFC3339), sum.Sum(nil), out)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&until, "until", "", "seal up to the newest checkpoint signed at or before this time (RFC 3339)")
	cmd.Flags().StringVar(&out, "out", "", "the segment file to write (must not exist)")
	cmd.Flags().StringVar(&previous, "previous", "", "the previous sealed segment: this one starts where it ends (verified first)")
	cmd.Flags().Int64Var(&after, "after", 0, "start after this seq (a checkpoint's); default the first entry")
	cmd.Flags().StringVar(&pubFile, "public-key", "", "PEM file of the trusted checkpoint public key(s) (env DANCU_PUBLIC_KEY)")
	return cmd
}

// verifySegments checks a sealed segment offline, and its link to the
// previous one when given; nothing is read from the database.
func (a *app) verifySegments(segment, previous, pubFile string) error {
	rep, err := a.readSegment(segment, pubFile)
	if err != nil {
		return err
	}
	if previous != "" {
		prev, err := a.readSegment(previous, pubFile)
		if err != nil {
			return fmt.Errorf("--previous: %w", err)
		}
		if err := prev.Links(rep); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.out, "sealed segment intact: entries %d to %d (%d), head signed %s\n%s\n",
		rep.After+1, rep.Head.Seq, rep.Entries, rep.Head.Time.Format(time.RFC3339), rep.Head)
	if previous != "" {
		fmt.Fprintf(a.out, "it continues %s (which ends at seq %d)\n", previous, rep.After)
	}
	return nil
}

// readSegment verifies one segment file against the public key file.
func (a *app) readSegment(path, pubFile string) (audit.SegmentReport, error) {
	var rep audit.SegmentReport
	if pubFile == "" {
		return rep, errors.New("a sealed segment is verified against the published checkpoint key: give --public-key FILE")
	}
	b, err := os.ReadFile(pubFile)
	if err != nil {
		return rep, fmt.Errorf("read --public-key: %w", err)
	}
	keys, err := audit.ParsePublicKeys(b)
	if err != nil {
		return rep, err
	}
	return verifySegmentFile(path, keys)
}

func verifySegmentFile(path string, keys []ed25519.PublicKey) (audit.SegmentReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return audit.SegmentReport{}, err
	}
	defer f.Close()
	rep, err := audit.VerifySegment(f, keys)
	if err != nil {
		return rep, fmt.Errorf("%s: %w", path, err)
	}
	if rep.Problem != nil {
		return rep, fmt.Errorf("%s: %w", path, rep.Problem)
	}
	return rep, nil
}
