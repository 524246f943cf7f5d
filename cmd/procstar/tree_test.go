package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime/ptable"
)

// treeScript starts two children that each start two grandchildren; every
// process prints its pid and then sleeps far longer than the test.
const treeScript = `
def leaf():
    print(os.getpid())
    sys.stdout.flush()
    time.sleep(60)

def mid():
    print(os.getpid())
    for i in range(2):
        Process(target=leaf).start()
    time.sleep(60)

if __name__ == "__main__":
    print(os.getpid())
    for i in range(2):
        Process(target=mid).start()
    time.sleep(60)
`

// startTree runs treeScript and returns the root's command and the pids of
// all seven processes once they have all printed theirs.
func startTree(t *testing.T) (*exec.Cmd, []int) {
	t.Helper()
	cmd, out := startScript(t, treeScript)
	pids := make(chan int)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if pid, err := strconv.Atoi(strings.TrimSpace(sc.Text())); err == nil {
				pids <- pid
			}
		}
		close(pids)
	}()
	var all []int
	timeout := time.After(20 * time.Second)
	for len(all) < 7 {
		select {
		case pid, ok := <-pids:
			if !ok {
				t.Fatalf("tree ended early with pids %v", all)
			}
			all = append(all, pid)
		case <-timeout:
			t.Fatalf("only %d of 7 processes started: %v", len(all), all)
		}
	}
	return cmd, all
}

// survivors returns the pids of list still running (zombies count as dead:
// they are gone, and only wait for a reaper outside the tree).
func survivors(pids []int) []int {
	var alive []int
	for _, pid := range pids {
		if ptable.Alive(pid, 0) {
			alive = append(alive, pid)
		}
	}
	return alive
}

func waitGone(t *testing.T, pids []int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		alive := survivors(pids)
		if len(alive) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, pid := range alive {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			t.Fatalf("%d processes survived %v: %v", len(alive), within, alive)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestKillRootKillsTree: SIGKILL to the root leaves no descendant running
// after a second.
func TestKillRootKillsTree(t *testing.T) {
	cmd, pids := startTree(t)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	waitGone(t, pids, time.Second)
	t.Logf("killed root of %d processes; no survivors", len(pids))
}

// TestKillMiddleKillsSubtree: a child killed by SIGKILL takes its own
// children with it, while the rest of the tree runs on.
func TestKillMiddleKillsSubtree(t *testing.T) {
	_, pids := startTree(t)
	// pids[0] is the root; find a middle process: one whose parent is the root.
	var mid int
	for _, pid := range pids[1:] {
		if ppid(pid) == pids[0] {
			mid = pid
			break
		}
	}
	if mid == 0 {
		t.Fatal("no middle process found")
	}
	var subtree, others []int
	for _, pid := range pids[1:] {
		switch {
		case pid == mid || ppid(pid) == mid:
			subtree = append(subtree, pid)
		default:
			others = append(others, pid)
		}
	}
	syscall.Kill(mid, syscall.SIGKILL)
	waitGone(t, subtree, time.Second)
	if alive := survivors(others); len(alive) != len(others) {
		t.Fatalf("killing %d also killed processes outside its subtree: alive %v of %v", mid, alive, others)
	}
}

func ppid(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	p, _ := strconv.Atoi(f[1])
	return p
}

// TestSIGINTStopsTree: SIGINT to the root stops every process within a
// second, prints one KeyboardInterrupt traceback, and the root dies by SIGINT.
func TestSIGINTStopsTree(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "tree.star")
	os.WriteFile(script, []byte(treeScript), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], script)
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	var pids []int
	for len(pids) < 7 && sc.Scan() {
		pid, _ := strconv.Atoi(strings.TrimSpace(sc.Text()))
		pids = append(pids, pid)
	}
	if len(pids) < 7 {
		t.Fatalf("tree did not start: %v", pids)
	}
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	waitGone(t, pids, time.Second)
	if d := time.Since(start); d > time.Second {
		t.Errorf("tree took %v to stop", d)
	}
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("root ended with %v, want death by SIGINT (shell status 130)", cmd.ProcessState)
	}
	if n := strings.Count(stderr.String(), "KeyboardInterrupt"); n != 1 {
		t.Errorf("stderr has %d KeyboardInterrupt lines, want 1:\n%s", n, stderr.String())
	}
	if !strings.Contains(stderr.String(), "Traceback (most recent call last):\n  ") || !strings.Contains(stderr.String(), "tree.star:") {
		t.Errorf("no traceback with a script position:\n%s", stderr.String())
	}
}

// isSpare reports whether pid is a warm spare (or a child started from one).
func isSpare(pid int) bool {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	return strings.Contains(string(b), "--procstar-child=(spare)")
}

// TestKillRootKillsSpares: the warm spares of every process of a tree
// (the root's and its children's) die with the tree when the root is
// killed, like its children.
func TestKillRootKillsSpares(t *testing.T) {
	cmd, pids := startTree(t)
	var all, spares []int
	deadline := time.Now().Add(10 * time.Second)
	for len(spares) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		all, spares = nil, nil
		for pid := range descendants(pids[0]) {
			all = append(all, pid)
			if isSpare(pid) {
				spares = append(spares, pid)
			}
		}
	}
	if len(spares) == 0 {
		t.Fatal("no warm spare in a tree whose processes started children")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	waitGone(t, all, time.Second)
	t.Logf("killed root of %d processes, %d of them spares; no survivors", len(all), len(spares))
}

// TestSparesEndWithRun: a script that ends normally leaves no spare behind.
// The script runs on until the test has seen its spare (a spare's exec may
// take a while on a loaded machine), then ends.
func TestSparesEndWithRun(t *testing.T) {
	release := filepath.Join(t.TempDir(), "release")
	script := `
def noop():
    pass

if __name__ == "__main__":
    for i in range(3):
        p = Process(target=noop)
        p.start()
        p.join()
    print(os.getpid())
    sys.stdout.flush()
    for _ in range(6000):
        if os.path.exists(` + strconv.Quote(release) + `):
            break
        time.sleep(0.01)
`
	cmd, out := startScript(t, script)
	sc := bufio.NewScanner(out)
	if !sc.Scan() {
		t.Fatal("script printed nothing")
	}
	root, _ := strconv.Atoi(strings.TrimSpace(sc.Text()))
	var spares []int
	for deadline := time.Now().Add(30 * time.Second); len(spares) == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for pid := range descendants(root) {
			if isSpare(pid) {
				spares = append(spares, pid)
			}
		}
	}
	if len(spares) == 0 {
		t.Fatal("no warm spare after three starts")
	}
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("script did not end")
	}
	waitGone(t, spares, time.Second)
}
