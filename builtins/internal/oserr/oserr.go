// Package oserr turns Go's errors from the operating system into Python's
// OSError subclasses, with CPython's text: FileNotFoundError: [Errno 2] No
// such file or directory: 'name'.
package oserr

import (
	"errors"
	"strings"
	"syscall"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// subclass is the OSError subclass CPython raises for errno (PEP 3151),
// or "" for a plain OSError.
func subclass(errno syscall.Errno) string {
	switch errno {
	case syscall.ENOENT:
		return "FileNotFoundError"
	case syscall.EEXIST:
		return "FileExistsError"
	case syscall.EISDIR:
		return "IsADirectoryError"
	case syscall.ENOTDIR:
		return "NotADirectoryError"
	case syscall.EACCES, syscall.EPERM:
		return "PermissionError"
	case syscall.ECHILD:
		return "ChildProcessError"
	case syscall.ESRCH:
		return "ProcessLookupError"
	case syscall.EPIPE:
		return "BrokenPipeError"
	case syscall.EINTR:
		return "InterruptedError"
	case syscall.ETIMEDOUT:
		return "TimeoutError"
	case syscall.ECONNREFUSED:
		return "ConnectionRefusedError"
	case syscall.ECONNRESET:
		return "ConnectionResetError"
	case syscall.ECONNABORTED:
		return "ConnectionAbortedError"
	case syscall.EAGAIN:
		return "BlockingIOError"
	}
	return ""
}

// New is err as Python reports it for an operation on the file filename:
// "[Errno N] Message: 'filename'", typed by errno. An empty filename is
// named too (two quotes), as CPython's os.stat("") names it. An error
// without an errno is a plain OSError with Go's text.
func New(err error, filename string) error {
	if nul(err, filename) {
		return errNul()
	}
	e := Errno(err)
	if pe, ok := e.(*pyerr.Error); ok && pe.Attrs != nil {
		pe.Message += ": " + pyformat.QuoteStr(filename)
		pe.Attrs["filename"] = starlark.String(filename)
	}
	return e
}

// Errno is err as Python reports it when no file is involved: "[Errno N]
// Message", typed by errno. An error without an errno is a plain OSError
// with Go's text.
func Errno(err error) error {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return pyerr.New(pyerr.OSError, "%s", err.Error())
	}
	typ := subclass(errno)
	if typ == "" {
		typ = pyerr.OSError
	}
	msg := errno.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	e := pyerr.New(typ, "[Errno %d] %s", int(errno), msg)
	e.Attrs = starlark.StringDict{"errno": starlark.MakeInt(int(errno)), "strerror": starlark.String(msg),
		"filename": starlark.None, "filename2": starlark.None}
	return e
}

// NewPair is New for an operation on two paths (rename): CPython's
// "[Errno N] Message: 'src' -> 'dst'".
func NewPair(err error, src, dst string) error {
	if nul(err, dst) {
		return errNul()
	}
	e := New(err, src)
	if pe, ok := e.(*pyerr.Error); ok && strings.HasPrefix(pe.Message, "[Errno") {
		pe.Message += " -> " + pyformat.QuoteStr(dst)
		if pe.Attrs != nil {
			pe.Attrs["filename2"] = starlark.String(dst)
		}
	}
	return e
}

// errNul is CPython's error for a path with a NUL, which it checks before
// any system call.
func errNul() error { return pyerr.New(pyerr.ValueError, "embedded null byte") }

// nul is whether err is Go's EINVAL for a path with a NUL (syscall's
// BytePtrFromString), the path's fault rather than the system's.
func nul(err error, path string) bool {
	return errors.Is(err, syscall.EINVAL) && strings.IndexByte(path, 0) >= 0
}
