// Package iomod is procstar's "io" module: StringIO and BytesIO, the
// in-memory files Python scripts build text in (csv.writer(io.StringIO()),
// print(..., file=buf)) or read it from as from a file.
package iomod

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "io" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "io", Members: starlark.StringDict{
		"StringIO": starlark.NewBuiltin("StringIO", newStringIO),
		"BytesIO":  starlark.NewBuiltin("BytesIO", newBytesIO),
		"SEEK_SET": starlark.MakeInt(0),
		"SEEK_CUR": starlark.MakeInt(1),
		"SEEK_END": starlark.MakeInt(2),
	}}
}

// memFile is a StringIO (text: positions count characters, held as runes)
// or a BytesIO (bytes): a buffer and a position, as CPython's.
type memFile struct {
	text   bool
	buf    []rune // text
	data   []byte // bytes
	pos    int
	closed bool
	// universal is StringIO's newline=None: "\r\n" and "\r" written
	// are read as "\n". Otherwise newline is newline= ("\n" by default):
	// "\r" and "\r\n" are what a "\n" written becomes and what ends a
	// line; "" ends a line at any of "\n", "\r", "\r\n", as written.
	universal bool
	newline   string
}

var (
	_ starlark.HasAttrs = (*memFile)(nil)
	_ starlark.Iterable = (*memFile)(nil)
)

func newStringIO(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var initial starlark.Value = starlark.String("")
	var newline starlark.Value = starlark.String("\n")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "initial_value?", &initial, "newline?", &newline); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	f := &memFile{text: true, newline: "\n"}
	switch nl := newline.(type) {
	case starlark.NoneType:
		f.universal = true
	case starlark.String:
		if nl != "" && nl != "\n" && nl != "\r" && nl != "\r\n" {
			return nil, pyerr.New(pyerr.ValueError, "illegal newline value: %s", pyerr.QuoteStr(string(nl)))
		}
		f.newline = string(nl)
	default:
		return nil, pyerr.New(pyerr.TypeError, "newline must be str or None, not %s", pyformat.TypeName(newline))
	}
	switch v := initial.(type) {
	case starlark.NoneType:
	case starlark.String:
		f.buf = []rune(f.translate(string(v)))
	default:
		return nil, pyerr.New(pyerr.TypeError, "initial_value must be str or None, not %s", pyformat.TypeName(initial))
	}
	return f, nil
}

func newBytesIO(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var initial starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "initial_bytes?", &initial); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	f := &memFile{}
	switch v := initial.(type) {
	case starlark.NoneType:
	case starlark.Bytes:
		f.data = []byte(v)
	default:
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyformat.TypeName(initial))
	}
	return f, nil
}

// translate is what text written becomes, as in CPython's StringIO:
// universal newlines make "\r\n" and "\r" "\n"; newline="\r" or "\r\n"
// makes each "\n" that.
func (f *memFile) translate(s string) string {
	switch {
	case f.universal:
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	case f.newline == "\r" || f.newline == "\r\n":
		return strings.ReplaceAll(s, "\n", f.newline)
	}
	return s
}

func (f *memFile) String() string {
	if f.text {
		return fmt.Sprintf("<_io.StringIO object at %p>", f)
	}
	return fmt.Sprintf("<_io.BytesIO object at %p>", f)
}

func (f *memFile) Type() string {
	if f.text {
		return "StringIO"
	}
	return "BytesIO"
}
func (f *memFile) Freeze()              {}
func (f *memFile) Truth() starlark.Bool { return starlark.True }
func (f *memFile) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: '%s'", f.Type())
}

func (f *memFile) size() int {
	if f.text {
		return len(f.buf)
	}
	return len(f.data)
}

// slice is the contents from i to j as a value.
func (f *memFile) slice(i, j int) starlark.Value {
	if f.text {
		return starlark.String(string(f.buf[i:j]))
	}
	return starlark.Bytes(f.data[i:j])
}

