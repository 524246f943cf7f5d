// Package pyerr defines errors that carry a Python exception type name, the
// way procstar reports failures to scripts (Starlark has no exceptions).
package pyerr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Python exception names used by procstar builtins.
const (
	Empty             = "queue.Empty"
	Full              = "queue.Full"
	ValueError        = "ValueError"
	TypeError         = "TypeError"
	AssertionError    = "AssertionError"
	EOFError          = "EOFError"
	TimeoutError      = "TimeoutError"
	RuntimeError      = "RuntimeError"
	OSError           = "OSError"
	KeyError          = "KeyError"
	IndexError        = "IndexError"
	WorkerLostError   = "WorkerLostError"
	KeyboardInterrupt = "KeyboardInterrupt"
	// Generic is the type of fail(...) and of Starlark's own runtime errors.
	Generic = "Error"
)

// Error is a failure with a Python exception type. Its Error() text is
// "Type: message", so it reads like Python's last traceback line.
type Error struct {
	Type    string
	Message string
	// Remote is the traceback of a failure that happened in another process
	// (a Pool worker, a child); it is appended to the local traceback.
	Remote string
	// Attrs are the Python exception's own attributes (errno and filename
	// of an OSError, returncode of a CalledProcessError...), which catch's
	// error value exposes. A Pool task's error carries them to the owner
	// (as a pickled Python exception keeps them).
	Attrs starlark.StringDict
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

// New returns an error of the given Python type.
func New(typ, format string, args ...any) *Error {
	return &Error{Type: typ, Message: fmt.Sprintf(format, args...)}
}

// Exit is returned by sys.exit; it unwinds the thread and is never caught.
type Exit struct {
	// Code is the argument of sys.exit: None, an int, a bool or a message.
	Code starlark.Value
}

func (e *Exit) Error() string { return "SystemExit: " + e.Code.String() }

// Status is the process exit status that sys.exit(code) asks for, with the
// message to print on stderr when code is neither None nor an int.
func (e *Exit) Status() (status int, msg string) {
	switch c := e.Code.(type) {
	case starlark.NoneType:
		return 0, ""
	case starlark.Bool:
		if c {
			return 1, ""
		}
		return 0, ""
	case starlark.Int:
		// n & 0xFF, for ints of any size (two's complement, as Python's &).
		low, _ := starlark.Binary(syntax.AMP, c, starlark.MakeInt(0xFF))
		n, _ := starlark.AsInt32(low)
		return n, ""
	case starlark.String:
		return 1, string(c)
	default:
		return 1, c.String()
	}
}

// Cancelled is the error of a thread stopped by Ctrl-C or a host's context.
// It is never caught by catch().
var Cancelled = errors.New("KeyboardInterrupt")

// Uncatchable reports whether err must unwind past catch(): sys.exit and
// cancellation.
func Uncatchable(err error) bool {
	var ex *Exit
	if errors.As(err, &ex) || errors.Is(err, Cancelled) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ee *starlark.EvalError
	if errors.As(err, &ee) && strings.HasPrefix(ee.Msg, "Starlark computation cancelled") {
		return true
	}
	return false
}

// Classify returns the Python type and message of any error a Starlark call
// can return: procstar's own errors keep their type and message, fail() is
// "Error", and the interpreter's failures get Python's type and, where
// Python has the operation, its message (see interpreterRules); others
// are "Error".
func Classify(err error) (typ, msg string) {
	var pe *Error
	if errors.As(err, &pe) {
		if pe.Type == TypeError {
			// Builtins report starlark.UnpackArgs's complaints as
			// TypeErrors; they get Python's words as the interpreter's do.
			if typ, text := interpreterError(pe.Message); typ == TypeError {
				return typ, text
			}
		}
		return pe.Type, pe.Message
	}
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		msg = ee.Msg
	} else {
		msg = err.Error()
	}
	if m, ok := strings.CutPrefix(msg, "fail: "); ok {
		return Generic, m
	}
	// A builtin that re-wraps an error as text ("getattr: ValueError: x")
	// loses its type; recover a known exception name from the text.
	rest := msg
	for i := 0; i < 3; i++ {
		head, tail, ok := strings.Cut(rest, ": ")
		if !ok || strings.ContainsAny(head, " ()") {
			break
		}
		if known[head] {
			return head, tail
		}
		rest = tail
	}
	if typ, text := interpreterError(msg); typ != "" {
		return typ, text
	}
	return Generic, msg
}

var known = map[string]bool{
	Empty: true, Full: true, ValueError: true, TypeError: true, AssertionError: true,
	EOFError: true, TimeoutError: true, RuntimeError: true, OSError: true, KeyError: true,
	IndexError: true, WorkerLostError: true, "AttributeError": true,
	"ZeroDivisionError": true, "NameError": true, "OverflowError": true, "RecursionError": true,
	"BrokenBarrierError": true, "json.JSONDecodeError": true, "io.UnsupportedOperation": true,
	"UnboundLocalError": true,
}

// RemoteTraceback returns the remote traceback text carried by err, if any.
func RemoteTraceback(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Remote
	}
	return ""
}

