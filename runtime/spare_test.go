package runtime_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// spareProcs lists this process's children that are warm spares, by the
// argv a spare is started with.
func spareProcs(t *testing.T) []int {
	t.Helper()
	me := strconv.Itoa(os.Getpid())
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(f) < 2 || f[1] != me {
			continue
		}
		cmd, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if strings.Contains(string(cmd), "--procstar-child=(spare)") {
			out = append(out, pid)
		}
	}
	return out
}

// waitNoSpares fails unless every spare of this process is gone soon.
func waitNoSpares(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(spareProcs(t)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("spares outlived the run: %v", spareProcs(t))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func warmStarts(events []runtime.ProcessEvent, prefix string) (warm, cold int) {
	for _, e := range events {
		if !e.Start || !strings.HasPrefix(e.Name, prefix) {
			continue
		}
		if e.Warm {
			warm++
		} else {
			cold++
		}
	}
	return
}

// TestSpares: after the first start, starts use warm spares; what a cold
// start gets at exec (os.environ, the working directory, sys.argv) and the
// main module as it is now reach a warm child; spares are not children;
// none is left once the run ends.
func TestSpares(t *testing.T) {
	waitNoSpares(t)
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	var log eventLog
	src := `
def show(i, ev):
    print(i, os.environ.get("SPARE_VAR"), os.getenv("SPARE_VAR"), os.getcwd(), sys.argv, LATE)
    ev.wait()

LATE = "top"

if __name__ == "__main__":
    for i in range(4):
        os.environ["SPARE_VAR"] = "v%d" % i
        if i == 2:
            os.chdir("sub")
        ev = Event()
        p = Process(target=show, args=(i, ev))
        p.start()
        active = len(active_children())  # the child, not the spares
        ev.set()
        p.join()
        print("active", active, "after join", len(active_children()), p.exitcode)
        time.sleep(0.5)  # the spare is exec'd and waiting
`
	stdout, stderr, err := exec(t, src, runtime.WithDir(dir), runtime.WithHook(log.hook), runtime.WithArgv([]string{"test.star", "a1"}))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	want := ""
	for i := range 4 {
		cwd := dir
		if i >= 2 {
			cwd = sub
		}
		want += strconv.Itoa(i) + " v" + strconv.Itoa(i) + " v" + strconv.Itoa(i) + " " + cwd + ` ['test.star', 'a1'] top` + "\nactive 1 after join 0 0\n"
	}
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	warm, cold := warmStarts(log.list(), "Process-")
	if warm < 2 || cold < 1 {
		t.Errorf("%d warm and %d cold starts, want the first cold and at least 2 warm", warm, cold)
	}
	waitNoSpares(t)
}

// TestNoSparesWithoutStarts: a script that starts no process has no spare.
func TestNoSparesWithoutStarts(t *testing.T) {
	waitNoSpares(t)
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- runtime.New(runtime.WithStdout(&out)).ExecSource(t.Context(), "t.star", []byte(`
print("ready")
time.sleep(1)
`))
	}()
	waitFor(t, &out, "ready")
	time.Sleep(300 * time.Millisecond)
	if s := spareProcs(t); len(s) != 0 {
		t.Errorf("spares %v in a script that starts nothing", s)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestSparesMaxProcs: spares count against --max-procs but never make a
// start fail: with room for one child, the spare gives way (or serves the
// start), whichever process starts, and whatever the kind of child.
func TestSparesMaxProcs(t *testing.T) {
	waitNoSpares(t)
	var log eventLog
	src := `
def noop():
    pass

def sq(x):
    return x * x

if __name__ == "__main__":
    for i in range(3):
        p = Process(target=noop)
        p.start()
        p.join()
        print("start", i, p.exitcode)
        time.sleep(0.3)
    pool = Pool(1)  # another kind than the spare's: it gives way
    print("pool", pool.map(sq, [1, 2, 3]))
    pool.terminate()
    pool.join()
    time.sleep(0.3)
    p = Process(target=noop)
    p.start()
    p.join()
    print("after pool", p.exitcode)
`
	stdout, stderr, err := exec(t, src, runtime.WithMaxProcs(2), runtime.WithHook(log.hook))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	want := "start 0 0\nstart 1 0\nstart 2 0\npool [1, 4, 9]\nafter pool 0\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", stdout, want, stderr)
	}
	if warm, _ := warmStarts(log.list(), "Process-"); warm < 1 {
		t.Errorf("no warm start with --max-procs 2: the spare should serve the start")
	}

	// Another process of the tree takes the root's spare's slot.
	stdout, stderr, err = exec(t, `
def noop():
    pass

def starts_one():
    time.sleep(0.5)  # the root's spare has taken the last slot by now
    p = Process(target=noop)
    p.start()
    p.join()
    print("grandchild", p.exitcode)

if __name__ == "__main__":
    p = Process(target=starts_one)
    p.start()
    p.join()
    print("child", p.exitcode)
`, runtime.WithMaxProcs(3))
	if err != nil || stdout != "grandchild 0\nchild 0\n" {
		t.Errorf("err %v, stdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	waitNoSpares(t)
}

// TestSparesPool: Pool workers, and their replacements, start from spares
// of their own kind.
func TestSparesPool(t *testing.T) {
	waitNoSpares(t)
	var log eventLog
	src := `
def sq(x):
    return x * x

if __name__ == "__main__":
    for i in range(3):
        p = Pool(2)
        print(p.map(sq, range(4)))
        p.terminate()
        p.join()
        time.sleep(0.5)
`
	stdout, stderr, err := exec(t, src, runtime.WithHook(log.hook))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if want := strings.Repeat("[0, 1, 4, 9]\n", 3); stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if warm, _ := warmStarts(log.list(), "SpawnPoolWorker-"); warm < 2 {
		t.Errorf("%d warm worker starts, want at least 2", warm)
	}
	waitNoSpares(t)
}

// TestWithoutSpares: WithSpares(0) starts every child cold.
func TestWithoutSpares(t *testing.T) {
	var log eventLog
	src := `
def noop():
    pass

if __name__ == "__main__":
    for i in range(3):
        p = Process(target=noop)
        p.start()
        p.join()
        time.sleep(0.2)
`
	if _, stderr, err := exec(t, src, runtime.WithSpares(0), runtime.WithHook(log.hook)); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if warm, cold := warmStarts(log.list(), "Process-"); warm != 0 || cold != 3 {
		t.Errorf("%d warm, %d cold starts; want 0 and 3", warm, cold)
	}
}

// TestSparesEmptyEnviron: an environment emptied since the spare started
// reaches the child empty, as at a cold start's exec. (The test runs
// without GO* variables: a change of one makes the spare unusable.)
func TestSparesEmptyEnviron(t *testing.T) {
	saved := os.Environ()
	t.Cleanup(func() {
		os.Clearenv()
		for _, kv := range saved {
			if k, v, ok := strings.Cut(kv, "="); ok {
				os.Setenv(k, v)
			}
		}
	})
	for _, kv := range saved {
		if strings.HasPrefix(kv, "GO") {
			k, _, _ := strings.Cut(kv, "=")
			os.Unsetenv(k)
		}
	}
	var log eventLog
	src := `
def count():
    print(len(os.environ), os.getenv("PATH"))

if __name__ == "__main__":
    p = Process(target=count)
    p.start()
    p.join()
    time.sleep(0.5)
    os.environ.clear()
    p = Process(target=count)
    p.start()
    p.join()
`
	stdout, stderr, err := exec(t, src, runtime.WithHook(log.hook))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if lines := strings.Split(stdout, "\n"); len(lines) != 3 || lines[1] != "0 None" {
		t.Errorf("stdout:\n%s\nwant the second child to see an empty environment", stdout)
	}
	if warm, _ := warmStarts(log.list(), "Process-"); warm != 1 {
		t.Errorf("%d warm starts, want 1", warm)
	}
}

// TestSparesTZ: a spare reads the local zone as it warms up, so one
// started under another TZ is not used; a child sees the TZ of its start,
// warm or cold.
func TestSparesTZ(t *testing.T) {
	t.Setenv("TZ", "")
	var log eventLog
	src := `
def zone(i):
    print(i, time.tzname[0], time.timezone, time.localtime(0).tm_hour)

if __name__ == "__main__":
    for i, tz in enumerate(["UTC0", "EST5", "EST5"]):
        os.environ["TZ"] = tz
        p = Process(target=zone, args=(i,))
        p.start()
        p.join()
        time.sleep(0.5)  # a spare is warmed up under tz
`
	stdout, stderr, err := exec(t, src, runtime.WithHook(log.hook))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if want := "0 UTC 0 0\n1 EST 18000 19\n2 EST 18000 19\n"; stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if warm, _ := warmStarts(log.list(), "Process-"); warm != 1 {
		t.Errorf("%d warm starts, want 1 (the third)", warm)
	}
}
