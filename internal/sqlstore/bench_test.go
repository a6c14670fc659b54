package sqlstore_test

import (
	"context"
	"dancu/internal/wire"
	"fmt"
	"path/filepath"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

// benchDB is a SQLite register with n citizens created through the store.
func benchDB(b *testing.B, n int) (*sqlstore.DB, []string) {
	b.Helper()
	db, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(b.TempDir(), "b.db"), sqlstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	numbers := make([]string, n)
	for i := range n {
		c := sampleCitizen()
		c.ID = newID()
		c.IDNumber = fmt.Sprintf("042090%06d", i+1)
		c.FullName = []string{"Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Anh"}[i%3]
		c.BirthDate = pdate.Full(1950+i%60, 1+i%12, 1+i%28)
		if i > 0 { // a father the register holds, so reads link him
			c.Father.IDNumber = numbers[i-1]
		}
		if _, err := wire.Register(db).Create(context.Background(), c, officer); err != nil {
			b.Fatal(err)
		}
		numbers[i] = c.IDNumber
	}
	return db, numbers
}

func BenchmarkCitizenByIDNumber(b *testing.B) {
	db, numbers := benchDB(b, 2000)
	i := 0
	for b.Loop() {
		if _, err := db.Citizens().CitizenByIDNumber(context.Background(), numbers[i%len(numbers)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEncodedByIDNumber is the API's point read in the store: the
// stored record as it is, its relatives linked.
func BenchmarkEncodedByIDNumber(b *testing.B) {
	db, numbers := benchDB(b, 2000)
	i := 0
	for b.Loop() {
		if _, err := db.Citizens().EncodedCitizenByIDNumber(context.Background(), numbers[i%len(numbers)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkSearchNameYear(b *testing.B) {
	db, _ := benchDB(b, 2000)
	for b.Loop() {
		if _, err := db.Citizens().Search(context.Background(), registry.Query{Name: "nguyen van hung", BirthYear: 1990, Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
}
