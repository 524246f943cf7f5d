package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSubprocessWriteCtrlC: Ctrl-C stops a write to a program's full stdin
// even when killing the program's group does not end the pipe (a process
// that left the group holds its other end): the write waits in the poller,
// and the cancellation wakes it.
func TestSubprocessWriteCtrlC(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("no setsid")
	}
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "holder.pid")
	script := filepath.Join(dir, "write.star")
	src := `p = subprocess.Popen(["sh", "-c", "setsid sleep 60 & echo $! > ` + pidFile + `.tmp; mv ` + pidFile + `.tmp ` + pidFile + `; exec sleep 60"], stdin=subprocess.PIPE)
p.stdin.write(b"x" * (4 << 20))
print("not reached")
`
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], script)
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	holder := 0
	t.Cleanup(func() {
		cmd.Process.Kill()
		if holder > 0 {
			syscall.Kill(holder, syscall.SIGKILL)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for holder == 0 {
		if data, err := os.ReadFile(pidFile); err == nil {
			holder, _ = strconv.Atoi(strings.TrimSpace(string(data)))
			continue
		}
		if time.Now().After(deadline) {
			t.Fatalf("the program did not start\nstderr:\n%s", errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // likely in the write by now; not required
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	status, _ := waitExit(t, cmd, 20*time.Second)
	if status != -int(syscall.SIGINT) || out.String() != "" || !strings.Contains(errb.String(), "KeyboardInterrupt") {
		t.Errorf("exit status %d, stdout %q, stderr:\n%s\nwant a KeyboardInterrupt and -SIGINT", status, out.String(), errb.String())
	}
}
