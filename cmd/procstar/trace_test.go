package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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
		"i process start": 3, "i process exit": 3, "X run poolworker": 3,
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
	exits := 0
	for _, e := range readTrace(t, out) {
		if e.Ph == "M" {
			names[e.Pid], _ = e.Args["name"].(string)
		}
		if e.Name == "time.sleep" {
			sleeps[e.Pid]++
		}
		if e.Name == "exit" {
			exits++
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
	if exits != 0 {
		t.Errorf("a killed process recorded an exit")
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

// pageScript: a producer process, a Pool, and the root waiting on both.
const pageScript = `
load("multiprocessing", "Pool", "Process", "Queue")

def sq(x):
    return x * x

def produce(q):
    for i in range(5):
        q.put(i)

if __name__ == "__main__":
    q = Queue()
    p = Process(target = produce, args = (q,))
    p.start()
    print([q.get() for _ in range(5)])
    p.join()
    pool = Pool(2)
    print(pool.map(sq, range(10)))
    pool.close()
    pool.join()
`

// TestTracePageInChromium loads the page of a run's trace in a real
// headless browser (Debian's chromium; skipped without one): no console
// error, one lane per process in the drawn timeline, each process's life
// in the table no longer than the run, and a screenshot with the lanes'
// colours in it.
func TestTracePageInChromium(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium on PATH (.ci/run installs Debian's)")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.star"), []byte(pageScript), 0o644)
	out, page, shot := filepath.Join(dir, "t.json"), filepath.Join(dir, "t.html"), filepath.Join(dir, "t.png")
	start := time.Now()
	if r := procstar(t, dir, "", 60*time.Second, "--trace", out, "m.star"); r.exit != 0 {
		t.Fatalf("exit %d\n%s", r.exit, r.stderr)
	}
	run := time.Since(start)
	if r := procstar(t, dir, "", 30*time.Second, "trace", out, "-o", page); r.exit != 0 {
		t.Fatalf("procstar trace: exit %d: %s", r.exit, r.stderr)
	}
	var pids []int
	for _, e := range readTrace(t, out) {
		if e.Ph == "M" && e.Name == "process_name" {
			pids = append(pids, e.Pid)
		}
	}

	// The flags keep a root-run Chromium off the network and the sandbox.
	chromium := func(args ...string) (stdout, stderr string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, browser, append([]string{"--headless", "--no-sandbox", "--disable-gpu",
			"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0",
			"--window-size=1200,700"}, args...)...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", browser, err, e.String())
		}
		return o.String(), e.String()
	}
	dom, log := chromium("--dump-dom", "file://"+page)
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "CONSOLE") || strings.Contains(line, "Uncaught") {
			t.Errorf("console: %s", line)
		}
	}
	if n := strings.Count(dom, `class="lane"`); n != len(pids) || len(pids) < 4 {
		t.Errorf("%d lanes drawn for %d processes:\n%s", n, len(pids), dom)
	}
	for _, pid := range pids {
		if !strings.Contains(dom, fmt.Sprintf("(%d)</text>", pid)) {
			t.Errorf("no lane for pid %d", pid)
		}
	}
	// Each process's line: its life (ms) no longer than the run; the
	// producer's bytes sent (five small ints, a few bytes each).
	rows := regexp.MustCompile(`<tr><td>\d+</td><td>([^<]*)</td><td>([0-9.]+)</td><td>[0-9.]+</td><td>[0-9.]+</td><td>\d+</td><td>(\d+)</td>`).FindAllStringSubmatch(dom, -1)
	if len(rows) != len(pids) {
		t.Errorf("%d lines in the table for %d processes", len(rows), len(pids))
	}
	for _, row := range rows {
		if ms, _ := strconv.ParseFloat(row[2], 64); ms > float64(run.Milliseconds())+1 {
			t.Errorf("%s lived %s ms in a run of %v", row[1], row[2], run)
		}
		if sent, _ := strconv.Atoi(row[3]); row[1] == "Process-1" && (sent < 5 || sent > 100) {
			t.Errorf("Process-1 sent %d bytes", sent)
		}
	}

	chromium("--screenshot="+shot, "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The lanes' slices: top level/target blue, tasks green, waits orange.
	want := map[color.RGBA]string{{0x9e, 0xca, 0xe1, 0xff}: "blue", {0x74, 0xc4, 0x76, 0xff}: "green", {0xfd, 0x8d, 0x3c, 0xff}: "orange"}
	seen := map[string]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if name, ok := want[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}]; ok {
				seen[name] = true
			}
		}
	}
	if len(seen) != len(want) {
		t.Errorf("the screenshot shows only %v of the lanes' colours", seen)
	}
}
