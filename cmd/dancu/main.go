// Command dancu runs the national population registry: the register, its
// import pipeline, the HTTP API and the tools around them.
package main

import (
	"os"

	"dancu/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
