package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime"
)

// square is a builtin written in Go. A host passes it to Dispatch as well as
// to New: children are the host binary re-executed, and Dispatch is how they
// get their configuration, so a child can call it too. (This package's
// TestMain passes hostOptions, which hold it, to Dispatch.)
var square = starlark.NewBuiltin("square", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &n); err != nil {
		return nil, err
	}
	return starlark.MakeInt(n * n), nil
})

// scripts is a file system of scripts, for WithFS. Children load from it
// too, so it is in hostOptions as well.
var scripts = fstest.MapFS{
	"app/main.star": {Data: []byte(`
load("lib/greet.star", "greet")

def work(who):
    print(greet(who), "from", current_process().name)

if __name__ == "__main__":
    p = Process(target=work, args=("child",))
    p.start()
    p.join()
    work("parent")
`)},
	"app/lib/greet.star": {Data: []byte(`
def greet(who):
    return "hello, " + who
`)},
}

// geometry is a module written in Go, for WithModule.
var geometry = &starlarkstruct.Module{
	Name: "geometry",
	Members: starlark.StringDict{
		"pi": starlark.Float(3.14159),
		"area": starlark.NewBuiltin("area", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var w, h starlark.Value
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "w", &w, "h", &h); err != nil {
				return nil, err
			}
			fw, ok1 := starlark.AsFloat(w)
			fh, ok2 := starlark.AsFloat(h)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("area: want numbers, got %s and %s", w.Type(), h.Type())
			}
			return starlark.Float(fw * fh), nil
		}),
	},
}

// hostOptions are the options every runtime of this host shares, and what
// its Dispatch gets.
func hostOptions() []runtime.Option {
	return []runtime.Option{
		runtime.WithPredeclared(starlark.StringDict{"square": square}),
		runtime.WithModule("geometry", geometry),
		runtime.WithFS(scripts),
	}
}

// A host program calls Dispatch first thing in main, with the options its
// runtimes use, as a Python program calls freeze_support(): in a child (the
// host binary re-executed by Process.start) Dispatch runs the child and
// exits; otherwise it returns at once and main goes on.
func Example_dispatch() {
	// func main() {
	runtime.Dispatch(hostOptions()...)

	rt := runtime.New(hostOptions()...)
	err := rt.ExecSource(context.Background(), "main.star", []byte(`
def work(n):
    print("child computes", square(n))

if __name__ == "__main__":
    p = Process(target=work, args=(12,))
    p.start()
    p.join()
    print("exit code", p.exitcode)
`))
	if err != nil {
		fmt.Println(err)
	}
	// }

	// Output:
	// child computes 144
	// exit code 0
}

// New builds a runtime from options; it can run any number of scripts, even
// at once.
func ExampleNew() {
	rt := runtime.New(
		runtime.WithArgv([]string{"report.star", "--verbose"}),
		runtime.WithMaxProcs(16),
	)
	err := rt.ExecSource(context.Background(), "report.star", []byte(`print(sys.argv)`))
	fmt.Println(err)

	// Output:
	// ['report.star', '--verbose']
	// <nil>
}

// ExecSource runs a script given as a string. Errors are typed: a
// *ScriptError carries the Python exception name and the traceback; an
// *ExitError a sys.exit status; a *SourceError a syntax error.
func ExampleRuntime_ExecSource() {
	var out strings.Builder
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out))
	err := rt.ExecSource(context.Background(), "fails.star", []byte(`
def check(n):
    if n < 0:
        fail("negative:", n)

print("checking")
check(-1)
`))
	var se *runtime.ScriptError
	if errors.As(err, &se) {
		fmt.Print(out.String())
		fmt.Println("type:", se.Type)
		fmt.Print(se.Traceback)
	}

	err = rt.ExecSource(context.Background(), "exits.star", []byte(`sys.exit(3)`))
	var ee *runtime.ExitError
	if errors.As(err, &ee) {
		fmt.Println("exit status", ee.Code)
	}

	// Output:
	// checking
	// type: Error
	// Traceback (most recent call last):
	//   fails.star:7:6: in <toplevel>
	//     check(-1)
	//   fails.star:4:13: in check
	//     fail("negative:", n)
	// Error: negative: -1
	// exit status 3
}

// A Go builtin given with WithPredeclared (or a module given with
// WithModule) is there in every process, children included, provided the
// host also passes it to Dispatch (see Example_dispatch).
func ExampleWithPredeclared() {
	rt := runtime.New(hostOptions()...)
	err := rt.ExecSource(context.Background(), "squares.star", []byte(`
def work(n):
    print(n, "squared is", square(n), "in", current_process().name)

if __name__ == "__main__":
    for n in [2, 3]:
        p = Process(target=work, args=(n,), name="worker-%d" % n)
        p.start()
        p.join()
`))
	fmt.Println(err)

	// Output:
	// 2 squared is 4 in worker-2
	// 3 squared is 9 in worker-3
	// <nil>
}

