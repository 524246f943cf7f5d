package subprocessmod

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/textcodec"
)

// Pipes from a program, and the relay of its inherited output a line at
// a time.

// Stream is a pipe from the program (Popen.stdout, Popen.stderr): read,
// readline, readlines, iteration by line, close. In text mode, lines end
// at "\n", "\r\n" or "\r", each read as "\n" (universal newlines).
type Stream struct {
	r      *bufio.Reader
	f      *os.File
	fd     int
	text   bool
	closed bool
	// text mode's codec and error handler, and the encoding's name as
	// given (for the repr)
	codec    *textcodec.Codec
	errors   string
	encoding string
	// ctx is the context of the run (or operation) that started the
	// program, and thread its thread: a for loop over the stream, which
	// has no thread, ends with ctx (see interruptible) and cancels thread,
	// so that no statement after the loop runs before the run's own
	// cancellation reaches the thread.
	ctx    context.Context
	thread *starlark.Thread
}

// interruptible runs read, a blocking read of s, so that the end of ctx
// (Ctrl-C, a host's cancelled context) ends it: the pipe's read deadline
// moves to the past, the read returns what it has, and the error is ctx's.
// A program that writes nothing and never ends (sleep 300) would otherwise
// hold the run, and the tree, forever. The deadline is cleared after, for
// the reads of a later operation of a session.
func (s *Stream) interruptible(ctx context.Context, read func()) error {
	if ctx == nil || ctx.Done() == nil {
		read()
		return nil
	}
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(fired)
		s.f.SetReadDeadline(time.Unix(1, 0))
	})
	read()
	if stop() {
		return nil
	}
	<-fired
	s.f.SetReadDeadline(time.Time{})
	return ctx.Err()
}

func (s *Stream) String() string {
	if s.text {
		return "<_io.TextIOWrapper name=" + itoa(s.fd) + " encoding='" + s.encoding + "'>"
	}
	return "<_io.BufferedReader name=" + itoa(s.fd) + ">"
}

func (s *Stream) Type() string { return "file" }

func (s *Stream) Freeze() {}

func (s *Stream) Truth() starlark.Bool { return starlark.True }

func (s *Stream) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'file'")
}

func (s *Stream) AttrNames() []string {
	return []string{"close", "closed", "fileno", "read", "readline", "readlines"}
}

func (s *Stream) close() {
	if !s.closed {
		s.closed = true
		s.f.Close()
	}
}

// closedErr is CPython's error for op on a closed pipe.
func (s *Stream) closedErr(op string) error {
	if op == "fileno" {
		return pyerr.New(pyerr.ValueError, "I/O operation on closed file")
	}
	if s.text || op == "readlines" {
		return pyerr.New(pyerr.ValueError, "I/O operation on closed file.")
	}
	return pyerr.New(pyerr.ValueError, "%s of closed file", op)
}

// value is b as read: bytes, or text decoded (UnicodeDecodeError as
// CPython's, though positions count from the line or the read, not from
// CPython's chunk).
func (s *Stream) value(b []byte) (starlark.Value, error) {
	if s.text {
		if s.codec != nil {
			var err error
			if b, err = s.codec.Decode(b, s.errors); err != nil {
				return nil, err
			}
		}
		return starlark.String(b), nil
	}
	return starlark.Bytes(b), nil
}

// lineBuffered reports whether the next line is read already (readline
// will not block).
func (s *Stream) lineBuffered() bool {
	buf, _ := s.r.Peek(s.r.Buffered())
	return bytes.IndexByte(buf, '\n') >= 0
}

// readline is the next line, empty at the end.
func (s *Stream) readline() []byte {
	if !s.text {
		line, _ := s.r.ReadBytes('\n')
		return line
	}
	var line []byte
	for {
		// What is buffered, or (none) the next read's bytes.
		buf, _ := s.r.Peek(max(1, s.r.Buffered()))
		if len(buf) == 0 {
			return line // the end
		}
		i := bytes.IndexAny(buf, "\r\n")
		if i < 0 {
			line = append(line, buf...)
			s.r.Discard(len(buf))
			continue
		}
		line = append(append(line, buf[:i]...), '\n')
		c := buf[i]
		s.r.Discard(i + 1)
		if c == '\r' {
			// One "\n" right after belongs to the "\r" (waiting for the
			// next byte, as CPython's decoder does).
			if next, err := s.r.Peek(1); err == nil && next[0] == '\n' {
				s.r.Discard(1)
			}
		}
		return line
	}
}

