package ui

import (
	"strings"

	"dancu/internal/registry"
)

func mergeMeta(v *view, reason string) registry.ChangeMeta {
	return registry.ChangeMeta{Actor: "user:" + v.User.Username, Reason: strings.TrimSpace(reason)}
}
