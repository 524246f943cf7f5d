package main

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
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
