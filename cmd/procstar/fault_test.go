package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/ptable"
)

// Fault injection: scripts of testdata/fault run a workload across several
// processes, printing "PID role pid" for every process the test may kill;
// the test SIGKILLs randomly chosen ones of them for a while, then creates
// DIR/stop, and the script's root finishes the workload, checks it and
// prints "RESULT {json}". The test then checks the figures, that the root
// ended within its budget, and that no process of the tree outlives it.
//
// The seed comes from PROCSTAR_FAULT_SEED when set (to replay a run), else
// from the clock; every test logs it.

// faultTotals add up every fault test's figures for the summary line.
var faultTotals struct {
	sync.Mutex
	faults, ops, verified int
	tests                 []string
}

func faultSeed(t *testing.T) int64 {
	seed := time.Now().UnixNano()
	if s := os.Getenv("PROCSTAR_FAULT_SEED"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("PROCSTAR_FAULT_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("seed %d (PROCSTAR_FAULT_SEED=%d replays the choice of victims and timing)", seed, seed)
	return seed
}

type faultRun struct {
	result   map[string]any
	faults   int            // SIGKILLs delivered
	byRole   map[string]int // faults per role
	stdout   string
	stderr   string
	exit     int
	elapsed  time.Duration
	observed []int // every process of the tree seen while it ran
	maxLive  int   // most live processes of the tree seen at once
}

// runFault runs testdata/fault/SCRIPT DIR ARGS..., killing reported
// processes of the given roles for window, at random intervals of
// 30–200 ms; the whole run must end within budget.
func runFault(t *testing.T, flags []string, script string, roles []string, window, budget time.Duration, args ...string) faultRun {
	t.Helper()
	rng := rand.New(rand.NewSource(faultSeed(t)))
	srcDir, err := filepath.Abs("../../testdata/fault")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], append(append(flags, filepath.Join(srcDir, script), dir), args...)...)
	cmd.Dir = srcDir
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	root := cmd.Process.Pid

	var mu sync.Mutex
	victims := map[int]string{} // pid -> role, for the roles the test kills
	roleOK := map[string]bool{}
	for _, r := range roles {
		roleOK[r] = true
	}
	var stdout strings.Builder
	var resultLine string
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			line := sc.Text()
			mu.Lock()
			switch f := strings.Fields(line); {
			case len(f) == 3 && f[0] == "PID":
				if pid, err := strconv.Atoi(f[2]); err == nil && roleOK[f[1]] {
					victims[pid] = f[1]
				}
			case strings.HasPrefix(line, "RESULT "):
				resultLine = strings.TrimPrefix(line, "RESULT ")
			default:
				stdout.WriteString(line + "\n")
			}
			mu.Unlock()
		}
	}()

	fr := faultRun{byRole: map[string]int{}}
	seen := map[int]bool{}
	observe := func() map[int]bool {
		d := descendants(root)
		live := 0
		for pid := range d {
			seen[pid] = true
			if ptable.Alive(pid, 0) {
				live++
			}
		}
		if live > fr.maxLive {
			fr.maxLive = live
		}
		return d
	}

	// Kill phase.
	end := time.Now().Add(window)
	for time.Now().Before(end) {
		time.Sleep(time.Duration(30+rng.Intn(170)) * time.Millisecond)
		live := observe()
		mu.Lock()
		var cands []int
		for pid := range victims {
			if live[pid] && ptable.Alive(pid, 0) { // in the tree now, not a zombie
				cands = append(cands, pid)
			}
		}
		mu.Unlock()
		if len(cands) == 0 {
			continue
		}
		// map order is random but not seeded: sort for a replayable choice
		sortInts(cands)
		pid := cands[rng.Intn(len(cands))]
		if syscall.Kill(pid, syscall.SIGKILL) == nil {
			fr.faults++
			mu.Lock()
			fr.byRole[victims[pid]]++
			delete(victims, pid)
			mu.Unlock()
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "stop"), nil, 0o644); err != nil {
		t.Fatal(err)
	}

	// Let the root finish, watching the tree as it goes.
	waitErr := make(chan error, 1)
	go func() { <-readDone; waitErr <- cmd.Wait() }()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var werr error