// WithModule adds a module written in Go: predeclared under its name and
// loadable with load(), in every process (Dispatch gets it too).
func ExampleWithModule() {
	rt := runtime.New(hostOptions()...) // they hold runtime.WithModule("geometry", geometry)
	err := rt.ExecSource(context.Background(), "shapes.star", []byte(`
load("geometry", "area")

def work():
    print("child:", area(w=2, h=3), geometry.pi)

if __name__ == "__main__":
    print("root:", area(w=1.5, h=2))
    p = Process(target=work)
    p.start()
    p.join()
    p = Process(target=area, args=(1, 2))  # a module's builtin as a target
    p.start()
    p.join()
    print("exit code", p.exitcode)
`))
	fmt.Println(err)

	// Output:
	// root: 3.0
	// child: 6.0 3.14159
	// exit code 0
	// <nil>
}

// WithFS makes ExecFile and load() read scripts from an fs.FS (here an
// in-memory one; embed.FS works the same). Paths are slash-separated and
// relative to the file system's root; load() resolves relative to the
// loading file. Children load from it too.
func ExampleWithFS() {
	rt := runtime.New(hostOptions()...) // they hold runtime.WithFS(scripts)
	err := rt.ExecFile(context.Background(), "app/main.star")
	fmt.Println(err)

	// Output:
	// hello, child from Process-1
	// hello, parent from MainProcess
	// <nil>
}

// WithDir sets the working directory of a run: ExecFile, load() and
// open() resolve relative paths against it, in the root and in its
// children, whatever the host's own working directory.
func ExampleWithDir() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "names.txt"), []byte("ada\ngrace\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "job.star"), []byte(`
def greet(name):
    print("hello,", name, "from", current_process().name)

if __name__ == "__main__":
    for name in open("names.txt").read().split():
        p = Process(target=greet, args=(name,))
        p.start()
        p.join()
`), 0o644)

	rt := runtime.New(runtime.WithDir(dir))
	err = rt.ExecFile(context.Background(), "job.star")
	fmt.Println(err)

	// Output:
	// hello, ada from Process-1
	// hello, grace from Process-2
	// <nil>
}

// WithMaxProcs bounds the live processes of a run's tree, the root
// included: a start() past the limit fails with a RuntimeError, which a
// script can catch and go on.
func ExampleWithMaxProcs() {
	rt := runtime.New(runtime.WithMaxProcs(2), runtime.WithStderr(os.Stdout))
	err := rt.ExecSource(context.Background(), "limited.star", []byte(`
def wait(e):
    e.wait()

if __name__ == "__main__":
    e = Event()
    first = Process(target=wait, args=(e,))
    first.start()
    _, err = catch(Process(target=wait, args=(e,)).start)
    print(err)
    e.set()
    first.join()
`))
	fmt.Println(err)

	// Output:
	// RuntimeError: cannot start Process-2: the process tree already holds 2 live processes, the limit set by --max-procs (raise it with --max-procs N)
	// <nil>
}

// WithoutModules takes builtins away from scripts: here what reaches the
// file system (os, open, shutil, glob, pathlib, tempfile, gzip, and logging,
// whose basicConfig(filename=...) and FileHandler write files) and every way
// to start a process (multiprocessing, subprocess).
func ExampleWithoutModules() {
	rt := runtime.New(
		runtime.WithoutModules("os", "open", "shutil", "glob", "pathlib", "tempfile", "gzip", "logging", "multiprocessing", "subprocess"),
		runtime.WithStderr(os.Stdout),
	)
	for _, src := range []string{
		`print("sys is still there:", sys.argv)`,
		`os.getpid()`,
		`load("multiprocessing", "Process")`,
		`Process(target=print).start()`,
	} {
		err := rt.ExecSource(context.Background(), "sandbox.star", []byte(src))
		if err != nil {
			fmt.Println(err)
		}
	}

	// Output:
	// sys is still there: ['sandbox.star']
	// sandbox.star:1:1: undefined: os
	// Error: cannot load multiprocessing: no builtin module "multiprocessing" (loaded files end in .star; builtin modules: argparse, base64, bisect, collections, copy, csv, datetime, fnmatch, functools, getpass, hashlib, heapq, io, itertools, json, math, operator, platform, pprint, random, re, shlex, signal, socket, statistics, string, sys, textwrap, time, urllib, urllib.parse, uuid, zoneinfo)
	// sandbox.star:1:1: undefined: Process
}

// WithHook sees each child start and end, with its name, pid, exit code and
// run time. The hook runs in the process that started the child: the root
// for its children; in a child (configured by Dispatch) for grandchildren.
func ExampleWithHook() {
	hook := func(e runtime.ProcessEvent) {
		if e.Start {
			fmt.Printf("start %s (pid > 0: %v)\n", e.Name, e.Pid > 0)
		} else {
			fmt.Printf("exit %s with code %d (ran > 0s: %v)\n", e.Name, e.ExitCode, e.Duration > 0)
		}
	}
	rt := runtime.New(runtime.WithHook(hook))
	err := rt.ExecSource(context.Background(), "hooked.star", []byte(`
def work(code):
    sys.exit(code)

if __name__ == "__main__":
    p = Process(target=work, args=(3,), name="worker")
    p.start()
    p.join()
    print("joined")
`))
	fmt.Println(err)

	// Output:
	// start worker (pid > 0: true)
	// exit worker with code 3 (ran > 0s: true)
	// joined
	// <nil>
}

// WithMaxSteps bounds the Starlark computation of each process (and of each
// Script.Call or Session statement): a script that runs away fails with a
// clear error, for which errors.Is(err, runtime.ErrMaxSteps) holds.
func ExampleWithMaxSteps() {
	rt := runtime.New(runtime.WithMaxSteps(10000))
	err := rt.ExecSource(context.Background(), "loop.star", []byte(`
n = 0
while True:
    n += 1
`))
	fmt.Println(errors.Is(err, runtime.ErrMaxSteps))
	fmt.Println(err)

	// Output:
	// true
	// Error: Starlark computation cancelled: too many steps: reached the limit of Starlark execution steps (10000)
}

// Load runs a script's top level once and keeps it; Call then calls its
// global functions, which may start processes. Close applies Python's exit
// rules: it waits for the non-daemonic children still running.
func ExampleScript_Call() {
	rt := runtime.New(hostOptions()...)
	ctx := context.Background()
	script, err := rt.LoadSource(ctx, "service.star", []byte(`
def work(n):
    print("worker squares", n, "->", square(n))

def handle(items):
    procs = [Process(target=work, args=(n,)) for n in items]
    for p in procs:
        p.start()
        p.join()
    return [p.exitcode for p in procs]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer script.Close()

	v, err := script.Call(ctx, "handle", starlark.NewList([]starlark.Value{starlark.MakeInt(5), starlark.MakeInt(7)}))
	fmt.Println(v, err)

	// Output:
	// worker squares 5 -> 25
	// worker squares 7 -> 49
	// [0, 0] <nil>
}

