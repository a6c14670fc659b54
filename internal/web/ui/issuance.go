package ui

import (
	"dancu/internal/auth"
	"dancu/internal/issuance"
)

// issuance is the card issuance service the application was built with
// (required by New, so the error is never returned; it keeps the call
// sites' shape).
func (s *server) issuance() (*issuance.Service, error) { return s.issue, nil }

// dashboardUser reads figures on behalf of the viewer after the page has
// checked that the unit is within the viewer's jurisdiction; the cache is
// shared by every viewer, so it is filled with a national reader.
func dashboardUser() auth.User { return auth.User{Username: "ui-dashboard", Role: auth.RoleMinistry} }
