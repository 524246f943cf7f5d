package runtime_test

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// The seam of cluster mode, tested without a cluster: testLauncher runs
// each Job in a subprocess (this test binary re-executed, running ExecJob
// from TestMain), which stands for another machine, with its output
// streamed back.

// jobEnv marks the subprocess of a testLauncher job.
const jobEnv = "PROCSTAR_TEST_JOB"

// testLauncher places every child in a subprocess that runs ExecJob.
type testLauncher struct {
	stdout, stderr io.Writer
	launched       *sync.Map // job names, for the tests to check
	// nested: launched by a job's subprocess, it says so on stderr (the
	// tests' only view of it).
	nested bool
	// redeliver: its pool transport queues every task twice, as a queue
	// that redelivers may.
	redeliver bool
	// workers: see workerReplies.
	workers *sync.Map
}

func (l testLauncher) Launch(ctx context.Context, job *runtime.Job) (runtime.Remote, error) {
	if job.Build != runtime.BuildID() {
		return nil, fmt.Errorf("job of build %s refused by build %s", job.Build, runtime.BuildID())
	}
	cmd := osexec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), jobEnv+"=1")
	// Another machine's working directory: nothing of the script there.
	cmd.Dir = os.TempDir()
	cmd.Stdout, cmd.Stderr = l.stdout, l.stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if l.launched != nil {
		l.launched.Store(job.Name, job.Kind)
	}
	if l.nested {
		fmt.Fprintf(l.stderr, "test launcher: %s\n", job.Name)
	}
	r := &testRemote{cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		in.Close()
		if rs, ok := l.workerReplies().LoadAndDelete(job.Name); ok {
			rs.(*testReplies).exit() // a pool worker's messages end here
		}
		close(r.done)
	}()
	// stdin stays open: its EOF tells the job its parent is gone.
	if err := gob.NewEncoder(in).Encode(job); err != nil {
		cmd.Process.Kill()
	}
	return r, nil
}

type testRemote struct {
	cmd  *osexec.Cmd
	done chan struct{}
}

func (r *testRemote) Pid() int              { return r.cmd.Process.Pid }
func (r *testRemote) Host() string          { return "testhost" }
func (r *testRemote) Done() <-chan struct{} { return r.done }

func (r *testRemote) Signal(sig syscall.Signal) error {
	select {
	case <-r.done:
		return nil
	default:
	}
	if err := r.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

func (r *testRemote) ExitCode() int {
	ws := r.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return -int(ws.Signal())
	}
	return ws.ExitStatus()
}

// runTestJob is the subprocess of a testLauncher job: it reads the job on
// stdin and runs it with ExecJob, its own children going through a
// testLauncher too.
func runTestJob() {
	var job runtime.Job
	if err := gob.NewDecoder(os.Stdin).Decode(&job); err != nil {
		fmt.Fprintln(os.Stderr, "test job:", err)
		os.Exit(1)
	}
	go func() {
		io.Copy(io.Discard, os.Stdin)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}()
	l := testLauncher{stdout: os.Stdout, stderr: os.Stderr, nested: true, workers: new(sync.Map)}
	rt := runtime.New(append(hostOptions(), runtime.WithLauncher(l))...)
	os.Exit(rt.ExecJob(context.Background(), &job, os.Stdout, os.Stderr))
}

