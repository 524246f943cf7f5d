package main

import (
	"context"
	"fmt"
	"os"

	"github.com/procstar/procstar/runtime"
)

// repl is the interactive session (a later change); for now it says how to
// run a script.
func repl(ctx context.Context, opts []runtime.Option, stdout, stderr *os.File) int {
	fmt.Fprintf(stderr, usage, runtime.DefaultMaxProcs)
	return 2
}
