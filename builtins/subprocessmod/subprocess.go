// Package subprocessmod is procstar's "subprocess" module: run, call,
// check_call, check_output and Popen, with Python's arguments, results and
// errors (SPEC §8).
//
// A program started here belongs to the process tree: it runs in its own
// process group with the parent-death signal, so a timeout, cancellation
// (Ctrl-C, a host's context) or the end of the process that started it
// kills it and the processes it started (all but when that process is
// itself killed with SIGKILL: then the program dies by its parent-death
// signal, its own children live on); it is always waited for (no zombie). Its
// inherited stdout and stderr go through the process's writers a line at a
// time, so they never interleave mid-line with prints.
package subprocessmod

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/builtins/sysmod"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
	"github.com/procstar/procstar/runtime/spawn"
	"github.com/procstar/procstar/runtime/textcodec"
)

// The special values of stdin, stdout and stderr, as Python's.
const (
	PIPE    = -1
	STDOUT  = -2
	DEVNULL = -3
)

// Module returns a new "subprocess" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "subprocess", Members: starlark.StringDict{
		"PIPE":         starlark.MakeInt(PIPE),
		"STDOUT":       starlark.MakeInt(STDOUT),
		"DEVNULL":      starlark.MakeInt(DEVNULL),
		"run":          starlark.NewBuiltin("run", run),
		"call":         starlark.NewBuiltin("call", call("call")),
		"check_call":   starlark.NewBuiltin("check_call", call("check_call")),
		"check_output": starlark.NewBuiltin("check_output", checkOutput),
		"Popen":        starlark.NewBuiltin("Popen", popen),
	}}
}

// truth is a flag argument (shell=, check=, capture_output=) as CPython
// takes it: any value, by its truth (shell=1), where UnpackArgs would want
// a bool.
type truth bool

func (t *truth) Unpack(v starlark.Value) error {
	*t = truth(v.Truth())
	return nil
}

// opts are the keyword arguments common to every function.
type opts struct {
	args                  starlark.Value
	stdin, stdout, stderr starlark.Value
	input                 starlark.Value
	text                  bool
	shell, check          truth
	captureOutput         truth
	cwd, env, timeout     starlark.Value
	// text= and universal_newlines= as given (text is their outcome, with
	// encoding= and errors=), and bufsize=.
	textArg, universalArg starlark.Value
	encoding, errors      starlark.Value
	bufsize               int
	// close_fds= is taken and has nothing to do: every descriptor but the
	// three standard ones is close-on-exec here, as Python's are not
	// inheritable (PEP 446), so True and False pass the same ones.
	// pass_fds= are passed at their own numbers; start_new_session= makes
	// the program a session leader (its group is still its own).
	closeFds, passFds starlark.Value
	newSession        truth
	// executable= is the program run in place of args[0] (which the
	// program still sees as its name), or the shell with shell=True.
	executable starlark.Value
}