// execRemote runs src with every child placed by a testLauncher, from a
// directory holding files (src is its main.star).
func execRemote(t *testing.T, src string, files map[string]string, opts ...runtime.Option) (stdout, stderr string, err error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.star"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	l := testLauncher{stdout: &out, stderr: &errb, workers: new(sync.Map)}
	opts = append([]runtime.Option{runtime.WithStdout(&out), runtime.WithStderr(&errb), runtime.WithDir(dir), runtime.WithLauncher(l)}, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err = runtime.New(opts...).ExecFile(ctx, "main.star")
	if ctx.Err() != nil {
		t.Fatalf("script timed out\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	}
	return out.String(), errb.String(), err
}

// execLaunched runs src (as name) with every child placed by a
// testLauncher: its output, and the names the launcher placed with their
// kinds.
func execLaunched(t *testing.T, name, src string, opts ...runtime.Option) (stdout, stderr string, launched *sync.Map, err error) {
	return execLaunchedBy(t, testLauncher{}, name, src, opts...)
}

// execLaunchedBy is execLaunched with l (its writers set here).
func execLaunchedBy(t *testing.T, l testLauncher, name, src string, opts ...runtime.Option) (stdout, stderr string, launched *sync.Map, err error) {
	t.Helper()
	launched = new(sync.Map)
	var out, errb syncBuffer
	l.stdout, l.stderr, l.launched, l.workers = &out, &errb, launched, new(sync.Map)
	opts = append([]runtime.Option{runtime.WithStdout(&out), runtime.WithStderr(&errb), runtime.WithLauncher(l)}, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	err = runtime.New(opts...).ExecSource(ctx, name, []byte(src))
	if ctx.Err() != nil {
		t.Fatalf("script timed out\nstdout:\n%s\nstderr:\n%s\nthe pool's goroutines:\n%s", out.String(), errb.String(), poolGoroutines())
	}
	return out.String(), errb.String(), launched, err
}

// poolGoroutines are the stacks of this process's goroutines in the pool
// package or this test's transport: where a script that hangs waits.
func poolGoroutines() string {
	buf := make([]byte, 1<<22)
	buf = buf[:goruntime.Stack(buf, true)]
	var keep []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "builtins/pool.") || strings.Contains(g, "runtime_test.(*test") {
			keep = append(keep, g)
		}
	}
	return strings.Join(keep, "\n\n")
}

// TestLauncherProcess: a Process placed by a Launcher looks like a local
// one: names and identities (its children are placed too), pid and host,
// exit codes, join(timeout), is_alive, daemon, active_children, output,
// and the main module re-run from the shipped files (the job runs where
// they are not on disk).
func TestLauncherProcess(t *testing.T) {
	lib := `
def double(x):
    return 2 * x
`
	src := `
load("lib.star", "double")
load("multiprocessing", "Process", "current_process", "parent_process", "active_children")
load("os", "getpid")
load("sys", "exit")
load("time", "sleep")

def report(tag):
    me = current_process()
    print(tag, me.name, __name__, me.daemon, me.pid == getpid(), me.host != "")
    pp = parent_process()
    pp.join(0.01)
    print(tag, "parent", pp.name, pp.is_alive(), pp.host == None, "double", double(21))

def nested():
    report("child")
    q = Process(target=report, args=("grandchild",))
    q.start()
    q.join()
    print("child sees grandchild", q.name, q.exitcode, q.host)

def code(n):
    exit(n)

def fail():
    fail_here = {}["missing"]

def sleeper():
    sleep(60)

def usr1():
    os.kill(getpid(), 10)
    sleep(60)  # the signal is on its way

if __name__ == "__main__":
    p = Process(target=nested)
    print("before", p.pid, p.exitcode, p.host, p.is_alive())
    p.start()
    p.join()
    print("nested", p.name, p.exitcode, p.host, p.is_alive())
    for arg in [0, 3, 256 + 7, None, "message"]:
        c = Process(target=code, args=(arg,))
        c.start()
        c.join()
        print("exit", arg, c.exitcode)
    e = Process(target=fail)
    e.start()
    e.join()
    print("error", e.exitcode)
    s = Process(target=sleeper, daemon=True)
    s.start()
    s.join(0.2)
    print("after join(timeout)", s.is_alive(), s.exitcode, s.daemon, [c.name for c in active_children()])
    s.terminate()
    s.join()
    print("terminated", s.exitcode, s.is_alive(), len(active_children()))
    k = Process(target=sleeper)
    k.start()
    k.kill()
    k.join()
    print("killed", k.exitcode)
    u = Process(target=usr1)
    u.start()
    u.join()
    print("SIGUSR1", u.exitcode)
`
	out, errOut, err := execRemote(t, src, map[string]string{"lib.star": lib})
	if err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	want := `before None None None False
child Process-1 __mp_main__ False True True
child parent MainProcess True True double 42
grandchild Process-1:1 __mp_main__ False True True
grandchild parent Process-1 True True double 42
child sees grandchild Process-1:1 0 testhost
nested Process-1 0 testhost False
exit 0 0
exit 3 3
exit 263 7
exit None 0
exit message 1
error 1
after join(timeout) True None True ['Process-8']
terminated -15 False 0
killed -9
SIGUSR1 -10
`
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	for _, w := range []string{"message\n", "Process Process-7:\nTraceback (most recent call last):\n", "KeyError", "test launcher: Process-1:1\n"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
}

// TestLauncherSharedObjects: a shared object cannot reach a process on
// another machine yet: start() fails at once with a TypeError naming it and
// its place in the arguments.
func TestLauncherSharedObjects(t *testing.T) {
	t.Parallel()
	out, errOut, err := execRemote(t, `
def work(q):
    pass

if __name__ == "__main__":
    for args, kwargs in [((Queue(),), {}), ((1, [Lock()]), {}), ((), {"v": {"k": Value("i", 1)}})]:
        p = Process(target=work, args=args, kwargs=kwargs)
        _, err = catch(p.start)
        print(err.type, "|", err.message, "|", p.pid)
`, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	want := `TypeError | args[0]: cannot send a Queue to a process on another machine: it lives in this machine's shared memory | None
TypeError | args[1][0]: cannot send a Lock to a process on another machine: it lives in this machine's shared memory | None
TypeError | kwargs["v"]["k"]: cannot send a Synchronized to a process on another machine: it lives in this machine's shared memory | None
`
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
}

// TestLauncherTree: the root's normal end joins a non-daemonic remote
// child and terminates a daemonic one; hook events carry the remote pids;
// --max-procs counts remote children; a Manager's server stays on this
// machine.
func TestLauncherTree(t *testing.T) {
	t.Parallel()
	var log eventLog
	out, errOut, launched, err := execLaunched(t, "tree.star", `
def late():
    time.sleep(0.3)
    print("late child done")

if __name__ == "__main__":
    m = Manager()
    d = m.dict()
    a = Process(target=late)
    a.start()
    d = Process(target=time.sleep, args=(60,), daemon=True)
    d.start()
    b = Process(target=late)
    _, err = catch(b.start)
    print(err.type, "|", err.message)
    print("pid", a.pid)
    print("pid", d.pid)
    print("root done")
`, runtime.WithHook(log.hook), runtime.WithMaxProcs(4))
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	want := "RuntimeError | cannot start Process-4: the process tree already holds 4 live processes, the limit set by --max-procs (raise it with --max-procs N)\n"
	if !strings.HasPrefix(out, want) || !strings.HasSuffix(out, "root done\nlate child done\n") {
		t.Errorf("stdout:\n%s", out)
	}
	var names []string
	launched.Range(func(k, _ any) bool { names = append(names, k.(string)); return true })
	sort.Strings(names)
	if strings.Join(names, " ") != "Process-2 Process-3" {
		t.Errorf("launched %v, want Process-2 and Process-3 (the Manager's server stays here)", names)
	}
	all := pids(out)
	waitGone(t, all, 5*time.Second)
	seen := map[string][]string{}
	for _, e := range log.list() {
		if want := map[string]int{"Process-2": all[0], "Process-3": all[1]}[e.Name]; want != 0 && e.Pid != want {
			t.Errorf("event %+v: want pid %d", e, want)
		}
		seen[e.Name] = append(seen[e.Name], fmt.Sprint(e.Start, e.ExitCode))
	}
	if got := strings.Join(seen["Process-2"], ","); got != "true 0,false 0" {
		t.Errorf("events of Process-2: %v", got)
	}
	if got := strings.Join(seen["Process-3"], ","); got != "true 0,false -15" {
		t.Errorf("events of the daemon Process-3: %v", got)
	}
}

// TestLauncherCancel: cancelling the root kills its remote children (and
// theirs) by Remote.Signal.
func TestLauncherCancel(t *testing.T) {
	t.Parallel()
	var out, errb syncBuffer
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb),
		runtime.WithLauncher(testLauncher{stdout: &out, stderr: &errb, workers: new(sync.Map)}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- rt.ExecSource(ctx, "cancel.star", []byte(`
load("os", "getpid")

def inner():
    print("pid", getpid())
    time.sleep(60)

def outer():
    p = Process(target=inner)
    p.start()
    print("pid", getpid())
    p.join()

if __name__ == "__main__":
    Process(target=outer).start()
    time.sleep(60)
`))
	}()
	waitFor(t, &out, `(?s)(pid \d+\n.*){2}`)
	all := pids(out.String())
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ExecSource did not return after cancel")
	}
	waitGone(t, all, 5*time.Second)
}

// TestCoreDependencies: the core binary links only the core module's four
// dependencies: the seam drags no cluster engine in.
func TestCoreDependencies(t *testing.T) {
	if _, err := osexec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	cmd := osexec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./cmd/procstar")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	mods := map[string]bool{}
	for _, m := range strings.Fields(string(out)) {
		if m != "github.com/procstar/procstar" {
			mods[m] = true
		}
	}
	allowed := []string{"go.starlark.net", "github.com/chzyer/readline", "golang.org/x/sys", "github.com/vmihailenco/msgpack/v5"}
	for _, m := range allowed {
		delete(mods, m)
	}
	// msgpack's own dependency comes with it.
	delete(mods, "github.com/vmihailenco/tagparser/v2")
	if len(mods) > 0 {
		t.Errorf("cmd/procstar links modules beyond the core's four: %v", mods)
	}
}

// TestLauncherPool: a Pool of a process whose Launcher implements
// pool.Transports places its workers through it and feeds them from one
// queue: map, apply_async, imap, errors, timeout=, a worker killed
// mid-task (WorkerLostError, replaced), maxtasksperchild, shared objects
// refused, terminate.
func TestLauncherPool(t *testing.T) {
	t.Parallel()
	out, errOut, launched, err := execLaunched(t, "pool.star", `
def sq(x):
    return x * x

def where(x):
    me = current_process()
    return me.name.startswith("SpawnPoolWorker-") and me.daemon and __name__ == "__mp_main__"

def boom(x):
    return {}[x]

def work(x):
    if x == "kill":
        os.kill(os.getpid(), 9)
    return x

def hide(s):
    parts = s.split("(pid ")
    for k in range(1, len(parts)):
        parts[k] = "N" + parts[k][parts[k].find(")"):]
    s = "(pid ".join(parts)
    parts = s.split("SpawnPoolWorker-")
    for k in range(1, len(parts)):
        parts[k] = "N" + parts[k][parts[k].find(" "):]
    return "SpawnPoolWorker-".join(parts)

def show(label, fn, *args, **kwargs):
    v, err = catch(fn, *args, **kwargs)
    print(label, "->", hide(str(err)) if err else v)

if __name__ == "__main__":
    p = Pool(2)
    print(p.map(sq, range(10)))
    print(p.map(sq, range(7), chunksize=3))
    print(all(p.map(where, range(4), chunksize=1)))
    print(p.apply_async(sq, (7,)).get(timeout=60))
    print(sorted(p.imap_unordered(sq, range(5))))
    print(list(p.imap(sq, range(5), chunksize=2)))
    _, err = catch(p.apply, boom, ("k",))
    print("KeyError" in str(err))
    show("kill", p.apply, work, ("kill",))
    show("after", p.apply, work, ("fine",))
    show("timeout", p.apply, time.sleep, (60,), timeout=0.3)
    show("queue", p.apply, sq, (Queue(),))
    done = []
    r = p.map_async(sq, range(4), chunksize=1, callback=done.append)
    r.wait(60)
    print("callback", done)
    p.close()
    p.join()
    p = Pool(1, maxtasksperchild=1)
    print(len(set([p.apply(os.getpid) for _ in range(3)])))
    r = p.apply_async(time.sleep, (60,))
    p.terminate()
    show("terminated", r.get, 10)
`)
	if err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	want := `[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
[0, 1, 4, 9, 16, 25, 36]
True
49
[0, 1, 4, 9, 16]
[0, 1, 4, 9, 16]
True
kill -> WorkerLostError: worker SpawnPoolWorker-N (pid N) was killed by signal 9 (SIGKILL)
after -> fine
timeout -> TimeoutError: task did not finish within its timeout of 0.3 s: its worker SpawnPoolWorker-N (pid N) was killed
queue -> TypeError: args[0]: cannot send a Queue to a process on another machine: it lives in this machine's shared memory
callback [[0, 1, 4, 9]]
3
terminated -> RuntimeError: the Pool was terminated before the task finished
`
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", out, want, errOut)
	}
	kinds := 0
	launched.Range(func(k, v any) bool {
		if strings.HasPrefix(k.(string), "SpawnPoolWorker-") && v == "poolworker" {
			kinds++
		}
		return true
	})
	if kinds < 4 {
		t.Errorf("%d pool workers launched, want at least 4 (2, a replacement, 3 with maxtasksperchild=1)", kinds)
	}
}

// TestLauncherNested: a remote child has its own tree: its Pool's workers
// and its children are placed through the same Launcher, its shared
// objects are its own.
func TestLauncherNested(t *testing.T) {
	t.Parallel()
	out, errOut, launched, err := execLaunched(t, "nested.star", `
def sq(x):
    return x * x

def put(q):
    q.put(current_process().name)

def inner():
    p = Pool(2)
    print(current_process().name, p.map(sq, range(5), chunksize=1))
    p.close()
    p.join()
    q = Queue()
    put(q)
    print("own queue", q.get(timeout=10))

if __name__ == "__main__":
    c = Process(target=inner)
    c.start()
    c.join()
    print("exit", c.exitcode)
`)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	want := "Process-1 [0, 1, 4, 9, 16]\nown queue Process-1\nexit 0\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", out, want, errOut)
	}
	if _, ok := launched.Load("Process-1"); !ok {
		t.Error("Process-1 was not launched")
	}
	for _, name := range []string{"SpawnPoolWorker-1:1", "SpawnPoolWorker-1:2"} {
		if !strings.Contains(errOut, "test launcher: "+name+"\n") {
			t.Errorf("%s was not launched:\n%s", name, errOut)
		}
	}
}

