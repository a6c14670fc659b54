package cli

import "github.com/spf13/cobra"

// Short aliases keep command files readable.
type cobraCommand = cobra.Command

var (
	noArgs    = cobra.NoArgs
	exactArgs = cobra.ExactArgs
	minArgs   = cobra.MinimumNArgs
)
