// Command procstar runs Starlark scripts with Python's multiprocessing API.
//
//	procstar [--max-procs N] FILE [ARG...]
//	procstar [--max-procs N] - [ARG...]   (the script from stdin)
//	procstar                       (REPL on a terminal, else a script from stdin)
package main

import (
	"io"
	"os"
	"runtime/debug"

	"github.com/procstar/procstar/internal/cli"
	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/spawn"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	setup()
	os.Exit(profiled(func() int { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) }))
}

// setup is what every procstar process does first: a child runs in
// Dispatch and exits there; the root goes on.
func setup() {
	// Scripts allocate many short-lived values (every queue item is decoded
	// into new ones); the default heap target makes the collector run every
	// few hundred KiB. Runs before Dispatch so children get it too.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	runtime.Dispatch()
	// The root dies of a signal as Python would, by its default action
	// (the tree follows it), not with a Go dump nor ignoring it.
	spawn.DefaultSignals()
}

// run is main without the exit, so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr *os.File) int {
	return cli.Run(cli.Host{Name: "procstar", Version: version}, args, stdin, stdout, stderr)
}
