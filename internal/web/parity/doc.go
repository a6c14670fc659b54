// Package parity holds no production code. Its tests drive each use case
// through both doors of the server, the JSON API (internal/web/api) and
// the officer web application (internal/web/ui), over one register on
// each storage engine, and require the same jurisdiction outcome and the
// same audit from both. A use case lives once, in its domain service;
// these tests keep a handler from growing a rule of its own.
package parity