func unpack(name string, args starlark.Tuple, kwargs []starlark.Tuple, o *opts, extra ...any) error {
	o.stdin, o.stdout, o.stderr, o.input = starlark.None, starlark.None, starlark.None, starlark.None
	o.cwd, o.env, o.timeout = starlark.None, starlark.None, starlark.None
	o.textArg, o.universalArg, o.encoding, o.errors = starlark.None, starlark.None, starlark.None, starlark.None
	o.closeFds, o.passFds, o.executable = starlark.True, starlark.Tuple{}, starlark.None
	var bufsize starlark.Value = starlark.None
	spec := []any{"args", &o.args, "bufsize?", &bufsize, "stdin?", &o.stdin, "stdout?", &o.stdout, "stderr?", &o.stderr,
		"shell?", &o.shell, "cwd?", &o.cwd, "env?", &o.env, "text?", &o.textArg, "universal_newlines?", &o.universalArg,
		"encoding?", &o.encoding, "errors?", &o.errors, "timeout?", &o.timeout,
		"close_fds?", &o.closeFds, "pass_fds?", &o.passFds, "start_new_session?", &o.newSession,
		"executable?", &o.executable}
	if err := starlark.UnpackArgs(name, args, kwargs, append(spec, extra...)...); err != nil {
		return pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	o.bufsize = -1
	if bufsize != starlark.None {
		n, err := starlark.AsInt32(bufsize)
		if _, isInt := bufsize.(starlark.Int); err != nil || !isInt {
			return pyerr.New(pyerr.TypeError, "bufsize must be an integer")
		}
		o.bufsize = n
	}
	for i, v := range []starlark.Value{o.encoding, o.errors} {
		if _, ok := v.(starlark.String); !ok && v != starlark.None {
			return pyerr.New(pyerr.TypeError, "TextIOWrapper() argument '%s' must be str or None, not %s", []string{"encoding", "errors"}[i], pyTypeName(v))
		}
	}
	// Popen's text_mode: any of the four; text= and universal_newlines=
	// (its old name) may not disagree.
	if o.textArg != starlark.None && o.universalArg != starlark.None && o.textArg.Truth() != o.universalArg.Truth() {
		return pyerr.New("subprocess.SubprocessError", "Cannot disambiguate when both text and universal_newlines are supplied but different. Pass one or the other.")
	}
	o.text = bool(o.textArg.Truth() || o.universalArg.Truth() || o.encoding.Truth() || o.errors.Truth())
	return nil
}

// fsArg is a program argument or cwd= as CPython's os.fsencode takes it:
// a str, bytes or a path.
func fsArg(v starlark.Value) (string, bool) {
	if b, ok := v.(starlark.Bytes); ok {
		return string(b), true
	}
	return patharg.AsPath(v)
}

// fileErr is oserr.New(err, name) for the file v names: bytes (b'...')
// when v is bytes, as CPython's filename is the argument as given.
func fileErr(err error, name string, v starlark.Value) error {
	e := oserr.New(err, name)
	if b, ok := v.(starlark.Bytes); ok {
		if pe, ok := e.(*pyerr.Error); ok && pe.Attrs != nil {
			pe.Message = strings.TrimSuffix(pe.Message, pyformat.QuoteStr(name)) + pyRepr(b)
			pe.Attrs["filename"] = b
		}
	}
	return e
}

// argv is the program's argument vector: a list of strings, or a string
// (one program name, or a shell command line with shell=True); and the
// value that named the program (for an error's filename).
func argv(v starlark.Value, shell bool) ([]string, starlark.Value, error) {
	if s, ok := fsArg(v); ok {
		if shell {
			return []string{"/bin/sh", "-c", s}, starlark.String("/bin/sh"), nil
		}
		return []string{s}, v, nil
	}
	v, err := pyiter.Whole(v) // an iterator that can fail: its error is ours
	if err != nil {
		return nil, nil, err
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, nil, pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", v.Type())
	}
	var out []string
	var prog starlark.Value
	for x := range starlark.Elements(it) {
		s, ok := fsArg(x)
		if !ok {
			return nil, nil, pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", x.Type())
		}
		if prog == nil {
			prog = x
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, nil, pyerr.New(pyerr.IndexError, "list index out of range")
	}
	if shell {
		// Python's [unix_shell, "-c"] + args: the list's second item is
		// the command line's $0.
		out = append([]string{"/bin/sh", "-c"}, out...)
		prog = starlark.String("/bin/sh")
	}
	return out, prog, nil
}

// Popen is a started program.
type Popen struct {
	args starlark.Value
	pid  int
	// pidfd is the program's, from its clone, until finish closes it
	// (-1 then, or without pidfds); under fdMu, which signal holds.
	pidfd      int
	fdMu       sync.Mutex
	text       bool
	codec      *textcodec.Codec // text mode's (nil without a pipe)
	errors     string
	stdin      *Writer
	stdout     *Stream
	stderr     *Stream
	done       chan struct{}
	returncode starlark.Value
	node       *node.Node
	lines      []*lineWriter // flushed once the program has ended
	relays     []*relay      // inherited output (see relay)
	slot       int           // in the process table, or -1
	guarded    bool
	progs      *programs
	op         uint64 // the operation of a long-lived root that started it (node.Op)
	// observed: poll, wait or communicate has seen the end; until then
	// returncode is None, as CPython's attribute is.
	observed bool
	// communicate's background reading (see communicate).
	commStarted bool
	outC, errC  *collector
	readers     chan struct{}
}

// pipe makes a pipe from the program: only our end (r) goes to the Go
// poller, the program's (w) stays a bare blocking descriptor. os.Pipe
// registers both, to be put back in blocking mode for the program: five
// system calls a pipe for nothing.
func pipe() (r *os.File, w int, err error) {
	rfd, w, err := rawPipe()
	if err != nil {
		return nil, -1, err
	}
	if err := unix.SetNonblock(rfd, true); err != nil {
		unix.Close(rfd)
		unix.Close(w)
		return nil, -1, err
	}
	return os.NewFile(uintptr(rfd), "|0"), w, nil
}

// rawPipe is pipe with both ends bare descriptors, for a relay runInline
// polls itself: no poller, and no os.File (whose making asks the kernel
// for the descriptor's flags: four system calls of run(["true"])'s
// forty).
func rawPipe() (r, w int, err error) {
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
		return -1, -1, err
	}
	return fds[0], fds[1], nil
}

// launch is what a program is started with. exec.Cmd is not used: it
// gives the program's streams as os.Files (asking the kernel each one's
// flags), opens a second pidfd for os.Process and its Wait, and sets PWD
// to Dir, which CPython does not (a program reading $PWD with cwd= sees
// the caller's, as in Python).
type launch struct {
	path   string
	argv   []string
	dir    string
	env    []string // nil: this process's environment
	files  [3]int   // stdin, stdout, stderr; -1: /dev/null
	keep   []int    // pass_fds: open in the program at their own numbers
	setsid bool     // start_new_session
}

// pidfds is whether clone can give the program's pidfd (Linux 5.2).
var pidfds = lazy.Value[bool]{New: func() bool {
	fd, err := unix.PidfdOpen(os.Getpid(), 0)
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
}}

// start starts the program in its own process group, with the parent-death
// signal: its pid and pidfd (-1 without pidfds).
func (l *launch) start() (pid, pidfd int, err error) {
	var fds [3]uintptr
	for i, fd := range l.files {
		if fd < 0 { // /dev/null could not be kept open: opened for this one
			f, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
			if err != nil {
				return 0, -1, err
			}
			defer f.Close()
			fd = rawFd(f)
		}
		fds[i] = uintptr(fd)
	}
	files := fds[:]
	for _, fd := range l.keep {
		for len(files) <= fd {
			files = append(files, ^uintptr(0)) // closed in the program
		}
		files[fd] = uintptr(fd)
	}
	env := l.env
	if env == nil {
		env = os.Environ()
	}
	// A new session is a new process group too: the group is the
	// program's own either way, which the tree kills.
	sys := &syscall.SysProcAttr{Setpgid: !l.setsid, Setsid: l.setsid, Pdeathsig: syscall.SIGKILL}
	pidfd = -1
	if pidfds.Get() {
		sys.PidFD = &pidfd
	}
	pid, err = syscall.ForkExec(l.path, l.argv, &syscall.ProcAttr{Dir: l.dir, Env: env, Files: files, Sys: sys})
	if err != nil {
		return 0, -1, err
	}
	return pid, pidfd, nil
}

// passFds is pass_fds=: descriptors open here, as Python's checks them
// (a negative one is ValueError, one not open EBADF).
func passFds(v starlark.Value) ([]int, error) {
	if v == nil { // opts not from unpack (os.popen)
		return nil, nil
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyTypeName(v))
	}
	var fds []int
	for x := range starlark.Elements(it) {
		fd, err := starlark.AsInt32(x)
		if _, isInt := x.(starlark.Int); !isInt || err != nil {
			return nil, pyerr.New(pyerr.TypeError, "an integer is required, not %s", pyTypeName(x))
		}
		if fd < 0 {
			return nil, pyerr.New(pyerr.ValueError, "bad value(s) in fds_to_keep")
		}
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
			return nil, oserr.Errno(err)
		}
		fds = append(fds, fd)
	}
	return fds, nil
}