wait:
	for {
		select {
		case werr = <-waitErr:
			break wait
		case <-tick.C:
			observe()
		}
	}
	fr.elapsed = time.Since(start)
	for pid := range seen {
		fr.observed = append(fr.observed, pid)
	}
	fr.stdout, fr.stderr = stdout.String(), errb.String()
	if ctx.Err() != nil {
		for _, pid := range fr.observed {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		t.Fatalf("%s hung: killed after %v (%d faults injected)\nstdout:\n%s\nstderr:\n%s", script, budget, fr.faults, fr.stdout, tail(fr.stderr, 4000))
	}
	var ee *exec.ExitError
	if errors.As(werr, &ee) {
		fr.exit = ee.ExitCode()
	} else if werr != nil {
		t.Fatal(werr)
	}
	// No process of the tree outlives its root.
	waitGone(t, fr.observed, 2*time.Second)
	t.Logf("%s: root exited %d after %v; %d processes of the tree observed, none left running", script, fr.exit, fr.elapsed.Round(time.Millisecond), len(fr.observed))
	if fr.exit != 0 {
		t.Fatalf("%s exited %d (%d faults injected)\nstdout:\n%s\nstderr:\n%s", script, fr.exit, fr.faults, fr.stdout, tail(fr.stderr, 4000))
	}
	if resultLine == "" {
		t.Fatalf("%s printed no RESULT\nstdout:\n%s\nstderr:\n%s", script, fr.stdout, tail(fr.stderr, 4000))
	}
	if err := json.Unmarshal([]byte(resultLine), &fr.result); err != nil {
		t.Fatalf("RESULT %q: %v", resultLine, err)
	}
	return fr
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// descendants returns root and every process below it, from /proc.
func descendants(root int) map[int]bool {
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp := ppid(pid); pp != 0 {
			children[pp] = append(children[pp], pid)
		}
	}
	d := map[int]bool{root: true}
	stack := []int{root}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range children[p] {
			if !d[c] {
				d[c] = true
				stack = append(stack, c)
			}
		}
	}
	return d
}

func num(t *testing.T, r map[string]any, key string) int {
	t.Helper()
	v, ok := r[key].(float64)
	if !ok {
		t.Fatalf("RESULT has no number %q: %v", key, r)
	}
	return int(v)
}

func record(t *testing.T, name string, faults, ops, verified int) {
	t.Logf("%s: faults injected %d, operations done %d, items verified %d", name, faults, ops, verified)
	faultTotals.Lock()
	defer faultTotals.Unlock()
	faultTotals.faults += faults
	faultTotals.ops += ops
	faultTotals.verified += verified
	faultTotals.tests = append(faultTotals.tests, name)
}

// checkSeqs asserts the sequence accounting of a RESULT: nothing acknowledged
// lost beyond the allowance, nothing duplicated, nothing invented.
func checkSeqs(t *testing.T, r map[string]any, allowedLoss int) {
	t.Helper()
	if d := num(t, r, "dups"); d != 0 {
		t.Errorf("%d items duplicated: %v", d, r)
	}
	if b := num(t, r, "beyond"); b != 0 {
		t.Errorf("%d items never acknowledged by a put arrived beyond the one in flight: %v", b, r)
	}
	if l := num(t, r, "lost"); l > allowedLoss {
		t.Errorf("%d acknowledged items lost, at most %d allowed: %v", l, allowedLoss, r)
	}
	if num(t, r, "verified") == 0 {
		t.Errorf("no item verified: %v", r)
	}
}

const (
	faultWindow = 3 * time.Second
	faultBudget = 40 * time.Second
)

func testQueueFaults(t *testing.T, kind string) {
	fr := runFault(t, nil, "queue.star", []string{"producer", "consumer"}, faultWindow, faultBudget, kind)
	r := fr.result
	t.Logf("%s result: %v; faults by role %v", kind, r, fr.byRole)
	ck := num(t, r, "consumer_kills")
	if pk := num(t, r, "producer_kills"); pk+ck != fr.faults {
		t.Errorf("the root saw %d producers and %d consumers killed, the test killed %d", pk, ck, fr.faults)
	}
	checkSeqs(t, r, ck)
	if kind == "JoinableQueue" {
		if r["joined"] != true {
			t.Errorf("join() never returned: %v", r)
		}
		if c := num(t, r, "task_done_compensated"); c > ck {
			t.Errorf("join() needed %d extra task_done() for %d killed consumers", c, ck)
		}
	}
	record(t, kind, fr.faults, num(t, r, "ops"), num(t, r, "verified"))
}

// TestFaultQueue: producers and consumers of a bounded Queue SIGKILLed at
// random; every acknowledged item arrives exactly once, except at most one
// per killed consumer.
func TestFaultQueue(t *testing.T) { testQueueFaults(t, "Queue") }

