// Package fileio is procstar's open(): Python's built-in open, text and
// binary, every mode of CPython's (r w a x, with + for both), seek, tell
// and truncate, encoding= and errors= (runtime/textcodec's codecs),
// newline= as TextIOWrapper's, and iteration by line.
//
// Writes go straight to the file descriptor (no buffering), so nothing is
// lost when a process exits without closing its files, and appends from
// several processes (mode "a") are atomic per write call. Reads are
// buffered; a write, seek or tell accounts for what the buffer holds, so
// the position is the one Python's buffered file shows. A file that is
// never closed is closed when it is garbage collected.
package fileio

import (
	"bufio"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
	"github.com/procstar/procstar/runtime/textcodec"
)

// UnsupportedOperation is the Python type of an operation the file's mode
// does not allow (reading a file opened for writing).
const UnsupportedOperation = "io.UnsupportedOperation"

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

// parseMode checks mode as CPython's open() does (its texts and their
// order) and gives the flags to open the file with.
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
	if seen['+'] {
		flag = flag&^(os.O_WRONLY|os.O_RDONLY) | os.O_RDWR
	}
	return flag, seen['b'], nil
}

var nextID atomic.Uint32

// Builtin returns the builtin open (a new one each call: a package-level
// one would be made at every process's start).
func Builtin() *starlark.Builtin { return starlark.NewBuiltin("open", Open) }

// Open is the function of the builtin open(file, mode="r", buffering=-1,
// encoding=None), see Builtin. Relative paths resolve against the calling
// thread's procenv.Env.Dir.
func Open(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		pathv     starlark.Value
		mode                     = "r"
		buffering                = -1
		encoding  starlark.Value = starlark.None
		errs      starlark.Value = starlark.None
		newline   starlark.Value = starlark.None
		closefd                  = true
		opener    starlark.Value = starlark.None
	)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs,
		"file", &pathv, "mode?", &mode, "buffering?", &buffering, "encoding?", &encoding, "errors?", &errs,
		"newline?", &newline, "closefd?", &closefd, "opener?", &opener); err != nil {
		return nil, typeError(err)
	}
	path, ok := patharg.AsPath(pathv)
	fd := -1 // open(fd): a file descriptor (os.fdopen, tempfile.mkstemp's)
	if n, isInt := pathv.(starlark.Int); isInt {
		v, ok := n.Int64()
		if !ok || v < 0 || v > 1<<30 {
			return nil, pyerr.New(pyerr.ValueError, "negative file descriptor")
		}
		fd = int(v)
	} else if !ok {
		return nil, pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", patharg.TypeName(pathv))
	}
	if opener != starlark.None {
		return nil, pyerr.New(pyerr.ValueError, "open(opener=...) is not supported by procstar")
	}
	if !closefd && fd < 0 {
		return nil, pyerr.New(pyerr.ValueError, "Cannot use closefd=False with file name")
	}
	flag, binary, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	switch v := newline.(type) {
	case starlark.NoneType:
	case starlark.String:
		switch v {
		case "", "\n", "\r", "\r\n":
		default:
			return nil, pyerr.New(pyerr.ValueError, "illegal newline value: %s", string(v))
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "open() argument 'newline' must be str or None, not %s", pyType(newline))
	}
	for _, a := range []struct {
		name string
		v    starlark.Value
	}{{"encoding", encoding}, {"errors", errs}} {
		switch a.v.(type) {
		case starlark.NoneType:
		case starlark.String:
			if binary {
				return nil, pyerr.New(pyerr.ValueError, "binary mode doesn't take an %s argument", a.name)
			}
		default:
			return nil, pyerr.New(pyerr.TypeError, "open() argument '%s' must be str or None, not %s", a.name, pyType(a.v))
		}
	}
	if binary && newline != starlark.None {
		return nil, pyerr.New(pyerr.ValueError, "binary mode doesn't take a newline argument")
	}
	rw := flag & (os.O_WRONLY | os.O_RDWR)
	if binary {
		mode = binaryMode(flag)
	}
	file := &File{
		id: nextID.Add(1), name: path, mode: mode, binary: binary,
		readable: rw != os.O_WRONLY, writable: rw != 0,
		encoding: "UTF-8", codec: textcodec.UTF8, errors: "strict",
		universal: newline == starlark.None,
		thread:    thread,
	}
	if s, ok := newline.(starlark.String); ok {
		file.newline = string(s)
	}
	if !binary {
		if e, ok := encoding.(starlark.String); ok {
			if file.codec, err = textcodec.LookupStream(string(e)); err != nil {
				return nil, err
			}
			file.encoding = string(e)
		}
		if e, ok := errs.(starlark.String); ok {
			file.errors = string(e)
		}
	}
	var f *os.File
	if fd >= 0 {
		if f, err = fdFile(fd, closefd); err != nil {
			return nil, err
		}
		file.nameVal = pathv
		flag &^= os.O_APPEND // the descriptor's own flags hold
	} else if f, err = os.OpenFile(procenv.Get(thread).Path(path), flag, 0o666); err != nil {
		return nil, oserr.New(err, path)
	}
	if rw == 0 {
		// Python refuses to open a directory; Go would open it.
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			if fd >= 0 {
				return nil, oserr.Errno(syscall.EISDIR) // no path to name
			}
			return nil, oserr.New(syscall.EISDIR, path)
		}
	}
	if flag&os.O_APPEND != 0 {
		f.Seek(0, io.SeekEnd) // Python starts an append file at its end
	}
	file.f = f
	if file.readable {
		// CPython's text layer reads 8 KiB chunks (_CHUNK_SIZE), which
		// decides where a write after a partial read lands.
		file.r = bufio.NewReaderSize(f, 8192)
	}
	return file, nil
}

