// Package node is a procstar process's place in its process tree: who it is
// (name, identity, parent), which children it started, how it spawns one
// (the bootstrap a child receives), and Python's rules for ending: join the
// non-daemonic children, terminate the daemonic ones, or kill everything when
// the process is being torn down.
package node

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/shm"
	"github.com/procstar/procstar/runtime/spawn"
	"github.com/procstar/procstar/runtime/trace"
)

// Event is what a host's hook sees of a child's life.
type Event struct {
	Start    bool // true when the child started, false when it exited
	Name     string
	Pid      int
	ExitCode int           // exit events: as Process.exitcode
	Duration time.Duration // exit events: time since start
	Warm     bool          // start events: the child was a warm spare
}

// Node is this process in the tree.
type Node struct {
	Pid        int
	ParentPid  int // 0 in the root
	ParentName string
	Identity   []int
	Daemon     bool
	Root       bool
	// ParentElsewhere is set in a child placed by a Launcher (ExecJob):
	// its parent runs on another machine.
	ParentElsewhere bool
	// Bootstrapping is true while a child re-runs the main module's top level;
	// starting a process then would grow a process tree without end.
	Bootstrapping bool

	Table  *ptable.Table
	Arena  *shm.Arena // the tree's shared memory: every shared object lives here
	Slot   int
	Files  []*os.File // passed to every child: Files[0] is the ptable
	Names  []string   // what each of Files is
	Stdout *os.File
	Stderr *os.File
	Argv   []string
	Dir    string
	// LoadDir is where scripts resolve (Bootstrap.LoadDir).
	LoadDir string

	// Trace records this process's events when the run is traced
	// (runtime.WithTrace); TraceDir is where every process of the run
	// writes them. Nil and "" when it is not.
	Trace    *trace.Recorder
	TraceDir string

	// MainFile and MainSrc are what a child re-runs as its main module. An
	// interactive session changes MainSrc between statements: use SetMainSrc
	// once the node is in use.
	MainFile string
	MainSrc  []byte
	// MainProgram, if set, gives MainSrc as this process compiled it and
	// the key of the names it was resolved with (interp.MainProgram), which
	// children decode rather than compile; nil while there is none.
	MainProgram func() (prog []byte, names uint64)
	Settings    *Settings

	Log  *mplog.Logger
	Hook func(Event)
	// Resolver names functions and rebuilds shared objects (codec.Resolver).
	Resolver Resolver
	// Launch, when set (runtime.WithLauncher), places children elsewhere
	// than a local fork/exec: it gets the child's bootstrap, complete, and
	// returns once the child runs. nil in local mode.
	Launch func(b *Bootstrap) (Remote, error)
	// Launcher is the runtime.Launcher behind Launch, for the optional
	// interfaces builtins look for (pool.Transports).
	Launcher any
	// MaxSpares is how many warm spares of a kind this process keeps at
	// most once it has started a child (spare.go); 0 keeps none.
	MaxSpares int

	mu       sync.Mutex
	name     string
	counter  int
	children map[*Child]struct{}
	exiting  map[*Child]struct{} // forgotten, finished, not reaped yet
	atExit   []func()
	atKill   []func()
	atCancel []func(op uint64) // AtCancelOp
	op       uint64            // BeginOp
	dying    bool              // KillAll was called: no child may start any more
	locals   map[any]any
	// programs are the subprocess.Popen programs whose end the script
	// has not seen, by pid, each with a channel closed at its end.
	programs map[int]<-chan struct{}

	gate   Gate
	spares spares
}

// Resolver is codec.Resolver, repeated here so node does not import codec.
type Resolver interface {
	FuncRef(fn starlark.Value) (module, name string, err error)
	Func(module, name string) (starlark.Value, error)
	Handle(kind string, data []byte) (starlark.Value, error)
}

// Proc is a running child as its parent handles it: a local process
// (*spawn.Proc) or one placed on another machine (a Remote).
type Proc interface {
	Done() <-chan struct{}
	// ExitCode is Python's exitcode once Done is closed (-N: signal N).
	ExitCode() (int, bool)
	// Signal sends sig to the child unless it has ended.
	Signal(sig syscall.Signal) error
}