// envString is a key or value of env= as CPython's os.fsencode takes it: a
// str, bytes or a path, without a NUL.
func envString(v starlark.Value) (string, error) {
	s, ok := patharg.AsPath(v)
	if b, isBytes := v.(starlark.Bytes); isBytes {
		s, ok = string(b), true
	}
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", pyTypeName(v))
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", pyerr.New(pyerr.ValueError, "embedded null byte")
	}
	return s, nil
}

// fdArg is the descriptor a stdin, stdout or stderr argument other than
// None and the special values gives, as CPython's Popen takes it: an int is
// a descriptor, anything else is asked its fileno() (a file from open or
// tempfile); the descriptor stays the caller's.
func fdArg(thread *starlark.Thread, v starlark.Value) (int, error) {
	if i, ok := v.(starlark.Int); ok {
		n, ok := i.Int64()
		if !ok || n < 0 || n > 1<<31-1 {
			return -1, oserr.Errno(syscall.EBADF)
		}
		return int(n), nil
	}
	if x, ok := v.(starlark.HasAttrs); ok {
		if m, _ := x.Attr("fileno"); m != nil {
			fd, err := starlark.Call(thread, m, nil, nil)
			if err != nil {
				return -1, err
			}
			if _, ok := fd.(starlark.Int); !ok {
				return -1, pyerr.New(pyerr.TypeError, "an integer is required (got type %s)", pyTypeName(fd))
			}
			return fdArg(thread, fd)
		}
	}
	return -1, pyerr.New("AttributeError", "'%s' object has no attribute 'fileno'", pyTypeName(v))
}

// blockingFd is, for a pipe of another Popen (its stdin, stdout or
// stderr; or os.popen's) given as a program's stream (p2 = Popen(..., stdin=p1.stdout)),
// a new descriptor of that pipe in blocking mode, for the caller to close
// once the program has started; else -1. Our end of the pipe is
// non-blocking (in the Go poller), and a program given it would share that
// mode: a write to a full pipe, a read of an empty one, failing with
// EAGAIN where CPython's pipes wait. Reopening it through /proc gives the
// pipe a new open file description, with modes of its own.
func blockingFd(v starlark.Value) int {
	var fd, mode int
	switch x := v.(type) {
	case *Stream:
		fd, mode = x.fd, unix.O_RDONLY
	case *Writer:
		fd, mode = x.fd, unix.O_WRONLY
	case *wrapClose: // os.popen's
		return blockingFd(x.stream)
	default:
		return -1
	}
	nfd, err := unix.Open("/proc/self/fd/"+itoa(fd), mode|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1 // no /proc: the descriptor as it is
	}
	return nfd
}