// binaryMode is a binary file's mode as FileIO reports it: "w+b" is
// "rb+", "br" is "rb".
func binaryMode(flag int) string {
	plus := ""
	if flag&os.O_RDWR != 0 {
		plus = "+"
	}
	switch {
	case flag&os.O_EXCL != 0:
		return "xb" + plus
	case flag&os.O_APPEND != 0:
		return "ab" + plus
	case flag&os.O_RDWR != 0 || flag&(os.O_WRONLY|os.O_RDWR) == 0:
		return "rb" + plus
	}
	return "wb"
}

// fdFile is a file over descriptor fd; with closefd false, over a
// duplicate of it (sharing its position), so that closing the file (or
// collecting it) leaves fd open.
func fdFile(fd int, closefd bool) (*os.File, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, oserr.Errno(err)
	}
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return nil, oserr.Errno(syscall.EISDIR)
	}
	if !closefd {
		d, err := unix.Dup(fd)
		if err != nil {
			return nil, oserr.Errno(err)
		}
		fd = d
	}
	return os.NewFile(uintptr(fd), ""), nil
}

// File is the Starlark value returned by open (type "file").
type File struct {
	id                 uint32
	name, mode         string
	binary             bool
	readable, writable bool
	encoding, errors   string
	codec              *textcodec.Codec
	// universal: newline=None, lines end at \n, \r or \r\n, read as \n;
	// else newline is "" (any ending, untranslated) or the one ending.
	universal bool
	newline   string
	thread    *starlark.Thread // the opener's: an error in a for loop ends it
	nameVal   starlark.Value   // f.name when not the path: open(fd)'s fd

	mu     sync.Mutex
	f      *os.File
	r      *bufio.Reader // when readable: reads go through it
	closed bool
}

var (
	_ starlark.Value    = (*File)(nil)
	_ starlark.HasAttrs = (*File)(nil)
	_ starlark.Iterable = (*File)(nil)
)

func (f *File) String() string {
	return "<file " + pyformat.QuoteStr(f.name) + " mode=" + pyformat.QuoteStr(f.mode) + ">"
}
func (f *File) Type() string          { return "file" }
func (f *File) Freeze()               {} // an external resource; usable from any thread
func (f *File) Truth() starlark.Bool  { return true }
func (f *File) Hash() (uint32, error) { return f.id, nil }