// Remote is a child a Launcher placed on another machine, seen from its
// parent (runtime.Remote).
type Remote interface {
	Pid() int     // its pid on its machine
	Host() string // its machine
	// Signal delivers sig to it (terminate: SIGTERM, kill and KillAll:
	// SIGKILL); it returns nil once the child has ended.
	Signal(sig syscall.Signal) error
	// Done is closed once the child has ended (or is known lost).
	Done() <-chan struct{}
	// ExitCode is read after Done: Python's exitcode, -N for signal N; a
	// child lost with its machine reads as killed (-9).
	ExitCode() int
}

// remoteProc is a Remote as a Proc.
type remoteProc struct{ Remote }

func (r remoteProc) ExitCode() (int, bool) {
	select {
	case <-r.Done():
		return r.Remote.ExitCode(), true
	default:
		return 0, false
	}
}

// Child is a started child process, seen from its parent.
type Child struct {
	Proc
	Pid int
	// Host is the machine of a child placed by a Launcher; "" for a local
	// child.
	Host string
	// Obj is the Starlark object that started the child (a Process).
	Obj    any
	Name   string
	Kind   string // Bootstrap.Kind: "" for a Process, else a builtin's kind
	Daemon bool
	Slot   int
	// Warm is set when the child was a warm spare (spare.go).
	Warm  bool
	Start time.Time
	// Reaped is closed once the child's exit has been fully accounted for
	// (slot released, hook called).
	Reaped chan struct{}

	control *os.File // a local child's control socket

	// finished is closed once the child has ended as Python sees it, code
	// set before: reaped, or announced its end (spawn.End) and exiting.
	finished chan struct{}
	finOnce  sync.Once
	code     int
	gone     bool // reaped; under the Node's mu
}

// ender is a Proc that may announce its end before it is reaped
// (*spawn.Proc).
type ender interface {
	Ended() <-chan struct{}
	EndCode() int
}

// Finished is closed once the child has ended as Python's join sees it:
// reaped, or (a local child) announced that it ended normally holding
// nothing that its reap would give back visibly, and is exiting (see
// spawn.End). A start+join then does not wait for the kernel to tear the
// child's address space down, about 0.5 ms; the reap follows on its own,
// and Shutdown waits for it.
func (c *Child) Finished() <-chan struct{} { return c.finished }

// Code is Python's exitcode once Finished is closed; the first known wins
// (an announced status is not changed by a signal that came after it).
func (c *Child) Code() (int, bool) {
	select {
	case <-c.finished:
		return c.code, true
	default:
		return 0, false
	}
}

// finish records c's end with code, if not yet, and tells the host's hook
// first (so that the hook has seen it when a join returns).
func (n *Node) finish(c *Child, code int) {
	c.finOnce.Do(func() {
		c.code = code
		if n.Hook != nil {
			n.Hook(Event{Name: c.Name, Pid: c.Pid, ExitCode: code, Duration: time.Since(c.Start)})
		}
		close(c.finished)
	})
}

// WaitReady waits until a child's signal handlers are in place
// (spawn.Proc.WaitReady), so that a signal sent to its pid acts with the
// default dispositions; a child placed by a Launcher waits if its Remote
// has a WaitReady too.
func (c *Child) WaitReady() {
	var p any = c.Proc
	if r, ok := p.(remoteProc); ok {
		p = r.Remote
	}
	if w, ok := p.(interface{ WaitReady() }); ok {
		w.WaitReady()
	}
}

// New returns a node named name.
func New(name string) *Node {
	return &Node{name: name, Pid: os.Getpid(), children: make(map[*Child]struct{})}
}

// SetDir changes the working directory the children started from now on
// run in (os.chdir).
func (n *Node) SetDir(dir string) {
	n.mu.Lock()
	n.Dir = dir
	n.mu.Unlock()
}

// Name is the current process's name.
func (n *Node) Name() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.name
}