// readSome is read(n) (line false) or readline(n) (line true) with n >= 0,
// as CPython's BufferedReader and TextIOWrapper do them: at most n bytes,
// or in text mode n characters after the translation of newlines; fewer
// only at the end (or, for readline, after a newline).
func (s *Stream) readSome(n int64, line bool) []byte {
	var out []byte
	for count := int64(0); count < n; count++ {
		c, err := s.r.ReadByte()
		if err != nil {
			break
		}
		switch {
		case !s.text:
			out = append(out, c)
		case c == '\r':
			// "\r\n" is one "\n" (waiting for the next byte, as
			// readline does).
			out = append(out, '\n')
			if next, err := s.r.Peek(1); err == nil && next[0] == '\n' {
				s.r.Discard(1)
			}
			c = '\n'
		default:
			out = append(out, c)
			// The rest of a UTF-8 character: one character, one count.
			if s.codec == textcodec.UTF8 || s.codec == nil {
				for w := utf8Len(c); w > 1; w-- {
					next, err := s.r.Peek(1)
					if err != nil || next[0]&0xC0 != 0x80 {
						break
					}
					s.r.Discard(1)
					out = append(out, next[0])
				}
			}
		}
		if line && c == '\n' {
			break
		}
	}
	return out
}

// utf8Len is the length of the UTF-8 sequence lead byte c starts.
func utf8Len(c byte) int {
	switch {
	case c >= 0xF8:
		return 1
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	case c >= 0xC0:
		return 2
	}
	return 1
}

func (s *Stream) Attr(name string) (starlark.Value, error) {
	var f func(thread *starlark.Thread) (starlark.Value, error)
	var size int64 // read's, readline's and readlines's argument (-1: no limit)
	switch name {
	case "closed":
		return starlark.Bool(s.closed), nil
	case "read":
		f = func(thread *starlark.Thread) (starlark.Value, error) {
			var b []byte
			read := func() { b, _ = readAll(s.r) }
			if size >= 0 {
				read = func() { b = s.readSome(size, false) }
			}
			if err := s.interruptible(procenv.Context(thread), read); err != nil {
				return nil, err
			}
			if size >= 0 {
				return s.value(b) // newlines translated by readSome
			}
			if s.text && s.codec != nil {
				var err error
				if b, err = s.codec.Decode(b, s.errors); err != nil {
					return nil, err
				}
			}
			if s.text {
				return starlark.String(universal(b)), nil
			}
			return starlark.Bytes(b), nil
		}
	case "readline":
		f = func(thread *starlark.Thread) (starlark.Value, error) {
			if size >= 0 {
				var line []byte
				if err := s.interruptible(procenv.Context(thread), func() { line = s.readSome(size, true) }); err != nil {
					return nil, err
				}
				return s.value(line)
			}
			if s.lineBuffered() {
				return s.value(s.readline())
			}
			var line []byte
			if err := s.interruptible(procenv.Context(thread), func() { line = s.readline() }); err != nil {
				return nil, err
			}
			return s.value(line)
		}
	case "readlines":
		f = func(thread *starlark.Thread) (starlark.Value, error) {
			var lines [][]byte
			err := s.interruptible(procenv.Context(thread), func() {
				total := int64(0)
				for l := s.readline(); len(l) > 0; l = s.readline() {
					lines = append(lines, l)
					// A hint ends the lines once they hold more bytes
					// (characters in text mode).
					if s.text {
						total += int64(utf8.RuneCount(l))
					} else {
						total += int64(len(l))
					}
					if size > 0 && total > size {
						break
					}
				}
			})
			if err != nil {
				return nil, err
			}
			var out []starlark.Value
			for _, l := range lines {
				v, err := s.value(l)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return starlark.NewList(out), nil
		}
	case "close":
		f = func(*starlark.Thread) (starlark.Value, error) { s.close(); return starlark.None, nil }
	case "fileno":
		// The pipe's descriptor, as CPython's: a program's stdin or stdout
		// (Popen(..., stdin=p1.stdout), see blockingFd).
		f = func(*starlark.Thread) (starlark.Value, error) { return starlark.MakeInt(s.fd), nil }
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		size = -1
		if name == "read" || name == "readline" || name == "readlines" {
			// read(size=-1, /), readline(size=-1, /) and
			// readlines(hint=-1, /), None meaning -1.
			var v starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0, &v); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			if v != starlark.None {
				n, ok := v.(starlark.Int)
				if !ok {
					return nil, pyerr.New(pyerr.TypeError, "argument should be integer or None, not '%s'", pyTypeName(v))
				}
				if size, ok = n.Int64(); !ok {
					return nil, pyerr.New("OverflowError", "Python int too large to convert to C ssize_t")
				}
			}
		} else if len(args) > 0 || len(kwargs) > 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes no arguments here", name)
		}
		if s.closed && name != "close" {
			return nil, s.closedErr(name)
		}
		defer node.Waiting(thread, "subprocess")()
		return f(thread)
	}).BindReceiver(s), nil
}

