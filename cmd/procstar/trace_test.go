package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type traceEvent struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat"`
	Ph   string         `json:"ph"`
	Pid  int            `json:"pid"`
	Dur  *int64         `json:"dur"`
	Args map[string]any `json:"args"`
}

func readTrace(t *testing.T, path string) []traceEvent {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		TraceEvents []traceEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatalf("not a Chrome trace: %v", err)
	}
	return tr.TraceEvents
}

// TestTraceSeed: --trace records a track per process (named), each
// process's top level, its exit code, the Pool's tasks on its workers'
// tracks and the waits in time.sleep; "procstar trace" makes the page.
func TestTraceSeed(t *testing.T) {
	dir, _ := filepath.Abs("../../examples")
	out := filepath.Join(t.TempDir(), "t.json")
	r := procstar(t, dir, "", 60*time.Second, "--trace", out, "seed001_pool_apply_async.star")
	if r.exit != 0 {
		t.Fatalf("exit %d\n%s", r.exit, r.stderr)
	}
	names := map[int]string{}
	count := map[string]int{}
	for _, e := range readTrace(t, out) {
		if e.Ph == "M" && e.Name == "process_name" {
			names[e.Pid], _ = e.Args["name"].(string)
		}
		key := e.Ph + " " + e.Cat + " " + strings.Fields(e.Name)[0]
		count[key]++
		if e.Ph == "i" && e.Name == "exit" && e.Args["exitcode"] != float64(0) {
			t.Errorf("exit code %v", e.Args["exitcode"])
		}
	}
	// The seed maps 10 tasks over a Pool of 3 that each sleep: the shape,
	// not the timing.
	want := map[string]int{
		"M  process_name": 4, "X run top": 4, "X task worker": 10, "X wait time.sleep": 10,
		"i process start": 3, "i process exit": 4, "X run poolworker": 3, // the root's exit too
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%q: %d events, want %d (all: %v)", k, count[k], n, count)
		}
	}
	var workers int
	for _, n := range names {
		if strings.HasPrefix(n, "SpawnPoolWorker-") {
			workers++
		}
	}
	if workers != 3 || !containsValue(names, "MainProcess") {
		t.Errorf("tracks %v", names)
	}
	page := filepath.Join(t.TempDir(), "t.html")
	if r := procstar(t, dir, "", 30*time.Second, "trace", out, "-o", page); r.exit != 0 {
		t.Fatalf("procstar trace: exit %d: %s", r.exit, r.stderr)
	}
	html, _ := os.ReadFile(page)
	if !strings.Contains(string(html), "SpawnPoolWorker-1") || !strings.Contains(string(html), "<svg") {
		t.Errorf("page:\n%.500s", html)
	}
	if r := procstar(t, dir, "", 30*time.Second, "trace", out); r.exit != 2 || !strings.Contains(r.stderr, "usage") {
		t.Errorf("trace without -o: exit %d %s", r.exit, r.stderr)
	}
}

func containsValue(m map[int]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

const killedTraced = `
def waiter(ready):
    for i in range(200):
        time.sleep(0.0001)
    ready.put(True)
    time.sleep(60)

if __name__ == "__main__":
    ready = Queue()
    p = Process(target = waiter, args = (ready,))
    p.start()
    ready.get()
    p.kill()
    p.join()
    print(p.exitcode)
`

// TestTraceKilled: a process killed mid-run leaves its events up to its
// last written batch (64 events) in the trace.
func TestTraceKilled(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "k.star"), []byte(killedTraced), 0o644)
	out := filepath.Join(dir, "t.json")
	r := procstar(t, dir, "", 60*time.Second, "--trace", out, "k.star")
	if r.exit != 0 || strings.TrimSpace(r.stdout) != "-9" {
		t.Fatalf("exit %d, stdout %q\n%s", r.exit, r.stdout, r.stderr)
	}
	names := map[int]string{}
	sleeps := map[int]int{}
	exits := map[int][]any{}
	for _, e := range readTrace(t, out) {
		if e.Ph == "M" {
			names[e.Pid], _ = e.Args["name"].(string)
		}
		if e.Name == "time.sleep" {
			sleeps[e.Pid]++
		}
		if e.Name == "exit" {
			exits[e.Pid] = append(exits[e.Pid], e.Args["exitcode"])
		}
	}
	var child int
	for pid, n := range names {
		if n == "Process-1" {
			child = pid
		}
	}
	if child == 0 || sleeps[child] < 128 || sleeps[child] > 200 {
		t.Errorf("killed child's track: pid %d, %d sleeps (want its written batches: 128..200); tracks %v", child, sleeps[child], names)
	}
	// The killed child could not record its exit: its parent did, on
	// the child's track; the root's is its own.
	for pid, name := range names {
		want := []any{float64(0)}
		if pid == child {
			want = []any{float64(-9)}
		}
		if fmt.Sprint(exits[pid]) != fmt.Sprint(want) {
			t.Errorf("%s's exit codes %v, want %v", name, exits[pid], want)
		}
	}
}

