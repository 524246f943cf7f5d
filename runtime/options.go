package runtime

import (
	"io"
	"io/fs"
	"os"
	"sort"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/ptable"
)

// Option configures a Runtime. A host passes the same options to New and to
// Dispatch, so that children (the host binary re-executed) are configured
// exactly like the root.
//
// What a child needs from Dispatch are the options that hold Go values:
// WithPredeclared, WithModule, WithFS and WithHook. The rest is data that
// the root sends to every process of its tree, so children always mirror
// the root that started them: the working directory, sys.argv, the process
// limit, the step limit, the dropped modules, and whether scripts come from
// an fs.FS at all (a root without WithFS makes its children read the OS file
// system even if Dispatch was given a file system). Dispatch may get more
// than one runtime's options: extra builtins in a child are harmless.
type Option func(*config)

type config struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	dir            string
	fsys           fs.FS
	predeclared    starlark.StringDict
	modules        map[string]starlark.Value
	maxProcs       int
	maxSpares      int
	maxSteps       uint64
	maxMessage     int
	disabled       map[string]bool
	hook           func(ProcessEvent)
	launcher       Launcher
	argv           []string
	uncaught       func(error)
	loadDir        string // a child's: where scripts resolve, if not dir
	trace          io.Writer
}

func defaults() *config {
	return &config{
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		stdin:     os.Stdin,
		maxProcs:  DefaultMaxProcs,
		maxSpares: node.DefaultMaxSpares,
		disabled:  map[string]bool{},
		modules:   map[string]starlark.Value{},
	}
}

// DefaultMaxProcs is the default limit on live processes in one tree.
const DefaultMaxProcs = 1024

// MaxProcsLimit is the largest accepted WithMaxProcs value.
const MaxProcsLimit = ptable.MaxLimit

// WithStdout sets where print and sys.stdout write, in every process. Any
// io.Writer works: when it is not an *os.File, the processes of the tree
// write into a pipe that is copied to it, so their output keeps its order
// and each print stays in one piece; a run returns once the copy is done.
func WithStdout(w io.Writer) Option { return func(c *config) { c.stdout = w } }

// WithStderr sets where tracebacks, logging and sys.stderr write.
func WithStderr(w io.Writer) Option { return func(c *config) { c.stderr = w } }

// WithStdin sets what sys.stdin and input() read in the root process (nil:
// nothing, as at the end of a file). Children read nothing, as Python's
// spawned children, whose stdin is os.devnull. A reader that also has
// ReadLinePrompt(prompt string) (string, error) edits lines itself, and
// input(prompt) hands it the prompt (the REPL's line editor does).
// Default: os.Stdin.
func WithStdin(r io.Reader) Option { return func(c *config) { c.stdin = r } }

// WithDir sets the working directory of scripts and children: relative
// paths of ExecFile, load(), open() and os.getcwd() resolve against it. A
// relative dir is taken relative to the host's working directory when New
// is called. Default: the host's working directory.
func WithDir(dir string) Option { return func(c *config) { c.dir = dir } }

// WithFS makes ExecFile, Load and load() read scripts from fsys (an
// embed.FS, say) instead of the OS: paths are slash-separated, relative to
// fsys's root, and load() resolves relative to the loading file. Pass it to
// Dispatch too, since children load modules again. open() still uses the
// OS file system.
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

// WithMaxProcs bounds the live processes of a tree (the root included);
// start() past it fails with a RuntimeError. Between 1 and MaxProcsLimit
// (default DefaultMaxProcs); a run with another value fails at once.
func WithMaxProcs(n int) Option { return func(c *config) { c.maxProcs = n } }

// WithSpares sets how many warm spare processes of one kind (Process
// children, Pool workers) each process of the tree keeps at most once it
// has started a child: pre-started children that have exec'd and mapped the
// tree's shared memory, and wait for the bootstrap of the next start. They
// make a start several times faster and change nothing a script can see
// (they run no script code before a start uses them, never show in
// active_children, and give way when --max-procs is reached). 0 keeps
// none. Default node.DefaultMaxSpares (2); between 0 and 8.
func WithSpares(n int) Option { return func(c *config) { c.maxSpares = min(max(n, 0), 8) } }