// SetName renames the current process.
func (n *Node) SetName(name string) {
	n.mu.Lock()
	n.name = name
	n.mu.Unlock()
	if n.Table != nil {
		n.Table.SetName(n.Slot, name)
	}
}

// SetMainSrc replaces the main module's source that children started from
// now on re-run (an interactive session's definitions so far).
func (n *Node) SetMainSrc(src []byte) {
	n.mu.Lock()
	n.MainSrc = src
	n.mu.Unlock()
}

// NextCount returns the next value of the Process counter (Python's
// _process_counter: every Process object created counts).
func (n *Node) NextCount() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.counter++
	return n.counter
}

// ResetCounter restarts the Process counter, as Python does in a child
// before it runs its target: a child's first child is always "…:1".
func (n *Node) ResetCounter() {
	n.mu.Lock()
	n.counter = 0
	n.mu.Unlock()
}

// ChildIdentity is the identity of a child created with counter value c.
func (n *Node) ChildIdentity(c int) []int {
	id := append([]int(nil), n.Identity...)
	return append(id, c)
}

// IdentityString formats an identity as Python does in default names ("2:1").
func IdentityString(id []int) string {
	parts := make([]string, len(id))
	for i, v := range id {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ":")
}

// Spawn starts a child from b (Module/Func/Args/Kwargs/Name/Identity/Daemon/
// Kind/Payload set by the caller; the rest is filled in here).
func (n *Node) Spawn(b *Bootstrap) (*Child, error) {
	slot, err := n.Reserve(b.Name)
	if err != nil {
		return nil, err
	}
	return n.SpawnReserved(b, slot)
}

// Reserve takes the process-table slot of a child to be named name, or
// fails with the error start() gives when --max-procs is reached. Callers
// that start several children at once reserve them in order first, so that
// the first one that does not fit is the one that fails, as in Python.
func (n *Node) Reserve(name string) (int, error) {
	if n.Dying() {
		return -1, pyerr.New(pyerr.RuntimeError, "cannot start %s: the process is ending", name)
	}
	// Joined children that are still exiting hold their slots for a
	// moment: a start after their join must not fail for it. One whose
	// reap ends between the table's scan and AwaitExit has freed its slot
	// too late for the scan, yet is no longer waited for: so looked at
	// before the scan.
	exiting := n.hasExiting()
	slot, err := n.Table.ReserveFree()
	if errors.Is(err, ptable.ErrFull) && (n.AwaitExit(nil) || exiting) {
		slot, err = n.Table.ReserveFree()
	}
	if errors.Is(err, ptable.ErrFull) {
		// Spares never make a start fail: this process's own first (one
		// of them may serve this very start), then any of the tree's.
		if s, ok := n.claimOwnSpare(); ok {
			slot, err = s, nil
		} else {
			slot, err = n.Table.Steal()
		}
	}
	if errors.Is(err, ptable.ErrFull) {
		return -1, pyerr.New(pyerr.RuntimeError,
			"cannot start %s: the process tree already holds %d live processes, the limit set by --max-procs (raise it with --max-procs N)",
			name, n.Table.Max())
	}
	if err != nil {
		return -1, pyerr.New(pyerr.OSError, "cannot start %s: %v", name, err)
	}
	return slot, nil
}