const terminatedTraced = `
def sleeper():
    time.sleep(60)

def quick():
    pass

if __name__ == "__main__":
    p = Process(target = quick)
    p.start()
    p.join()
    k = Process(target = sleeper)
    k.start()
    k.terminate()
    k.join()
    print(k.exitcode)
    sys.exit(3)
`

// TestTraceTerminated: a child terminated right after its start (before it
// opened its events' file, or named its track in it) still has its track,
// named, with its exit code, which its parent recorded; the root's track
// has the root's exit code (sys.exit(3)).
func TestTraceTerminated(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "k.star"), []byte(terminatedTraced), 0o644)
	for i := range 3 { // the kill lands at a different moment each time
		out := filepath.Join(dir, fmt.Sprintf("t%d.json", i))
		r := procstar(t, dir, "", 60*time.Second, "--trace", out, "k.star")
		if r.exit != 3 || strings.TrimSpace(r.stdout) != "-15" {
			t.Fatalf("exit %d, stdout %q\n%s", r.exit, r.stdout, r.stderr)
		}
		names := map[int]string{}
		exits := map[int][]any{}
		started := map[string]int{}
		for _, e := range readTrace(t, out) {
			if e.Ph == "M" {
				names[e.Pid], _ = e.Args["name"].(string)
			}
			if e.Ph == "i" && e.Name == "exit" {
				exits[e.Pid] = append(exits[e.Pid], e.Args["exitcode"])
			}
			if e.Ph == "i" && strings.HasPrefix(e.Name, "start ") {
				started[strings.TrimPrefix(e.Name, "start ")] = int(e.Args["pid"].(float64))
			}
		}
		want := map[string]string{"MainProcess": "[3]", "Process-1": "[0]", "Process-2": "[-15]"}
		for pid, name := range names {
			if got := fmt.Sprint(exits[pid]); got != want[name] {
				t.Errorf("run %d: %s (%d): exit codes %s, want %s", i, name, pid, got, want[name])
			}
			delete(want, name)
		}
		if len(want) != 0 || names[started["Process-2"]] != "Process-2" {
			t.Errorf("run %d: tracks %v, started %v", i, names, started)
		}
	}
}

const bigMap = `
def sq(x):
    return x * x

if __name__ == "__main__":
    p = Pool(2)
    print(sum(p.map(sq, range(100000))))
    p.close()
    p.join()
`

// TestTraceBigMap: a 100,000-task map makes a small trace (a chunk is one
// slice) and a page that holds it.
func TestTraceBigMap(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.star"), []byte(bigMap), 0o644)
	out := filepath.Join(dir, "t.json")
	r := procstar(t, dir, "", 120*time.Second, "--trace", out, "m.star")
	if r.exit != 0 || strings.TrimSpace(r.stdout) != "333328333350000" {
		t.Fatalf("exit %d, stdout %q\n%s", r.exit, r.stdout, r.stderr)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	tasks := 0
	for _, e := range readTrace(t, out) {
		if e.Cat == "task" {
			tasks++
		}
	}
	if st.Size() > 50<<20 || tasks == 0 || tasks > 1000 {
		t.Errorf("trace of %d bytes with %d task slices", st.Size(), tasks)
	}
	page := filepath.Join(dir, "t.html")
	if r := procstar(t, dir, "", 30*time.Second, "trace", out, "-o", page); r.exit != 0 {
		t.Fatalf("procstar trace: exit %d: %s", r.exit, r.stderr)
	}
	t.Logf("trace %d bytes, %d task slices", st.Size(), tasks)
}

const flowTraced = `
def producer(q, conn):
    for i in range(20):
        q.put(i)
    q.put("x" * 100)
    conn.send("done")

if __name__ == "__main__":
    q = Queue()
    a, b = Pipe()
    p = Process(target = producer, args = (q, b))
    p.start()
    got = [q.get() for i in range(21)]
    print(len(got), a.recv())
    p.join()
`

// TestTraceFlows: every item put or sent has an arrow from the producer's
// track to the consumer's get or recv, and the producer's bytes sent are
// counted.
func TestTraceFlows(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f.star"), []byte(flowTraced), 0o644)
	out := filepath.Join(dir, "t.json")
	r := procstar(t, dir, "", 60*time.Second, "--trace", out, "f.star")
	if r.exit != 0 || strings.TrimSpace(r.stdout) != "21 done" {
		t.Fatalf("exit %d, stdout %q\n%s", r.exit, r.stdout, r.stderr)
	}
	names := map[int]string{}
	flows := map[string]int{}
	var sent float64
	for _, e := range readTrace(t, out) {
		if e.Ph == "M" {
			names[e.Pid], _ = e.Args["name"].(string)
		}
		if e.Cat == "flow" {
			flows[e.Ph+" "+e.Name]++
		}
		if e.Ph == "C" && e.Name == "bytes sent" {
			sent = max(sent, e.Args["bytes"].(float64))
		}
	}
	want := map[string]int{"s Queue.put": 21, "f Queue.put": 21, "s Connection.send": 1, "f Connection.send": 1}
	for k, n := range want {
		if flows[k] != n {
			t.Errorf("%q: %d, want %d (all %v)", k, flows[k], n, flows)
		}
	}
	// 20 small ints, a 100-character string and "done": at least 100
	// bytes, and not the page's worth that a miscount would give.
	if sent < 120 || sent > 400 {
		t.Errorf("bytes sent %v", sent)
	}
}

// TestTracePageErrors: "procstar trace" fails clearly (exit 1, the reason
// on stderr) on a missing file or one that is not a trace, leaving an
// earlier page as it was; a trace of another tool whose X event lacks its
// dur makes a page, not a crash.
func TestTracePageErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "p.html")
	os.WriteFile(page, []byte("earlier page"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("garbage"), 0o644)
	for _, c := range []struct{ in, msg string }{
		{"missing.json", "no such file"},
		{"bad.json", "not a trace"},
	} {
		r := procstar(t, dir, "", 30*time.Second, "trace", c.in, "-o", page)
		if r.exit != 1 || !strings.Contains(r.stderr, c.msg) || strings.Contains(r.stderr, "panic") {
			t.Errorf("trace %s: exit %d, stderr %q", c.in, r.exit, r.stderr)
		}
		if b, _ := os.ReadFile(page); string(b) != "earlier page" {
			t.Errorf("trace %s: the page became %.80q", c.in, b)
		}
	}
	os.WriteFile(filepath.Join(dir, "nodur.json"), []byte(`{"traceEvents":[{"name":"a","cat":"task","ph":"X","ts":1,"pid":1,"tid":1},{"name":"b","cat":"wait","ph":"X","ts":2,"pid":1,"tid":1}]}`), 0o644)
	if r := procstar(t, dir, "", 30*time.Second, "trace", "nodur.json", "-o", page); r.exit != 0 {
		t.Errorf("trace of X events without dur: exit %d, stderr %.300s", r.exit, r.stderr)
	}
	if b, _ := os.ReadFile(page); !strings.Contains(string(b), "<svg") {
		t.Errorf("page %.80q", b)
	}
}

