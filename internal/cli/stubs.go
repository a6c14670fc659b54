package cli

func (a *app) serveCommand() *cobraCommand { return &cobraCommand{Use: "serve"} }
func (a *app) demoCommand() *cobraCommand  { return &cobraCommand{Use: "demo"} }
func (a *app) userCommand() *cobraCommand  { return &cobraCommand{Use: "user"} }
func (a *app) benchReadCommand(f *benchFlags) *cobraCommand {
	return &cobraCommand{Use: "read"}
}
