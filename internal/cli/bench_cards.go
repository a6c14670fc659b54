package cli

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"dancu/internal/bench"
	"dancu/internal/card"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/production"
	"dancu/internal/registry"
	"dancu/internal/synthbio"
)

func (a *app) benchCardsCommand() *cobraCommand {
	var n int
	cmd := &cobraCommand{
		Use:   "cards",
		Short: "Card production: one card (chip data + signature, QR, both faces as PNG) per call, then cards/s on every core",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			dir, err := os.MkdirTemp("", "dancu-bench-pki-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			authority, err := pki.Init(pki.DirStore{Dir: dir}, []byte(newPassword()), pki.DefaultConfig(), pki.DefaultKDF, time.Now())
			if err != nil {
				return err
			}
			ds, err := authority.DocumentSigner(time.Now())
			if err != nil {
				return err
			}
			cards, err := benchCards(n)
			if err != nil {
				return err
			}
			return a.runCardsBench(cards, ds)
		},
	}
	cmd.Flags().IntVar(&n, "cards", 200, "cards to produce in each pass")
	return cmd
}

// benchCards makes n varied cards with synthetic photos.
func benchCards(n int) ([]card.Card, error) {
	surnames := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"}
	given := []string{"Văn An", "Thị Phương Thảo", "Đức Mạnh", "Ngọc Ánh", "Quốc Huy", "Thị Hằng"}
	out := make([]card.Card, n)
	for i := range out {
		photo, err := synthbio.Photo(uint64(i%16 + 1))
		if err != nil {
			return nil, err
		}
		c := card.Card{Number: fmt.Sprintf("042%d%02d%06d", i%2, (1980+i%20)%100, 100000+i), FullName: surnames[i%6] + " " + given[(i/6)%6],
			BirthDate: pdate.Full(1980+i%20, 1+i%12, 1+i%28), Sex: []registry.Sex{registry.Male, registry.Female}[i%2],
			Nationality: "Việt Nam", Ethnicity: "Kinh", Religion: "Không", BirthRegistration: "Xã Kỳ Khang, Tỉnh Hà Tĩnh",
			Residence: fmt.Sprintf("Thôn %d, Xã Kỳ Khang, Tỉnh Hà Tĩnh", 1+i%12), IssuedBy: "Bộ Công an", Photo: photo}
		if err := production.Dates(&c, time.Now()); err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// runCardsBench times each card on one goroutine (latency), then all
// cards on one goroutine per core (throughput).
func (a *app) runCardsBench(cards []card.Card, ds pki.DocumentSigner) error {
	var lat, chipLat bench.Latencies
	for _, c := range cards {
		start := time.Now()
		if _, _, err := production.Chip(c, ds, start); err != nil {
			return err
		}
		chipLat = append(chipLat, time.Since(start))
		start = time.Now()
		if _, err := production.Produce(c, ds, start); err != nil {
			return err
		}
		lat = append(lat, time.Since(start))
	}
	workers := runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(cards); i += workers {
				if _, err := production.Produce(cards[i], ds, time.Now()); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Fprintf(a.out, "bench cards one card (chip data + EF.SOD signature, QR PNG, front and back PNG): %s (target p95 < 50ms)\n", lat.Summary())
	fmt.Fprintf(a.out, "bench cards chip data + signature only: %s\n", chipLat.Summary())
	fmt.Fprintf(a.out, "bench cards %d cards on %d cores: %.1f cards/s\n", len(cards), workers, float64(len(cards))/elapsed.Seconds())
	return nil
}
