package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// chaosScript runs 4 producers and 4 consumers of a queue for SECONDS,
// restarting any that dies, then drains everything and checks: no item
// the server acknowledged is lost beyond one per consumer killed (the item
// it had taken), none duplicated beyond one per producer killed (the item
// it put but had not counted when it died), no item torn, and the lock
// the consumers share always came back (else they would hang).
const chaosScript = `
load("multiprocessing", "Array", "Event", "Lock", "Process", "Queue")
load("hashlib", "sha256")
load("sys", "argv")
load("time", "sleep", "monotonic")

def payload(p, seq):
    return "%d:%d:%s" % (p, seq, "x" * (seq % 97))

def checksum(s):
    return sha256(bytes(s)).hexdigest()[:16]

def producer(p, q, progress, stop):
    seq = progress[p]
    for _ in range(1 << 30):
        if stop.is_set():
            return
        s = payload(p, seq)
        q.put((p, seq, s, checksum(s)))
        progress[p] = seq + 1
        seq += 1

def consumer(q, results, lock):
    for _ in range(1 << 30):
        item = q.get()
        if item == None:
            return
        p, seq, s, c = item
        lock.acquire()
        results.put((p, seq, checksum(s) == c and s == payload(p, seq)))
        lock.release()

def keep_running(slots, make):
    # Restarts the processes that died; returns how many were killed.
    killed = 0
    for i in range(len(slots)):
        p = slots[i]
        if p.exitcode != None and p.exitcode > 0:
            fail("%s failed: exit code %d" % (p.name, p.exitcode))
        if p.exitcode != None and p.exitcode < 0:
            killed += 1
            slots[i] = make(i)
            slots[i].start()
    return killed

if __name__ == "__main__":
    seconds = float(argv[1])
    q, results = Queue(), Queue()
    lock, stop = Lock(), Event()
    progress = Array("i", 4)
    mkprod = lambda i: Process(target = producer, args = (i, q, progress, stop))
    mkcons = lambda i: Process(target = consumer, args = (q, results, lock))
    prods = [mkprod(i) for i in range(4)]
    conss = [mkcons(i) for i in range(4)]
    for p in prods + conss:
        p.start()
    kills = {"producer": 0, "consumer": 0}
    t0 = monotonic()
    for _ in range(1 << 30):
        if monotonic() - t0 > seconds:
            break
        sleep(0.2)
        kills["producer"] += keep_running(prods, mkprod)
        kills["consumer"] += keep_running(conss, mkcons)
    print("chaos over")
    stop.set()
    for _ in range(1 << 30):
        kills["producer"] += keep_running(prods, mkprod)
        if all([p.exitcode == 0 for p in prods]):
            break
        sleep(0.2)
    # One pill per consumer; a consumer killed after taking one is replaced
    # with another.
    for _ in conss:
        q.put(None)
    for _ in range(1 << 30):
        for i in range(4):
            p = conss[i]
            if p.exitcode != None and p.exitcode > 0:
                fail("%s failed: exit code %d" % (p.name, p.exitcode))
            if p.exitcode != None and p.exitcode < 0:
                kills["consumer"] += 1
                conss[i] = mkcons(i)
                conss[i].start()
                q.put(None)
        if all([p.exitcode == 0 for p in conss]):
            break
        sleep(0.2)
    seen, bad = [], 0
    for _ in range(results.qsize()):
        p, seq, ok = results.get()
        seen.append((p, seq))
        bad += 0 if ok else 1
    for _ in range(q.qsize()):
        item = q.get()
        if item != None:
            seen.append((item[0], item[1]))
    acked = set([(p, seq) for p in range(4) for seq in range(progress[p])])
    got = set(seen)
    lost = len([x for x in acked if x not in got])
    dups = len(seen) - len(got)
    print("kills", kills["producer"], kills["consumer"], "items", len(acked), "lost", lost, "dups", dups, "torn", bad)
    print("verdict:", len(acked) > 0, lost <= kills["consumer"], dups <= kills["producer"], bad == 0)
`

