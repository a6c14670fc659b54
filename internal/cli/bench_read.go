package cli

func (a *app) benchReadCommand(f *benchFlags) *cobraCommand {
	return &cobraCommand{Use: "read"}
}
