package cli

import "dancu/internal/registry"

func searchUnit(unit string) registry.Query { return registry.Query{Unit: unit, Limit: 1} }
