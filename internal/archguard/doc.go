// Package archguard holds no code, only tests that keep the package
// structure docs/ARCHITECTURE.md describes: domain packages stay free of
// SQL, HTTP and database drivers, the web layer reaches storage only through
// domain interfaces, and the card and chip do not pull in the register.
package archguard