// TestFaultJoinableQueue: the same with task_done(); join() returns once the
// unfinished tasks of killed consumers (at most one each) are made up for.
func TestFaultJoinableQueue(t *testing.T) { testQueueFaults(t, "JoinableQueue") }

// TestFaultQueueLateKill: a consumer SIGKILLed just before the root's last
// look at its consumers still looks alive there (is_alive() turns false
// once its end is reaped, as in CPython, a few ms to a few hundred on a
// loaded machine); the root must still replace it and get a "done" from
// every consumer, instead of waiting for the dead one. The root kills it
// itself, so that the kill lands there every time.
func TestFaultQueueLateKill(t *testing.T) {
	fr := runFault(t, nil, "queue.star", nil, time.Second, faultBudget, "JoinableQueue", "late")
	r := fr.result
	t.Logf("result: %v", r)
	if pk, ck := num(t, r, "producer_kills"), num(t, r, "consumer_kills"); pk != 0 || ck != 1 {
		t.Errorf("the root saw %d producers and %d consumers killed, it killed 1 consumer", pk, ck)
	}
	// Not checkSeqs: on a loaded machine the producers may not have put
	// anything yet when the stop comes.
	if d, b, l := num(t, r, "dups"), num(t, r, "beyond"), num(t, r, "lost"); d != 0 || b != 0 || l > 1 {
		t.Errorf("%d items duplicated, %d never acknowledged, %d lost (at most 1 allowed): %v", d, b, l, r)
	}
	if r["joined"] != true {
		t.Errorf("join() never returned: %v", r)
	}
	if l := num(t, r, "leftover"); l != 0 {
		t.Errorf("%d items left in the queue", l)
	}
}

// TestFaultPipe: senders on one-way pipes SIGKILLed at random; the reader
// gets every acknowledged message once and in order, then EOF.
func TestFaultPipe(t *testing.T) {
	fr := runFault(t, nil, "pipe.star", []string{"sender"}, faultWindow, faultBudget)
	r := fr.result
	t.Logf("result: %v", r)
	if k := num(t, r, "kills"); k != fr.faults {
		t.Errorf("the root saw %d senders killed, the test killed %d", k, fr.faults)
	}
	checkSeqs(t, r, 0)
	if o := num(t, r, "out_of_order"); o != 0 {
		t.Errorf("%d messages out of order", o)
	}
	record(t, "Pipe", fr.faults, num(t, r, "ops"), num(t, r, "verified"))
}

// TestFaultLock: workers taking a Lock and a BoundedSemaphore(2) SIGKILLed at
// random, often inside the critical section; the survivors and fresh workers
// always get them back, and the root can take the lock and both units.
func TestFaultLock(t *testing.T) {
	fr := runFault(t, nil, "lock.star", []string{"worker"}, faultWindow, faultBudget)
	r := fr.result
	t.Logf("result: %v", r)
	if r["final_ok"] != true {
		t.Errorf("lock or semaphore not released after the deaths: %v", r)
	}
	if tk, k := num(t, r, "takeovers"), num(t, r, "kills"); tk > k {
		t.Errorf("the lock was found held by a dead process %d times for %d kills: mutual exclusion broken", tk, k)
	}
	if n := strings.Count(fr.stderr, "abandon"); n == 0 && num(t, r, "takeovers") > 0 {
		t.Errorf("the lock was taken over from dead holders, and stderr never said who abandoned it:\n%s", tail(fr.stderr, 2000))
	} else {
		t.Logf("stderr names an abandoned lock or semaphore %d times", n)
	}
	record(t, "Lock", fr.faults, num(t, r, "ops"), num(t, r, "verified"))
}

// TestFaultManager: clients of a Manager's dict and list SIGKILLed at random;
// the server goes on and holds every acknowledged write exactly once.
func TestFaultManager(t *testing.T) {
	fr := runFault(t, nil, "manager.star", []string{"client"}, faultWindow, faultBudget)
	r := fr.result
	t.Logf("result: %v", r)
	checkSeqs(t, r, 0)
	if d := num(t, r, "list_dups"); d != 0 {
		t.Errorf("%d duplicated list items", d)
	}
	record(t, "Manager", fr.faults, num(t, r, "ops"), num(t, r, "verified"))
}

