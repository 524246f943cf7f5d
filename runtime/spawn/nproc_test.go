package spawn

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// reserveHelperEnv makes the test binary a helper that lowers its own
// process-count limit, reserves threads and prints how many it has.
const reserveHelperEnv = "PROCSTAR_TEST_RESERVE_THREADS"

func init() {
	if os.Getenv(reserveHelperEnv) == "" {
		return
	}
	lim := syscall.Rlimit{Cur: 5000, Max: 5000}
	if err := syscall.Setrlimit(6, &lim); err != nil { // RLIMIT_NPROC
		os.Stdout.WriteString("setrlimit: " + err.Error() + "\n")
		os.Exit(1)
	}
	before := threadsOf("self")
	ReserveThreads()
	os.Stdout.WriteString(strconv.Itoa(before) + " " + strconv.Itoa(threadsOf("self")) + "\n")
	os.Exit(0)
}

// TestReserveThreads: under a process-count limit, a process has its
// runtime start reservedThreads threads at once (so that it needs no new
// one later, when it could abort at the limit), and they stay. Root is not
// bound by the limit, so as root the helper runs as a user of its own.
func TestReserveThreads(t *testing.T) {
	bin := os.Args[0]
	var cred *syscall.Credential
	if os.Getuid() == 0 {
		// A copy that user can run: the build directory is root's.
		d, err := os.MkdirTemp("", "procstar-reserve")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		os.Chmod(d, 0o755)
		self, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		bin = d + "/spawn.test"
		if err := os.WriteFile(bin, self, 0o755); err != nil {
			t.Fatal(err)
		}
		cred = &syscall.Credential{Uid: 60001, Gid: 60001}
	}
	cmd := exec.Command(bin)
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), reserveHelperEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("helper printed %q", out)
	}
	before, _ := strconv.Atoi(f[0])
	after, _ := strconv.Atoi(f[1])
	if before >= reservedThreads || after < reservedThreads {
		t.Errorf("threads before and after ReserveThreads: %d, %d; want fewer than %d, then at least that", before, after, reservedThreads)
	}
}
