// Package cli wires the dancu command line: flags and DANCU_* environment
// variables become explicit configuration passed to the domain packages.
// It holds no domain logic.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"dancu/internal/apperr"
)

// Version is set at build time with -ldflags "-X dancu/internal/cli.Version=…".
var Version = "dev"

// app is the configuration shared by all commands.
type app struct {
	out, errOut    io.Writer
	data           string // --data: the deployment's state (see datadir.go)
	keys           string // --keys: its secrets, kept apart from the data
	db             string
	dbRead         readFlags // standbys for lag-tolerant reads (replicas.go)
	logLevel       string
	logFormat      string
	cpuProfile     string
	memProfile     string // --memprofile: see writeHeapProfile
	memProfileDone bool
	traceFile      string // --trace: a runtime execution trace of the command
	blobs          string // folder of encrypted captures and card bundles
	blobKey        string
	pki            string // folder of the sealed signing keys
	auditKey       string // the audit checkpoint signing key
	// auditWitness receives each checkpoint head (serve, demo).
	auditWitness string
	cscaFile     string // the CSCA certificate the server's chip verifier trusts
	tls          tlsFlags
	webhooks     webhookFlags
	oidc         oidcFlags // the OpenID Connect provider (serve_oidc.go)
	listenAddr   string    // the address serve listens on (the portal's redirect URIs)
	eidDemo      bool      // VNeID accounts with the demo's matcher (eid.go)
	// noWarmUp: the officer application does not compute the dashboards'
	// figures at start-up (benchmark servers: at 1M the warm-up scans
	// the register for seconds of CPU, under the measured requests).
	noWarmUp    bool
	profileFile *os.File
	traceOut    *os.File
	log         *slog.Logger
	// maySign says whether this process signs audit checkpoints: serve
	// sets the signer lease's; nil (one-shot commands) signs.
	maySign func() bool
}

// Main runs the command line and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	a := &app{out: stdout, errOut: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "dancu:", err)
		var ae *apperr.Error
		if errors.As(err, &ae) {
			for i, f := range ae.Fields {
				if i == 20 {
					fmt.Fprintf(stderr, "  … %d more\n", len(ae.Fields)-20)
					break
				}
				fmt.Fprintln(stderr, "  "+f.String())
			}
		}
		return 1
	}
	return 0
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "dancu",
		Short:         "National population registry (CSDLQG về dân cư)",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyEnv(cmd.Flags()); err != nil {
				return err
			}
			if err := a.setupLogging(); err != nil {
				return err
			}
			return a.startProfile()
		},
		PersistentPostRun: func(*cobra.Command, []string) { a.stopProfile() },
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.data, "data", "", "data directory: the SQLite database, encrypted captures, card bundles, PKI, reports (env DANCU_DATA; default $XDG_DATA_HOME/dancu or ~/.local/share/dancu)")
	pf.StringVar(&a.keys, "keys", "", "keys directory, kept apart from --data: the captures' key and the audit checkpoint key (env DANCU_KEYS; default ~/.config/dancu/keys)")
	pf.StringVar(&a.db, "db", "", "database: sqlite:PATH or postgres://user@host/db (env DANCU_DB; default sqlite:DATA/dancu.db)")
	a.dbRead.register(pf)
	pf.StringVar(&a.logLevel, "log-level", "info", "log level: debug, info, warn, error (env DANCU_LOG_LEVEL)")
	pf.StringVar(&a.logFormat, "log-format", "text", "log format: text or json (env DANCU_LOG_FORMAT)")
	pf.StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) of the command to this file")
	pf.StringVar(&a.memProfile, "memprofile", "", "write a heap profile (pprof, live objects after a GC) to this file: for import, when a batch has read its last row, before its commit; otherwise at the end of the command")
	pf.StringVar(&a.traceFile, "trace", "", "write a runtime execution trace of the command to this file (go tool trace): where requests wait")
	pf.StringVar(&a.blobs, "blobs", "", "folder of encrypted biometric captures and card bundles (env DANCU_BLOBS; default DATA/blobs)")
	pf.StringVar(&a.blobKey, "blob-key-file", "", "key file of the blob folder, created 0600 on first use, refused inside DATA (env DANCU_BLOB_KEY_FILE; default KEYS/blobs.key); DANCU_BLOB_KEY, the key itself, wins over it")
	pf.StringVar(&a.pki, "pki", "", "folder of the sealed CSCA and Document Signer keys (env DANCU_PKI; default DATA/pki)")
	pf.StringVar(&a.auditKey, "audit-key", "", "audit checkpoint signing key, created 0600 on first use, refused inside DATA (env DANCU_AUDIT_KEY; default KEYS/audit-checkpoint.pem)")
	root.AddCommand(a.migrateCommand(), a.importCommand(), a.generateCommand(), a.citizenCommand(),
		a.serveCommand(), a.demoCommand(), a.benchCommand(), a.userCommand())
	root.AddCommand(a.cardCommand())
	root.AddCommand(a.duplicatesCommand())
	root.AddCommand(a.generateDupevalCommand())
	root.AddCommand(a.qualityCommand())
	root.AddCommand(a.pkiCommand())
	root.AddCommand(a.credentialCommand())
	root.AddCommand(a.agencyCommand())
	root.AddCommand(a.rpCommand(), a.oidcCommand())
	root.AddCommand(a.auditCommand())
	root.AddCommand(a.unitsCommand())
	root.AddCommand(a.eidCommand())
	root.AddCommand(a.backupCommand(), a.restoreCommand())
	return root
}

// applyEnv fills every flag not given on the command line from
// DANCU_<FLAG_NAME>, so flags and environment share one namespace.
func applyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil {
			return
		}
		name := "DANCU_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, e)
			}
		}
	})
	return err
}

func (a *app) setupLogging() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch a.logFormat {
	case "text":
		a.log = slog.New(slog.NewTextHandler(a.errOut, opts))
	case "json":
		a.log = slog.New(slog.NewJSONHandler(a.errOut, opts))
	default:
		return fmt.Errorf("--log-format must be text or json, not %q", a.logFormat)
	}
	return nil
}

// quietLogger logs warnings and errors only, for servers started by
// benchmarks whose per-request lines would drown the figures.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
