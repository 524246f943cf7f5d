package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAddressSpaceLimit: under ulimit -v, procstar sizes its shared memory
// to the limit instead of failing to map it ("mmap arena: cannot allocate
// memory" for any limit below the default arena's 16 GiB).
func TestAddressSpaceLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector reserves more address space than the limit")
	}
	t.Parallel()
	script := t.TempDir() + "/limited.star"
	os.WriteFile(script, []byte(`
def send(q):
    q.put("from the child")

if __name__ == "__main__":
    q = Queue()
    p = Process(target=send, args=(q,))
    p.start()
    print(q.get(timeout=60))
    p.join()
    print(p.exitcode)
`), 0o644)
	cmd := exec.Command("sh", "-c", `ulimit -v 3145728 && exec "$0" "$1"`, os.Args[0], script)
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.Output()
	if err != nil || string(out) != "from the child\n0\n" {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out, stderr)
	}
}

// nprocRuns numbers TestProcessCountLimit's runs in this process.
var nprocRuns int

// rlimitNproc is RLIMIT_NPROC (ulimit -u), which package syscall does not
// name.
const rlimitNproc = 6

// TestProcessCountLimit: under ulimit -u, starting processes past the limit
// fails with OSError while every process already running goes on: none
// aborts with the Go runtime's "fatal error: newosproc" (each process's
// runtime needs threads, and the limit counts threads). Root is not bound
// by RLIMIT_NPROC, so as root the tree runs as a user of its own.
func TestProcessCountLimit(t *testing.T) {
	// The children talk with the root through queues once all have
	// started: a process counted by the threads it had just after its
	// start let a burst of starts overshoot, and a running child then
	// aborted as its runtime reached for a thread (1 run in 80 of this
	// test, most runs of that traffic at ulimit -u 80).
	const script = `
def kid(e, q, r):
    catch(subprocess.run, ["true"])
    for i in range(200):
        q.put(i)
        r.get()
    e.wait()

if __name__ == "__main__":
    e, q, r = Event(), Queue(), Queue()
    ps = []
    err = None
    for i in range(300):
        p = Process(target=kid, args=(e, q, r))
        err = catch(p.start)[1]
        if err != None:
            break
        ps.append(p)
    print("stopped by", err.type if err else "nothing")
    for _ in range(200 * len(ps)):
        r.put(q.get(timeout=60))  # a child that aborted never puts
    for i in range(3):
        catch(subprocess.run, ["true"])
    e.set()
    for p in ps:
        p.join()
    print("exit codes:", sorted(set([p.exitcode for p in ps] + [0])))
`
	dir, bin := t.TempDir(), os.Args[0]
	var cred *syscall.Credential
	uid := os.Getuid()
	if uid == 0 {
		// A user no one else runs as (the limit counts all its threads),
		// not even an earlier run's processes still ending (-count).
		nprocRuns++
		uid = 60000 + (os.Getpid()*31+nprocRuns*997)%5000
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}
		d, err := os.MkdirTemp("", "procstar-nproc")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		dir, bin = d, filepath.Join(d, "procstar.test")
		os.Chmod(dir, 0o755)
		self, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, self, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "limited.star"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	// Not in parallel: the runs would share the user's count. Each limit
	// twice: where a start meets the limit varies from run to run.
	for _, limit := range []int{30, 40, 40, 50, 50, 60, 60, 80, 100, 100} {
		t.Run(strconv.Itoa(limit), func(t *testing.T) {
			base := 0
			if cred == nil {
				base = threadsOf(uid) // ours count too: leave limit more
			}
			ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "limited.star")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0",
				"PROCSTAR_TEST_NPROC="+strconv.Itoa(base+limit))
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			if cred != nil && errors.Is(err, syscall.EPERM) {
				t.Skipf("cannot run as uid %d to be bound by RLIMIT_NPROC: %v", uid, err)
			}
			if ctx.Err() != nil {
				t.Fatalf("timed out\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
			}
			if strings.Contains(errb.String(), "fatal error") || strings.Contains(errb.String(), "newosproc") {
				t.Fatalf("a process aborted:\n%s", errb.String())
			}
			if err != nil || out.String() != "stopped by OSError\nexit codes: [0]\n" {
				t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
			}
		})
	}
}

// threadsOf counts the threads of the processes whose real user is uid.
func threadsOf(uid int) int {
	n := 0
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		status, err := os.ReadFile("/proc/" + d.Name() + "/status")
		if err != nil {
			continue
		}
		var ruid, threads int
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 {
				switch f[0] {
				case "Uid:":
					ruid, _ = strconv.Atoi(f[1])
				case "Threads:":
					threads, _ = strconv.Atoi(f[1])
				}
			}
		}
		if ruid == uid {
			n += threads
		}
	}
	return n
}
