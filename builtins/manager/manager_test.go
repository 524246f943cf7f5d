package manager_test

import (
	"context"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/manager"
	"github.com/procstar/procstar/runtime"
)

// serverPid is manager_pid(m) for the scripts: the server's pid.
var serverPid = starlark.NewBuiltin("manager_pid", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var m *manager.Manager
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &m); err != nil {
		return nil, err
	}
	return starlark.MakeInt(m.ServerPid()), nil
})

func hostOptions() []runtime.Option {
	return []runtime.Option{runtime.WithPredeclared(starlark.StringDict{"manager_pid": serverPid})}
}

func TestMain(m *testing.M) {
	runtime.Dispatch(hostOptions()...)
	// Under -race a process sleeps a second at exit by default, longer
	// than a manager's server is given to end after shutdown.
	os.Setenv("GORACE", "atexit_sleep_ms=0")
	os.Exit(m.Run())
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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

func run(t *testing.T, src string) (string, string, error) {
	t.Helper()
	var out, errb syncBuffer
	opts := append(hostOptions(), runtime.WithStdout(&out), runtime.WithStderr(&errb))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := runtime.New(opts...).ExecSource(ctx, "test.star", []byte(src))
	if ctx.Err() != nil {
		t.Fatalf("timed out; stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	}
	return out.String(), errb.String(), err
}

// A server killed while clients are connected, one of them waiting for a
// reply: every operation then fails with EOFError, in every process, and
// the owner still ends normally.
func TestServerKilled(t *testing.T) {
	out, stderr, err := run(t, `
def waiting(d, ready, go):
    d["y"] = 1  # connected
    ready.set()
    go.wait()
    r, err = catch(lambda: d["x"])  # the server is stopped: this waits
    print("waiting child:", err)

def later(d):
    r, err = catch(lambda: d["x"])
    print("later child:", err)

if __name__ == "__main__":
    m = Manager()
    d = m.dict(x=1)
    pid = manager_pid(m)
    ready, go = Event(), Event()
    p = Process(target=waiting, args=(d, ready, go))
    p.start()
    ready.wait()
    time.sleep(0.2)  # the server waits for requests, holding no lock
    os.kill(pid, 19)  # SIGSTOP: the child's request stays unanswered
    time.sleep(0.1)
    go.set()
    time.sleep(0.3)
    os.kill(pid, 9)
    p.join()
    r, err = catch(lambda: d["x"])
    print("owner:", err)
    q = Process(target=later, args=(d,))
    q.start()
    q.join()
    print("exitcodes:", p.exitcode, q.exitcode)
    r, err = catch(m.shutdown)
    print("shutdown:", r, err)
`)
	if err != nil {
		t.Fatalf("error: %v\nstderr:\n%s", err, stderr)
	}
	want := `waiting child: EOFError: manager SyncManager-1 has shut down
owner: EOFError: manager SyncManager-1 has shut down
later child: EOFError: manager SyncManager-1 has shut down
exitcodes: 0 0
shutdown: None None
`
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", out, want, stderr)
	}
}

// The server of a root that ends without shutdown() is stopped (it would
// otherwise keep the run from returning), and the hook sees it end with 0.
func TestServerStoppedAtExit(t *testing.T) {
	var mu sync.Mutex
	var events []runtime.ProcessEvent
	var out syncBuffer
	opts := append(hostOptions(), runtime.WithStdout(&out), runtime.WithHook(func(e runtime.ProcessEvent) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}))
	err := runtime.New(opts...).ExecSource(context.Background(), "test.star", []byte(`
if __name__ == "__main__":
    m = Manager()
    d = m.dict()
    d["a"] = 1
    print(d)
`))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "{\"a\": 1}\n" {
		t.Errorf("stdout %q", out.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) != 2 || events[0].Name != "SyncManager-1" || !events[0].Start || events[1].Start || events[1].ExitCode != 0 {
		t.Errorf("events: %+v", events)
	}
}

// A cancelled context stops a root waiting for a manager's reply.
func TestCancelWhileWaiting(t *testing.T) {
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		opts := append(hostOptions(), runtime.WithStdout(&out))
		done <- runtime.New(opts...).ExecSource(ctx, "test.star", []byte(`
if __name__ == "__main__":
    m = Manager()
    d = m.dict(x=1)
    time.sleep(0.2)  # the server waits for requests, holding no lock
    os.kill(manager_pid(m), 19)  # SIGSTOP: no reply ever comes
    time.sleep(0.1)
    print("stopped")
    d["x"]
`))
	}()
	for !strings.Contains(out.String(), "stopped") {
		select {
		case err := <-done:
			t.Fatalf("ended early: %v; stdout:\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "KeyboardInterrupt") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
		t.Fatal("cancellation did not stop the wait")
	}
}