// FormatStack renders a call stack as a traceback's frames, as Python
// does: each frame's position and function, and beneath it that line of
// source, stripped and indented (when this process compiled the file; see
// RegisterSource). Builtin frames (position "<builtin>") are dropped, since
// the calling line already says where the failure happened, and a run of
// identical frames (unbounded recursion) is cut short after three.
func FormatStack(stack starlark.CallStack) string { return formatStack(stack, SourceLine) }

// Lines gives line (1-based) of the file filename in the function frame,
// stripped, or "" (SourceLine is the process's registered files).
type Lines func(filename, frame string, line int) string

// WithLines returns err (nil if err is) carrying lines, which its traceback
// (Traceback, Stack) then takes its source lines from: the lines of an
// interactive session, whose chunks all have one file name.
func WithLines(err error, lines Lines) error {
	if err == nil || lines == nil {
		return err
	}
	return &withLines{err, lines}
}

type withLines struct {
	error
	lines Lines
}

func (w *withLines) Unwrap() error { return w.error }

// Stack is FormatStack of the Starlark call stack err carries ("" if none),
// with the source lines of WithLines if err has them.
func Stack(err error) string {
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		return ""
	}
	lines := SourceLine
	var wl *withLines
	if errors.As(err, &wl) {
		lines = wl.lines
	}
	return formatStack(ee.CallStack, lines)
}

func formatStack(stack starlark.CallStack, lines Lines) string {
	var b strings.Builder
	var last string
	repeats := 0
	flush := func() {
		if repeats > 3 {
			fmt.Fprintf(&b, "  [Previous line repeated %d more times]\n", repeats-3)
		}
	}
	for _, fr := range stack {
		if fr.Pos.Filename() == "<builtin>" {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("Traceback (most recent call last):\n")
		}
		entry := fmt.Sprintf("  %s: in %s\n", fr.Pos, fr.Name)
		if src := lines(fr.Pos.Filename(), fr.Name, int(fr.Pos.Line)); src != "" {
			entry += "    " + src + "\n"
		}
		if entry == last {
			repeats++
			if repeats <= 3 {
				b.WriteString(entry)
			}
			continue
		}
		flush()
		last, repeats = entry, 1
		b.WriteString(entry)
	}
	flush()
	return b.String()
}

// sources holds, by file name, the text of the files this process compiled,
// for the source lines of tracebacks: a *sourceText, or a SourceFunc.
var sources sync.Map

type sourceText struct {
	text  string
	lines []string // split on first use
	once  sync.Once
}

// ambiguous marks a name registered with two different texts.
var ambiguous = &sourceText{}

// SourceFunc gives the line of a file whose text depends on the frame (the
// chunks of an interactive session, all compiled under one name).
type SourceFunc func(frame string, line int) string

// RegisterSource records src as the text of the file filename. Should two
// different texts be registered under one name (two runtimes of one Go
// host), the name's frames show no source line rather than a wrong one.
func RegisterSource(filename string, src []byte) {
	if old, loaded := sources.LoadOrStore(filename, &sourceText{text: string(src)}); loaded {
		if t, ok := old.(*sourceText); ok && t != ambiguous && t.text != string(src) {
			sources.Store(filename, ambiguous)
		}
	}
}

// RegisterSourceFunc makes fn the source of the file filename.
func RegisterSourceFunc(filename string, fn SourceFunc) { sources.Store(filename, fn) }

// SourceLine returns line (1-based) of the file filename, in the function
// frame, without its leading and trailing blanks, or "" if it is unknown.
func SourceLine(filename, frame string, line int) string {
	v, ok := sources.Load(filename)
	if !ok {
		return ""
	}
	if fn, ok := v.(SourceFunc); ok {
		return strings.TrimSpace(fn(frame, line))
	}
	t := v.(*sourceText)
	t.once.Do(func() { t.lines = strings.Split(t.text, "\n") })
	if line < 1 || line > len(t.lines) {
		return ""
	}
	return strings.TrimSpace(t.lines[line-1])
}

// Traceback renders err the way procstar prints an uncaught error: the
// Starlark call stack (file:line:col of every frame), any remote frames, and
// a last line "Type: message".
func Traceback(err error) string {
	typ, msg := Classify(err)
	return Frames(err) + LastLine(typ, msg)
}

// Frames is Traceback without its last line: the local frames, then any
// remote ones. An error that crosses to another process carries these
// only, since the receiver's Traceback adds the last line once.
func Frames(err error) string {
	var b strings.Builder
	b.WriteString(Stack(err))
	if r := RemoteTraceback(err); r != "" {
		b.WriteString(r)
		if !strings.HasSuffix(r, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// LoopFailure is the reason a for loop over tasks' results (Pool.imap,
// Executor.map) is cancelled with when the task of what failed, since a
// Starlark iterator cannot raise: the error, the task's frames with the
// error beneath them as a traceback ends, and how to handle it instead.
func LoopFailure(err error, what string) string {
	typ, msg := Classify(err)
	last := LastLine(typ, msg)
	reason := last
	if r := RemoteTraceback(err); r != "" {
		reason += strings.TrimSuffix(r, "\n") + "\n" + last
	}
	return reason + "\n(a task of " + what + " failed during a for loop; use .next() inside catch() to handle it)"
}

// LastLine is a traceback's last line for an error of type typ with
// message msg: "Type: message", or "Type" alone.
func LastLine(typ, msg string) string {
	if msg == "" {
		return typ + "\n"
	}
	return typ + ": " + msg + "\n"
}
