package cli

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/google/uuid"

	"dancu/internal/bench"
	"dancu/internal/blobstore"
	"dancu/internal/credential"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/synthbio"
	"dancu/internal/wire"
)

func (a *app) benchCredentialCommand() *cobraCommand {
	var n int
	cmd := &cobraCommand{
		Use:   "credential",
		Short: "The căn cước điện tử on SQLite: issue (sign, store, audit) and verify (agency endpoint's use case) per second, next to raw ES256 sign/verify",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			dir, err := os.MkdirTemp("", "dancu-bench-vc-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			w, err := newCredentialBench(cmd.Context(), dir, n)
			if err != nil {
				return err
			}
			defer w.db.Close()
			return a.runCredentialBench(cmd.Context(), w)
		},
	}
	cmd.Flags().IntVar(&n, "citizens", 500, "citizens with a card and a level-2 account")
	return cmd
}

// credentialBench is a SQLite register of n card holders and the
// credential service over it (cards and accounts are stand-ins: the
// bench measures the credential, not issuance or VNeID).
type credentialBench struct {
	db     *sqlstore.DB
	svc    *credential.Service
	people []string
	key    *ecdsa.PrivateKey
}

type vcBenchCards struct{ day time.Time }

func (b vcBenchCards) CardsByNumber(_ context.Context, number string) ([]issuance.Card, error) {
	exp := b.day.AddDate(10, 0, 0)
	return []issuance.Card{{Number: number, ApplicationID: "app-" + number, IssueDate: b.day, ExpiryDate: &exp, State: issuance.CardActive}}, nil
}

type vcBenchPhotos struct{ photo []byte }

func (p vcBenchPhotos) Photo(context.Context, string) ([]byte, error) { return p.photo, nil }

type everyoneLevel2 struct{}

func (everyoneLevel2) Level2Account(_ context.Context, id string) (string, bool, error) {
	return id, true, nil
}

func newCredentialBench(ctx context.Context, dir string, n int) (*credentialBench, error) {
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "vc.db"), sqlstore.Options{})
	if err != nil {
		return nil, err
	}
	auth, err := pki.Init(pki.DirStore{Dir: filepath.Join(dir, "pki")}, []byte(newPassword()), pki.DefaultConfig(), pki.DefaultKDF, time.Now())
	if err == nil {
		_, err = auth.RotateCredentialIssuer(time.Now())
	}
	key := make([]byte, blobstore.KeySize)
	rand.Read(key)
	blobs, err2 := blobstore.New(filepath.Join(dir, "blobs"), key)
	photo, err3 := synthbio.Photo(7)
	if err := joinErr(err, err2, err3); err != nil {
		db.Close()
		return nil, err
	}
	w := &credentialBench{db: db}
	reg := wire.Register(db)
	for i := range n {
		c, err := reg.Create(ctx, registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: fmt.Sprintf("0420%08d", 90000000+i),
			FullName: "Nguyễn Thị Bench", BirthDate: pdate.Full(1980+i%30, 1+i%12, 1+i%28), Sex: registry.Female, Status: registry.Alive,
			Nationality: "VN", Permanent: registry.Residence{Commune: "18073", Province: "42", Address: fmt.Sprintf("Số %d", i)}},
			registry.ChangeMeta{Actor: "bench", Reason: "bench"})
		if err != nil {
			db.Close()
			return nil, err
		}
		w.people = append(w.people, c.ID)
	}
	w.svc = credential.NewService(credential.Config{Store: db.Credentials(), Tx: db, Audit: db.AuditLog(), Citizens: db.Citizens(),
		Cards: vcBenchCards{day: time.Now().UTC().Truncate(24 * time.Hour)}, Photos: vcBenchPhotos{photo}, Eligibility: everyoneLevel2{},
		Keys: credential.PKIKeys{Authority: auth}, Blobs: blobs, Units: db.Units(), Issuer: "https://bench.example"})
	w.key, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	return w, nil
}

func joinErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// runCredentialBench issues one credential per citizen (sequentially: the
// store has one writer), verifies presentations on every core, and
// measures the raw ES256 reference in the same run.
func (a *app) runCredentialBench(ctx context.Context, w *credentialBench) error {
	actor := credential.Actor{Username: "bench", Role: "citizen"}
	var issueLat bench.Latencies
	start := time.Now()
	for _, id := range w.people {
		t0 := time.Now()
		if _, err := w.svc.Issue(ctx, actor, id, nil); err != nil {
			return err
		}
		issueLat = append(issueLat, time.Since(t0))
	}
	issueRate := float64(len(w.people)) / time.Since(start).Seconds()
	held, err := w.svc.ForCitizen(ctx, actor, w.people[0])
	if err != nil {
		return err
	}
	pres, err := w.svc.Present(ctx, actor, w.people[0], []string{"name", "age_over_18", "birthdate"}, "https://bank.example", "n")
	if err != nil {
		return err
	}
	verifyRate, err := parallel(len(w.people), func() error {
		r, err := w.svc.Verify(ctx, credential.Actor{Username: "bank", Role: "agency"}, pres, "https://bank.example", "n")
		if err == nil && !r.Valid {
			err = fmt.Errorf("bench: presentation not valid: %s", r.Problem)
		}
		return err
	})
	if err != nil {
		return err
	}
	md, _ := w.svc.Metadata()
	checkRate, _ := parallel(4*len(w.people), func() error {
		credential.Check(pres, credential.Trust{JWKS: md.JWKS}, time.Now())
		return nil
	})
	digest := sha256.Sum256([]byte(pres))
	sig, _ := ecdsa.SignASN1(rand.Reader, w.key, digest[:])
	signRate, _ := parallel(4*len(w.people), func() error { _, err := ecdsa.SignASN1(rand.Reader, w.key, digest[:]); return err })
	verRate, _ := parallel(4*len(w.people), func() error { ecdsa.VerifyASN1(&w.key.PublicKey, digest[:], sig); return nil })
	fmt.Fprintf(a.out, "bench credential issue (record + card + photo → SD-JWT with %d disclosable claims, %d bytes; stored, audited; SQLite): %.0f/s, %s\n",
		len(held.Names), len(held.Credential.SDJWT), issueRate, issueLat.Summary())
	fmt.Fprintf(a.out, "bench credential verify (agency endpoint's use case: signature, 3 disclosures, key binding, status list, audit entry) on %d cores: %.0f/s\n",
		runtime.GOMAXPROCS(0), verifyRate)
	fmt.Fprintf(a.out, "bench credential offline check (dancu credential verify's check, no status list) on %d cores: %.0f/s\n", runtime.GOMAXPROCS(0), checkRate)
	fmt.Fprintf(a.out, "bench credential reference ES256 on %d cores: sign %.0f/s, verify %.0f/s\n", runtime.GOMAXPROCS(0), signRate, verRate)
	return nil
}

// parallel runs fn n times over one goroutine per core and returns calls/s.
func parallel(n int, fn func() error) (float64, error) {
	workers := runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := fn(); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
