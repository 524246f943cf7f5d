package mp

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pysignal"
)

type processKind int

const (
	kindChild   processKind = iota // created by Process(...)
	kindCurrent                    // current_process()
	kindParent                     // parent_process()
)

// Process is Python's multiprocessing.Process.
type Process struct {
	kind       processKind
	node       *node.Node
	target     starlark.Value
	args       starlark.Tuple
	kwargs     *starlark.Dict
	name       string
	daemon     bool
	identity   []int
	parentPid  int
	parentName string
	child      *node.Child
	closed     bool
	pid        int // kindParent
	// spawned: a view of a child a Pool or Manager started (active_children),
	// or a Process a context made (ctx.Process), of type SpawnProcess as
	// CPython's are.
	spawned bool
}

var (
	_ starlark.HasAttrs    = (*Process)(nil)
	_ starlark.HasSetField = (*Process)(nil)
)

func nodeOf(thread *starlark.Thread, fn string) (*node.Node, error) {
	n := node.FromThread(thread)
	if n == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "%s: process spawning is not available here", fn)
	}
	return n, nil
}

func newProcess(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeProcess(thread, args, kwargs, false)
}

// newSpawnProcess is a context's Process (get_context().Process): Python's
// SpawnProcess, named SpawnProcess-N by default (N counts every Process of
// this process alike).
func newSpawnProcess(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeProcess(thread, args, kwargs, true)
}

func makeProcess(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple, spawned bool) (starlark.Value, error) {
	var (
		group, target, name, daemon starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
		pargs                       starlark.Value = starlark.Tuple(nil)
		pkwargs                     starlark.Value = new(starlark.Dict)
	)
	if err := starlark.UnpackArgs("Process", args, kwargs,
		"group?", &group, "target?", &target, "name?", &name, "args?", &pargs, "kwargs?", &pkwargs, "daemon?", &daemon); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%v", err)
	}
	n, err := nodeOf(thread, "Process")
	if err != nil {
		return nil, err
	}
	if group != starlark.None {
		return nil, pyerr.New(pyerr.AssertionError, "group argument must be None for now")
	}
	if target != starlark.None {
		if _, ok := target.(starlark.Callable); !ok {
			return nil, pyerr.New(pyerr.TypeError, "Process: target must be callable, not %s", target.Type())
		}
	}
	p := &Process{kind: kindChild, node: n, target: target, daemon: n.Daemon, parentPid: os.Getpid(), parentName: n.Name(), spawned: spawned}
	// Python's Process keeps tuple(args): any iterable (a range, a set,
	// a dict's keys; a Starlark string is not one).
	switch a := pargs.(type) {
	case starlark.Tuple:
		p.args = a
	case starlark.Iterable:
		iter := a.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			p.args = append(p.args, x)
		}
		iter.Done()
	default:
		return nil, pyerr.New(pyerr.TypeError, "Process: args must be iterable, not %s", pargs.Type())
	}
	d, ok := pkwargs.(*starlark.Dict)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "Process: kwargs must be a dict, not %s", pkwargs.Type())
	}
	for _, k := range d.Keys() {
		if _, ok := k.(starlark.String); !ok {
			return nil, pyerr.New(pyerr.TypeError, "Process: kwargs keys must be strings, not %s", k.Type())
		}
	}
	p.kwargs = d
	count := n.NextCount()
	p.identity = n.ChildIdentity(count)
	// Python: name or the default, so "" also gets the default.
	if s, ok := name.(starlark.String); ok && s != "" {
		p.name = string(s)
	} else if name == starlark.None || ok {
		p.name = p.Type() + "-" + node.IdentityString(p.identity)
	} else {
		return nil, pyerr.New(pyerr.AssertionError, "name must be a string")
	}
	if daemon != starlark.None {
		p.daemon = bool(daemon.Truth())
	}
	return p, nil
}

func (p *Process) String() string {
	var info []string
	typ := p.Type()
	status := ""
	exit := ""
	parent := fmt.Sprint(p.parentPid)
	switch p.kind {
	case kindCurrent:
		status = "started"
		if p.node.Root {
			typ, parent = "_MainProcess", "None"
		} else {
			parent = fmt.Sprint(p.node.ParentPid)
		}
	case kindParent:
		typ, status, parent = "_ParentProcess", "unknown", "None"
	default:
		switch {
		case p.closed:
			status = "closed"
		case p.child == nil:
			status = "initial"
		default:
			if code, done := p.exitCode(); done {
				status = "stopped"
				exit = "exitcode=" + exitcodeName(code)
			} else {
				status = "started"
			}
		}
	}
	info = append(info, typ, "name="+pyformat.QuoteStr(p.getName()))
	if p.child != nil && !p.closed {
		p.child.WaitReady() // see the pid attribute
		info = append(info, fmt.Sprintf("pid=%d", p.child.Pid))
	}
	info = append(info, "parent="+parent, status)
	if exit != "" {
		info = append(info, exit)
	}
	if p.isDaemon() {
		info = append(info, "daemon")
	}
	return "<" + strings.Join(info, " ") + ">"
}

