// Package fileio is procstar's open(): Python's built-in open for reading,
// writing and appending text (UTF-8) and binary files.
//
// Writes go straight to the file descriptor (no buffering), so nothing is
// lost when a process exits without closing its files, and appends from
// several processes (mode "a") are atomic per write call. Reads are
// buffered. Text mode reads translate "\r\n" and "\r" to "\n" like Python's
// universal newlines; bytes that are not valid UTF-8 are passed through
// unchanged rather than failing with UnicodeDecodeError. A file that is
// never closed is closed when it is garbage collected.
package fileio

import (
	"bufio"
	"errors"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// UnsupportedOperation is the Python type of an operation the file's mode
// does not allow (reading a file opened for writing).
const UnsupportedOperation = "io.UnsupportedOperation"

// Open is the builtin open(file, mode="r", buffering=-1, encoding=None).
// Relative paths resolve against the calling thread's procenv.Env.Dir.
var Open = starlark.NewBuiltin("open", open)

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

// parseMode checks mode as CPython's open() does (its texts and their
// order) and gives the flags to open the file with. "+" (read and write)
// is a valid Python mode that procstar's files do not have.
func parseMode(mode string) (flag int, binary bool, err error) {
	seen := map[rune]bool{}
	for _, c := range mode {
		if !strings.ContainsRune("axrwb+t", c) || seen[c] {
			return 0, false, pyerr.New(pyerr.ValueError, "invalid mode: %s", pyformat.QuoteStr(mode))
		}
		seen[c] = true
	}
	if seen['t'] && seen['b'] {
		return 0, false, pyerr.New(pyerr.ValueError, "can't have text and binary mode at once")
	}
	kinds := 0
	for _, c := range "xrwa" {
		if seen[c] {
			kinds++
		}
	}
	if kinds > 1 {
		return 0, false, pyerr.New(pyerr.ValueError, "must have exactly one of create/read/write/append mode")
	}
	if kinds == 0 {
		return 0, false, pyerr.New(pyerr.ValueError, "Must have exactly one of create/read/write/append mode and at most one plus")
	}
	if seen['+'] {
		return 0, false, pyerr.New(pyerr.ValueError, "mode %s: procstar's files are read-only or write-only (no '+' modes)", pyformat.QuoteStr(mode))
	}
	switch {
	case seen['r']:
		flag = os.O_RDONLY
	case seen['w']:
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	case seen['a']:
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	case seen['x']: // exclusive creation: FileExistsError if it exists
		flag = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	}
	return flag, seen['b'], nil
}

func isUTF8(enc string) bool {
	switch strings.ReplaceAll(strings.ToLower(enc), "_", "-") {
	case "utf-8", "utf8", "u8", "utf", "cp65001":
		return true
	}
	return false
}

var nextID atomic.Uint32

func open(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		pathv     starlark.Value
		mode                     = "r"
		buffering                = -1
		encoding  starlark.Value = starlark.None
		newline   starlark.Value = starlark.None
	)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs,
		"file", &pathv, "mode?", &mode, "buffering?", &buffering, "encoding?", &encoding, "newline?", &newline); err != nil {
		return nil, typeError(err)
	}
	path, ok := patharg.AsPath(pathv)
	if _, isInt := pathv.(starlark.Int); isInt {
		// Python opens a file descriptor; procstar has none.
		return nil, pyerr.New(pyerr.TypeError, "open() argument 'file' must be str, not int")
	} else if !ok {
		return nil, pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", patharg.TypeName(pathv))
	}
	// newline: None (universal newlines) or "" (lines end at "\n", "\r"
	// or "\r\n", read untranslated: what csv asks for); on POSIX neither
	// translates what is written.
	raw := false
	switch nl := newline.(type) {
	case starlark.NoneType:
	case starlark.String:
		if nl != "" {
			return nil, pyerr.New(pyerr.ValueError, "unsupported newline: %s (None or '')", pyformat.QuoteStr(string(nl)))
		}
		raw = true
	default:
		return nil, pyerr.New(pyerr.TypeError, "open() argument 'newline' must be str or None, not %s", newline.Type())
	}
	flag, binary, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	if binary && raw {
		return nil, pyerr.New(pyerr.ValueError, "binary mode doesn't take a newline argument")
	}
	switch enc := encoding.(type) {
	case starlark.NoneType:
	case starlark.String:
		if binary {
			return nil, pyerr.New(pyerr.ValueError, "binary mode doesn't take an encoding argument")
		}
		if !isUTF8(string(enc)) {
			return nil, pyerr.New(pyerr.ValueError, "unsupported encoding: %s (files are UTF-8)", string(enc))
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "open() argument 'encoding' must be str or None, not %s", encoding.Type())
	}
	f, err := os.OpenFile(procenv.Get(thread).Path(path), flag, 0o666)
	if err != nil {
		return nil, oserr.New(err, path)
	}
	if flag == os.O_RDONLY {
		// Python refuses to open a directory; Go would open it.
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, oserr.New(syscall.EISDIR, path)
		}
	}
	file := &File{
		id:       nextID.Add(1),
		name:     path,
		mode:     mode,
		binary:   binary,
		readable: flag == os.O_RDONLY,
		raw:      raw,
		f:        f,
	}
	if file.readable {
		file.r = bufio.NewReader(f)
	}
	return file, nil
}

