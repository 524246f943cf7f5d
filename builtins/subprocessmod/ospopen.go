package subprocessmod

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// OSPopen is os.popen(cmd, mode, buffering): the program run through
// /bin/sh -c as Popen(cmd, shell=True, text=True) runs it, with a pipe to
// its stdout (mode "r") or from its stdin ("w"), wrapped as Python's
// os._wrap_close: the pipe's methods, and a close() that waits for the
// program and returns None for a return code of 0, else the code as a wait
// status (code << 8; a signal's -N gives -N << 8, as Python computes it).
// The os module checks the arguments (os depends on subprocess).
func OSPopen(thread *starlark.Thread, cmd string, write bool, bufsize int) (starlark.Value, error) {
	o := opts{args: starlark.String(cmd), shell: true, text: true,
		stdin: starlark.None, stdout: starlark.None, stderr: starlark.None, input: starlark.None,
		cwd: starlark.None, env: starlark.None, timeout: starlark.None,
		textArg: starlark.True, universalArg: starlark.None, encoding: starlark.None, errors: starlark.None, bufsize: bufsize}
	if write {
		o.stdin = starlark.MakeInt(PIPE)
	} else {
		o.stdout = starlark.MakeInt(PIPE)
	}
	p, err := start(thread, &o, false)
	if err != nil {
		return nil, err
	}
	w := &wrapClose{p: p, stream: p.stdout, thread: thread}
	if write {
		w.stream = p.stdin
	}
	return w, nil
}

// wrapClose is os._wrap_close: the pipe, and the program behind it.
type wrapClose struct {
	p      *Popen
	stream starlark.HasAttrs // a *Stream (mode "r") or a *Writer ("w")
	thread *starlark.Thread  // the opener's, which a loop over a "w" pipe ends
}

var (
	_ starlark.HasAttrs = (*wrapClose)(nil)
	_ starlark.Iterable = (*wrapClose)(nil)
)

func (w *wrapClose) String() string        { return fmt.Sprintf("<os._wrap_close object at %p>", w) }
func (w *wrapClose) Type() string          { return "_wrap_close" }
func (w *wrapClose) Freeze()               {}
func (w *wrapClose) Truth() starlark.Bool  { return starlark.True }
func (w *wrapClose) Hash() (uint32, error) { return uint32(w.p.pid), nil }

// Iterate reads the program's output by line. A pipe of mode "w" cannot
// be read: as a file's loop does, it ends the opener's thread with Python's
// error (a Starlark iterator cannot fail).
func (w *wrapClose) Iterate() starlark.Iterator {
	if it, ok := w.stream.(starlark.Iterable); ok {
		return it.Iterate()
	}
	return notReadable{w.thread}
}

func (w *wrapClose) AttrNames() []string { return w.stream.AttrNames() }

func (w *wrapClose) Attr(name string) (starlark.Value, error) {
	if name != "close" {
		v, err := w.stream.Attr(name)
		if v != nil || err != nil {
			return v, err
		}
		// The other direction's methods: Python's text file has them all.
		switch name {
		case "read", "readline", "readlines":
			return unsupported(name, "not readable"), nil
		case "write", "writelines":
			return unsupported(name, "not writable"), nil
		}
		return nil, nil
	}
	return starlark.NewBuiltin("close", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		closeStream, err := w.stream.Attr("close")
		if err != nil {
			return nil, err
		}
		if _, err := starlark.Call(thread, closeStream, nil, nil); err != nil {
			return nil, err
		}
		if _, err := w.p.wait(thread, -1); err != nil {
			return nil, err
		}
		w.p.observed = true
		rc, _ := starlark.AsInt32(w.p.returncode)
		if rc == 0 {
			return starlark.None, nil
		}
		return starlark.MakeInt(rc << 8), nil
	}).BindReceiver(w), nil
}

// unsupported is a method that raises io.UnsupportedOperation(msg).
func unsupported(name, msg string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return nil, pyerr.New("io.UnsupportedOperation", "%s", msg)
	})
}

// notReadable is the iterator of a pipe to a program.
type notReadable struct{ thread *starlark.Thread }

func (n notReadable) Next(*starlark.Value) bool {
	n.thread.Cancel("io.UnsupportedOperation: not readable\n(in a for loop over os.popen(cmd, \"w\"))")
	return false
}
func (notReadable) Done() {}