// TestFaultPool: Pool workers SIGKILLed at random while they run tasks;
// every task completes with the right result or fails with WorkerLostError,
// at most one per kill.
func TestFaultPool(t *testing.T) {
	fr := runFault(t, nil, "pool.star", []string{"worker"}, faultWindow, faultBudget)
	r := fr.result
	t.Logf("result: %v", r)
	sub, ok, lost, other := num(t, r, "submitted"), num(t, r, "completed"), num(t, r, "worker_lost"), num(t, r, "other_errors")
	if ok+lost != sub || other != 0 {
		t.Errorf("%d tasks submitted, %d completed, %d WorkerLostError, %d other outcomes", sub, ok, lost, other)
	}
	if w := num(t, r, "wrong"); w != 0 {
		t.Errorf("%d wrong results", w)
	}
	if lost > fr.faults {
		t.Errorf("%d tasks lost for %d workers killed", lost, fr.faults)
	}
	record(t, "Pool", fr.faults, sub, ok+lost)
}

// TestFaultMaxProcs: a process that starts children without end hits
// --max-procs with a RuntimeError naming the limit, and the tree ends
// cleanly with nothing left running.
func TestFaultMaxProcs(t *testing.T) {
	fr := runFault(t, []string{"--max-procs", "6"}, "spawn_forever.star", nil, 0, faultBudget)
	r := fr.result
	t.Logf("result: %v", r)
	if num(t, r, "refused") == 0 || r["named_limit"] != true {
		t.Errorf("start() past --max-procs was not refused with a RuntimeError naming the flag: %v", r)
	}
	if num(t, r, "other_errors") != 0 {
		t.Errorf("start() failed otherwise: %v\nstderr:\n%s", r, tail(fr.stderr, 3000))
	}
	// One more is tolerated and logged: Go's os package forks a short-lived
	// probe (is clone with a pidfd supported?) at a process's first start,
	// which no slot accounts for. (8 and 9 were seen when a parent's late
	// release could free a slot that a sweep had already given to another
	// process; ptable's TestReleaseAfterSweep covers that.)
	if m := fr.maxLive; m > 6+1 {
		t.Errorf("%d live processes seen, above --max-procs 6", m)
	} else if m > 6 {
		t.Logf("note: %d live processes seen in /proc at once for --max-procs 6 (an ending process after it gave its slot back)", m)
	}
	t.Logf("--max-procs 6: %d processes started, %d starts refused, %d processes of the tree observed", num(t, r, "started"), num(t, r, "refused"), len(fr.observed))
}

// TestFaultMaxSteps: a script looping forever under WithMaxSteps fails with
// ErrMaxSteps, in the root and in a child, and leaves no process behind.
func TestFaultMaxSteps(t *testing.T) {
	var started atomic.Int64
	var pids sync.Map
	var stdout, stderr bytes.Buffer
	rt := runtime.New(
		runtime.WithMaxSteps(2_000_000),
		runtime.WithStdout(&stdout),
		runtime.WithStderr(&stderr),
		runtime.WithHook(func(e runtime.ProcessEvent) {
			if e.Start {
				started.Add(1)
				pids.Store(e.Pid, true)
			}
		}),
	)
	src := `
def spin():
    n = 0
    while True:
        n += 1

if __name__ == "__main__":
    p = Process(target=spin)
    p.start()
    p.join()
    print("child exitcode", p.exitcode)
    spin()
`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	err := rt.ExecSource(ctx, "spin.star", []byte(src))
	if ctx.Err() != nil {
		t.Fatalf("the step limit did not stop the loop within 30 s")
	}
	if !errors.Is(err, runtime.ErrMaxSteps) {
		t.Fatalf("error %v, want ErrMaxSteps", err)
	}
	t.Logf("root: %v (after %v)", err, time.Since(start).Round(time.Millisecond))
	if !strings.Contains(stdout.String(), "child exitcode 1") {
		t.Errorf("the child did not fail with exit code 1: stdout %q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "step") {
		t.Errorf("the child's stderr does not name the step limit:\n%s", stderr.String())
	}
	var all []int
	pids.Range(func(k, _ any) bool { all = append(all, k.(int)); return true })
	if started.Load() != 1 {
		t.Errorf("%d children started, want 1", started.Load())
	}
	waitGone(t, all, 2*time.Second)
}

// TestFaultSummary logs the figures of every fault test of this run (seen
// with -v).
func TestFaultSummary(t *testing.T) {
	faultTotals.Lock()
	defer faultTotals.Unlock()
	line := fmt.Sprintf("fault summary: %d workloads %v, faults injected %d, operations done %d, items verified %d",
		len(faultTotals.tests), faultTotals.tests, faultTotals.faults, faultTotals.ops, faultTotals.verified)
	t.Log(line)
}