// start starts the program of o in its own process group, dying with its
// parent; stdout and stderr not redirected go through env's writers a
// line at a time. inline leaves the waiting (and that relay) to the
// caller, runInline.
func start(thread *starlark.Thread, o *opts, inline bool) (*Popen, error) {
	argv, prog, err := argv(o.args, bool(o.shell))
	if err != nil {
		return nil, err
	}
	env := procenv.Get(thread)
	cmd := &launch{argv: argv, files: [3]int{-1, -1, -1}, setsid: bool(o.newSession)}
	if cmd.keep, err = passFds(o.passFds); err != nil {
		return nil, err
	}
	cwd, hasCwd := fsArg(o.cwd)
	if !hasCwd && o.cwd != starlark.None {
		// CPython's os.fspath(cwd) in the child setup; it was ignored.
		return nil, pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", patharg.TypeName(o.cwd))
	}
	if strings.IndexByte(cwd, 0) >= 0 {
		return nil, pyerr.New(pyerr.ValueError, "embedded null byte")
	}
	if hasCwd && cwd == "" {
		// CPython's chdir("") in the child; ForkExec would ignore it.
		return nil, fileErr(syscall.ENOENT, cwd, o.cwd)
	}
	if hasCwd {
		cmd.dir = env.Path(cwd)
	} else if env.Dir != "" {
		cmd.dir = env.Dir
	}
	for _, a := range argv {
		if strings.IndexByte(a, 0) >= 0 {
			return nil, pyerr.New(pyerr.ValueError, "embedded null byte")
		}
	}
	path, hasPath := os.LookupEnv("PATH")
	if d, ok := o.env.(starlark.IterableMapping); ok {
		// The program is looked up in the new environment's PATH, as
		// CPython's os.get_exec_path(env) does.
		path, hasPath = "", false
		for _, kv := range d.Items() {
			// CPython's os.fsencode of each, and its checks.
			k, err := envString(kv[0])
			if err != nil {
				return nil, err
			}
			v, err := envString(kv[1])
			if err != nil {
				return nil, err
			}
			if strings.Contains(k, "=") {
				return nil, pyerr.New(pyerr.ValueError, "illegal environment variable name")
			}
			cmd.env = append(cmd.env, k+"="+v)
			if k == "PATH" {
				path, hasPath = v, true
			}
		}
		if cmd.env == nil {
			cmd.env = []string{}
		}
	} else if o.env != starlark.None {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'items'", pyTypeName(o.env))
	}
	if !hasPath {
		path = "/bin:/usr/bin" // os.defpath
	}
	// cwdErr is the error of a working directory that is missing (or no
	// directory), named by its filename: CPython's child changes directory
	// before it looks for the program, so this error comes first.
	cwdErr := func() error {
		if !hasCwd {
			return nil
		}
		if st, err := os.Stat(cmd.dir); err != nil {
			return fileErr(err, cwd, o.cwd)
		} else if !st.IsDir() {
			return fileErr(syscall.ENOTDIR, cwd, o.cwd)
		}
		return nil
	}
	name := argv[0]
	if o.executable != nil && o.executable != starlark.None {
		// Python's executable=: the program run, found as args[0] would
		// be; with shell=True it is the shell, and its name too.
		exe, ok := fsArg(o.executable)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", pyTypeName(o.executable))
		}
		name, prog = exe, o.executable
		if o.shell {
			argv[0] = exe
		}
	}
	if cmd.path, err = lookPath(name, path, cmd.dir); err != nil {
		if cerr := cwdErr(); cerr != nil {
			return nil, cerr
		}
		return nil, fileErr(err, name, prog)
	}
	p := &Popen{args: o.args, pidfd: -1, text: o.text, done: make(chan struct{}), returncode: starlark.None, node: node.FromThread(thread)}
	pipeArg := starlark.MakeInt(PIPE)
	encName := "UTF-8" // the locale's, as CPython's repr shows it
	if p.text && (o.stdin == pipeArg || o.stdout == pipeArg || o.stderr == pipeArg) {
		// Looked up for a pipe's TextIOWrapper, before the program starts,
		// as CPython does (no pipe: never).
		p.codec, p.errors = textcodec.UTF8, "strict"
		if e, ok := o.encoding.(starlark.String); ok {
			if p.codec, err = textcodec.LookupStream(string(e)); err != nil {
				return nil, err
			}
			encName = string(e)
		}
		if e, ok := o.errors.(starlark.String); ok {
			p.errors = string(e)
		}
	}
	null := -1 // /dev/null, opened for the program if not kept open
	if f := devNull.Get(); f != nil {
		null = rawFd(f)
	}
	stdinR := -1 // the program's end of a stdin pipe
	// stdin
	switch o.stdin {
	case pipeArg:
		// Our end in the Go poller (a write to a full pipe waits there,
		// cancellably), the program's blocking.
		var fds [2]int
		if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
			return nil, oserr.Errno(err)
		}
		if err := unix.SetNonblock(fds[1], true); err != nil {
			unix.Close(fds[0])
			unix.Close(fds[1])
			return nil, oserr.Errno(err)
		}
		cmd.files[0] = fds[0]
		w := &Writer{f: os.NewFile(uintptr(fds[1]), "|1"), fd: fds[1], codec: p.codec, errors: p.errors, size: 8192, encoding: encName}
		switch {
		case o.bufsize == 0:
			w.size = 0
		case o.bufsize == 1:
			w.lineBuf = p.text // binary: CPython warns and buffers
		case o.bufsize > 1:
			w.size = o.bufsize
		}
		p.stdin = w
		stdinR = fds[0]
	case starlark.MakeInt(DEVNULL), starlark.None:
		// None: Python inherits stdin; a procstar process's stdin is /dev/null.
		cmd.files[0] = null
	default:
		// A descriptor, or a file (open's, tempfile's): the program reads it.
		if cmd.files[0], err = fdArg(thread, o.stdin); err != nil {
			return nil, err
		}
		if fd := blockingFd(o.stdin); fd >= 0 {
			cmd.files[0], stdinR = fd, fd // closed as the program's end of a pipe
		}
	}
	var pipes []int // the program's ends, closed once it has them
	if stdinR >= 0 {
		pipes = append(pipes, stdinR)
	}
	// Without a PIPE, runInline polls the relays itself (see readInline).
	polled := !inline || o.stdout == starlark.MakeInt(PIPE) || o.stderr == starlark.MakeInt(PIPE)
	stream := func(v starlark.Value, inherit io.Writer, name string) (*Stream, error) {
		// to makes f the program's stdout or stderr, by name.
		to := func(f int) {
			if name == "stdout" {
				cmd.files[1] = f
			} else {
				cmd.files[2] = f
			}
		}
		switch v {
		case starlark.MakeInt(PIPE):
			r, w, err := pipe()
			if err != nil {
				return nil, oserr.Errno(err)
			}
			pipes = append(pipes, w)
			to(w)
			return &Stream{r: bufio.NewReader(r), f: r, fd: rawFd(r), text: o.text, codec: p.codec, errors: p.errors, encoding: encName, ctx: procenv.Context(thread), thread: thread}, nil
		case starlark.MakeInt(DEVNULL):
			to(null)
			return nil, nil
		case starlark.MakeInt(STDOUT):
			if name != "stderr" {
				return nil, pyerr.New(pyerr.ValueError, "STDOUT is only for stderr")
			}
			cmd.files[2] = cmd.files[1]
			return nil, nil
		case starlark.None, sysmod.Stdout, sysmod.Stderr:
			// sys.stdout and sys.stderr are this process's streams, which
			// need not be descriptors 1 and 2 (a host's writers).
			switch v {
			case sysmod.Stdout:
				inherit = env.Stdout
			case sysmod.Stderr:
				inherit = env.Stderr
			}
			lw := &lineWriter{w: inherit}
			p.lines = append(p.lines, lw)
			// A pipe of our own, relayed a line at a time by runInline
			// or in the background.
			rl := &relay{fd: -1, w: -1, lw: lw}
			var w int
			if polled {
				rl.r, w, err = pipe()
			} else {
				rl.fd, w, err = rawPipe()
			}
			if err != nil {
				return nil, oserr.Errno(err)
			}
			if polled {
				pipes = append(pipes, w)
			} else {
				rl.w = w // kept open until the program is reaped (see runInline)
			}
			to(w)
			p.relays = append(p.relays, rl)
			return nil, nil
		}
		// A descriptor, or a file (open's, tempfile's): the program
		// writes to it.
		f, err := fdArg(thread, v)
		if err != nil {
			return nil, err
		}
		if fd := blockingFd(v); fd >= 0 {
			pipes = append(pipes, fd)
			f = fd
		}
		to(f)
		return nil, nil
	}
	// fail undoes what was set up for a program that does not start.
	slot := -1
	fail := func(err error) (*Popen, error) {
		if slot >= 0 {
			p.node.Table.Cancel(slot)
		}
		for _, w := range pipes {
			unix.Close(w)
		}
		for _, rl := range p.relays {
			rl.close()
		}
		for _, s := range []*Stream{p.stdout, p.stderr} {
			if s != nil {
				s.f.Close()
			}
		}
		if p.stdin != nil {
			p.stdin.f.Close()
		}
		return nil, err
	}
	if p.stdout, err = stream(o.stdout, env.Stdout, "stdout"); err != nil {
		return fail(err)
	}
	if p.stderr, err = stream(o.stderr, env.Stderr, "stderr"); err != nil {
		return fail(err)
	}
	// The program counts against --max-procs: it holds a slot of the
	// process table while it runs.
	if p.node != nil && p.node.Table != nil {
		if slot, err = p.node.Reserve(argv[0]); err != nil {
			slot = -1
			return fail(err)
		}
	}
	// The guard kills the program's group should this process die by
	// SIGKILL (the parent-death signal takes the program alone).
	if p.node != nil {
		if err := spawn.StartGuard(); err != nil {
			return fail(oserr.Errno(err))
		}
	}
	spawn.CloseInherited()
	if err := spawn.CheckThreads(1); err != nil {
		// Under ulimit -u: the program's process would be a thread the
		// tree's Go runtimes may need (see spawn.CheckThreads).
		return fail(oserr.Errno(err))
	}
	ticks := ptable.BootTicks()
	pid, pidfd, err := cmd.start()
	if err != nil {
		if cerr := cwdErr(); cerr != nil {
			return fail(cerr)
		}
		if err == syscall.EBADF {
			// A stdin, stdout or stderr descriptor that is not open: the
			// child's dup2, before exec, so no filename (CPython's
			// "noexec" error).
			return fail(oserr.Errno(err))
		}
		return fail(fileErr(err, name, prog))
	}
	for _, w := range pipes {
		unix.Close(w) // the child has them
	}
	p.pid, p.pidfd = pid, pidfd
	if slot >= 0 {
		p.node.Table.CommitProgram(slot, pid, p.node.Pid, argv[0], ticks, ptable.BootTicks())
	}
	guarded := p.node != nil && spawn.GuardGroup(pid) == nil
	// The program dies with the tree: at KillAll (cancellation), and by its
	// parent-death signal (its group, when we can still kill it).
	var progs *programs
	if p.node != nil {
		p.op = p.node.Op()
		progs = running(p.node)
		progs.add(p)
	}
	p.slot, p.guarded, p.progs = slot, guarded, progs
	if polled {
		for _, rl := range p.relays {
			rl.background(progs)
		}
	}
	if !inline {
		go p.reap()
	}
	return p, nil
}