type method func(f *File, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

func fileMethod(name string) method {
	switch name {
	case "read":
		return (*File).read
	case "readline", "__next__", "next":
		return (*File).readline
	case "readlines":
		return (*File).readlines
	case "write":
		return (*File).write
	case "writelines":
		return (*File).writelines
	case "flush":
		return (*File).flush
	case "close":
		return (*File).close
	case "seek":
		return (*File).seek
	case "tell":
		return (*File).tell
	case "truncate":
		return (*File).truncate
	case "readable", "writable", "seekable", "isatty", "fileno":
		return (*File).query
	}
	return nil
}

func (f *File) Attr(name string) (starlark.Value, error) {
	switch name {
	case "closed":
		f.mu.Lock()
		defer f.mu.Unlock()
		return starlark.Bool(f.closed), nil
	case "name":
		if f.nameVal != nil {
			return f.nameVal, nil
		}
		return starlark.String(f.name), nil
	case "mode":
		return starlark.String(f.mode), nil
	case "encoding", "errors":
		if f.binary {
			return nil, nil
		}
		if name == "encoding" {
			return starlark.String(f.encoding), nil
		}
		return starlark.String(f.errors), nil
	}
	m := fileMethod(name)
	if m == nil {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		v, err := m(f, b, args, kwargs)
		if (name == "__next__" || name == "next") && err == nil && !v.Truth() {
			return nil, pyerr.New("StopIteration", "")
		}
		return v, err
	}).BindReceiver(f), nil
}

func (f *File) AttrNames() []string {
	names := []string{"close", "closed", "fileno", "flush", "isatty", "mode", "name", "read", "readable", "readline", "readlines",
		"seek", "seekable", "tell", "truncate", "writable", "write", "writelines"}
	if !f.binary {
		names = append(names, "encoding", "errors")
	}
	return names
}

// Iterate reads the file a line at a time, as Python's for loop does. A
// Starlark iterator cannot fail: a read error ends the opener's thread.
func (f *File) Iterate() starlark.Iterator { return &lines{f} }

type lines struct{ f *File }

func (l *lines) Next(p *starlark.Value) bool {
	l.f.mu.Lock()
	v, err := l.f.lineValue(-1)
	l.f.mu.Unlock()
	if err != nil {
		if l.f.thread != nil {
			typ, msg := pyerr.Classify(err)
			l.f.thread.Cancel(typ + ": " + msg + "\n(in a for loop over a file; use readline() inside catch() to handle it)")
		}
		return false
	}
	if !v.Truth() {
		return false
	}
	*p = v
	return true
}
func (l *lines) Done() {}

// Step implements pyiter.Stepper: the next line (ok false at the end), or
// the read error (a UnicodeDecodeError...), which a builtin that reads the
// file (list, sorted, str.join...) raises, as Python's list(f) does.
func (f *File) Step() (starlark.Value, bool, error) {
	f.mu.Lock()
	v, err := f.lineValue(-1)
	f.mu.Unlock()
	if err != nil {
		return nil, false, err
	}
	if !v.Truth() {
		return nil, false, nil
	}
	return v, true, nil
}

var errClosed = &pyerr.Error{Type: pyerr.ValueError, Message: "I/O operation on closed file."}

// check fails if the file is closed or does not support reading (write
// false) or writing (write true). Callers hold f.mu.
func (f *File) check(write bool) error {
	if f.closed {
		return errClosed
	}
	switch {
	case write && !f.writable:
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

// value is what a read returns: bytes, or the text decoded.
func (f *File) value(s []byte) (starlark.Value, error) {
	if f.binary {
		return starlark.Bytes(s), nil
	}
	out, err := f.codec.Decode(s, f.errors)
	if err != nil {
		return nil, err
	}
	return starlark.String(out), nil
}

// size is an optional size argument: an int or None (-1).
type size int

// sizeArg unpacks the optional argument name (read's size, readlines'
// hint), with CPython's text for a value of the wrong type (not wrapped
// in Starlark's "for parameter" wording) and a bool taken as the int it
// is in Python: read(True) reads 1.
func sizeArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, name string) (size, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, name+"?", &v); err != nil {
		return 0, typeError(err)
	}
	switch v.(type) {
	case starlark.NoneType:
		return -1, nil
	case starlark.Int, starlark.Bool:
	default:
		return 0, pyerr.New(pyerr.TypeError, "argument should be integer or None, not '%s'", patharg.TypeName(v))
	}
	// Any size is valid (2**70 reads everything); read allocates no more
	// than the file holds.
	i, err := intarg.Clamp(v)
	return size(i), err
}