// Iterate yields the lines of the stream (for line in p.stdout).
func (s *Stream) Iterate() starlark.Iterator {
	ctx := s.ctx
	if ctx != nil && ctx.Err() != nil {
		// The operation that started the program is over (a session's
		// earlier statement): this loop's is not known.
		ctx = nil
	}
	return &lines{s, ctx}
}

type lines struct {
	s   *Stream
	ctx context.Context
}

func (l *lines) Next(p *starlark.Value) bool {
	if l.s.closed {
		return false
	}
	var line []byte
	if l.s.lineBuffered() {
		line = l.s.readline()
	} else if l.s.interruptible(l.ctx, func() { line = l.s.readline() }) != nil {
		// The loop fails at its next step.
		l.s.thread.Cancel(pyerr.KeyboardInterrupt)
		return false
	}
	if len(line) == 0 {
		return false
	}
	v, err := l.s.value(line)
	if err != nil {
		// An iterator cannot fail: what cannot be decoded is replaced.
		b, _ := l.s.codec.Decode(line, "replace")
		v = starlark.String(b)
	}
	*p = v
	return true
}

func (l *lines) Done() {}

// lineWriter writes whole lines to w, one Write each (a partial last line
// when the program ends), so a program's output never splits another
// process's line.
type lineWriter struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

func (lw *lineWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	// Only p is searched: searching the whole pending line again at each
	// write made output without newlines quadratic (100 MB from head -c
	// went at 2 MB/s).
	i := bytes.LastIndexByte(p, '\n')
	if i < 0 {
		lw.buf = append(lw.buf, p...)
		return len(p), nil
	}
	lines := p[:i+1]
	if len(lw.buf) > 0 {
		lw.buf = append(lw.buf, lines...)
		lines = lw.buf
	}
	if _, err := lw.w.Write(lines); err != nil {
		return 0, err
	}
	lw.buf = append(lw.buf[:0], p[i+1:]...)
	return len(p), nil
}

// copyBufs are lineWriter.ReadFrom's buffers, reused: io.Copy would
// allocate 32 KiB per stream and program.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// ReadFrom copies the program's output from r (exec.Cmd's pipe) to lw.
func (lw *lineWriter) ReadFrom(r io.Reader) (int64, error) {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	var total int64
	for {
		n, err := r.Read(*bp)
		if n > 0 {
			total += int64(n)
			if _, werr := lw.Write((*bp)[:n]); werr != nil {
				return total, werr
			}
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// flush writes what is left (a last line without a newline).
func (lw *lineWriter) flush() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(lw.buf) > 0 {
		lw.w.Write(lw.buf)
		lw.buf = nil
	}
}