func exitcodeName(code int) string {
	if code < 0 {
		if name := unix.SignalName(syscall.Signal(-code)); name != "" {
			return "-" + name
		}
	}
	return fmt.Sprint(code)
}

func (p *Process) Type() string {
	if p.spawned {
		return "SpawnProcess"
	}
	return "Process"
}
func (p *Process) Freeze()              {}
func (p *Process) Truth() starlark.Bool { return starlark.True }

// Hash hashes by identity, as Python's default object hash.
func (p *Process) Hash() (uint32, error) {
	return uint32(uintptr(unsafe.Pointer(p)) >> 3), nil
}

func (p *Process) getName() string {
	if p.kind == kindCurrent {
		return p.node.Name()
	}
	return p.name
}

func (p *Process) isDaemon() bool {
	if p.kind == kindCurrent {
		return p.node.Daemon
	}
	return p.daemon
}

func (p *Process) exitCode() (int, bool) {
	if p.child == nil {
		return 0, false
	}
	code, done := p.child.Code()
	if done {
		// Python's exitcode (and repr) polls, which reaps the child: an
		// os.kill of its pid then finds no such process.
		p.node.Forget(p.child)
	}
	return code, done
}

// processMethod is the signature of a method in processMethods.
type processMethod func(*Process, *starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// processMethods are Process's methods, built on first use.
var processMethods = lazy.Value[map[string]processMethod]{New: func() map[string]processMethod {
	return map[string]processMethod{
		"start":    (*Process).start,
		"run":      (*Process).run,
		"join":     (*Process).join,
		"is_alive": (*Process).isAlive,
		"terminate": func(p *Process, t *starlark.Thread, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.signal("terminate", syscall.SIGTERM, a, k)
		},
		"kill": func(p *Process, t *starlark.Thread, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return p.signal("kill", syscall.SIGKILL, a, k)
		},
		"close": (*Process).close,
	}
}}

// Attr implements starlark.HasAttrs.
func (p *Process) Attr(name string) (starlark.Value, error) {
	if m, ok := processMethods.Get()[name]; ok {
		return starlark.NewBuiltin(name, func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m(p, t, args, kwargs)
		}).BindReceiver(p), nil
	}
	switch name {
	case "pid", "ident", "exitcode":
		if p.closed {
			return nil, pyerr.New(pyerr.ValueError, "process object is closed")
		}
	}
	switch name {
	case "name":
		return starlark.String(p.getName()), nil
	case "daemon":
		return starlark.Bool(p.isDaemon()), nil
	case "pid", "ident":
		switch {
		case p.kind == kindCurrent:
			return starlark.MakeInt(os.Getpid()), nil
		case p.kind == kindParent:
			return starlark.MakeInt(p.pid), nil
		case p.child != nil:
			// A signal sent to the pid must find the child's
			// dispositions in place (Python's defaults).
			p.child.WaitReady()
			return starlark.MakeInt(p.child.Pid), nil
		}
		return starlark.None, nil
	case "exitcode":
		if code, done := p.exitCode(); done {
			return starlark.MakeInt(code), nil
		}
		return starlark.None, nil
	case "host":
		// Beyond Python: the machine the process runs on (cluster mode
		// places children on others); None before start.
		switch {
		case p.kind == kindChild && p.child == nil,
			p.kind == kindParent && p.node.ParentElsewhere:
			return starlark.None, nil // not started, or unknown here
		case p.kind == kindChild && p.child.Host != "":
			return starlark.String(p.child.Host), nil
		}
		return starlark.String(hostname()), nil
	}
	return nil, nil
}

// hostname is this machine's name.
func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "localhost"
	}
	return h
}

// AttrNames implements starlark.HasAttrs.
func (p *Process) AttrNames() []string {
	return []string{"close", "daemon", "exitcode", "host", "ident", "is_alive", "join", "kill", "name", "pid", "run", "start", "terminate"}
}