// Cancelling the context of a run stops the whole process tree, children
// and grandchildren, and returns an error that wraps the context's.
func ExampleRuntime_ExecSource_cancel() {
	rt := runtime.New()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	err := rt.ExecSource(ctx, "forever.star", []byte(`
def forever():
    Process(target=time.sleep, args=(3600,)).start()
    time.sleep(3600)

if __name__ == "__main__":
    p = Process(target=forever)
    p.start()
    p.join()
`))
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	fmt.Println(err)

	// Output:
	// true
	// KeyboardInterrupt
}

// A host builtin that blocks waits on the run's context (runtime.Context),
// so that a cancelled run stops it, as procstar's own blocking calls stop.
func ExampleContext() {
	wait := starlark.NewBuiltin("wait_for_event", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		select {
		case <-runtime.Context(thread).Done():
			return nil, runtime.Context(thread).Err()
		case <-time.After(time.Hour): // an event that never comes
			return starlark.None, nil
		}
	})
	rt := runtime.New(runtime.WithPredeclared(starlark.StringDict{"wait_for_event": wait}))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := rt.ExecSource(ctx, "wait.star", []byte(`wait_for_event()`))
	fmt.Println(errors.Is(err, context.DeadlineExceeded))

	// Output:
	// true
}

// A Session runs statements one at a time in the same globals, as Python's
// prompt does; procstar's REPL is one. A function defined in the session can
// be a Process target.
func ExampleRuntime_NewSession() {
	rt := runtime.New()
	ctx := context.Background()
	session, err := rt.NewSession(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer session.Close()
	for _, stmt := range []string{
		"total = 6 * 7",
		"total",
		"def hello(name):\n    print('hello from', name)\n",
		"p = Process(target=hello, args=('a child',)); p.start(); p.join()",
		"p.exitcode",
	} {
		v, err := session.Exec(ctx, stmt)
		switch {
		case err != nil:
			fmt.Println(err)
		case v != starlark.None:
			fmt.Println(v)
		}
	}

	// Output:
	// 42
	// hello from a child
	// 0
}