// SpawnReserved is Spawn into a slot from Reserve, which it gives back if
// the child cannot start.
func (n *Node) SpawnReserved(b *Bootstrap, slot int) (*Child, error) {
	if n.Dying() {
		n.Table.Cancel(slot)
		return nil, pyerr.New(pyerr.RuntimeError, "cannot start %s: the process is ending", b.Name)
	}
	n.mu.Lock()
	b.Argv, b.Dir, b.LoadDir = n.Argv, n.Dir, n.LoadDir
	b.TraceDir = n.TraceDir
	b.MainFile, b.MainSrc = n.MainFile, n.MainSrc
	n.mu.Unlock()
	if n.MainProgram != nil {
		b.MainProg, b.MainNames = n.MainProgram()
	}
	b.ParentPid = n.Pid
	if b.ParentName == "" {
		b.ParentName = n.Name()
	}
	b.Settings = n.Settings
	b.Slot = slot
	b.LogOn, _ = n.Log.Enabled()
	b.LogLevel = n.Log.ChildLevel()
	b.Files = n.Names
	if n.Launch != nil && !b.Here {
		return n.launch(b, slot)
	}
	key := spareKey(b.RuntimeEnv)
	defer n.noteStart(key, b.RuntimeEnv)
	c, slot := n.spawnWarm(b, slot, key)
	if c != nil {
		return c, nil
	}
	b.Slot = slot
	frame, err := b.Encode()
	if err != nil {
		n.Table.Cancel(slot)
		return nil, err
	}
	// Shared objects named in the bootstrap stay alive (and pipe ends open)
	// until the child attaches them, and are released if it dies first:
	// counted as ours until it starts, then as the child's, before the
	// process table lists it (so before anyone can reap it).
	var tk *shm.Transfer
	if n.Arena != nil {
		tk = n.Arena.Reserve(b.Args, b.Kwargs, b.Payload)
	}
	before := ptable.BootTicks()
	p, err := spawn.Start(spawn.Request{
		Args:       []string{argv0(), "--procstar-child=" + argvName(b.Name)},
		Dir:        b.Dir,
		Files:      n.Files,
		Stdout:     n.Stdout,
		Stderr:     n.Stderr,
		RuntimeEnv: b.RuntimeEnv,
	}, frame)
	if err != nil {
		tk.Cancel()
		n.Table.Cancel(slot)
		return nil, pyerr.New(pyerr.OSError, "cannot start %s: %v", b.Name, err)
	}
	tk.Give(p.Pid)
	n.Table.CommitStarted(slot, p.Pid, n.Pid, b.Name, before, ptable.BootTicks())
	return n.started(&Child{Proc: p, Pid: p.Pid, control: p.Control, Name: b.Name, Kind: b.Kind, Daemon: b.Daemon, Slot: slot}), nil
}

// spawnWarm is SpawnReserved through a warm spare, if there is one for
// kind key; else it returns nil and the slot to start a child cold in,
// reserved (the one given, or the unusable spare's).
func (n *Node) spawnWarm(b *Bootstrap, slot int, key string) (*Child, int) {
	if n.MaxSpares <= 0 {
		return nil, slot
	}
	env := os.Environ()
	sp := n.parkedSpare(slot, key, env)
	if sp == nil {
		if sp = n.takeSpare(key, env); sp == nil {
			return nil, slot
		}
		// The spare's slot is ours now; the one reserved for this start
		// goes back.
		n.Table.Cancel(slot)
		slot = sp.slot
	}
	// What a cold start gets at exec: cmd.Dir, or the parent's own.
	b.Cwd = b.Dir
	if b.Cwd == "" {
		b.Cwd, _ = os.Getwd()
	}
	b.Env = env
	if len(b.Env) == 0 {
		b.Env = []string{""} // empty, not nil: "unchanged"
	}
	b.Slot = slot
	prog := b.MainProg
	if bytes.Equal(sp.src, b.MainSrc) {
		b.MainProg = nil // the spare compiled this source as it warmed up
	}
	frame, err := b.Encode()
	b.MainProg = prog
	var tk *shm.Transfer
	if err == nil {
		if st, serr := os.Stat(b.Cwd); serr != nil || !st.IsDir() {
			err = errors.New("no working directory") // a cold start reports it
		}
	}
	if err == nil {
		if n.Arena != nil {
			tk = n.Arena.Reserve(b.Args, b.Kwargs, b.Payload)
		}
		err = spawn.WriteFrame(sp.p.Control, frame)
	}
	b.Env, b.Cwd = nil, ""
	if err != nil {
		// It died, or cannot serve: start cold in its slot.
		tk.Cancel()
		n.dropSpare(sp)
		return nil, slot
	}
	tk.Give(sp.p.Pid)
	n.Table.CommitSpareLive(slot, sp.p.Pid, n.Pid, b.Name)
	return n.started(&Child{Proc: sp.p, Pid: sp.p.Pid, control: sp.p.Control, Name: b.Name, Kind: b.Kind, Daemon: b.Daemon, Slot: slot, Warm: true}), slot
}