const poolWaitsTraced = `
def w(x):
    time.sleep(0.02)
    return x

if __name__ == "__main__":
    p = Pool(2)
    p.map(w, range(4))
    p.apply(w, (1,))
    p.apply_async(w, (1,)).get()
    p.apply_async(w, (1,)).wait()
    for x in p.imap(w, range(2)): pass
    p.close()
    p.join()
`

// TestTracePoolWaits: the owner's waits on a Pool (a result's get and
// wait, map, apply, imap's next, join) are slices of its track, as its
// waits in a queue's get or a process's join are.
// TestTraceNoScript: a missing script runs nothing and leaves no empty
// trace file behind (a device stays); one that does not parse leaves a
// valid trace.
func TestTraceNoScript(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "t.json")
	r := procstar(t, dir, "", 30*time.Second, "--trace", "t.json", "missing.star")
	if r.exit != 2 {
		t.Errorf("missing.star: exit %d, stderr %q", r.exit, r.stderr)
	}
	if _, err := os.Stat(trace); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing.star: the trace file is left: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "bad.star"), []byte("def f(:\n"), 0o644)
	r = procstar(t, dir, "", 30*time.Second, "--trace", "t.json", "bad.star")
	var doc struct{ TraceEvents []map[string]any }
	b, _ := os.ReadFile(trace)
	if err := json.Unmarshal(b, &doc); r.exit != 2 || err != nil || len(doc.TraceEvents) == 0 {
		t.Errorf("bad.star: exit %d, stderr %q; trace %v: %.200q", r.exit, r.stderr, err, b)
	}
	if r := procstar(t, dir, "", 30*time.Second, "--trace", os.DevNull, "missing.star"); r.exit != 2 {
		t.Errorf("--trace /dev/null missing.star: exit %d, stderr %q", r.exit, r.stderr)
	}
	if st, err := os.Stat(os.DevNull); err != nil || st.Mode().IsRegular() {
		t.Fatalf("%s: %v %v", os.DevNull, st, err)
	}
}

func TestTracePoolWaits(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "w.star"), []byte(poolWaitsTraced), 0o644)
	out := filepath.Join(dir, "t.json")
	if r := procstar(t, dir, "", 60*time.Second, "--trace", out, "w.star"); r.exit != 0 {
		t.Fatalf("exit %d\n%s", r.exit, r.stderr)
	}
	names := map[int]string{}
	waits := map[string]int{}
	evs := readTrace(t, out)
	for _, e := range evs {
		if e.Ph == "M" {
			names[e.Pid], _ = e.Args["name"].(string)
		}
	}
	for _, e := range evs {
		if e.Ph == "X" && e.Cat == "wait" && names[e.Pid] == "MainProcess" {
			waits[e.Name]++
		}
	}
	for _, name := range []string{"Pool.map", "Pool.apply", "AsyncResult.get", "AsyncResult.wait", "IMapIterator.next", "Pool.join"} {
		if waits[name] == 0 {
			t.Errorf("no %s wait on the owner's track (waits %v)", name, waits)
		}
	}
}
