package runtime

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/spawn"
	"github.com/procstar/procstar/runtime/trace"
)

// A Launcher places children somewhere else than a local fork/exec: on
// another machine (cluster mode). With WithLauncher, every Process.start()
// of the tree, and every Pool worker when the Launcher also implements
// pool.Transports, goes through it; a Manager's server stays local.
//
// The core calls Launch from the goroutine that starts the child (the
// script's thread, or a Pool's when it replaces a worker), possibly from
// several at once.
//
// Builtins find further abilities of a Launcher as optional interfaces
// (node.Node.Launcher): pool.Transports for Pool tasks, and
// objects.Backend for shared objects: a Launcher that implements it holds
// the queues, locks, semaphores and events of the whole tree, which may
// then go to any of its processes. An object in this machine's shared
// memory sent to a launched child fails with a TypeError.
type Launcher interface {
	// Launch starts the child job describes and returns once it runs (its
	// pid is known), or fails: start() then raises the error (a
	// *pyerr.Error as it is, anything else as OSError "cannot start NAME:
	// ..."). ctx is the starting process's: it ends when that process does.
	Launch(ctx context.Context, job *Job) (Remote, error)
}

// TraceCarrier is a Launcher that brings back the trace (WithTrace) of the
// children it placed on other machines, where the root's trace directory
// is not: such a child records its events apart and sends them at its end,
// and the root collects them before it writes the trace. A child killed
// before its end sends nothing (its start and exit are on its parent's
// track).
type TraceCarrier interface {
	// TraceElsewhere reports, in a job, whether dir (the root's trace
	// directory) is not on this machine.
	TraceElsewhere(dir string) bool
	// SendTrace sends a job's events, a file as trace.Open writes them.
	SendTrace(events []byte) error
	// CollectTraces writes into dir, in the root, the events its jobs
	// sent, each job's as a file of its own.
	CollectTraces(dir string) error
}

// Remote is a child a Launcher placed elsewhere, seen from its parent.
// Its Process object reads pid, exitcode, is_alive() and join() from it,
// terminate() and kill() signal it, and KillAll (the parent torn down)
// sends it SIGKILL: it must then end promptly wherever it runs.
type Remote = node.Remote

// Job is everything another machine needs to become the child: give it
// back to ExecJob there. The launcher routes on Name, Kind and Build; the
// rest is opaque.
type Job struct {
	Name string // "Process-1", "SpawnPoolWorker-3", "Process-2:1"
	// Kind is "" for a Process, or the child kind of a builtin
	// ("poolworker").
	Kind string
	// Frame is the child's bootstrap: its target, its arguments, its
	// identity and the tree's settings.
	Frame []byte
	// Files are the main script and every file it loaded, by the key
	// load() resolved them to (the main script by its file name as given to
	// the root, "<stdin>" for a session). A process started by a remote
	// child ships the same files.
	Files map[string][]byte
	// Build identifies the binary that made the job (BuildID): a worker
	// whose BuildID differs must refuse it (host builtins must match).
	Build string
}

// WithLauncher places children through l (see Launcher). Give the same
// option to Dispatch and to the Runtime that runs ExecJob on the other
// machine, so that a remote child's own children go through it too.
func WithLauncher(l Launcher) Option { return func(c *config) { c.launcher = l } }

// BuildID identifies the running binary: a hash of its file, computed on
// first use (tens of milliseconds for a large binary), then kept. (A
// sync.Once, not a package-level OnceValue: no work at package init, which
// every child pays.)
func BuildID() string {
	build.once.Do(func() { build.id = hashExe() })
	return build.id
}

var build struct {
	once sync.Once
	id   string
}

