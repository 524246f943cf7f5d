package sysmod

import (
	"context"
	"os"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// stdinStream is sys.stdin: a text stream reading the process's Input,
// line by line when iterated. A child's is empty, as Python's spawned
// children read os.devnull.
type stdinStream struct {
	in     *procenv.Input
	closed bool
}

var (
	_ starlark.HasAttrs = (*stdinStream)(nil)
	_ starlark.Iterable = (*stdinStream)(nil)
)

func newStdin(in *procenv.Input) *stdinStream {
	if in == nil {
		in = procenv.NewInput(nil)
	}
	return &stdinStream{in: in}
}

func (s *stdinStream) String() string {
	return "<_io.TextIOWrapper name='<stdin>' mode='r' encoding='utf-8'>"
}
func (s *stdinStream) Type() string          { return "TextIOWrapper" }
func (s *stdinStream) Freeze()               {}
func (s *stdinStream) Truth() starlark.Bool  { return true }
func (s *stdinStream) Hash() (uint32, error) { return 0, nil }

func (s *stdinStream) AttrNames() []string {
	return []string{"close", "closed", "encoding", "isatty", "mode", "name", "read", "readable", "readline", "readlines"}
}

func (s *stdinStream) Attr(name string) (starlark.Value, error) {
	method := func(f func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) starlark.Value {
		return starlark.NewBuiltin(name, f).BindReceiver(s)
	}
	switch name {
	case "read":
		return method(s.read), nil
	case "readline":
		return method(s.readline), nil
	case "readlines":
		return method(s.readlines), nil
	case "isatty":
		return method(s.isatty), nil
	case "readable":
		return method(s.readable), nil
	case "close":
		return method(s.close), nil
	case "closed":
		return starlark.Bool(s.closed), nil
	case "name":
		return starlark.String("<stdin>"), nil
	case "mode":
		return starlark.String("r"), nil
	case "encoding":
		return starlark.String("utf-8"), nil
	}
	return nil, nil
}

// ctx is the calling thread's context: its reads end with it.
func ctx(thread *starlark.Thread) context.Context {
	if c := procenv.Get(thread).Ctx; c != nil {
		return c
	}
	return context.Background()
}

// readErr is a read's failure as the script sees it.
func readErr(err error) error {
	switch err {
	case context.Canceled, context.DeadlineExceeded:
		return pyerr.Cancelled
	case procenv.ErrInterrupted:
		return pyerr.New(pyerr.KeyboardInterrupt, "")
	}
	return oserr.Errno(err)
}

func (s *stdinStream) check() error {
	if s.closed {
		return pyerr.New(pyerr.ValueError, "I/O operation on closed file.")
	}
	return nil
}

// size unpacks read's and readline's optional size (None or negative: all).
func size(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &v); err != nil {
		return 0, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if v == starlark.None {
		return -1, nil
	}
	var n int
	if err := starlark.AsInt(v, &n); err != nil {
		if _, ok := v.(starlark.Int); ok {
			return 0, pyerr.New("OverflowError", "Python int too large to convert to C ssize_t")
		}
		return 0, pyerr.New(pyerr.TypeError, "argument should be integer or None, not '%s'", pyType(v))
	}
	return n, nil
}

func (s *stdinStream) read(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := size(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	text, err := s.in.Read(ctx(thread), n)
	if err != nil {
		return nil, readErr(err)
	}
	return starlark.String(text), nil
}

func (s *stdinStream) readline(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && args[0] == starlark.None { // read() takes None, readline() does not
		return nil, pyerr.New(pyerr.TypeError, "'NoneType' object cannot be interpreted as an integer")
	}
	n, err := size(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	line, err := s.in.ReadLine(ctx(thread), n)
	if err != nil {
		return nil, readErr(err)
	}
	return starlark.String(line), nil
}

func (s *stdinStream) readlines(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := size(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	var lines []starlark.Value
	total := 0
	for hint <= 0 || total < hint {
		line, err := s.in.ReadLine(ctx(thread), -1)
		if err != nil {
			return nil, readErr(err)
		}
		if line == "" {
			break
		}
		lines = append(lines, starlark.String(line))
		total += len([]rune(line))
	}
	return starlark.NewList(lines), nil
}

func (s *stdinStream) isatty(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	f, ok := s.in.Source().(*os.File)
	if !ok {
		return starlark.False, nil
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return starlark.Bool(err == nil), nil
}

func (s *stdinStream) readable(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return starlark.True, nil
}

// close marks the stream closed (later reads fail, as in Python); the
// process's standard input itself stays open.
func (s *stdinStream) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s.closed = true
	return starlark.None, nil
}

// Iterate reads a line at a time, as the loop asks for it: a script can
// process an endless stream. The loop's thread is not at hand here, so the
// reads end with the running operation's context (see Input.SetContext).
func (s *stdinStream) Iterate() starlark.Iterator { return &lineIter{s: s} }

type lineIter struct {
	s   *stdinStream
	err error
}

func (it *lineIter) Next(p *starlark.Value) bool {
	if it.err != nil || it.s.closed {
		return false
	}
	line, err := it.s.in.ReadLine(it.s.in.Context(), -1)
	if err != nil {
		// Iterator.Next cannot fail: the loop ends, and a cancelled
		// operation's thread is cancelled too, so the script stops there.
		it.err = err
		return false
	}
	if line == "" {
		return false
	}
	*p = starlark.String(line)
	return true
}

func (it *lineIter) Done() {}

// Input returns the input(prompt="") builtin reading in: the prompt goes
// to stdout, then a line is read and returned without its newline;
// EOFError at the end of the input, as in Python.
func Input(in *procenv.Input) *starlark.Builtin {
	if in == nil {
		in = procenv.NewInput(nil)
	}
	return starlark.NewBuiltin("input", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var prompt starlark.Value = starlark.String("")
		if len(kwargs) > 0 {
			return nil, pyerr.New(pyerr.TypeError, "input() takes no keyword arguments")
		}
		if len(args) > 1 {
			return nil, pyerr.New(pyerr.TypeError, "input expected at most 1 argument, got %d", len(args))
		}
		if len(args) == 1 {
			prompt = args[0]
		}
		text, ok := prompt.(starlark.String)
		if !ok {
			text = starlark.String(prompt.String()) // Python prints str(prompt)
		}
		env := procenv.Get(thread)
		write := func(p string) {
			if env.Stdout != nil {
				env.Stdout.Write([]byte(p))
			}
		}
		line, ok, err := in.Prompt(ctx(thread), string(text), write)
		if err != nil {
			return nil, readErr(err)
		}
		if !ok {
			return nil, pyerr.New(pyerr.EOFError, "EOF when reading a line")
		}
		return starlark.String(line), nil
	})
}