// launch is SpawnReserved through the Launcher. The slot stays reserved
// (by this process) while the child runs: it counts against --max-procs,
// but the tree's watcher, which checks local pids, never looks at it.
func (n *Node) launch(b *Bootstrap, slot int) (*Child, error) {
	b.Files, b.Slot = nil, -1 // it builds its own tree
	r, err := n.Launch(b)
	if err != nil {
		n.Table.Cancel(slot)
		if _, ok := err.(*pyerr.Error); ok {
			return nil, err
		}
		return nil, pyerr.New(pyerr.OSError, "cannot start %s: %v", b.Name, err)
	}
	host := r.Host()
	if host == "" {
		host = "?"
	}
	return n.started(&Child{Proc: remoteProc{r}, Pid: r.Pid(), Host: host, Name: b.Name, Kind: b.Kind, Daemon: b.Daemon, Slot: slot}), nil
}

// started registers a child that runs now and watches for its end.
func (n *Node) started(c *Child) *Child {
	c.Start, c.Reaped, c.finished = time.Now(), make(chan struct{}), make(chan struct{})
	n.Trace.Instant("start "+c.Name, "process", map[string]any{"pid": c.Pid})
	n.mu.Lock()
	n.children[c] = struct{}{}
	dying := n.dying
	n.mu.Unlock()
	if dying {
		// KillAll ran while this child was starting (a goroutine, such as a
		// Pool replacing a worker, spawned it): it does not outlive the kill.
		c.Signal(syscall.SIGKILL)
	}
	if n.Hook != nil {
		n.Hook(Event{Start: true, Name: c.Name, Pid: c.Pid, Warm: c.Warm})
	}
	go n.reap(c)
	return c
}

func (n *Node) reap(c *Child) {
	var ended <-chan struct{}
	e, ok := c.Proc.(ender)
	if ok {
		ended = e.Ended()
	}
	select {
	case <-c.Done():
	case <-ended:
		n.finish(c, e.EndCode())
		<-c.Done()
	}
	if c.Host != "" {
		// It held nothing of this machine (shared objects cannot cross).
		n.Table.Cancel(c.Slot)
	} else {
		// Give back what the child held (locks, semaphore units, pipe ends)
		// now, without waiting for the root's watcher.
		if n.Arena != nil {
			n.Arena.ReapDead(c.Pid)
		}
		n.Table.Release(c.Slot, c.Pid)
		c.control.Close()
	}
	code, _ := c.ExitCode()
	n.finish(c, code)
	if code, _ := c.Code(); code < 0 {
		// Killed by a signal: the child could not record its end. One on
		// another machine has no track of ours: its parent's track says.
		if c.Host == "" {
			n.Trace.ExitOf(n.TraceDir, c.Pid, c.Name, code)
		} else {
			n.Trace.Instant("exit "+c.Name, "process", map[string]any{"pid": c.Pid, "exitcode": code})
		}
	}
	n.mu.Lock()
	c.gone = true
	delete(n.exiting, c)
	n.mu.Unlock()
	close(c.Reaped)
	if n.MaxSpares > 0 {
		// A little later: a goroutine started now would run before the
		// joiner just woken, and the new spare's exec compete with it.
		time.AfterFunc(time.Millisecond, n.refill)
	}
}

// Forget drops c from the children (after join or when reaped by
// active_children), as Python's _children.discard. A child finished but
// not reaped yet is kept among the exiting, whose reaps Shutdown, KillAll
// and a full process table wait for.
func (n *Node) Forget(c *Child) {
	n.mu.Lock()
	delete(n.children, c)
	if !c.gone {
		if n.exiting == nil {
			n.exiting = map[*Child]struct{}{}
		}
		n.exiting[c] = struct{}{}
	}
	n.mu.Unlock()
}

