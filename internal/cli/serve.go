package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/opsmetrics"
	"dancu/internal/sqlstore"
	"dancu/internal/web/api"
	"dancu/internal/web/idpweb"
	"dancu/internal/wire"
)

func (a *app) serveCommand() *cobraCommand {
	var addr string
	cmd := &cobraCommand{
		Use:   "serve",
		Short: "Serve the HTTP API (OpenAPI at /openapi.json, health at /healthz, metrics at /metrics)",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				return a.serve(cmd.Context(), db, addr, nil)
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen address (env DANCU_ADDR)")
	cmd.Flags().StringVar(&a.tls.cert, "tls-cert", "", "serve HTTPS with this certificate (PEM; env DANCU_TLS_CERT)")
	cmd.Flags().StringVar(&a.tls.key, "tls-key", "", "private key of --tls-cert (PEM; env DANCU_TLS_KEY)")
	cmd.Flags().StringVar(&a.tls.clientCA, "client-ca", "", "CA bundle (PEM) of partner agencies' client certificates for mutual TLS (env DANCU_CLIENT_CA)")
	cmd.Flags().StringVar(&a.auditWitness, "audit-witness", "", "URL that receives each signed audit checkpoint head (POST, text/plain), an external witness of the log (env DANCU_AUDIT_WITNESS)")
	cmd.Flags().StringVar(&a.cscaFile, "csca", "", "CSCA certificate the chip verifier trusts (env DANCU_CSCA; default PKI/csca.pem)")
	cmd.Flags().StringSliceVar(&a.webhooks.allow, "webhook-allow", nil,
		"private networks (CIDR or address, comma-separated) agencies' webhooks may reach, over http or https; without it, webhooks go to public https addresses only (env DANCU_WEBHOOK_ALLOW)")
	a.oidc.register(cmd.Flags())
	return cmd
}

// services builds every domain service over db, once (internal/wire).
func (a *app) services(db *sqlstore.DB) *wire.Services {
	return wire.New(db, wire.Config{Logger: a.log, Blobs: &lazyBlobs{open: a.openBlobs}, Webhooks: a.webhooks.policy,
		Credentials: a.credentialConfig(), EID: a.eidConfig()})
}

// authService is the officers' accounts and sessions over db.
func (a *app) authService(db *sqlstore.DB) *auth.Service { return a.services(db).Auth }

// handler is the JSON API over the services, named one by one; metrics
// is what /metrics serves.
func (a *app) handler(svc *wire.Services, auditor audit.Recorder, metrics *prometheus.Registry) http.Handler {
	db := svc.DB
	wire.WatchReplicas(metrics, db)
	var dpop api.DPoPProofs
	if svc.OIDC != nil {
		dpop = idpweb.NewProofChecker(svc.OIDC) // the wallet route's DPoP proofs
	}
	return api.New(api.Config{Register: svc.Register, Auth: svc.Auth, Issuance: svc.Issuance, Quality: db.Quality(),
		Review: svc.Review, AuditLog: db.AuditLog(), CitizenTokens: db.AuditLog(), Units: svc.Units, Logger: a.log,
		Metrics: metrics, Version: Version, Auditor: auditor, Share: svc.Share,
		Blobs: svc.Blobs, CSCA: a.serverCSCA(), CivilStatus: svc.CivilStatus, Procedures: svc.Procedures, Residence: svc.Residence, EID: svc.EID, Ready: db,
		Credentials: svc.Credentials, OIDC: svc.OIDC, DPoP: dpop, Self: wire.SelfService(svc, auditor)})
}

// purgeSessions deletes expired sessions every ten minutes while serving.
func (a *app) purgeSessions(ctx context.Context, svc *auth.Service) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := svc.PurgeSessions(ctx); err != nil {
				a.log.Warn("purge expired sessions", "err", err)
			} else if n > 0 {
				a.log.Info("purged expired sessions", "count", n)
			}
		}
	}
}

// serve runs the HTTP server until ctx ends, then drains it. ready, when
// set, receives the bound address (tests and benchmarks listen on :0).
func (a *app) serve(ctx context.Context, db *sqlstore.DB, addr string, ready func(string)) error {
	a.listenAddr = addr
	if err := a.webhooks.parse(); err != nil {
		return err
	}
	publish, stopPublishing, err := a.publishHeads()
	if err != nil {
		return err
	}
	defer stopPublishing() // after closeAudit: the last checkpoint's head goes out too
	leases := a.startLeases(ctx, db)
	a.maySign = leases.signer.Held
	auditor, closeAudit, err := a.openAuditor(ctx, db, publish)
	if err != nil {
		return err
	}
	defer closeAudit() // after Shutdown: drained requests are recorded first
	ops := opsmetrics.New(db.Now)
	svc, err := a.servingServices(ctx, db, auditor, ops)
	if err != nil {
		return err
	}
	wire.WatchOps(ops, svc, auditor)
	authSvc := svc.Auth
	handler, err := a.withUI(svc, auditor, a.handler(svc, auditor, ops.Registry()))
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	a.log.Info("serving", "addr", ln.Addr().String(), "engine", db.Engine(), "version", Version)
	if ready != nil {
		ready(ln.Addr().String())
	}
	if srv.TLSConfig, err = a.tls.config(); err != nil {
		ln.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	go a.purgeSessions(ctx, authSvc)
	go a.dispatchWebhooks(ctx, db, auditor, leases.dispatcher)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
