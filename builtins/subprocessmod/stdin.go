package subprocessmod

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
	"github.com/procstar/procstar/runtime/textcodec"
)

// Writer is the pipe to a program (Popen.stdin): write, writelines, flush,
// close, closed, writable, fileno. As CPython's, it is buffered (a
// BufferedWriter of bufsize bytes, default 8192; bufsize=0: none; in text
// mode bufsize=1 flushes at each newline), and in text mode it encodes
// str with the codec. Its end of the pipe is in the Go poller: a write to
// a full pipe waits there, and the thread's cancellation (Ctrl-C, the
// host's context) ends the wait.
type Writer struct {
	mu       sync.Mutex // communicate's goroutine writes too
	f        *os.File
	fd       int
	codec    *textcodec.Codec // nil: bytes
	errors   string
	size     int // buffer size; 0: unbuffered
	lineBuf  bool
	buf      []byte
	closed   bool
	encoding string // as given, for the repr
}

func (w *Writer) String() string {
	if w.codec != nil {
		return "<_io.TextIOWrapper name=" + itoa(w.fd) + " encoding='" + w.encoding + "'>"
	}
	if w.size == 0 {
		return "<_io.FileIO name=" + itoa(w.fd) + " mode='wb' closefd=True>"
	}
	return "<_io.BufferedWriter name=" + itoa(w.fd) + ">"
}

func itoa(n int) string { return starlark.MakeInt(n).String() }

func (w *Writer) Type() string         { return "file" }
func (w *Writer) Freeze()              {}
func (w *Writer) Truth() starlark.Bool { return starlark.True }
func (w *Writer) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'file'")
}
func (w *Writer) AttrNames() []string {
	return []string{"close", "closed", "fileno", "flush", "writable", "write", "writelines"}
}

// closedErr is CPython's error for op on the closed pipe.
func (w *Writer) closedErr(op string) error {
	switch {
	case w.codec == nil && op == "write" && w.size == 0: // a FileIO's
		return pyerr.New(pyerr.ValueError, "I/O operation on closed file")
	case w.codec == nil && op == "write":
		return pyerr.New(pyerr.ValueError, "write to closed file")
	case w.codec == nil && op == "flush" && w.size > 0:
		return pyerr.New(pyerr.ValueError, "flush of closed file")
	case op == "writable" || op == "fileno":
		return pyerr.New(pyerr.ValueError, "I/O operation on closed file")
	}
	return pyerr.New(pyerr.ValueError, "I/O operation on closed file.")
}

// data is v as the bytes to write, or write's TypeError.
func (w *Writer) data(v starlark.Value) ([]byte, error) {
	if w.codec != nil {
		s, ok := v.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "write() argument must be str, not %s", pyTypeName(v))
		}
		return w.codec.Encode(string(s), w.errors)
	}
	b, ok := v.(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyTypeName(v))
	}
	return []byte(b), nil
}

// write buffers b, writing the buffer out when b does not fit (or at once,
// unbuffered; at a newline, line-buffered). w.mu is held.
func (w *Writer) write(ctx context.Context, b []byte, text bool) error {
	w.buf = append(w.buf, b...)
	if len(w.buf) > w.size || w.lineBuf && text && strings.ContainsAny(string(b), "\n\r") {
		return w.flush(ctx)
	}
	return nil
}

// flush writes the buffer out; what a failed write did not take stays
// buffered, as in CPython's BufferedWriter (close tries it again). w.mu is
// held.
func (w *Writer) flush(ctx context.Context) error {
	if len(w.buf) == 0 {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if ctx.Done() != nil {
		// A past deadline wakes the write waiting in the poller (and fails
		// the writes after it: the thread is being stopped).
		stop := context.AfterFunc(ctx, func() { w.f.SetWriteDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	n, err := w.f.Write(w.buf)
	if err != nil && w.size == 0 {
		// Unbuffered (bufsize=0), the pipe is CPython's raw FileIO: a
		// failed write keeps nothing for flush or close to try again.
		n = len(w.buf)
	}
	w.buf = w.buf[:copy(w.buf, w.buf[n:])]
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return oserr.Errno(err)
	}
	return nil
}

// close flushes the buffer and closes the pipe, closed even if the flush
// fails (whose error it returns). w.mu is held.
func (w *Writer) close(ctx context.Context) error {
	if w.closed {
		return nil
	}
	err := w.flush(ctx)
	w.closed = true
	w.buf = nil
	w.f.Close()
	return err
}

// communicateInput is communicate's part: the buffer flushed, in written,
// the pipe closed, a broken pipe ignored (CPython's _stdin_write).
func (w *Writer) communicateInput(ctx context.Context, in []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.flush(ctx)
	if len(in) > 0 {
		w.buf = append(w.buf, in...)
	}
	w.close(ctx)
}

func (w *Writer) isClosed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closed
}

func (w *Writer) Attr(name string) (starlark.Value, error) {
	if name == "closed" {
		w.mu.Lock()
		defer w.mu.Unlock()
		return starlark.Bool(w.closed), nil
	}
	switch name {
	case "close", "fileno", "flush", "writable", "write", "writelines":
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var arg starlark.Value
		if name == "write" || name == "writelines" {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &arg); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
		} else if len(args) > 0 || len(kwargs) > 0 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes no arguments (%d given)", name, len(args)+len(kwargs))
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.closed && name != "close" {
			return nil, w.closedErr(name)
		}
		ctx := procenv.Context(thread)
		switch name {
		case "write":
			data, err := w.data(arg)
			if err != nil {
				return nil, err
			}
			defer node.Waiting(thread, "subprocess")()
			if err := w.write(ctx, data, true); err != nil {
				return nil, err
			}
			if w.codec != nil {
				return starlark.MakeInt(utf8.RuneCountInString(string(arg.(starlark.String)))), nil
			}
			return starlark.MakeInt(len(data)), nil
		case "writelines":
			arg, err := pyiter.Whole(arg) // an iterator that can fail: its error is ours
			if err != nil {
				return nil, err
			}
			it, ok := arg.(starlark.Iterable)
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyTypeName(arg))
			}
			defer node.Waiting(thread, "subprocess")()
			for x := range starlark.Elements(it) {
				data, err := w.data(x)
				if err != nil {
					return nil, err
				}
				if err := w.write(ctx, data, true); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		case "flush":
			defer node.Waiting(thread, "subprocess")()
			return starlark.None, w.flush(ctx)
		case "close":
			defer node.Waiting(thread, "subprocess")()
			return starlark.None, w.close(ctx)
		case "writable":
			return starlark.True, nil
		case "fileno":
			return starlark.MakeInt(w.fd), nil
		}
		return starlark.None, nil
	}).BindReceiver(w), nil
}
