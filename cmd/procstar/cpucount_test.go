package main

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestCPUCountIgnoresAffinity: cpu_count(), os.cpu_count() and Pool()'s
// default size count the CPUs online, as CPython's do, not only those the
// affinity mask lets the process use (that is len(os.sched_getaffinity(0))).
func TestCPUCountIgnoresAffinity(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("needs 2 CPUs to restrict the affinity to 1")
	}
	// A child inherits the affinity of the thread that starts it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var old, one unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		t.Skip(err)
	}
	for i := 0; i < 1024; i++ {
		if old.IsSet(i) {
			one.Set(i)
			break
		}
	}
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		t.Skip(err)
	}
	defer unix.SchedSetaffinity(0, &old)

	src := "if __name__ == '__main__':\n" +
		"    p = Pool()\n" +
		"    print(cpu_count(), os.cpu_count(), len(active_children()), len(os.sched_getaffinity(0)))\n" +
		"    p.terminate()\n" +
		"    p.join()\n"
	r := procstar(t, t.TempDir(), src, 30*time.Second, "-")
	got := strings.Fields(r.stdout)
	if r.exit != 0 || len(got) != 4 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
	}
	if got[3] != "1" {
		t.Fatalf("len(os.sched_getaffinity(0)) = %s, want 1", got[3])
	}
	if got[0] == "1" || got[1] != got[0] || got[2] != got[0] {
		t.Errorf("cpu_count(), os.cpu_count(), Pool() size = %v under an affinity of 1 CPU: want the CPUs online, alike", got[:3])
	}
	if out, err := exec.Command("python3", "-c", "import os; print(os.cpu_count())").Output(); err == nil {
		if want := strings.TrimSpace(string(out)); got[0] != want {
			t.Errorf("cpu_count() = %s, python3's os.cpu_count() = %s", got[0], want)
		}
	}
}