// line is the end of the line that starts at the position (limit < 0:
// none), after its "\n".
func (f *memFile) lineEnd(limit int) int {
	end := f.size()
	if limit >= 0 && f.pos+limit < end {
		end = f.pos + limit
	}
	if !f.text {
		if i := bytes.IndexByte(f.data[f.pos:end], '\n'); i >= 0 {
			return f.pos + i + 1
		}
		return end
	}
	for i := f.pos; i < end; i++ {
		switch c := f.buf[i]; {
		case c == '\n' && (f.universal || f.newline == "\n" || f.newline == ""):
			return i + 1
		case c == '\r' && f.newline == "\r":
			return i + 1
		case c == '\r' && f.newline == "" && !f.universal:
			if i+1 < end && f.buf[i+1] == '\n' {
				return i + 2
			}
			return i + 1
		case c == '\r' && f.newline == "\r\n" && !f.universal && i+1 < end && f.buf[i+1] == '\n':
			return i + 2
		}
	}
	return end
}

func (f *memFile) Iterate() starlark.Iterator { return &lines{f} }

type lines struct{ f *memFile }

func (l *lines) Next(p *starlark.Value) bool {
	if l.f.closed || l.f.pos >= l.f.size() {
		return false
	}
	end := l.f.lineEnd(-1)
	*p = l.f.slice(l.f.pos, end)
	l.f.pos = end
	return true
}
func (l *lines) Done() {}

func (f *memFile) AttrNames() []string {
	return []string{"close", "closed", "flush", "getvalue", "isatty", "read", "readable", "readline", "readlines",
		"seek", "seekable", "tell", "truncate", "writable", "write", "writelines"}
}

func (f *memFile) Attr(name string) (starlark.Value, error) {
	if name == "closed" {
		return starlark.Bool(f.closed), nil
	}
	fn := method(name)
	if fn == nil {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if f.closed && name != "close" {
			return nil, pyerr.New(pyerr.ValueError, "I/O operation on closed file")
		}
		return fn(f, b, args, kwargs)
	}).BindReceiver(f), nil
}

type methodFn func(*memFile, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// method is a switch, not a map: no package init.
func method(name string) methodFn {
	switch name {
	case "write":
		return (*memFile).write
	case "writelines":
		return (*memFile).writelines
	case "read":
		return (*memFile).read
	case "readline":
		return (*memFile).readline
	case "readlines":
		return (*memFile).readlines
	case "getvalue":
		return func(f *memFile, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return f.slice(0, f.size()), nil
		}
	case "seek":
		return (*memFile).seek
	case "tell":
		return func(f *memFile, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.MakeInt(f.pos), nil
		}
	case "truncate":
		return (*memFile).truncate
	case "close":
		return func(f *memFile, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			f.closed, f.buf, f.data = true, nil, nil
			return starlark.None, nil
		}
	case "flush":
		return func(f *memFile, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, noArgs(b, args, kwargs)
		}
	case "readable", "writable", "seekable", "isatty":
		return func(f *memFile, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.Bool(b.Name() != "isatty"), nil
		}
	}
	return nil
}

func noArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return pyerr.New(pyerr.TypeError, "%s", err)
	}
	return nil
}

// sizeArg is read's and readline's size: None or negative for all.
func sizeArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &v); err != nil {
		return 0, pyerr.New(pyerr.TypeError, "%s", err)
	}
	switch v.(type) {
	case starlark.NoneType:
		return -1, nil
	case starlark.Int, starlark.Bool:
	default:
		// CPython's _Py_convert_optional_to_ssize_t text.
		return 0, pyerr.New(pyerr.TypeError, "argument should be integer or None, not '%s'", pyformat.TypeName(v))
	}
	n, err := intarg.Ssize(v)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// write stores s at the position, over what is there; a position past the