// reap waits for the program's end and records it (Popen's, in a goroutine
// of its own).
func (p *Popen) reap() {
	// Reaped in the poller, not on a thread per program (under ulimit -u
	// each thread is a process slot).
	code, polled := spawn.WaitPollable(p.pid)
	p.finish(code, polled)
}

// finish records the program's end: code if polled (reaped by a pidfd),
// else it reaps it.
func (p *Popen) finish(code int, polled bool) {
	if !polled { // reaped here
		var ws syscall.WaitStatus
		for {
			if _, err := syscall.Wait4(p.pid, &ws, 0, nil); err != syscall.EINTR {
				break
			}
		}
		code = ws.ExitStatus()
		if ws.Signaled() {
			code = -int(ws.Signal())
		}
	}
	if p.guarded {
		if p.progs != nil && groupLives(p.pid) {
			p.progs.linger(p.pid) // killed with the tree, as the program
		} else {
			spawn.ReleaseGroup(p.pid)
		}
	}
	for _, rl := range p.relays {
		if rl.bg {
			rl.drain()
		}
	}
	for _, lw := range p.lines {
		lw.flush()
	}
	p.returncode = starlark.MakeInt(code)
	if p.progs != nil {
		p.progs.remove(p)
	}
	if p.slot >= 0 {
		p.node.Table.ReleaseProgram(p.slot, p.pid)
	}
	// After done: a signal that finds the pidfd closed finds done closed.
	p.fdMu.Lock()
	close(p.done)
	if p.pidfd >= 0 {
		unix.Close(p.pidfd)
		p.pidfd = -1
	}
	p.fdMu.Unlock()
}

// code is the return code, None while the program runs.
func (p *Popen) code() starlark.Value {
	if !p.observed {
		return starlark.None
	}
	return p.returncode
}

// observe records that the script has seen the program's end (poll, wait
// or communicate): the returncode attribute shows it from then on, and its
// pid is no longer a zombie's (node.AddProgram).
func (p *Popen) observe() {
	if !p.observed && p.node != nil {
		p.node.ForgetProgram(p.pid, p.done)
	}
	p.observed = true
}

// poll is Popen.poll: the return code if the program has ended (and from
// then on the returncode attribute), else None.
func (p *Popen) poll() starlark.Value {
	select {
	case <-p.done:
		p.observe()
		return p.returncode
	default:
		return starlark.None
	}
}

// killGroup kills the program and every process of its group.
func (p *Popen) killGroup() {
	select {
	case <-p.done:
	default:
		syscall.Kill(-p.pid, syscall.SIGKILL)
	}
}

// wait waits for the end, at most d (negative: no bound), or until the
// thread is cancelled (which kills the program's group).
func (p *Popen) wait(thread *starlark.Thread, d time.Duration) (bool, error) {
	var timer <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	ctx := procenv.Get(thread).Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	defer node.Waiting(thread, "subprocess")()
	select {
	case <-p.done:
		return true, nil
	case <-timer:
		return false, nil
	case <-ctx.Done():
		p.killGroup()
		<-p.done
		return false, ctx.Err()
	}
}

