package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// TestTrace: a traced run (runtime.WithTrace) has a track for each of its
// processes placed by the cluster, with their top-level re-run, their
// target and an arrow from each put to the root's get: written straight
// into the root's directory on its machine, and sent through the run's
// object store from another machine (which the jobs are made to believe
// with traceElsewhereEnv), on tracks numbered apart from local pids.
func TestTrace(t *testing.T) {
	const src = `
load("multiprocessing", "Process", "Queue")

def produce(q, n):
    for i in range(n):
        q.put(i)

if __name__ == "__main__":
    q = Queue()
    ps = [Process(target=produce, args=(q, 3)) for _ in range(2)]
    for p in ps:
        p.start()
    print(sorted([q.get() for _ in range(6)]))
    for p in ps:
        p.join()
`
	for _, elsewhere := range []bool{false, true} {
		t.Run(map[bool]string{false: "here", true: "elsewhere"}[elsewhere], func(t *testing.T) {
			if elsewhere {
				t.Setenv(traceElsewhereEnv, "1") // the worker's jobs inherit it
			}
			events, _ := runTraced(t, src, "[0, 0, 1, 1, 2, 2]\n")
			root := os.Getpid()
			tracks := map[int]string{}
			targets, arrows := map[int]bool{}, map[string]int{}
			for _, e := range events {
				switch {
				case e.Ph == "M" && e.Name == "process_name":
					tracks[e.Pid], _ = e.Args["name"].(string)
				case e.Ph == "X" && e.Name == "target produce":
					targets[e.Pid] = true
				case e.Ph == "s" && e.Pid != root:
					arrows["from a child"]++
				case e.Ph == "f" && e.Pid == root:
					arrows["to the root"]++
				}
			}
			var names []string
			for pid, name := range tracks {
				if pid == root {
					continue
				}
				names = append(names, name)
				if !targets[pid] {
					t.Errorf("the track of %s (%d) has no target", name, pid)
				}
				if elsewhere != (pid > remoteTrackBase) {
					t.Errorf("the track of %s is numbered %d", name, pid)
				}
			}
			sort.Strings(names)
			if tracks[root] != "MainProcess" || len(names) != 2 || names[0] != "Process-1" || names[1] != "Process-2" {
				t.Errorf("tracks: %v", tracks)
			}
			if arrows["from a child"] != 6 || arrows["to the root"] != 6 {
				t.Errorf("arrows: %v", arrows)
			}
		})
	}
}

// TestTraceKilledRemote: a process placed by the cluster and killed before
// its end (it sends no events) has its exit code on its parent's track.
func TestTraceKilledRemote(t *testing.T) {
	const src = `
load("multiprocessing", "Event", "Process")

def wait(e):
    e.set()
    time.sleep(600)

if __name__ == "__main__":
    e = Event()
    p = Process(target=wait, args=(e,))
    p.start()
    e.wait()
    p.terminate()
    p.join()
    print(p.exitcode)
`
	events, trace := runTraced(t, src, "-15\n")
	for _, e := range events {
		if e.Name == "exit Process-1" && e.Pid == os.Getpid() && e.Args["exitcode"] == float64(-15) {
			return
		}
	}
	t.Errorf("no exit code of Process-1 on the root's track:\n%s", trace)
}

// traceEvent is what the tests read of a trace's events.
type traceEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Pid  int            `json:"pid"`
	Args map[string]any `json:"args"`
}

// runTraced runs src as main.star on a cluster with one worker, traced,
// checks that it printed want, and returns the trace's events and text.
func runTraced(t *testing.T, src, want string) ([]traceEvent, string) {
	t.Helper()
	l, out, _, _ := cluster1(t, 4)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.star"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var tr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	err := runtime.New(runtime.WithLauncher(l), runtime.WithStdout(out), runtime.WithStderr(out),
		runtime.WithDir(dir), runtime.WithTrace(&tr)).ExecFile(ctx, "main.star")
	if err != nil || out.String() != want {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var doc struct{ TraceEvents []traceEvent }
	if err := json.Unmarshal(tr.Bytes(), &doc); err != nil {
		t.Fatalf("the trace does not parse: %v", err)
	}
	return doc.TraceEvents, tr.String()
}