// end pads with NULs first, as CPython's.
func (f *memFile) write(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	if f.text {
		s, ok := v.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "string argument expected, got '%s'", pyformat.TypeName(v))
		}
		r := []rune(f.translate(string(s)))
		for len(f.buf) < f.pos {
			f.buf = append(f.buf, 0)
		}
		n := copy(f.buf[f.pos:], r)
		f.buf = append(f.buf, r[n:]...)
		f.pos += len(r)
		return starlark.MakeInt(utf8.RuneCountInString(string(s))), nil
	}
	d, ok := v.(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyformat.TypeName(v))
	}
	for len(f.data) < f.pos {
		f.data = append(f.data, 0)
	}
	n := copy(f.data[f.pos:], d)
	f.data = append(f.data, d[n:]...)
	f.pos += len(d)
	return starlark.MakeInt(len(d)), nil
}

func (f *memFile) writelines(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	iter := pyiter.Iterate(v) // an iterator that can fail: its error is ours
	if iter == nil {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(v))
	}
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if _, err := f.write(b, starlark.Tuple{x}, nil); err != nil {
			return nil, err
		}
	}
	return starlark.None, iter.Err()
}

func (f *memFile) read(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	start := min(f.pos, f.size())
	end := f.size()
	if n >= 0 && start+n < end {
		end = start + n
	}
	f.pos = max(f.pos, end)
	return f.slice(start, end), nil
}

func (f *memFile) readline(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if f.pos >= f.size() {
		return f.slice(0, 0), nil
	}
	end := f.lineEnd(n)
	v := f.slice(f.pos, end)
	f.pos = end
	return v, nil
}

func (f *memFile) readlines(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := sizeArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	total := 0
	for f.pos < f.size() {
		end := f.lineEnd(-1)
		out = append(out, f.slice(f.pos, end))
		total += end - f.pos
		f.pos = end
		if hint > 0 && total > hint { // CPython's: lines until their length passes hint
			break
		}
	}
	return starlark.NewList(out), nil
}

func (f *memFile) seek(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var posV starlark.Value
	whence := 0
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &posV, &whence); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	pos, err := intarg.Ssize(posV)
	if err != nil {
		return nil, err
	}
	switch whence {
	case 0:
		if pos < 0 && f.text {
			return nil, pyerr.New(pyerr.ValueError, "Negative seek position %d", pos)
		}
		if pos < 0 {
			return nil, pyerr.New(pyerr.ValueError, "negative seek value %d", pos)
		}
		f.pos = pos
	case 1, 2:
		if f.text && pos != 0 {
			// Text files seek relative to the current position or the
			// end only by zero, as CPython's StringIO.
			return nil, pyerr.New("OSError", "Can't do nonzero cur-relative seeks")
		}
		base := f.pos
		if whence == 2 {
			base = f.size()
		}
		f.pos = max(0, base+pos)
	default:
		if f.text {
			return nil, pyerr.New(pyerr.ValueError, "Invalid whence (%d, should be 0, 1 or 2)", whence)
		}
		return nil, pyerr.New(pyerr.ValueError, "invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	return starlark.MakeInt(f.pos), nil
}

func (f *memFile) truncate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	n := f.pos
	if v != starlark.None {
		var err error
		if n, err = intarg.Ssize(v); err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, pyerr.New(pyerr.ValueError, "Negative size value %d", n)
		}
	}
	if f.text && n < len(f.buf) {
		f.buf = f.buf[:n]
	}
	if !f.text && n < len(f.data) {
		f.data = f.data[:n]
	}
	return starlark.MakeInt(n), nil
}

// NewText is a StringIO holding s, positioned at its start (gzip.open's
// text mode reads through one), read as a TextIOWrapper with newline=
// reads it: None (universal) reads "\r\n" and "\r" as "\n".
func NewText(s string, newline starlark.Value) starlark.Value {
	if nl, ok := newline.(starlark.String); ok {
		// A TextIOWrapper's newline= reads the text as it is, its lines
		// ending at newline ("" at any of "\n", "\r", "\r\n").
		return &memFile{text: true, newline: string(nl), buf: []rune(s)}
	}
	f := &memFile{text: true, universal: true, newline: "\n"}
	f.buf = []rune(f.translate(s))
	return f
}

// NewBytes is a BytesIO holding b, positioned at its start.
func NewBytes(b []byte) starlark.Value { return &memFile{data: b} }