// communicate is Popen.communicate (and run's, given input or a timeout)
// on CPython's two paths. With one pipe at most, no timeout and no
// communication started, that pipe is used directly: input written and
// stdin closed, or stdout (stderr) read to its end and closed; a second
// such call finds it closed. Otherwise the pipes are read (and input written) in the
// background until they end, and what was read so far is kept: a timeout
// returns it (done false, the program left running) and a later call goes
// on from there; once they end, every call returns the same output.
func (p *Popen) communicate(thread *starlark.Thread, input starlark.Value, d time.Duration) (out, errOut []byte, done bool, err error) {
	if p.commStarted && bool(input.Truth()) {
		return nil, nil, false, pyerr.New(pyerr.ValueError, "Cannot send input after starting communication")
	}
	pipes := 0
	for _, ok := range []bool{p.stdin != nil, p.stdout != nil, p.stderr != nil} {
		if ok {
			pipes++
		}
	}
	if !p.commStarted && d < 0 && pipes <= 1 {
		resume := node.Waiting(thread, "subprocess")
		switch {
		case p.stdin != nil:
			// CPython's _stdin_write: input written through the buffer,
			// then closed; a program that ended early (EPIPE) is ignored.
			var in []byte
			if bool(input.Truth()) {
				if in, err = p.inputBytes(input, true); err == nil && p.stdin.isClosed() {
					err = p.stdin.closedErr("write")
				}
				if err != nil {
					resume()
					return nil, nil, false, err
				}
			}
			ctx := procenv.Context(thread)
			p.stdin.communicateInput(ctx, in)
			if ctx.Err() != nil {
				resume()
				p.killGroup()
				<-p.done
				return nil, nil, false, ctx.Err()
			}
		case p.stdout != nil, p.stderr != nil:
			s, dst := p.stdout, &out
			if s == nil {
				s, dst = p.stderr, &errOut
			}
			if s.closed {
				resume()
				return nil, nil, false, s.closedErr("read")
			}
			// Cancellation kills the program, as on the other paths.
			stop := context.AfterFunc(procenv.Context(thread), p.killGroup)
			*dst, _ = readAll(s.r)
			stop()
			s.close()
		}
		resume()
		ok, err := p.wait(thread, -1) // CPython's wait() here has no timeout
		return out, errOut, ok, err
	}
	if !p.commStarted {
		p.commStarted = true
		var in []byte
		if p.stdin != nil {
			if in, err = p.inputBytes(input, false); err != nil {
				return nil, nil, false, err
			}
		}
		var wg sync.WaitGroup
		if p.stdout != nil {
			p.outC = collect(p.stdout.r, &wg)
		}
		if p.stderr != nil {
			p.errC = collect(p.stderr.r, &wg)
		}
		if p.stdin != nil {
			// CPython flushes what was written first, then writes input
			// (a broken pipe ignored) and closes.
			ctx := procenv.Context(thread)
			go p.stdin.communicateInput(ctx, in)
		}
		p.readers = make(chan struct{})
		go func() { wg.Wait(); close(p.readers) }()
	}
	var timer <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	ctx := procenv.Get(thread).Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	resume := node.Waiting(thread, "subprocess")
	select {
	case <-p.readers:
	case <-timer:
		resume()
		return p.outC.sofar(), p.errC.sofar(), false, nil
	case <-ctx.Done():
		resume()
		p.killGroup()
		<-p.done
		return nil, nil, false, ctx.Err()
	}
	resume()
	p.closeStreams()
	ok, err := p.wait(thread, d)
	return p.outC.sofar(), p.errC.sofar(), ok, err
}

// inputBytes is communicate's input as bytes, or CPython's error for a
// value of the wrong type: on the direct path, the stdin file's write's;
// otherwise str.encode's (text) or memoryview's (bytes).
func (p *Popen) inputBytes(v starlark.Value, direct bool) ([]byte, error) {
	if v == starlark.None || !p.text && !bool(v.Truth()) {
		// CPython writes input only if it is true: an empty str is no
		// input for a binary pipe, as b"" is (a text pipe still encodes
		// it first, on the background path).
		return nil, nil
	}
	s, isStr := v.(starlark.String)
	b, isBytes := v.(starlark.Bytes)
	switch {
	case p.text && isStr:
		if p.codec == nil {
			return []byte(s), nil
		}
		return p.codec.Encode(string(s), p.errors)
	case !p.text && isBytes:
		return []byte(b), nil
	case p.text && direct:
		return nil, pyerr.New(pyerr.TypeError, "write() argument must be str, not %s", pyTypeName(v))
	case direct:
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyTypeName(v))
	case p.text:
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'encode'", pyTypeName(v))
	}
	return nil, pyerr.New(pyerr.TypeError, "memoryview: a bytes-like object is required, not '%s'", pyTypeName(v))
}

// collector reads a pipe to its end in the background (communicate's
// second path), keeping what it has read so far for a timeout.
type collector struct {
	mu  sync.Mutex
	a   accum
	out []byte // all of it, once the pipe has ended
}

func collect(r io.Reader, wg *sync.WaitGroup) *collector {
	c := &collector{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c.mu.Lock()
			space := c.a.space()
			c.mu.Unlock()
			// Read outside the lock: sofar copies only what add has
			// counted, never the part being written.
			n, err := r.Read(space)
			c.mu.Lock()
			c.a.add(n)
			if err != nil {
				c.out = c.a.bytes()
				c.mu.Unlock()
				return
			}
			c.mu.Unlock()
		}
	}()
	return c
}

// sofar is the output read so far (all of it once the pipe has ended), nil
// for no collector (no pipe).
func (c *collector) sofar() []byte {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out != nil {
		return c.out
	}
	b := make([]byte, 0, c.a.total)
	for _, ch := range c.a.chunks {
		b = append(b, ch.b...)
	}
	return b
}

// closeStreams closes the pipes read to their end, as Python's communicate
// does, rather than when the garbage collector finds them.
func (p *Popen) closeStreams() {
	for _, s := range []*Stream{p.stdout, p.stderr} {
		if s != nil {
			s.close()
		}
	}
}

// value is output as communicate returns it: bytes, or in text mode
// decoded (UnicodeDecodeError as CPython's) with universal newlines.
func (p *Popen) value(b []byte) (starlark.Value, error) {
	if b == nil {
		return starlark.None, nil
	}
	if p.text {
		if p.codec != nil {
			var err error
			if b, err = p.codec.Decode(b, p.errors); err != nil {
				return nil, err
			}
		}
		return starlark.String(universal(b)), nil
	}
	return starlark.Bytes(owned(b)), nil
}

