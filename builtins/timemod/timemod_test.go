package timemod

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

func run(ctx context.Context, src string) (starlark.StringDict, error) {
	var out bytes.Buffer
	thread := &starlark.Thread{Name: "test"}
	procenv.Set(thread, &procenv.Env{Ctx: ctx, Stdout: &out, Stderr: &out})
	return starlark.ExecFileOptions(dialect.Options, thread, "test.star", src,
		starlark.StringDict{"time": Module()})
}

func wantErr(t *testing.T, src, typ, msg string) {
	t.Helper()
	_, err := run(context.Background(), src)
	if err == nil {
		t.Fatalf("%s: no error, want %s: %s", src, typ, msg)
	}
	gotTyp, gotMsg := pyerr.Classify(err)
	if gotTyp != typ || gotMsg != msg {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", src, gotTyp, gotMsg, typ, msg)
	}
}

func TestSleep(t *testing.T) {
	start := time.Now()
	_, err := run(context.Background(), `
time.sleep(0.05)
time.sleep(0)
time.sleep(0.0)
r = time.sleep(0)
if r != None:
    fail(r)
`)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 50*time.Millisecond || d > 2*time.Second {
		t.Errorf("sleep took %v", d)
	}
	start = time.Now()
	if _, err := run(context.Background(), `time.sleep(1 // 20)`); err != nil { // int argument (0)
		t.Fatal(err)
	}
	if _, err := run(context.Background(), `time.sleep(False + 0)`); err == nil {
		t.Error("bool + int should fail in Starlark")
	}
}

func TestSleepErrors(t *testing.T) {
	wantErr(t, `time.sleep(-1)`, pyerr.ValueError, "sleep length must be non-negative")
	wantErr(t, `time.sleep(-0.5)`, pyerr.ValueError, "sleep length must be non-negative")
	wantErr(t, `time.sleep(float("nan"))`, pyerr.ValueError, "Invalid value NaN (not a number)")
	wantErr(t, `time.sleep(float("inf"))`, "OverflowError", "timestamp too large to convert to C _PyTime_t")
	wantErr(t, `time.sleep(1e300)`, "OverflowError", "timestamp too large to convert to C _PyTime_t")
	wantErr(t, `time.sleep("1")`, pyerr.TypeError, "'str' object cannot be interpreted as an integer")
	wantErr(t, `time.sleep(None)`, pyerr.TypeError, "'NoneType' object cannot be interpreted as an integer")
	wantErr(t, `time.sleep()`, pyerr.TypeError, "sleep() takes exactly one argument (0 given)")
	wantErr(t, `time.sleep(secs=1)`, pyerr.TypeError, "sleep() takes no keyword arguments")
	wantErr(t, `time.sleep(1, 2)`, pyerr.TypeError, "sleep() takes exactly one argument (2 given)")
	wantErr(t, `time.time(1)`, pyerr.TypeError, "time() takes no arguments (1 given)")
	wantErr(t, `time.monotonic(1)`, pyerr.TypeError, "monotonic() takes no arguments (1 given)")
	wantErr(t, `time.perf_counter(1)`, pyerr.TypeError, "perf_counter() takes no arguments (1 given)")
}

func TestSleepCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := run(ctx, "time.sleep(30)\nprint('not reached')")
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancelled := time.Now()
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("sleep did not return after cancellation")
	}
	if d := time.Since(cancelled); d > 100*time.Millisecond {
		t.Errorf("sleep returned %v after cancellation", d)
	}
	if !errors.Is(err, pyerr.Cancelled) || !errors.Is(err, context.Canceled) || !pyerr.Uncatchable(err) {
		t.Errorf("err = %v, want pyerr.Cancelled wrapping context.Canceled", err)
	}
	if typ, msg := pyerr.Classify(err); msg != "KeyboardInterrupt" {
		t.Errorf("Classify = %s, %s", typ, msg)
	}

	// A context cancelled before the call: even sleep(0) stops.
	_, err = run(ctx, `time.sleep(0)`)
	if !errors.Is(err, pyerr.Cancelled) {
		t.Errorf("sleep(0) with cancelled ctx: %v", err)
	}

	// Deadline.
	dctx, dcancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer dcancel()
	start := time.Now()
	_, err = run(dctx, `time.sleep(10)`)
	if !errors.Is(err, pyerr.Cancelled) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
	if d := time.Since(start); d > 130*time.Millisecond {
		t.Errorf("deadline sleep took %v", d)
	}
}

func TestClocks(t *testing.T) {
	before := float64(time.Now().UnixNano()) / 1e9
	g, err := run(context.Background(), `
t = time.time()
m1 = time.monotonic()
p1 = time.perf_counter()
time.sleep(0.02)
m2 = time.monotonic()
p2 = time.perf_counter()
types = [type(t), type(m1), type(p1)]
`)
	if err != nil {
		t.Fatal(err)
	}
	after := float64(time.Now().UnixNano()) / 1e9
	f := func(name string) float64 { return float64(g[name].(starlark.Float)) }
	if tt := f("t"); tt < before || tt > after {
		t.Errorf("time() = %v, not in [%v, %v]", tt, before, after)
	}
	if d := f("m2") - f("m1"); d < 0.019 || d > 2 {
		t.Errorf("monotonic advanced %v", d)
	}
	if d := f("p2") - f("p1"); d < 0.019 || d > 2 {
		t.Errorf("perf_counter advanced %v", d)
	}
	if s := g["types"].String(); s != `["float", "float", "float"]` {
		t.Errorf("types = %s", s)
	}
}

// asctime(None) is a TypeError in CPython (only an absent argument means
// now), unlike ctime(None).
func TestAsctimeNone(t *testing.T) {
	wantErr(t, `time.asctime(None)`, pyerr.TypeError, "Tuple or struct_time argument required")
	if _, err := run(context.Background(), `time.asctime()
time.ctime(None)`); err != nil {
		t.Fatal(err)
	}
}