// hasExiting reports whether a child is forgotten but not reaped yet.
func (n *Node) hasExiting() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.exiting) > 0
}

// Exiting returns the children forgotten but not reaped yet.
func (n *Node) Exiting() []*Child {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Collect(maps.Keys(n.exiting))
}

// AwaitExit waits until the children forgotten but not reaped yet are
// reaped (they have announced their end: this takes a fraction of a
// millisecond), or done is closed; it reports whether there were any.
func (n *Node) AwaitExit(done <-chan struct{}) bool {
	cs := n.Exiting()
	for _, c := range cs {
		select {
		case <-c.Reaped:
		case <-done:
			return true
		}
	}
	return len(cs) > 0
}

// AwaitPid is AwaitExit for the child pid alone, if it is one of them: so
// that os.kill of a joined child's pid finds it gone, as in Python, whose
// join reaps it.
func (n *Node) AwaitPid(pid int) {
	for _, c := range n.Exiting() {
		if c.Pid == pid {
			<-c.Reaped
		}
	}
}

// Unjoined returns the child of this process, on this machine, with pid
// whose end the script has not seen yet (not joined, nor found ended by
// is_alive, close or active_children), or nil. Ended, it is a zombie in
// Python until then, and os.kill of its pid succeeds without effect;
// procstar has reaped it already, and its pid may be another process's.
func (n *Node) Unjoined(pid int) *Child {
	n.mu.Lock()
	defer n.mu.Unlock()
	var ended *Child
	for c := range n.children {
		if c.Pid == pid && c.Host == "" {
			// A pid reaped here may have been given to a new child
			// since: the one still running is the pid's.
			if c.Alive() {
				return c
			}
			ended = c
		}
	}
	return ended
}

// AddProgram records pid as a program (subprocess.Popen) whose end the
// script has not seen yet; ended is closed once it has ended. Procstar
// reaps a program at once, but in Python it is a zombie until poll, wait
// or communicate sees its end, and os.kill of its pid succeeds until then.
func (n *Node) AddProgram(pid int, ended <-chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.programs == nil {
		n.programs = map[int]<-chan struct{}{}
	}
	// A pid reaped here may have been given to a new program since: the
	// newer is the pid's.
	n.programs[pid] = ended
}

// ForgetProgram drops the program AddProgram recorded with pid and ended:
// the script has seen its end.
func (n *Node) ForgetProgram(pid int, ended <-chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.programs[pid] == ended {
		delete(n.programs, pid)
	}
}

// Program returns the channel of the program with pid whose end the
// script has not seen (closed if it has ended: a zombie in Python), or nil.
func (n *Node) Program(pid int) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.programs[pid]
}

// Local returns the value a builtin keeps in this node under key, made by
// mk on first use: per-process state that ends with the node (a global
// map keyed by node would keep every node of an embedding host alive).
func (n *Node) Local(key any, mk func() any) any {
	n.mu.Lock()
	defer n.mu.Unlock()
	v, ok := n.locals[key]
	if !ok {
		if n.locals == nil {
			n.locals = map[any]any{}
		}
		v = mk()
		n.locals[key] = v
	}
	return v
}

// Dying reports whether KillAll was called: the process is ending.
func (n *Node) Dying() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.dying
}