// WithMaxSteps bounds the Starlark execution steps of each run of a
// process's code: a process's top level and target, a Pool worker's
// initializer and each of its tasks, each Script.Call and each Session
// statement. A run that reaches it fails with a ScriptError
// for which errors.Is(err, ErrMaxSteps) holds; catch() cannot catch it. 0,
// the default, means no limit.
func WithMaxSteps(n uint64) Option { return func(c *config) { c.maxSteps = n } }

// WithMaxMessage bounds one value crossing processes (a queue item, a pipe
// message, a task's arguments or result), in encoded bytes; a larger one
// fails where it is sent with a ValueError. The default is 1 GiB. The limit
// is per process: the last Runtime to start a run in a host sets it.
func WithMaxMessage(n int) Option { return func(c *config) { c.maxMessage = n } }

// WithoutModules drops builtins: "os", "open", "sys", "time", "random",
// "json", "math", "logging", or "multiprocessing" (all process spawning and
// shared objects: Process, current_process, queues, locks, Pool...), and
// likewise any other builtin module. Dropping "subprocess" (the programs a
// script may start) drops os.system and os.popen too. A dropped name is
// neither predeclared nor loadable; a script that uses it fails to compile
// ("undefined: os"). A run fails at once if a name is no builtin's (a
// misspelt name would leave what it meant to drop).
func WithoutModules(names ...string) Option {
	return func(c *config) {
		for _, n := range names {
			c.disabled[n] = true
		}
	}
}

// WithUncaught calls report with the error of a script's top level as soon
// as it fails (a *ScriptError, or an *ExitError for sys.exit), before the
// exit rules join the children still running: as CPython prints an
// uncaught exception's traceback first, so that a child that never ends
// does not hide it. ExecFile and ExecSource then return the same error.
func WithUncaught(report func(error)) Option { return func(c *config) { c.uncaught = report } }

// WithHook calls hook on every start and exit of a child, with its name,
// pid, and at exit its exit code and run time. The hook runs in the process
// that started the child: in the host for the root's children, and in a
// child (given the hook by Dispatch) for the grandchildren it starts. It may
// be called from several goroutines at once. A child's exit event comes
// before the join() that waits for it returns.
func WithHook(hook func(ProcessEvent)) Option { return func(c *config) { c.hook = hook } }

// WithTrace records the run as Chrome trace events (the JSON Perfetto and
// chrome://tracing open) written to w when the run ends: a track per
// process with its start, top level, target and exit, the Pool tasks it
// ran and its waits in blocking calls (see runtime/trace). Processes
// placed on other machines by a Launcher are not traced.
func WithTrace(w io.Writer) Option { return func(c *config) { c.trace = w } }

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
	// Warm is set on the start event of a child that was a warm spare
	// (WithSpares): pre-started, given its bootstrap at start().
	Warm bool
}

// hostNames are the names the host added (WithPredeclared, WithModule),
// sorted: the root sends them to its children (node.Settings.HostNames).
func (c *config) hostNames() []string {
	var names []string
	for name := range c.predeclared {
		names = append(names, name)
	}
	for name := range c.modules {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// missingHostNames are the names of the root's host (hostNames) that this
// process's options lack: its runtime.Dispatch got other options than the
// root's runtime.New.
func (c *config) missingHostNames(root []string) []string {
	var missing []string
	for _, name := range root {
		_, p := c.predeclared[name]
		_, m := c.modules[name]
		if !p && !m {
			missing = append(missing, name)
		}
	}
	return missing
}

// scriptDir is where the main file and its loads resolve: a child's
// LoadDir (its root's directory), else the working directory.
func (c *config) scriptDir() string {
	if c.loadDir != "" {
		return c.loadDir
	}
	return c.dir
}