// File is the Starlark value returned by open (type "file").
type File struct {
	id       uint32
	name     string
	mode     string
	binary   bool
	readable bool // else writable
	raw      bool // newline="": reads keep "\r\n" and "\r"

	mu     sync.Mutex
	f      *os.File
	r      *bufio.Reader // when readable
	closed bool
}

var (
	_ starlark.Value    = (*File)(nil)
	_ starlark.HasAttrs = (*File)(nil)
)

func (f *File) String() string {
	return "<file " + pyformat.QuoteStr(f.name) + " mode=" + pyformat.QuoteStr(f.mode) + ">"
}
func (f *File) Type() string          { return "file" }
func (f *File) Freeze()               {} // an external resource; usable from any thread
func (f *File) Truth() starlark.Bool  { return true }
func (f *File) Hash() (uint32, error) { return f.id, nil }

type method func(f *File, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var methods = map[string]method{
	"read":       (*File).read,
	"readline":   (*File).readline,
	"readlines":  (*File).readlines,
	"write":      (*File).write,
	"writelines": (*File).writelines,
	"flush":      (*File).flush,
	"close":      (*File).close,
}

func (f *File) Attr(name string) (starlark.Value, error) {
	switch name {
	case "closed":
		f.mu.Lock()
		defer f.mu.Unlock()
		return starlark.Bool(f.closed), nil
	case "name":
		return starlark.String(f.name), nil
	case "mode":
		return starlark.String(f.mode), nil
	}
	m, ok := methods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(f, b, args, kwargs)
	}).BindReceiver(f), nil
}

func (f *File) AttrNames() []string {
	return []string{"close", "closed", "flush", "mode", "name", "read", "readline", "readlines", "write", "writelines"}
}

var errClosed = pyerr.New(pyerr.ValueError, "I/O operation on closed file.")

// check fails if the file is closed or does not support reading (write
// false) or writing (write true). Callers hold f.mu.
func (f *File) check(write bool) error {
	if f.closed {
		return errClosed
	}
	switch {
	case write && f.readable:
		if f.binary {
			return pyerr.New(UnsupportedOperation, "write")
		}
		return pyerr.New(UnsupportedOperation, "not writable")
	case !write && !f.readable:
		if f.binary {
			return pyerr.New(UnsupportedOperation, "read")
		}
		return pyerr.New(UnsupportedOperation, "not readable")
	}
	return nil
}