// Children returns the children not yet forgotten, oldest first.
func (n *Node) Children() []*Child {
	n.mu.Lock()
	out := make([]*Child, 0, len(n.children))
	for c := range n.children {
		out = append(out, c)
	}
	n.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// Alive reports whether c is still running: not Finished.
func (c *Child) Alive() bool {
	select {
	case <-c.finished:
		return false
	default:
		return true
	}
}

// AtShutdown registers f to run when the process ends normally, at the
// start of Shutdown, before the children are terminated and joined (the
// most recently registered first, as Python's atexit). A Pool runs its
// owner's pending callbacks and terminates its workers there. It does not
// run when the process is cancelled or killed (KillAll).
func (n *Node) AtShutdown(f func()) {
	n.mu.Lock()
	n.atExit = append(n.atExit, f)
	n.mu.Unlock()
}

// Shutdown is Python's exit function: log, run the AtShutdown functions,
// terminate daemonic children, then join the others. done aborts the joins
// (cancellation): everything is then killed instead.
func (n *Node) Shutdown(done <-chan struct{}) {
	n.DropSpares() // no start follows
	me := n.Name()
	n.Log.Log(mplog.INFO, me, "process shutting down")
	n.mu.Lock()
	atExit := n.atExit
	n.atExit = nil
	n.mu.Unlock()
	for i := len(atExit) - 1; i >= 0; i-- {
		atExit[i]()
	}
	for _, c := range n.Children() {
		if c.Daemon && c.Alive() {
			n.Log.Log(mplog.INFO, me, "calling terminate() for daemon "+c.Name)
			c.Signal(syscall.SIGTERM)
		}
	}
	for _, c := range n.Children() {
		// One that has ended but is not reaped yet (spawn.End) is waited
		// for too, without a word: Python's active_children() would have
		// reaped it.
		if c.Alive() && !c.Daemon {
			n.Log.Log(mplog.INFO, me, "calling join() for process "+c.Name)
		}
		select {
		case <-c.Reaped:
		case <-done:
			n.KillAll()
			return
		}
	}
	if n.AwaitExit(done) {
		select {
		case <-done:
			n.KillAll()
		default:
		}
	}
}

// KillAll kills every child (their descendants follow by PDEATHSIG) and
// waits, at most a second, until they are reaped. The process is ending:
// no child may start after it (Spawn fails).
func (n *Node) KillAll() {
	n.mu.Lock()
	n.dying = true
	atKill := n.atKill
	n.atKill = nil
	n.mu.Unlock()
	n.DropSpares()
	children := append(n.Children(), n.Exiting()...)
	for _, c := range children {
		c.Signal(syscall.SIGKILL)
	}
	deadline := time.After(time.Second)
	defer func() {
		for i := len(atKill) - 1; i >= 0; i-- {
			atKill[i]()
		}
	}()
	for _, c := range children {
		select {
		case <-c.Reaped:
		case <-deadline:
			return
		}
	}
}

// AtKill registers f to run at the end of KillAll, once the children are
// reaped (or the wait for them gave up), before the process's resources
// (its arena, its files) are released: a builtin whose goroutines still use
// them (a Pool's readers) stops them there. It runs once.
func (n *Node) AtKill(f func()) {
	n.mu.Lock()
	n.atKill = append(n.atKill, f)
	n.mu.Unlock()
}

// BeginOp starts an operation of a long-lived root (a Script's top level
// or call, a Session's statement) and returns its number: what starts
// until the next BeginOp belongs to it (Op).
func (n *Node) BeginOp() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.op++
	return n.op
}

// Op is the number of the operation running (BeginOp), 0 if none began.
func (n *Node) Op() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.op
}

// AtCancelOp registers f, which CancelOp calls with the number of a
// cancelled operation: a builtin that starts processes which are not
// children (subprocess's programs) kills those the operation started, as
// the root kills the children it started.
func (n *Node) AtCancelOp(f func(op uint64)) {
	n.mu.Lock()
	n.atCancel = append(n.atCancel, f)
	n.mu.Unlock()
}

// CancelOp runs the AtCancelOp functions for operation op.
func (n *Node) CancelOp(op uint64) {
	n.mu.Lock()
	fs := slices.Clone(n.atCancel)
	n.mu.Unlock()
	for _, f := range fs {
		f(op)
	}
}

const threadKey = "procstar.node"

// Set attaches n to thread.
func Set(thread *starlark.Thread, n *Node) { thread.SetLocal(threadKey, n) }

// FromThread returns the node attached to thread, or nil.
func FromThread(thread *starlark.Thread) *Node {
	n, _ := thread.Local(threadKey).(*Node)
	return n
}

// ChildKind runs a child of a kind registered by a builtin package (a Pool
// worker): it gets the child's thread, node and bootstrap, and returns the
// error that ends it (nil for a normal end).
type ChildKind func(thread *starlark.Thread, n *Node, b *Bootstrap) error

