package pool_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

const workersScript = `
def pid(x):
    time.sleep(0.05)
    return os.getpid()

def nap(x):
    time.sleep(x)
    return x

def spin(x):
    while True:
        pass

if __name__ == "__main__":
    p = Pool(3)
    print("workers:", sorted(set(p.map(pid, range(3), chunksize = 1))))
`

// Cancelling the run (Ctrl-C) while the owner waits in map stops the pool
// and every worker within a second, with one KeyboardInterrupt.
func TestCancelDuringMap(t *testing.T) {
	for _, task := range []string{"nap, [30] * 6", "spin, range(6)"} {
		t.Run(strings.Split(task, ",")[0], func(t *testing.T) {
			var out, errb syncBuffer
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			src := workersScript + "    p.map(" + task + ", chunksize = 1)\n"
			go func() {
				done <- runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb)).ExecSource(ctx, "main.star", []byte(src))
			}()
			waitFor(t, &out, "workers:")
			pids := pidsAfter(t, out.String(), "workers:")
			if len(pids) != 3 {
				t.Fatalf("workers %v, want 3", pids)
			}
			time.Sleep(100 * time.Millisecond)
			t0 := time.Now()
			cancel()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("the run did not end after cancellation")
			}
			if d := time.Since(t0); d > time.Second {
				t.Errorf("the run ended %v after cancellation, want within 1 s", d)
			}
			var se *runtime.ScriptError
			if !errors.As(err, &se) || se.Type != "KeyboardInterrupt" {
				t.Errorf("err = %v, want a KeyboardInterrupt", err)
			}
			if errb.String() != "" {
				t.Errorf("stderr: %q", errb.String())
			}
			gone(t, pids)
		})
	}
}

// A pool whose owner ends without closing it is terminated: no worker
// outlives the script, whatever it was doing.
func TestOwnerEndsWithoutClosing(t *testing.T) {
	var mu sync.Mutex
	started, exited := map[int]string{}, map[int]bool{}
	hook := func(e runtime.ProcessEvent) {
		mu.Lock()
		defer mu.Unlock()
		if e.Start {
			started[e.Pid] = e.Name
		} else {
			exited[e.Pid] = true
		}
	}
	var out, errb syncBuffer
	src := workersScript + `
    p.apply_async(nap, (30,))
    p.map_async(spin, range(4), chunksize = 1)
    q = Pool(1, maxtasksperchild = 1)
    q.apply_async(nap, (30,))
    time.sleep(0.2)
`
	t0 := time.Now()
	err := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb), runtime.WithHook(hook)).ExecSource(context.Background(), "main.star", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("the script took %v", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(started) != 4 {
		t.Errorf("started %v, want 4 workers", started)
	}
	var pids []int
	for pid, name := range started {
		if !strings.HasPrefix(name, "SpawnPoolWorker-") {
			t.Errorf("child %q", name)
		}
		if !exited[pid] {
			t.Errorf("no exit event for %s (%d)", name, pid)
		}
		pids = append(pids, pid)
	}
	gone(t, pids)
}

// In a session (the REPL), a pool outlives the statement that made it, runs
// the session's functions, and a cancelled statement stops it.
func TestSession(t *testing.T) {
	var out, errb syncBuffer
	r := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb))
	ss, err := r.NewSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			ss.Close()
		}
	}()
	exec := func(src string) error {
		t.Helper()
		_, err := ss.Exec(context.Background(), src)
		return err
	}
	for _, src := range []string{
		"def sq(x):\n    return x * x\n",
		"def nap(x):\n    time.sleep(x)\n    return x\n",
		"p = Pool(2)",
		"print(p.map(sq, range(5)))",
		"r = p.apply_async(sq, (7,))",
		"print(r.get(), list(p.imap(sq, [1, 2])))",
	} {
		if err := exec(src); err != nil {
			t.Fatalf("%s: %v\n%s", src, err, errb.String())
		}
	}
	// Redefined: the pool runs the current definition.
	if err := exec("def sq(x):\n    return -x\n"); err != nil {
		t.Fatal(err)
	}
	if err := exec("print(p.map(sq, range(3)))"); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err = ss.Exec(ctx, "p.map(nap, [30, 30], chunksize = 1)")
	if d := time.Since(t0); d > 1300*time.Millisecond {
		t.Errorf("cancelled statement took %v", d)
	}
	var se *runtime.ScriptError
	if !errors.As(err, &se) || se.Type != "KeyboardInterrupt" {
		t.Errorf("cancelled statement: %v, want KeyboardInterrupt", err)
	}
	if err := exec("print(catch(p.map, sq, [1])[1])"); err != nil {
		t.Fatal(err)
	}
	if err := exec("p = Pool(1)\nprint(p.apply(sq, (4,)))"); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	ss.Close() // the output is all there
	closed = true
	// The interrupted statement did not stop the pool an earlier one made.
	want := "[0, 1, 4, 9, 16]\n49 [1, 4]\n[0, -1, -2]\nNone\n-4\n"
	if got := out.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}
