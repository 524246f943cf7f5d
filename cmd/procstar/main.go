// Command procstar runs Starlark scripts with Python's multiprocessing API.
//
//	procstar [--max-procs N] FILE [ARG...]
//	procstar [--max-procs N] - [ARG...]   (the script from stdin)
//	procstar                       (REPL on a terminal, else a script from stdin)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/chzyer/readline"

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

const usage = `usage: procstar [flags] [FILE [ARG...]]

Runs FILE, a Starlark script using Python's multiprocessing API; sys.argv is
[FILE, ARG...] in every process. FILE - reads the script from standard input.
Without FILE, procstar reads a script from standard input, or starts an interactive session when it is a terminal: there
Ctrl-C interrupts the running statement and kills the processes it started,
Ctrl-D exits and kills every process still running, and the history is kept
in ~/.procstar_history.

flags:
  --max-procs N   most live processes in the process tree (default %d)
  --version       print the version and exit
  -h, --help      print this help and exit
`

// run is main without the exit, so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet("procstar", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	maxProcs := fs.Int("max-procs", runtime.DefaultMaxProcs, "")
	showVersion := fs.Bool("version", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, usage, runtime.DefaultMaxProcs)
			return 0
		}
		fmt.Fprintf(stderr, "procstar: %v\n", err)
		fmt.Fprintf(stderr, usage, runtime.DefaultMaxProcs)
		return 2
	}
	if *showVersion {
		fmt.Fprintf(stdout, "procstar %s\n", version)
		return 0
	}
	if *maxProcs < 1 || *maxProcs > runtime.MaxProcsLimit {
		fmt.Fprintf(stderr, "procstar: --max-procs must be between 1 and %d\n", runtime.MaxProcsLimit)
		return 2
	}
	opts := []runtime.Option{runtime.WithMaxProcs(*maxProcs), runtime.WithStdout(stdout), runtime.WithStderr(stderr)}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	rest := fs.Args()
	var err error
	if len(rest) == 0 {
		if f, ok := stdin.(*os.File); ok && readline.IsTerminal(int(f.Fd())) {
			// Ctrl-C interrupts a statement, not the session: the REPL
			// handles SIGINT itself.
			stop()
			return repl(opts, f, stdout, stderr)
		}
		rest = []string{"-"}
	}
	if rest[0] == "-" {
		// As python3 -: the script is stdin, read to its end; sys.argv[0] is "-".
		src, rerr := io.ReadAll(stdin)
		if rerr != nil {
			fmt.Fprintf(stderr, "procstar: reading stdin: %v\n", rerr)
			return 2
		}
		opts = append(opts, runtime.WithArgv(rest))
		err = runtime.New(opts...).ExecSource(ctx, "<stdin>", src)
	} else {
		opts = append(opts, runtime.WithArgv(rest))
		err = runtime.New(opts...).ExecFile(ctx, rest[0])
	}
	return report(err, stderr)
}

// report prints err as Python would and returns the exit status.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var (
		se *runtime.SourceError
		ee *runtime.ExitError
		sc *runtime.ScriptError
	)
	switch {
	case errors.As(err, &se):
		fmt.Fprintf(stderr, "procstar: %v\n", se)
		return 2
	case errors.As(err, &ee):
		if ee.Message != "" {
			fmt.Fprintln(stderr, ee.Message)
		}
		return ee.Code
	case errors.As(err, &sc):
		io.WriteString(stderr, sc.Traceback)
		if errors.Is(err, context.Canceled) {
			dieBySIGINT()
			return 130
		}
		return 1
	}
	fmt.Fprintf(stderr, "procstar: %v\n", err)
	return 1
}

// dieBySIGINT ends the process the way a shell expects of an interrupted
// program: killed by SIGINT, so the shell reports status 130.
func dieBySIGINT() {
	signal.Reset(os.Interrupt)
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	time.Sleep(time.Second)
}