// Registration is one thing a builtin package registers with node: the
// decoder of a kind of shared object's handles (Handle, or Tagged for a
// kind any backend may hold), or a kind of child (Child), named Kind. A
// package lists its registrations in a package-level []Registration, which
// the compiler lays out with no init code, and the runtime that assembles
// the modules registers them (Register): a package costs a process nothing
// at its start.
type Registration struct {
	Kind   string
	Handle HandleDecoder
	Tagged TaggedDecoder
	Child  ChildKind
}

// registered are the tables given to Register, kept as they are (a few
// dozen entries in all, looked up by a scan: registering them costs a
// start nothing).
var registered struct {
	sync.RWMutex
	tables [][]Registration
}

// Register registers the entries of rs; a later entry of a kind replaces
// an earlier one.
func Register(rs []Registration) {
	registered.Lock()
	registered.tables = append(registered.tables, rs)
	registered.Unlock()
}

// lookup is the last registration of kind that has what has() asks for.
func lookup(kind string, has func(*Registration) bool) *Registration {
	registered.RLock()
	defer registered.RUnlock()
	for t := len(registered.tables) - 1; t >= 0; t-- {
		rs := registered.tables[t]
		for i := len(rs) - 1; i >= 0; i-- {
			if rs[i].Kind == kind && has(&rs[i]) {
				return &rs[i]
			}
		}
	}
	return nil
}

// Kind returns the registered child kind name.
func Kind(name string) (ChildKind, bool) {
	if r := lookup(name, func(r *Registration) bool { return r.Child != nil }); r != nil {
		return r.Child, true
	}
	return nil, false
}

// HandleDecoder rebuilds a shared object of one kind from its handle data,
// in the process n.
type HandleDecoder func(n *Node, data []byte) (starlark.Value, error)

// TaggedDecoder rebuilds a shared object whose backend (runtime/objects)
// tags its handles: its kind reads "TAG:Kind", and the decoder of Kind
// receives TAG ("" for shared memory's untagged handles).
type TaggedDecoder func(n *Node, tag string, data []byte) (starlark.Value, error)

// DecodeHandle rebuilds a shared object received from another process.
func (n *Node) DecodeHandle(kind string, data []byte) (starlark.Value, error) {
	if r := lookup(kind, func(r *Registration) bool { return r.Handle != nil || r.Tagged != nil }); r != nil {
		if r.Handle != nil {
			return r.Handle(n, data)
		}
		return r.Tagged(n, "", data)
	}
	if tag, base, ok := strings.Cut(kind, ":"); ok {
		if r := lookup(base, func(r *Registration) bool { return r.Tagged != nil }); r != nil {
			return r.Tagged(n, tag, data)
		}
	}
	return nil, fmt.Errorf("unknown shared object kind %q", kind)
}

// SharedFromThread is FromThreadOrErr for builtins that need the tree's
// shared memory (queues, locks, shared values).
func SharedFromThread(thread *starlark.Thread, fn string) (*Node, error) {
	n, err := FromThreadOrErr(thread, fn)
	if err != nil {
		return nil, err
	}
	if n.Arena == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "%s: shared memory is not available here", fn)
	}
	return n, nil
}

// FromThreadOrErr returns the node of thread, or an error naming fn when the
// thread belongs to no procstar process (spawning and shared objects are
// disabled, or a host runs Starlark on its own threads).
func FromThreadOrErr(thread *starlark.Thread, fn string) (*Node, error) {
	if n := FromThread(thread); n != nil {
		return n, nil
	}
	return nil, pyerr.New(pyerr.RuntimeError, "%s: multiprocessing is not available here", fn)
}

// argvName is a process name as shown in the child's argv (for ps): the
// child learns its name from the bootstrap, and argv cannot hold a NUL byte,
// which any Python string (so a Process name) may.
func argvName(name string) string {
	return strings.ReplaceAll(name, "\x00", `\x00`)
}