// raw is output read before a timeout: bytes even in text mode (CPython
// decodes only what communicate returns), None for nothing.
func raw(b []byte) starlark.Value {
	if len(b) == 0 {
		return starlark.None
	}
	return starlark.Bytes(b)
}

// universal is text mode's newline translation: "\r\n" and "\r" are "\n".
func universal(b []byte) string {
	if bytes.IndexByte(b, '\r') < 0 {
		return owned(b)
	}
	return strings.ReplaceAll(strings.ReplaceAll(string(b), "\r\n", "\n"), "\r", "\n")
}

// --- module functions ---

func run(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var o opts
	if err := unpack(b.Name(), args, kwargs, &o, "input?", &o.input, "capture_output?", &o.captureOutput, "check?", &o.check); err != nil {
		return nil, err
	}
	return runOpts(thread, &o)
}

func runOpts(thread *starlark.Thread, o *opts) (starlark.Value, error) {
	if o.captureOutput {
		if o.stdout != starlark.None || o.stderr != starlark.None {
			return nil, pyerr.New(pyerr.ValueError, "stdout and stderr arguments may not be used with capture_output.")
		}
		o.stdout, o.stderr = starlark.MakeInt(PIPE), starlark.MakeInt(PIPE)
	}
	if o.input != starlark.None {
		if o.stdin != starlark.None {
			return nil, pyerr.New(pyerr.ValueError, "stdin and input arguments may not both be used.")
		}
		o.stdin = starlark.MakeInt(PIPE)
	}
	d, err := timeoutarg.Duration("", o.timeout)
	if err != nil {
		return nil, err
	}
	// Without a timeout or input, the calling goroutine does it all: no
	// goroutine per program to wake and hand the result back.
	inline := d < 0 && o.stdin != starlark.MakeInt(PIPE)
	p, err := start(thread, o, inline)
	if err != nil {
		return nil, err
	}
	var out, errOut []byte
	done := true
	if inline {
		out, errOut, err = p.runInline(thread)
	} else {
		out, errOut, done, err = p.communicate(thread, o.input, d)
	}
	if err != nil {
		// run kills the program on any error (CPython's except: kill).
		p.killGroup()
		<-p.done
		return nil, err
	}
	if !done {
		// run kills the program (its group) on timeout, then reaps it.
		p.killGroup()
		<-p.done
		return nil, timeoutExpired(o.args, o.timeout, out, errOut)
	}
	stdout, err := p.value(out)
	if err != nil {
		return nil, err
	}
	stderr, err := p.value(errOut)
	if err != nil {
		return nil, err
	}
	cp := &CompletedProcess{args: o.args, returncode: p.returncode, stdout: stdout, stderr: stderr}
	if o.check {
		if err := checkCode(p.returncode, o.args, stdout, stderr); err != nil {
			return nil, err
		}
	}
	return cp, nil
}

// timeoutExpired is TimeoutExpired with the output read so far: bytes, or
// None for none (CPython joins the chunks read, if any).
func timeoutExpired(args, timeout starlark.Value, out, errOut []byte) error {
	e := pyerr.New("subprocess.TimeoutExpired", "Command '%s' timed out after %s seconds", pyStr(args), fmtSeconds(timeout))
	e.Attrs = starlark.StringDict{"cmd": args, "timeout": timeout, "output": raw(out), "stdout": raw(out), "stderr": raw(errOut)}
	return e
}

func fmtSeconds(v starlark.Value) string {
	if f, ok := v.(starlark.Float); ok {
		return pyformat.Repr(f)
	}
	return v.String()
}

// checkCode is CalledProcessError for a non-zero status, with Python's
// text: "Command '...' returned non-zero exit status 1." or "died with
// <Signals.SIGKILL: 9>.".
func checkCode(rc, args, out, errOut starlark.Value) error {
	code, _ := starlark.AsInt32(rc)
	if code == 0 {
		return nil
	}
	msg := fmt.Sprintf("Command '%s' returned non-zero exit status %d.", pyStr(args), code)
	if code < 0 {
		if sig, ok := signalText(-code); ok {
			msg = fmt.Sprintf("Command '%s' died with %s.", pyStr(args), sig)
		} else {
			msg = fmt.Sprintf("Command '%s' died with unknown signal %s.", pyStr(args), sig)
		}
	}
	e := pyerr.New("subprocess.CalledProcessError", "%s", msg)
	e.Attrs = starlark.StringDict{"returncode": rc, "cmd": args, "output": out, "stdout": out, "stderr": errOut}
	return e
}

// call is call (the return code) and check_call (0, or CalledProcessError).
func call(name string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var o opts
		if err := unpack(b.Name(), args, kwargs, &o); err != nil {
			return nil, err
		}
		r, err := runOpts(thread, &o)
		if err != nil {
			return nil, err
		}
		rc := r.(*CompletedProcess).returncode
		if name == "check_call" {
			if err := checkCode(rc, o.args, starlark.None, starlark.None); err != nil {
				return nil, err
			}
		}
		return rc, nil
	}
}

func checkOutput(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var o opts
	for _, kv := range kwargs {
		if kv[0] == starlark.String("check") {
			// CPython 3.12's check_output refuses check= as it does stdout=.
			return nil, pyerr.New(pyerr.ValueError, "check argument not allowed, it will be overridden.")
		}
	}
	if err := unpack(b.Name(), args, kwargs, &o, "input?", &o.input); err != nil {
		return nil, err
	}
	if o.stdout != starlark.None {
		return nil, pyerr.New(pyerr.ValueError, "stdout argument not allowed, it will be overridden.")
	}
	o.stdout, o.check = starlark.MakeInt(PIPE), true
	r, err := runOpts(thread, &o)
	if err != nil {
		return nil, err
	}
	return r.(*CompletedProcess).stdout, nil
}

func popen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var o opts
	if err := unpack(b.Name(), args, kwargs, &o); err != nil {
		return nil, err
	}
	if o.timeout != starlark.None {
		return nil, pyerr.New(pyerr.TypeError, "Popen() got an unexpected keyword argument 'timeout'")
	}
	p, err := start(thread, &o, false)
	if err == nil && p.node != nil {
		// Until the script sees its end, its pid is a zombie's in Python:
		// os.kill of it succeeds (see osmod's kill).
		p.node.AddProgram(p.pid, p.done)
	}
	return p, err
}

