package runtime

import (
	"io"
	"io/fs"
	"os"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/ptable"
)

// Option configures a Runtime. A host passes the same options to New and to
// Dispatch, so that children (the host binary re-executed) are configured
// exactly like the root.
type Option func(*config)

type config struct {
	stdout, stderr io.Writer
	dir            string
	fsys           fs.FS
	predeclared    starlark.StringDict
	modules        map[string]starlark.Value
	maxProcs       int
	maxSteps       uint64
	disabled       map[string]bool
	hook           func(ProcessEvent)
	argv           []string
}

func defaults() *config {
	return &config{
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		maxProcs: DefaultMaxProcs,
		disabled: map[string]bool{},
		modules:  map[string]starlark.Value{},
	}
}

// DefaultMaxProcs is the default limit on live processes in one tree.
const DefaultMaxProcs = 1024

// MaxProcsLimit is the largest accepted WithMaxProcs value.
const MaxProcsLimit = ptable.MaxLimit

// WithStdout sets where print and sys.stdout write, in every process.
func WithStdout(w io.Writer) Option { return func(c *config) { c.stdout = w } }

// WithStderr sets where tracebacks, logging and sys.stderr write.
func WithStderr(w io.Writer) Option { return func(c *config) { c.stderr = w } }

// WithDir sets the working directory of scripts and children.
func WithDir(dir string) Option { return func(c *config) { c.dir = dir } }

// WithFS makes load() (and ExecFile) read scripts from fsys instead of the OS.
func WithFS(fsys fs.FS) Option { return func(c *config) { c.fsys = fsys } }

// WithPredeclared adds names every script sees without load().
func WithPredeclared(d starlark.StringDict) Option {
	return func(c *config) {
		if c.predeclared == nil {
			c.predeclared = starlark.StringDict{}
		}
		for k, v := range d {
			c.predeclared[k] = v
		}
	}
}

// WithModule adds a builtin module: predeclared as name and loadable with
// load("name", ...).
func WithModule(name string, m starlark.Value) Option {
	return func(c *config) { c.modules[name] = m }
}

// WithMaxProcs bounds the live processes of a tree (the root included).
func WithMaxProcs(n int) Option { return func(c *config) { c.maxProcs = n } }

// WithMaxSteps bounds the Starlark execution steps of each process's thread.
func WithMaxSteps(n uint64) Option { return func(c *config) { c.maxSteps = n } }

// WithoutModules drops builtins: "os", "open", "sys", "time", "random",
// "json", "math", "logging", or "multiprocessing" (all process spawning and
// shared objects).
func WithoutModules(names ...string) Option {
	return func(c *config) {
		for _, n := range names {
			c.disabled[n] = true
		}
	}
}

// WithHook calls hook on every start and exit of a child of this process.
func WithHook(hook func(ProcessEvent)) Option { return func(c *config) { c.hook = hook } }

// WithArgv sets sys.argv (default: the script's path alone).
func WithArgv(argv []string) Option {
	return func(c *config) { c.argv = append([]string(nil), argv...) }
}

// ProcessEvent is what a hook sees.
type ProcessEvent struct {
	Start    bool // a start event; otherwise an exit event
	Name     string
	Pid      int
	ExitCode int           // exit events: as Process.exitcode (-N for signal N)
	Duration time.Duration // exit events
}