// SetField implements starlark.HasSetField: name and daemon are settable.
func (p *Process) SetField(name string, v starlark.Value) error {
	switch name {
	case "name":
		s, ok := v.(starlark.String)
		if !ok {
			return pyerr.New(pyerr.AssertionError, "name must be a string")
		}
		if p.kind == kindCurrent {
			p.node.SetName(string(s))
		} else {
			p.name = string(s)
		}
		return nil
	case "daemon":
		switch {
		case p.kind == kindCurrent:
			// Python allows it (this process's object has no Popen of its
			// own): the flag is this process's, so the Process objects it
			// creates from now on inherit it and start() refuses children
			// while it is set. A Pool worker clears it to start children.
			p.node.Daemon = bool(v.Truth())
			return nil
		case p.kind == kindChild && p.child != nil:
			return pyerr.New(pyerr.AssertionError, "process has already started")
		}
		p.daemon = bool(v.Truth())
		return nil
	}
	return pyerr.New("AttributeError", "can't set attribute %q of Process", name)
}

func (p *Process) checkClosed() error {
	if p.closed {
		return pyerr.New(pyerr.ValueError, "process object is closed")
	}
	return nil
}

func (p *Process) start(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs("start", args, kwargs); err != nil {
		return nil, err
	}
	if err := p.checkClosed(); err != nil {
		return nil, err
	}
	if p.kind != kindChild {
		return nil, pyerr.New(pyerr.AssertionError, "can only start a process object created by current process")
	}
	if p.child != nil {
		return nil, pyerr.New(pyerr.AssertionError, "cannot start a process twice")
	}
	n := p.node
	if n.Daemon {
		return nil, pyerr.New(pyerr.AssertionError, "daemonic processes are not allowed to have children")
	}
	if n.Bootstrapping {
		return nil, bootstrapError(thread)
	}
	b := &node.Bootstrap{Name: p.name, Identity: p.identity, Daemon: p.daemon, ParentName: p.parentName}
	targs := p.args
	if _, typed := p.target.(codec.Typed); typed {
		// A partial crosses as Python pickles it: its function by
		// reference, its arguments by value, ahead of the args.
		b.Module, b.Func = node.EncodedTarget, "target"
		targs = append(starlark.Tuple{p.target}, targs...)
	} else if p.target != starlark.None {
		mod, fn, err := n.Resolver.FuncRef(p.target)
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "Process target: %v", err)
		}
		b.Module, b.Func = mod, fn
	}
	var err error
	r := codec.Resolver(n.Resolver)
	if n.Launch != nil {
		r = codec.Elsewhere(r) // the child will run on another machine
	}
	if b.Args, err = codec.Encode(targs, "args", r); err != nil {
		if b.Module == node.EncodedTarget {
			return nil, pyerr.New(pyerr.TypeError, "Process target: %s", codec.PartialPath(err, "args[0]"))
		}
		return nil, err
	}
	if b.Kwargs, err = codec.Encode(p.kwargs, "kwargs", r); err != nil {
		return nil, err
	}
	c, err := n.Spawn(b)
	if err != nil {
		return nil, err
	}
	c.Obj = p
	p.child = c
	return starlark.None, nil
}

// spawnedView is the Process active_children() shows for a child started
// by a Pool or a Manager (which keep no Process object of their own): it
// has the child's name, pid, daemon flag and state, and join, terminate and
// kill act on it. A Manager's process is a daemon in procstar (its end is
// the tree's) but shows as CPython's, which is not one.
// A ProcessPoolExecutor's worker is not one in CPython either.
func spawnedView(n *node.Node, c *node.Child) *Process {
	daemon := c.Daemon && c.Kind != "manager" && !strings.HasPrefix(c.Name, ExecutorWorkerPrefix)
	return &Process{kind: kindChild, node: n, spawned: true, name: c.Name, daemon: daemon,
		parentPid: os.Getpid(), parentName: n.Name(), child: c}
}

// ExecutorWorkerPrefix begins the names builtins/pool gives the workers of
// a ProcessPoolExecutor (a script's own Process objects are never shown
// through spawnedView).
const ExecutorWorkerPrefix = "SpawnProcess-"

// bootstrapError is Python's RuntimeError for a script that starts processes
// at top level without the __main__ guard, with the offending line.
func bootstrapError(thread *starlark.Thread) error {
	return pyerr.New(pyerr.RuntimeError, `An attempt has been made to start a new process before the current process has finished its bootstrapping phase.
A child re-runs the main module's top level (with __name__ == "__mp_main__"), and %s starts a process there.
Guard the code that starts processes with the idiom:

    if __name__ == "__main__":
        ...`, interp.PositionOf(thread))
}

