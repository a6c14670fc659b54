package sqlstore

// SetRidPoolSize sets how many rids a PostgreSQL import batch takes from
// the sequence at a time, for tests of the pool's refills; the returned
// function restores it.
func SetRidPoolSize(n int) (restore func()) {
	old := ridPoolSize
	ridPoolSize = n
	return func() { ridPoolSize = old }
}