// ending reads what follows a "\r" just read and returns the text that
// stands for the line ending, as newline= reads it, and whether it ends
// the line.
func (f *File) ending() (string, bool) {
	next, err := f.r.ReadByte()
	crlf := err == nil && next == '\n'
	if err == nil && !crlf {
		f.r.UnreadByte()
	}
	switch {
	case f.universal:
		return "\n", true
	case f.newline == "":
		if crlf {
			return "\r\n", true
		}
		return "\r", true
	case f.newline == "\r\n" && crlf:
		return "\r\n", true
	}
	if crlf {
		f.r.UnreadByte()
	}
	return "\r", f.newline == "\r"
}

// readChar reads one character of a text file (a line ending as newline=
// reads it); an invalid UTF-8 byte counts as one character.
func (f *File) readChar(buf []byte) ([]byte, error) {
	c, err := f.r.ReadByte()
	if err != nil {
		return buf, err
	}
	if c == '\r' {
		e, _ := f.ending()
		return append(buf, e...), nil
	}
	if c < utf8.RuneSelf || f.codec != textcodec.UTF8 {
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

// translate applies newline=None to text read in bulk.
func (f *File) translate(b []byte) []byte {
	if !f.universal || !strings.Contains(string(b), "\r") {
		return b
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return []byte(strings.ReplaceAll(s, "\r", "\n"))
}

func (f *File) read(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg(b, args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(false); err != nil {
		return nil, err
	}
	var out []byte
	switch {
	case n < 0:
		out, err = io.ReadAll(f.r)
		if !f.binary {
			out = f.translate(out)
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
		return nil, oserr.Errno(err)
	}
	return f.value(out)
}

// readLine reads one line (with its ending) of at most limit characters
// (bytes in binary mode) if limit >= 0. Callers hold f.mu.
func (f *File) readLine(limit int) ([]byte, error) {
	var line []byte
	var err error
	for n := 0; limit < 0 || n < limit; n++ {
		var c byte
		if c, err = f.r.ReadByte(); err != nil {
			break
		}
		if f.binary {
			line = append(line, c)
			if c == '\n' {
				break
			}
			continue
		}
		if c == '\r' {
			e, ends := f.ending()
			line = append(line, e...)
			if ends {
				break
			}
			continue
		}
		if c >= utf8.RuneSelf && f.codec == textcodec.UTF8 {
			f.r.UnreadByte()
			if line, err = f.readChar(line); err != nil {
				break
			}
			continue
		}
		line = append(line, c)
		if c == '\n' && (f.universal || f.newline == "" || f.newline == "\n") {
			break
		}
	}
	if err != nil && err != io.EOF {
		return nil, oserr.Errno(err)
	}
	return line, nil
}

// lineValue is readline(limit)'s result. Callers hold f.mu.
func (f *File) lineValue(limit int) (starlark.Value, error) {
	if err := f.check(false); err != nil {
		return nil, err
	}
	line, err := f.readLine(limit)
	if err != nil {
		return nil, err
	}
	return f.value(line)
}

func (f *File) readline(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg(b, args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lineValue(int(n))
}

func (f *File) readlines(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := sizeArg(b, args, kwargs, "hint")
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(false); err != nil {
		return nil, err
	}
	var lines []starlark.Value
	total := 0
	for {
		v, err := f.lineValue(-1)
		if err != nil {
			return nil, err
		}
		if !v.Truth() {
			break
		}
		lines = append(lines, v)
		if s, ok := v.(starlark.String); ok {
			total += utf8.RuneCountInString(string(s))
		} else {
			total += len(v.(starlark.Bytes))
		}
		// CPython's IOBase.readlines: lines until their length passes
		// hint (a total equal to hint reads one more line).
		if hint > 0 && total > int(hint) {
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
	s, ok := v.(starlark.String)
	if !ok {
		return "", 0, pyerr.New(pyerr.TypeError, "write() argument must be str, not %s", pyType(v))
	}
	text := string(s)
	if f.newline == "\r" || f.newline == "\r\n" {
		text = strings.ReplaceAll(text, "\n", f.newline)
	}
	out, err := f.codec.Encode(text, f.errors)
	if err != nil {
		return "", 0, err
	}
	return string(out), utf8.RuneCountInString(string(s)), nil
}

// sync moves the descriptor back over what the read buffer holds unread,
// so that the next write or seek starts where Python's file would be.
// Callers hold f.mu.
func (f *File) sync() error {
	if f.r == nil {
		return nil
	}
	if n := f.r.Buffered(); n > 0 {
		if _, err := f.f.Seek(int64(-n), io.SeekCurrent); err != nil {
			return oserr.Errno(err)
		}
	}
	f.r.Reset(f.f)
	return nil
}

// writeData writes at the descriptor's position. A binary file first
// gives back what its read buffer holds (BufferedRandom does); a text file
// does not: CPython's TextIOWrapper has read a chunk of up to 8 KiB ahead
// into its decoder, and a write after a partial read lands after that
// chunk. Callers hold f.mu.
func (f *File) writeData(data string) error {
	if f.binary {
		if err := f.sync(); err != nil {
			return err
		}
	} else if f.r != nil && f.r.Buffered() > 0 {
		f.r.Reset(f.f)
	}
	if _, err := io.WriteString(f.f, data); err != nil {
		return oserr.Errno(err)
	}
	return nil
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
	if err := f.writeData(data); err != nil {
		return nil, err
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
	it := pyiter.Iterate(lines)
	defer it.Done()
	var v starlark.Value
	for it.Next(&v) {
		data, _, err := f.data(v)
		if err != nil {
			return nil, err
		}
		buf.WriteString(data)
	}
	if err := it.Err(); err != nil {
		// An iterator that failed: its error is ours, and the lines
		// before it are written, as Python's writelines has.
		if werr := f.writeData(buf.String()); werr != nil {
			return nil, werr
		}
		return nil, err
	}
	return starlark.None, f.writeData(buf.String())
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

// tellLocked is the position Python's file shows. Callers hold f.mu.
func (f *File) tellLocked() (int64, error) {
	pos, err := f.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, oserr.Errno(err)
	}
	if f.r != nil {
		pos -= int64(f.r.Buffered())
	}
	return pos, nil
}

func (f *File) tell(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errClosed
	}
	pos, err := f.tellLocked()
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt64(pos), nil
}

// seek is seek(offset, whence=0), with a text file's limits: only
// seek(0, 1), seek(0, 2) and absolute positions tell() gave.
func (f *File) seek(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var offset int64
	whence := 0
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &offset, &whence); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errClosed
	}
	if whence < 0 || whence > 2 {
		return nil, pyerr.New(pyerr.ValueError, "invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	if !f.binary {
		switch {
		case whence == 1 && offset != 0:
			return nil, pyerr.New(UnsupportedOperation, "can't do nonzero cur-relative seeks")
		case whence == 2 && offset != 0:
			return nil, pyerr.New(UnsupportedOperation, "can't do nonzero end-relative seeks")
		case whence == 0 && offset < 0:
			return nil, pyerr.New(pyerr.ValueError, "negative seek position %d", offset)
		}
	}
	if whence == 1 && f.r != nil {
		offset -= int64(f.r.Buffered()) // relative to Python's position
	}
	if f.r != nil {
		f.r.Reset(f.f)
	}
	pos, err := f.f.Seek(offset, whence)
	if err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.MakeInt64(pos), nil
}

// truncate is truncate(size=None): the file cut (or extended) to size
// bytes, by default the current position, which does not move.
func (f *File) truncate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sz starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sz); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errClosed
	}
	if !f.writable {
		return nil, pyerr.New(UnsupportedOperation, "truncate")
	}
	pos, err := f.tellLocked()
	if err != nil {
		return nil, err
	}
	if sz != starlark.None {
		n, err := starlark.AsInt32(sz)
		if err != nil {
			return nil, typeError(err)
		}
		pos = int64(n)
	}
	if err := f.sync(); err != nil {
		return nil, err
	}
	if err := f.f.Truncate(pos); err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.MakeInt64(pos), nil
}

// query is readable(), writable(), seekable(), isatty() and fileno().
func (f *File) query(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		// CPython's text here has no period.
		return nil, pyerr.New(pyerr.ValueError, "I/O operation on closed file")
	}
	switch b.Name() {
	case "readable":
		return starlark.Bool(f.readable), nil
	case "writable":
		return starlark.Bool(f.writable), nil
	case "seekable":
		_, err := f.f.Seek(0, io.SeekCurrent)
		return starlark.Bool(err == nil), nil
	case "isatty":
		_, err := unix.IoctlGetTermios(int(f.f.Fd()), unix.TCGETS)
		return starlark.Bool(err == nil), nil
	}
	return starlark.MakeInt(int(f.f.Fd())), nil
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
		return nil, oserr.Errno(err)
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