// --- Popen's methods ---

func (p *Popen) String() string {
	s := fmt.Sprintf("<Popen: returncode: %s args: %s>", p.code(), pyRepr(p.args))
	// CPython's __repr__ cuts a repr longer than 80 characters to 76 and
	// "...>".
	if r := []rune(s); len(r) > 80 {
		s = string(r[:76]) + "...>"
	}
	return s
}
func (p *Popen) Type() string          { return "Popen" }
func (p *Popen) Freeze()               {}
func (p *Popen) Truth() starlark.Bool  { return starlark.True }
func (p *Popen) Hash() (uint32, error) { return uint32(p.pid), nil }
func (p *Popen) AttrNames() []string {
	return []string{"args", "communicate", "kill", "pid", "poll", "returncode", "send_signal", "stderr", "stdin", "stdout", "terminate", "wait"}
}

func (p *Popen) Attr(name string) (starlark.Value, error) {
	switch name {
	case "args":
		return p.args, nil
	case "pid":
		return starlark.MakeInt(p.pid), nil
	case "returncode":
		return p.code(), nil
	case "stdin":
		if p.stdin == nil {
			return starlark.None, nil
		}
		return p.stdin, nil
	case "stdout", "stderr":
		s := p.stdout
		if name == "stderr" {
			s = p.stderr
		}
		if s == nil {
			return starlark.None, nil
		}
		return s, nil
	}
	m := popenMethods.Get()[name]
	if m == nil {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(p, thread, b, args, kwargs)
	}).BindReceiver(p), nil
}

// popenMethod is the signature of a method in popenMethods.
type popenMethod func(*Popen, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// popenMethods are Popen's methods, built on first use.
var popenMethods = lazy.Value[map[string]popenMethod]{New: func() map[string]popenMethod {
	return map[string]popenMethod{
		"poll": func(p *Popen, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return p.poll(), nil
		},
		"wait": func(p *Popen, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tv starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &tv); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			d, err := timeoutarg.Duration("", tv)
			if err != nil {
				return nil, err
			}
			ok, err := p.wait(thread, d)
			if err != nil {
				return nil, err
			}
			if !ok { // wait leaves the program running, as Python's
				return nil, timeoutExpired(p.args, tv, nil, nil)
			}
			p.observe()
			return p.returncode, nil
		},
		"communicate": func(p *Popen, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var in, tv starlark.Value = starlark.None, starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "input?", &in, "timeout?", &tv); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			d, err := timeoutarg.Duration("", tv)
			if err != nil {
				return nil, err
			}
			out, errOut, done, err := p.communicate(thread, in, d)
			if err != nil {
				return nil, err
			}
			if !done {
				return nil, timeoutExpired(p.args, tv, out, errOut)
			}
			p.observe()
			stdout, err := p.value(out)
			if err != nil {
				return nil, err
			}
			stderr, err := p.value(errOut)
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{stdout, stderr}, nil
		},
		"send_signal": func(p *Popen, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var sig int
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &sig); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return p.signal(syscall.Signal(sig))
		},
		"terminate": func(p *Popen, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.signal(syscall.SIGTERM)
		},
		"kill": func(p *Popen, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.signal(syscall.SIGKILL)
		},
	}
}}

// signal sends sig to the program unless it has ended (Python ignores the
// call then).
func (p *Popen) signal(sig syscall.Signal) (starlark.Value, error) {
	if p.poll() != starlark.None { // CPython polls first
		return starlark.None, nil
	}
	p.fdMu.Lock()
	defer p.fdMu.Unlock()
	select {
	case <-p.done: // ended meanwhile: ignored
		return starlark.None, nil
	default:
	}
	var err error
	if p.pidfd >= 0 {
		err = unix.PidfdSendSignal(p.pidfd, sig, nil, 0)
	} else {
		err = syscall.Kill(p.pid, sig) // not reaped before done: still ours
	}
	if err != nil && err != syscall.ESRCH { // ESRCH: ended, as CPython ignores
		return nil, oserr.Errno(err)
	}
	return starlark.None, nil
}

// pyStr is Python's str of a command: a str as it is, a list as its repr.
func pyStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return pyRepr(v)
}

// pyRepr is Python's repr of a command (a str, or a list or tuple of
// them): strings in single quotes, as CPython's messages show them.
func pyRepr(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return pyformat.QuoteStr(string(v))
	case starlark.Bytes:
		return pyformat.QuoteBytes(string(v))
	case *starlark.List, starlark.Tuple:
		var parts []string
		for x := range starlark.Elements(v.(starlark.Iterable)) {
			parts = append(parts, pyRepr(x))
		}
		if _, ok := v.(starlark.Tuple); ok {
			if len(parts) == 1 {
				return "(" + parts[0] + ",)"
			}
			return "(" + strings.Join(parts, ", ") + ")"
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return pyformat.Repr(v)
}

// System runs cmd through /bin/sh -c for os.system: a program of the
// process tree as call(cmd, shell=True) starts it (its stdin, the relay of
// its output, --max-procs, its end with the tree). It returns the return
// code, -N for a program killed by signal N; the os module makes the wait
// status of it (os depends on subprocess, not the reverse).
func System(thread *starlark.Thread, cmd string) (int, error) {
	o := opts{args: starlark.String(cmd), shell: true,
		stdin: starlark.None, stdout: starlark.None, stderr: starlark.None, input: starlark.None,
		cwd: starlark.None, env: starlark.None, timeout: starlark.None,
		textArg: starlark.None, universalArg: starlark.None, encoding: starlark.None, errors: starlark.None, bufsize: -1}
	r, err := runOpts(thread, &o)
	if err != nil {
		return 0, err
	}
	rc, _ := starlark.AsInt32(r.(*CompletedProcess).returncode)
	return rc, nil
}