func (f *File) value(s []byte) starlark.Value {
	if f.binary {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// size unpacks an optional size argument: an int or None (-1).
type size int

func (n *size) Unpack(v starlark.Value) error {
	if v == starlark.None {
		*n = -1
		return nil
	}
	if _, ok := v.(starlark.Int); !ok {
		return errors.New("got " + v.Type() + ", want int or None")
	}
	// Any size is valid (2**70 reads everything); read allocates no more
	// than the file holds.
	i, err := intarg.Clamp(v)
	*n = size(i)
	return err
}

// readChar reads one character of a text file, translating "\r\n" and "\r"
// to "\n"; an invalid UTF-8 byte counts as one character.
func (f *File) readChar(buf []byte) ([]byte, error) {
	c, err := f.r.ReadByte()
	if err != nil {
		return buf, err
	}
	if c == '\r' && !f.raw {
		if next, err := f.r.ReadByte(); err == nil && next != '\n' {
			f.r.UnreadByte()
		}
		return append(buf, '\n'), nil
	}
	if c < utf8.RuneSelf {
		return append(buf, c), nil
	}
	f.r.UnreadByte()
	r, n, err := f.r.ReadRune()
	if err != nil {
		return buf, err
	}
	if r == utf8.RuneError && n == 1 {
		f.r.UnreadRune()
		c, _ := f.r.ReadByte()
		return append(buf, c), nil
	}
	return utf8.AppendRune(buf, r), nil
}

// translate applies universal newlines to text read in bulk.
func translate(b []byte) []byte {
	if !strings.Contains(string(b), "\r") {
		return b
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return []byte(strings.ReplaceAll(s, "\r", "\n"))
}

func (f *File) read(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := size(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size?", &n); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(false); err != nil {
		return nil, err
	}
	var out []byte
	var err error
	switch {
	case n < 0 && f.binary:
		out, err = io.ReadAll(f.r)
	case n < 0:
		out, err = io.ReadAll(f.r)
		if !f.raw {
			out = translate(out)
		}
	case f.binary:
		out, err = io.ReadAll(io.LimitReader(f.r, int64(n)))
	default:
		for range int(n) {
			if out, err = f.readChar(out); err != nil {
				break
			}
		}
	}
	if err != nil && err != io.EOF {
		return nil, oserr.New(err, "")
	}
	return f.value(out), nil
}

// readLine reads one line (with its "\n") of at most limit characters
// (bytes in binary mode) if limit >= 0. Callers hold f.mu.
func (f *File) readLine(limit int) ([]byte, error) {
	var line []byte
	var err error
	switch {
	case f.binary && limit < 0:
		line, err = f.r.ReadBytes('\n')
	case limit < 0:
		for {
			var c byte
			if c, err = f.r.ReadByte(); err != nil {
				break
			}
			if c == '\r' {
				next, err := f.r.ReadByte()
				if err == nil && next != '\n' {
					f.r.UnreadByte()
				}
				if f.raw {
					// "\r" or "\r\n" ends the line as it is.
					line = append(line, c)
					if err == nil && next == '\n' {
						line = append(line, next)
					}
					break
				}
				c = '\n'
			}
			line = append(line, c)
			if c == '\n' {
				break
			}
		}
	default:
		for n := 0; n < limit; n++ {
			if f.binary {
				var c byte
				if c, err = f.r.ReadByte(); err == nil {
					line = append(line, c)
				}
			} else {
				line, err = f.readChar(line)
			}
			if err != nil || line[len(line)-1] == '\n' {
				break
			}
		}
	}
	if err != nil && err != io.EOF {
		return nil, oserr.New(err, "")
	}
	return line, nil
}

func (f *File) readline(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := size(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size?", &n); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(false); err != nil {
		return nil, err
	}
	line, err := f.readLine(int(n))
	if err != nil {
		return nil, err
	}
	return f.value(line), nil
}

func (f *File) readlines(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint := size(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "hint?", &hint); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(false); err != nil {
		return nil, err
	}
	var lines []starlark.Value
	total := 0
	for {
		line, err := f.readLine(-1)
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			break
		}
		lines = append(lines, f.value(line))
		if f.binary {
			total += len(line)
		} else {
			total += utf8.RuneCount(line)
		}
		if hint > 0 && total >= int(hint) {
			break
		}
	}
	return starlark.NewList(lines), nil
}

// data returns the bytes of a write argument, failing like Python when its
// kind does not match the file's mode; n is what write returns.
func (f *File) data(v starlark.Value) (data string, n int, err error) {
	if f.binary {
		if b, ok := v.(starlark.Bytes); ok {
			return string(b), len(b), nil
		}
		return "", 0, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not %s", pyformat.QuoteStr(pyType(v)))
	}
	if s, ok := v.(starlark.String); ok {
		return string(s), utf8.RuneCountInString(string(s)), nil
	}
	return "", 0, pyerr.New(pyerr.TypeError, "write() argument must be str, not %s", pyType(v))
}

func (f *File) write(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(true); err != nil {
		return nil, err
	}
	data, n, err := f.data(v)
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(f.f, data); err != nil {
		return nil, oserr.New(err, "")
	}
	return starlark.MakeInt(n), nil
}

func (f *File) writelines(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lines starlark.Iterable
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &lines); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(true); err != nil {
		return nil, err
	}
	var buf strings.Builder
	it := lines.Iterate()
	defer it.Done()
	var v starlark.Value
	for it.Next(&v) {
		data, _, err := f.data(v)
		if err != nil {
			return nil, err
		}
		buf.WriteString(data)
	}
	if _, err := io.WriteString(f.f, buf.String()); err != nil {
		return nil, oserr.New(err, "")
	}
	return starlark.None, nil
}

// flush is a no-op (writes are unbuffered) that fails on a closed file.
func (f *File) flush(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errClosed
	}
	return starlark.None, nil
}

// close closes the file; closing a closed file does nothing.
func (f *File) close(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return starlark.None, nil
	}
	f.closed = true
	f.r = nil
	if err := f.f.Close(); err != nil {
		return nil, oserr.New(err, "")
	}
	return starlark.None, nil
}

// pyType returns Python's name of the type of v.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case *starlark.Dict:
		return "dict"
	}
	return v.Type()
}