// TestProcessHost: Process.host, beyond Python, is None before start and
// this machine's name for a local child and current_process().
func TestProcessHost(t *testing.T) {
	t.Parallel()
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	out, _, err := exec(t, `
def noop():
    pass

if __name__ == "__main__":
    p = Process(target=noop)
    print(p.host)
    p.start()
    p.join()
    print(p.host)
    print(current_process().host)
`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "None\n" + host + "\n" + host + "\n"; out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
}

// TestLauncherSession: a session's (REPL's) definitions so far travel with
// a launched child, as its main module.
func TestLauncherSession(t *testing.T) {
	t.Parallel()
	var out, errb syncBuffer
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb),
		runtime.WithLauncher(testLauncher{stdout: &out, stderr: &errb, workers: new(sync.Map)}))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := rt.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, src := range []string{
		"load('json', 'dumps')",
		"def show(v):\n    print(current_process().name, dumps(v))\n",
		"p = Process(target=show, args=([1, 'a'],)); p.start(); p.join()",
		"def show2(v):\n    show(v * 2)\n",
		"p = Process(target=show2, args=(21,)); p.start(); p.join()",
	} {
		if _, err := s.Exec(ctx, src); err != nil {
			t.Fatalf("%q: %v\n%s", src, err, errb.String())
		}
	}
	if want := "Process-1 [1, \"a\"]\nProcess-2 42\n"; out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", out.String(), want, errb.String())
	}
}

// TestLauncherRedelivery: results are delivered once, by task id, though
// the queue hands every task out twice (two workers may run one task).
func TestLauncherRedelivery(t *testing.T) {
	t.Parallel()
	out, errOut, _, err := execLaunchedBy(t, testLauncher{redeliver: true}, "dup.star", `
def sq(x):
    return x * x

if __name__ == "__main__":
    p = Pool(2)
    print(p.map(sq, range(20), chunksize=1))
    done = []
    for i in range(6):
        p.apply_async(sq, (i,), callback=done.append)
    p.close()
    p.join()
    print(sorted(done))
`)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	want := "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225, 256, 289, 324, 361]\n[0, 1, 4, 9, 16, 25]\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", out, want, errOut)
	}
}
