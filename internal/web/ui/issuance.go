package ui

import (
	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/issuance"
)

// issuance builds the issuance service over the registry store, as the
// API does; building it costs a struct.
func (s *server) issuance() (*issuance.Service, error) {
	st, ok := s.reg.(issuance.Store)
	if !ok {
		return nil, apperr.New(apperr.Internal, "this store does not keep card issuance records")
	}
	return issuance.NewService(issuance.Config{Store: st, Citizens: s.reg, Units: s.units, Blobs: s.blobs, Now: s.auth.Now}), nil
}

// dashboardUser reads figures on behalf of the viewer after the page has
// checked that the unit is within the viewer's jurisdiction; the cache is
// shared by every viewer, so it is filled with a national reader.
func dashboardUser() auth.User { return auth.User{Username: "ui-dashboard", Role: auth.RoleMinistry} }
