// Package sysmod is procstar's "sys" module: argv, exit, the stdin, stdout
// and stderr streams, and a few constants (maxsize, platform, version,
// version_info, executable, byteorder);
// and the input() builtin, which reads sys.stdin.
//
// sys.stdout and sys.stderr write to the calling thread's procenv.Env
// streams at call time, so one module value serves every host.
package sysmod

import (
	"encoding/binary"
	"io"
	"math"
	"os"
	"runtime"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Version is the value of sys.version.
const Version = "procstar (Starlark)"

// Module returns a new "sys" module whose argv is a fresh (unfrozen) list of
// the given strings and whose stdin reads stdin (nil: nothing).
func Module(argv []string, stdin *procenv.Input) *starlarkstruct.Module {
	elems := make([]starlark.Value, len(argv))
	for i, a := range argv {
		elems[i] = starlark.String(a)
	}
	platform := runtime.GOOS
	exe, err := os.Executable()
	if err != nil {
		exe = "" // Python's value when it cannot tell
	}
	return &starlarkstruct.Module{
		Name: "sys",
		Members: starlark.StringDict{
			"argv":     starlark.NewList(elems),
			"exit":     starlark.NewBuiltin("exit", exit),
			"stdin":    newStdin(stdin),
			"stdout":   Stdout,
			"stderr":   Stderr,
			"maxsize":  starlark.MakeInt64(math.MaxInt64),
			"platform": starlark.String(platform),
			"version":  starlark.String(Version),
			// The Python whose library's semantics procstar follows, so that
			// sys.version_info >= (3, 8) and [:2] read as they would there.
			// A plain tuple: Starlark compares no other type with a tuple.
			"version_info": starlark.Tuple{starlark.MakeInt(3), starlark.MakeInt(12), starlark.MakeInt(0), starlark.String("final"), starlark.MakeInt(0)},
			// The binary that runs the script: [sys.executable, "x.star"]
			// runs another script as this one is run.
			"executable": starlark.String(exe),
			"byteorder":  starlark.String(byteOrder()),
			// Python 3.11's bound on decimal int conversions, per process.
			"get_int_max_str_digits": starlark.NewBuiltin("get_int_max_str_digits", getIntMaxStrDigits),
			"set_int_max_str_digits": starlark.NewBuiltin("set_int_max_str_digits", setIntMaxStrDigits),
		},
	}
}

// byteOrder is sys.byteorder, the machine's.
func byteOrder() string {
	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
		return "little"
	}
	return "big"
}

func getIntMaxStrDigits(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.MakeInt(pyformat.IntMaxStrDigits()), nil
}

func setIntMaxStrDigits(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "maxdigits", &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	n, err := intarg.Ssize(v)
	if err != nil {
		return nil, err
	}
	return starlark.None, pyformat.SetIntMaxStrDigits(n)
}

// exit implements sys.exit(code=None): it returns a *pyerr.Exit, which
// unwinds the thread.
func exit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &code); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return nil, &pyerr.Exit{Code: code}
}

// Stream is the type of sys.stdout and sys.stderr: a text stream writing to
// the calling thread's Env.Stdout or Env.Stderr.
type Stream struct {
	name   string // "<stdout>" or "<stderr>"
	stderr bool
}

// Stdout and Stderr are the values of sys.stdout and sys.stderr.
var (
	Stdout = &Stream{name: "<stdout>"}
	Stderr = &Stream{name: "<stderr>", stderr: true}
)

var (
	_ starlark.Value    = (*Stream)(nil)
	_ starlark.HasAttrs = (*Stream)(nil)
)

func (s *Stream) String() string {
	return "<_io.TextIOWrapper name='" + s.name + "' mode='w' encoding='utf-8'>"
}
func (s *Stream) Type() string         { return "TextIOWrapper" }
func (s *Stream) Freeze()              {}
func (s *Stream) Truth() starlark.Bool { return true }
func (s *Stream) Hash() (uint32, error) {
	if s.stderr {
		return 2, nil
	}
	return 1, nil
}

func (s *Stream) writer(thread *starlark.Thread) io.Writer {
	env := procenv.Get(thread)
	w := env.Stdout
	if s.stderr {
		w = env.Stderr
	}
	if w == nil {
		return io.Discard
	}
	return w
}

func (s *Stream) Attr(name string) (starlark.Value, error) {
	switch name {
	case "write":
		return starlark.NewBuiltin("write", s.write).BindReceiver(s), nil
	case "flush":
		return starlark.NewBuiltin("flush", s.flush).BindReceiver(s), nil
	case "name":
		return starlark.String(s.name), nil
	case "mode":
		return starlark.String("w"), nil
	case "encoding":
		return starlark.String("utf-8"), nil
	}
	return nil, nil
}

func (s *Stream) AttrNames() []string {
	return []string{"encoding", "flush", "mode", "name", "write"}
}

// write writes s with a single Write call and returns its length in
// characters, like Python.
func (s *Stream) write(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	str, ok := x.(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "write() argument must be str, not %s", pyType(x))
	}
	if len(str) > 0 {
		if _, err := s.writer(thread).Write([]byte(str)); err != nil {
			return nil, oserr.Errno(err)
		}
	}
	return starlark.MakeInt(utf8.RuneCountInString(string(str))), nil
}

// flush flushes the stream's writer if it buffers (has Flush() error).
func (s *Stream) flush(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if f, ok := s.writer(thread).(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			return nil, oserr.Errno(err)
		}
	}
	return starlark.None, nil
}

// pyType returns Python's name of a Starlark value's type.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.NoneType:
		return "NoneType"
	}
	return v.Type()
}