func hashExe() string {
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// launch is the node's Launch: the child's bootstrap becomes a Job.
func (s *session) launch(b *node.Bootstrap) (node.Remote, error) {
	files := s.interp.Sources()
	files[b.MainFile] = b.MainSrc
	// The main source travels once, in Files.
	bb := *b
	bb.MainSrc = nil
	// A local child starts in its parent's working directory: the job
	// does too where its machine has it (ExecJob).
	if bb.Cwd = b.Dir; bb.Cwd == "" {
		bb.Cwd, _ = os.Getwd()
	}
	frame, err := bb.Encode()
	if err != nil {
		return nil, err
	}
	job := &Job{Name: b.Name, Kind: b.Kind, Frame: frame, Files: files, Build: BuildID()}
	return s.cfg.launcher.Launch(s.ctx, job)
}

// ExecJob runs job in this process as the child it describes, and returns
// its exit status (0, n for sys.exit(n), 1 for an uncaught error). The
// child re-runs the main module from job.Files as __mp_main__ (load()
// reads job.Files too, never this machine's disk), then calls its target
// or the Pool worker loop, and applies Python's exit rules (joining its
// non-daemonic children). It heads a process tree of its own: the shared
// objects it creates and the children it starts live here, or go through
// the Runtime's Launcher if it has one. current_process() shows its pid
// on this machine and its host.
//
// stdout and stderr receive the child's output (each print one write); a
// FileWriter among them takes the child's own writes while the processes
// it starts inherit its File.
// ctx cancelled stops the child and kills its children. Call it in a fresh
// OS process per job, with the same options as the root (host builtins,
// WithLauncher) and after Dispatch, so that terminate(), kill() and crashes
// are the job's alone; the caller checks job.Build against BuildID(). As in
// a local child, SIGINT is ignored (the root handles Ctrl-C for the tree)
// and fatal signals kill the process the kernel's way, so its parent reads
// -N.
func (r *Runtime) ExecJob(ctx context.Context, job *Job, stdout, stderr io.Writer) int {
	signal.Ignore(syscall.SIGINT)
	spawn.DefaultSignals()
	b, err := node.DecodeBootstrap(job.Frame)
	if err != nil {
		fmt.Fprintf(stderr, "procstar job: %v\n", err)
		return 1
	}
	src, ok := job.Files[b.MainFile]
	if !ok {
		fmt.Fprintf(stderr, "procstar job %s: its main script %s was not shipped\n", job.Name, b.MainFile)
		return 1
	}
	// The parent's working directory, if this machine has it (the
	// embedded cluster's one machine, a shared file system); else the
	// one its worker gave it.
	if b.Cwd != "" {
		if st, err := os.Stat(b.Cwd); err == nil && st.IsDir() {
			os.Chdir(b.Cwd)
		}
	}
	cfg := *r.cfg
	n := node.New(b.Name)
	n.ParentPid, n.ParentName = b.ParentPid, b.ParentName
	n.ParentElsewhere = true
	n.Identity, n.Daemon = b.Identity, b.Daemon
	n.Argv, n.Dir = b.Argv, cfg.dir
	n.MainFile, n.MainSrc = b.MainFile, src
	s := &session{cfg: &cfg, node: n, files: interp.FilesFS(job.Files)}
	if err := s.newTree(); err != nil {
		fmt.Fprintf(stderr, "procstar job %s: %v\n", job.Name, err)
		return 1
	}
	if err := s.setupOutput(ctx, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "procstar job %s: %v\n", job.Name, err)
		return 1
	}
	defer s.close()
	n.Log.Inherit(b.LogOn, b.LogLevel)
	// The same build compiled it (job.Build): decoded rather than compiled
	// if this machine's predeclared names are the root's.
	interp.OfferCompiled(b.MainFile, src, b.MainProg, b.MainNames)
	tc, _ := cfg.launcher.(TraceCarrier)
	if b.TraceDir == "" || tc == nil || !tc.TraceElsewhere(b.TraceDir) {
		return s.runBootstrap(b)
	}
	// The root's trace directory is on another machine: record into one
	// of this machine's, and send the file at the end. The job's own
	// children are told the root's, and decide for themselves.
	dir, err := trace.Dir()
	if err != nil {
		return s.runBootstrap(b) // untraced, as a child that cannot open its file
	}
	defer os.RemoveAll(dir)
	s.traceHere = dir
	code := s.runBootstrap(b)
	if events, err := os.ReadFile(trace.File(dir, n.Pid)); err == nil {
		if err := tc.SendTrace(events); err != nil {
			fmt.Fprintf(stderr, "procstar job %s: cannot send its trace: %v\n", job.Name, err)
		}
	}
	return code
}