// TestChaos: the queue and the lock across machines while workers are
// killed at random and one of three servers is shut down. PROCSTAR_CHAOS
// sets how long the chaos lasts in seconds (15 by default; 60 for the
// full run).
func TestChaos(t *testing.T) {
	if testing.Short() {
		t.Skip("the chaos test runs for tens of seconds")
	}
	seconds := 15.0
	if s := os.Getenv("PROCSTAR_CHAOS"); s != "" {
		var err error
		if seconds, err = strconv.ParseFloat(s, 64); err != nil {
			t.Fatal(err)
		}
	}
	servers, url, k := threeServerCluster(t)
	trust := trustFile(t, k)
	var mu sync.Mutex
	workers := map[int]*exec.Cmd{}
	startOne := func(i int) {
		env := []string{testWorkerEnv + "=" + trust, testURLEnv + "=" + url, testCredsEnv + "=" + k.creds, testSlotsEnv + "=6",
			"GOTRACEBACK=all"} // its jobs dump every goroutine on SIGQUIT
		if i == 0 {
			// Its processes reach the root's queues through the servers
			// (one of which goes down), the other worker's straight.
			env = append(env, queuesViaNATSEnv+"=1")
		}
		w := testCommand(t, &syncBuffer{}, env...)
		mu.Lock()
		workers[i] = w
		mu.Unlock()
	}
	// The root first: it creates the cluster's assets replicated on the
	// three servers (a worker would make them with one replica).
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, url, k), k.kp, 3, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	startOne(0)
	startOne(1)

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.star"), []byte(chaosScript), 0o644)
	limit := time.Duration(seconds)*time.Second + 4*time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	hung := time.After(limit - 10*time.Second)
	done := make(chan error, 1)
	go func() {
		rt := runtime.New(runtime.WithLauncher(l), runtime.WithStdout(out), runtime.WithStderr(out), runtime.WithDir(dir),
			runtime.WithArgv([]string{"main.star", fmt.Sprint(seconds)}))
		done <- rt.ExecFile(ctx, "main.star")
	}()

	// The monkey: a worker killed (and another started) every 2-4 s; one
	// server, the root's own as likely as another, shut down a third of
	// the way in.
	end := time.Now().Add(time.Duration(seconds) * time.Second)
	serverDown := time.Now().Add(time.Duration(seconds/3) * time.Second)
	kills := 0
	for time.Now().Before(end) {
		time.Sleep(time.Duration(2000+rand.IntN(2000)) * time.Millisecond)
		if !serverDown.IsZero() && time.Now().After(serverDown) {
			victim := servers[rand.IntN(len(servers))]
			t.Logf("shutting down server %s (the root's: %v)", victim.Name(), victim.ID() == l.nc.ConnectedServerId())
			victim.Shutdown()
			serverDown = time.Time{}
		}
		i := rand.IntN(2)
		mu.Lock()
		w := workers[i]
		mu.Unlock()
		w.Process.Kill()
		w.Wait()
		kills++
		startOne(i)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
	case <-hung:
		// The root runs in this process: its goroutines, taken before the
		// script is cancelled, and its view of the jobs say where it hangs.
		var stacks strings.Builder
		pprof.Lookup("goroutine").WriteTo(&stacks, 2)
		state := launcherState(l)
		// The jobs still running (on this machine) dump their goroutines
		// to their stderr, which their workers relay into out.
		l.mu.Lock()
		for _, r := range l.remotes {
			r.mu.Lock()
			syscall.Kill(r.pid, syscall.SIGQUIT)
			r.mu.Unlock()
		}
		l.mu.Unlock()
		time.Sleep(3 * time.Second)
		t.Fatalf("the script did not end\n%s\n%s\n%s", out.String(), state, stacks.String())
	}
	t.Logf("%d workers killed; %s", kills, lastLines(out.String(), 2))
	if !strings.Contains(out.String(), "verdict: True True True True\n") {
		t.Errorf("output:\n%s", out.String())
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}

// launcherState describes the jobs a launcher follows, for a failure.
func launcherState(l *Launcher) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	now := time.Now()
	for id, r := range l.pending {
		fmt.Fprintf(&b, "pending %s seq %d, listed %v ago\n", id, r.seq, now.Sub(r.listed).Round(time.Millisecond))
	}
	for id, r := range l.remotes {
		r.mu.Lock()
		fmt.Fprintf(&b, "running %s pid %d on %s, started %v ago\n", id, r.pid, r.worker, now.Sub(r.started).Round(time.Millisecond))
		r.mu.Unlock()
	}
	for id, w := range l.workers {
		fmt.Fprintf(&b, "worker %s heard %v ago, %d jobs\n", id, now.Sub(w.last).Round(time.Millisecond), len(w.jobs))
	}
	return b.String()
}
