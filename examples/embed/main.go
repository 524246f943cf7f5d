// Command embed is a complete Go host of procstar: it adds a builtin written
// in Go, checksum, and runs a script whose Pool workers call it.
//
//	go run ./examples/embed [WORD...]
//
// Every procstar child is this binary re-executed, so the host calls
// runtime.Dispatch first thing in main, with the options that carry its Go
// values (here the builtin): in a child, Dispatch runs the child and exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/signal"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
)

// checksum(s) returns the CRC-32 of the string s: host code that scripts
// call like any builtin, in the parent and in every child.
var checksum = starlark.NewBuiltin("checksum", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
		return nil, err
	}
	return starlark.MakeUint64(uint64(crc32.ChecksumIEEE([]byte(s)))), nil
})

// hostOptions are given to both Dispatch and New, so children have the same
// builtins as the root.
func hostOptions() []runtime.Option {
	return []runtime.Option{
		runtime.WithPredeclared(starlark.StringDict{"checksum": checksum}),
	}
}

// script checks every word in a Pool of worker processes; each computes the
// word's checksum with the host's builtin.
const script = `
def work(word):
    return "%s: checksum %d in %s (pid %d, parent %d)" % (
        word, checksum(word), current_process().name, os.getpid(), os.getppid())

if __name__ == "__main__":
    words = sys.argv[1:] or ["alpha", "beta", "gamma"]
    print("parent pid", os.getpid(), "checks", len(words), "words")
    pool = Pool(2)
    for line in pool.map(work, words):
        print(line)
    pool.close()
    pool.join()
    print("done")
`

func main() {
	runtime.Dispatch(hostOptions()...) // must come first: in a child it never returns

	// Ctrl-C cancels the run, which stops the whole process tree.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	opts := append(hostOptions(),
		runtime.WithArgv(append([]string{"embed.star"}, os.Args[1:]...)),
		runtime.WithHook(func(e runtime.ProcessEvent) {
			if !e.Start {
				fmt.Fprintf(os.Stderr, "host: %s (pid %d) exited with code %d after %v\n", e.Name, e.Pid, e.ExitCode, e.Duration.Round(1e6))
			}
		}),
	)
	err := runtime.New(opts...).ExecSource(ctx, "embed.star", []byte(script))
	os.Exit(status(err, os.Stderr))
}

// status reports err as procstar's command does and returns the exit status.
func status(err error, stderr io.Writer) int {
	var (
		se *runtime.ScriptError
		ee *runtime.ExitError
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ee.Message != "" {
			fmt.Fprintln(stderr, ee.Message)
		}
		return ee.Code
	case errors.As(err, &se):
		io.WriteString(stderr, se.Traceback)
		if errors.Is(err, context.Canceled) {
			return 130
		}
		return 1
	}
	fmt.Fprintln(stderr, err)
	return 2
}
