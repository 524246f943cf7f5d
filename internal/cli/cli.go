// Package cli is procstar's command line (flags, script from a file or
// stdin, errors reported as Python does), shared by cmd/procstar and by
// hosts that extend it with flags of their own (the cluster binary).
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/chzyer/readline"

	"github.com/procstar/procstar/internal/repl"
	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/trace"
)

// Host is what a binary adds to the command line.
type Host struct {
	Name    string // the program's name in usage and messages
	Version string
	// Usage is the binary's own flags, lines appended to the flags of the
	// usage text.
	Usage string
	// Flags, if set, registers the binary's flags on fs; the function it
	// returns runs once they are parsed and returns options for the
	// Runtime and a function run after the script (nil for none). An
	// error is a usage error (status 2).
	Flags func(fs *flag.FlagSet) func() ([]runtime.Option, func(), error)
}

const usage = `usage: %s [flags] [FILE [ARG...]]
       %[1]s trace TRACE.json -o PAGE.html

Runs FILE, a Starlark script using Python's multiprocessing API; sys.argv is
[FILE, ARG...] in every process. FILE - reads the script from standard input.
Without FILE, %[1]s reads a script from standard input, or starts an
interactive session when it is a terminal: there Ctrl-C interrupts the
running statement and kills the processes it started, Ctrl-D exits as
Python does (joining the processes still running; Ctrl-C then kills them),
and the history is kept in ~/.procstar_history.

flags:
  --max-procs N   most live processes in the process tree (default %d)
  --trace FILE    record the run as Chrome trace events (Perfetto,
                  chrome://tracing) in FILE; "%[1]s trace" turns such a
                  file into a self-contained HTML timeline
%[3]s  --version       print the version and exit
  -h, --help      print this help and exit
`

// Run is the command line without the exit: it returns the exit status.
func Run(h Host, args []string, stdin io.Reader, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet(h.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if len(args) > 0 && args[0] == "trace" {
		return traceHTML(h.Name, args[1:], stderr)
	}
	maxProcs := fs.Int("max-procs", runtime.DefaultMaxProcs, "")
	traceFile := fs.String("trace", "", "")
	showVersion := fs.Bool("version", false, "")
	var hostFlags func() ([]runtime.Option, func(), error)
	if h.Flags != nil {
		hostFlags = h.Flags(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, usage, h.Name, runtime.DefaultMaxProcs, h.Usage)
			return 0
		}
		fmt.Fprintf(stderr, "%s: %v\n", h.Name, err)
		fmt.Fprintf(stderr, usage, h.Name, runtime.DefaultMaxProcs, h.Usage)
		return 2
	}
	if *showVersion {
		fmt.Fprintf(stdout, "%s %s\n", h.Name, h.Version)
		return 0
	}
	if *maxProcs < 1 || *maxProcs > runtime.MaxProcsLimit {
		fmt.Fprintf(stderr, "%s: --max-procs must be between 1 and %d\n", h.Name, runtime.MaxProcsLimit)
		return 2
	}
	opts := []runtime.Option{runtime.WithMaxProcs(*maxProcs), runtime.WithStdin(stdin), runtime.WithStdout(stdout), runtime.WithStderr(stderr)}
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: --trace: %v\n", h.Name, err)
			return 2
		}
		defer f.Close()
		opts = append(opts, runtime.WithTrace(f))
	}
	if hostFlags != nil {
		more, done, err := hostFlags()
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", h.Name, err)
			return 2
		}
		if done != nil {
			defer done()
		}
		opts = append(opts, more...)
	}

	// An uncaught error is printed as soon as the script fails, before its
	// children are joined, as CPython prints it.
	var reported error
	opts = append(opts, runtime.WithUncaught(func(err error) {
		reported = err
		report(h.Name, err, stderr)
	}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	rest := fs.Args()
	argv := rest
	var err error
	if len(rest) == 0 {
		if f, ok := stdin.(*os.File); ok && readline.IsTerminal(int(f.Fd())) {
			// Ctrl-C interrupts a statement, not the session: the REPL
			// handles SIGINT itself.
			stop()
			return repl.Run(h.Name, h.Version, opts, f, stdout, stderr)
		}
		// As python3 with a script piped in: sys.argv is [""].
		rest, argv = []string{"-"}, []string{""}
	}
	if rest[0] == "-" {
		// As python3 -: the script is stdin, read to its end; sys.argv[0] is "-".
		src, rerr := io.ReadAll(stdin)
		if rerr != nil {
			fmt.Fprintf(stderr, "%s: reading stdin: %v\n", h.Name, rerr)
			return 2
		}
		opts = append(opts, runtime.WithArgv(argv))
		err = runtime.New(opts...).ExecSource(ctx, "<stdin>", src)
	} else {
		opts = append(opts, runtime.WithArgv(rest))
		err = runtime.New(opts...).ExecFile(ctx, rest[0])
	}
	var se *runtime.SourceError
	if *traceFile != "" && errors.As(err, &se) {
		// The script is missing or does not parse: nothing ran, and an
		// empty trace file is not a trace (a device, /dev/null, stays).
		if st, serr := os.Stat(*traceFile); serr == nil && st.Mode().IsRegular() && st.Size() == 0 {
			os.Remove(*traceFile)
		}
	}
	if err != nil && err == reported {
		return report(h.Name, err, io.Discard)
	}
	return report(h.Name, err, stderr)
}

// report prints err as Python would and returns the exit status.
func report(name string, err error, stderr io.Writer) int {
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
		fmt.Fprintf(stderr, "%s: %v\n", name, se)
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
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return 1
}

// dieBySIGINT ends the process the way a shell expects of an interrupted
// program: killed by SIGINT, so the shell reports status 130.
func dieBySIGINT() {
	signal.Reset(os.Interrupt)
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	time.Sleep(time.Second)
}

// traceHTML is "procstar trace TRACE.json -o PAGE.html".
func traceHTML(name string, args []string, stderr io.Writer) int {
	var in, out string
	for i := 0; i < len(args); i++ {
		switch {
		case (args[i] == "-o" || args[i] == "--o") && i+1 < len(args):
			out = args[i+1]
			i++
		case in == "":
			in = args[i]
		default:
			in, out = "", ""
			i = len(args)
		}
	}
	if in == "" || out == "" {
		fmt.Fprintf(stderr, "usage: %s trace TRACE.json -o PAGE.html\n", name)
		return 2
	}
	data, err := os.ReadFile(in)
	if err != nil {
		fmt.Fprintf(stderr, "%s trace: %v\n", name, err)
		return 1
	}
	// The page is made before its file: a trace that is not one leaves no
	// empty page behind (nor truncates an earlier one).
	var page bytes.Buffer
	if err = trace.HTML(&page, data); err == nil {
		err = os.WriteFile(out, page.Bytes(), 0o666) // as os.Create
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s trace: %v\n", name, err)
		return 1
	}
	return 0
}