func (p *Process) run(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs("run", args, kwargs); err != nil {
		return nil, err
	}
	if err := p.checkClosed(); err != nil {
		return nil, err
	}
	if p.target == nil || p.target == starlark.None {
		return starlark.None, nil
	}
	var kw []starlark.Tuple
	if p.kwargs != nil {
		kw = p.kwargs.Items()
	}
	if _, err := starlark.Call(thread, p.target, p.args, kw); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// wait blocks until done is closed, the timeout passes (false), or the
// thread is cancelled (an error).
func wait(thread *starlark.Thread, done <-chan struct{}, timeout time.Duration) (bool, error) {
	select {
	case <-done:
		return true, nil
	default:
	}
	if timeout == 0 {
		return false, nil
	}
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	ctx := procenv.Get(thread).Ctx
	wait := node.StartWait(thread, "Process.join")
	defer wait.Done()
	for {
		// A signal's handler runs here, as in Python's join (whose wait a
		// signal interrupts), which then waits on.
		if err := pysignal.During(wait); err != nil {
			return false, err
		}
		select {
		case <-done:
			return true, nil
		case <-timer:
			return false, nil
		case <-ctx.Done():
			return false, ctx.Err()
		case <-pysignal.Wake():
		}
	}
}

func (p *Process) join(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := starlark.UnpackArgs("join", args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout, err := timeoutarg.Duration("join", tv)
	if err != nil {
		return nil, err
	}
	if err := p.checkClosed(); err != nil && p.kind != kindParent {
		// Python's _ParentProcess.join and is_alive wait on its
		// sentinel, closed or not.
		return nil, err
	}
	switch p.kind {
	case kindCurrent:
		return nil, pyerr.New(pyerr.AssertionError, "can only join a child process")
	case kindParent:
		if p.node.ParentElsewhere {
			// It ends after this process: only the timeout ends the wait.
			_, err := wait(thread, nil, timeout)
			return starlark.None, err
		}
		if _, err := waitPid(thread, p.pid, timeout); err != nil {
			return nil, err
		}
		return starlark.None, nil
	}
	if p.child == nil {
		return nil, pyerr.New(pyerr.AssertionError, "can only join a started process")
	}
	ok, err := wait(thread, p.child.Finished(), timeout)
	if err != nil {
		return nil, err
	}
	if ok {
		p.node.Forget(p.child)
	}
	return starlark.None, nil
}

// waitPid waits for a process that is not our child (the parent) to end.
func waitPid(thread *starlark.Thread, pid int, timeout time.Duration) (bool, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return true, nil // already gone
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer unix.Close(fd)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			if _, err := unix.Poll(fds, -1); err != unix.EINTR {
				return
			}
		}
	}()
	return wait(thread, done, timeout)
}

func (p *Process) isAlive(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs("is_alive", args, kwargs); err != nil {
		return nil, err
	}
	if err := p.checkClosed(); err != nil && p.kind != kindParent {
		return nil, err
	}
	switch p.kind {
	case kindCurrent:
		return starlark.True, nil
	case kindParent:
		if p.node.ParentElsewhere {
			// No process outlives its parent: this one runs, so does it.
			return starlark.True, nil
		}
		return starlark.Bool(ptable.Alive(p.pid, 0)), nil
	}
	if p.child == nil {
		return starlark.False, nil
	}
	if !p.child.Alive() {
		p.node.Forget(p.child)
		return starlark.False, nil
	}
	return starlark.True, nil
}

func (p *Process) signal(name string, sig syscall.Signal, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := p.checkClosed(); err != nil {
		return nil, err
	}
	if p.kind != kindChild || p.child == nil {
		// Python's text: it calls the method of a Popen there is none of.
		return nil, pyerr.New("AttributeError", "'NoneType' object has no attribute '%s'", name)
	}
	if !p.child.Alive() {
		// Python signals only a process whose returncode is not known.
		return starlark.None, nil
	}
	if err := p.child.Signal(sig); err != nil {
		return nil, pyerr.New(pyerr.OSError, "%s: %v", name, err)
	}
	return starlark.None, nil
}

func (p *Process) close(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs("close", args, kwargs); err != nil {
		return nil, err
	}
	if p.kind == kindCurrent && p.node.Root {
		// Python's _MainProcess.close does nothing: the root's object
		// stays usable (a child's own object closes, as in Python).
		return starlark.None, nil
	}
	if p.child != nil {
		if p.child.Alive() {
			return nil, pyerr.New(pyerr.ValueError, "Cannot close a process while it is still running. You should first call join() or terminate().")
		}
		p.node.Forget(p.child)
	}
	p.closed = true
	return starlark.None, nil
}
