// Package shmtest holds tests of the shared-memory layer seen from
// scripts: the lifetime of shared objects created, passed around and
// dropped by Starlark code across processes.
package shmtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	goruntime "runtime"
	"sync"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/node"
)

// Test builtins, in every process of the tree: gc() collects garbage until
// the arena's object count stops changing (cleanups run after the
// collection, and the root's death watcher may hold an object a moment);
// arena() returns the arena's figures.
var testBuiltins = starlark.StringDict{
	"gc":    starlark.NewBuiltin("gc", gcBuiltin),
	"arena": starlark.NewBuiltin("arena", arenaBuiltin),
}

var opts = []runtime.Option{runtime.WithPredeclared(testBuiltins)}

func TestMain(m *testing.M) {
	runtime.Dispatch(opts...)
	os.Setenv("GORACE", "atexit_sleep_ms=0")
	os.Exit(m.Run())
}

func gcBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a := node.FromThread(thread).Arena
	prev, same := -1, 0
	for i := 0; i < 200 && same < 5; i++ {
		goruntime.GC()
		time.Sleep(2 * time.Millisecond)
		n := a.Stats().Objects
		if n == prev {
			same++
		} else {
			same = 0
		}
		prev = n
	}
	return starlark.None, nil
}

func arenaBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	st := node.FromThread(thread).Arena.Stats()
	d := starlark.NewDict(4)
	d.SetKey(starlark.String("objects"), starlark.MakeInt(st.Objects))
	d.SetKey(starlark.String("used"), starlark.MakeUint64(st.Top-st.FreeSpanLen))
	d.SetKey(starlark.String("resident"), starlark.MakeUint64(st.Resident))
	d.SetKey(starlark.String("inflight"), starlark.MakeInt(st.Inflight))
	d.SetKey(starlark.String("kinds"), starlark.String(fmt.Sprint(st.ByKind)))
	return d, nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run runs a script as a process tree's root and returns its output.
func run(t *testing.T, src string, timeout time.Duration) string {
	t.Helper()
	var out, errb syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	o := append([]runtime.Option{runtime.WithStdout(&out), runtime.WithStderr(&errb)}, opts...)
	if err := runtime.New(o...).ExecSource(ctx, "lifetime.star", []byte(src)); err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	if s := errb.String(); s != "" {
		t.Logf("stderr:\n%s", s)
	}
	return out.String()
}

// iterations of the create-and-drop loops (fewer under the race detector,
// which makes the interpreter some ten times slower).
func iterations() int {
	if raceEnabled {
		return 20000
	}
	return 100000
}

// Creating and dropping queues, locks and pipes in a loop keeps the arena
// flat: every object is destroyed once its last handle is collected, and
// the arena's pressure on the garbage collector bounds how many wait.
func TestLoopKeepsArenaFlat(t *testing.T) {
	n := iterations()
	src := fmt.Sprintf(`
def main():
    base = arena()
    peak = 0
    for i in range(%d):
        q = Queue()
        q.put(i)
        l = Lock()
        l.acquire()
        a, b = Pipe()
        a.send(i)
        if i %% 1000 == 0:
            peak = max(peak, arena()["objects"] - base["objects"])
        if i == 10000:
            gc()
            mid = arena()
    q, l, a, b = None, None, None, None
    gc()
    end = arena()
    print("left", end["objects"] - base["objects"], "inflight", end["inflight"])
    print("peak", peak)
    print("used grew by", end["used"] - mid["used"])

if __name__ == "__main__":
    main()
`, n)
	out := run(t, src, 10*time.Minute)
	t.Logf("%d iterations:\n%s", n, out)
	var left, inflight, peak, grew int
	if _, err := fmt.Sscanf(out, "left %d inflight %d\npeak %d\nused grew by %d", &left, &inflight, &peak, &grew); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if left != 0 || inflight != 0 {
		t.Errorf("%d objects, %d inflight slots left", left, inflight)
	}
	if peak > 20000 {
		t.Errorf("up to %d objects alive at once", peak)
	}
	if grew > 8<<20 {
		t.Errorf("allocated arena memory grew by %d bytes between iteration 10000 and the end", grew)
	}
}

// Objects live as long as a process or a message refers to them: created
// by a child that exits, they survive in a queue's message until read; a
// pipe end given to a child that dies before attaching it is closed.
// (Each step is a function of its own: the interpreter's frame of a
// running function may keep values it no longer uses.)
func TestObjectsOutliveTheirCreator(t *testing.T) {
	src := `
def make(q):
    v = Value("i", 42)
    a, b = Pipe()
    a.send("hello")
    l = Lock()
    q.put((v, b, l))
    # a, v, b and l are dropped when the child ends; the message keeps
    # v, b and l, and b's other end is closed.

def from_dead_child():
    q = Queue()
    p = Process(target=make, args=(q,))
    p.start()
    p.join()
    gc()
    v, b, l = q.get()
    print("value", v.value)
    print("recv", b.recv())
    print("then", catch(b.recv)[1].type)
    print("lock", l.acquire(False))

def sleeper(conn):
    time.sleep(60)

def killed_before_attaching():
    a, b = Pipe()
    p = Process(target=sleeper, args=(b,))
    p.start()
    b.close()
    p.kill()
    p.join()
    print("recv after kill:", catch(a.recv)[1].type)

def unused():
    a, b = Pipe()
    p = Process(target=len, args=(b,))
    p.start()
    b.close()
    p.join()
    print("recv after exit:", catch(a.recv)[1].type)

def user(q, done):
    l = q.get()
    done.get()  # the root dropped its own handle meanwhile
    print("child:", l.acquire(False), l.acquire(False))

def put_lock(q):
    q.put(Lock())

def used_elsewhere():
    q, done = Queue(), Queue()
    p = Process(target=user, args=(q, done))
    p.start()
    put_lock(q)
    gc()
    done.put(1)
    p.join()

def main():
    base = arena()["objects"]
    used_elsewhere()
    from_dead_child()
    gc()
    print("left", arena()["objects"] - base)
    killed_before_attaching()
    unused()
    gc()
    print("left", arena()["objects"] - base, arena()["kinds"])

if __name__ == "__main__":
    main()
`
	out := run(t, src, 2*time.Minute)
	want := `child: True False
value 42
recv hello
then EOFError
lock True
left 0
recv after kill: EOFError
recv after exit: EOFError
left 0 map[]
`
	if out != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out, want)
	}
}
