package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTracebackBeforeJoin: when the root's script fails while a child
// still runs, its traceback is printed at once, as CPython prints it before
// its exit function joins the children; the root then waits for the child
// (here blocked for good, so the test ends the tree).
func TestTracebackBeforeJoin(t *testing.T) {
	t.Parallel()
	script := filepath.Join(t.TempDir(), "fails.star")
	os.WriteFile(script, []byte(`
def blocked(e):
    e.wait()

if __name__ == "__main__":
    e = Event()
    p = Process(target=blocked, args=(e,))
    p.start()
    x = 1 // 0
`), 0o644)
	cmd := exec.Command(os.Args[0], script)
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Signal(syscall.SIGINT) // Ctrl-C ends the tree
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var got []string
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stderr ended without the traceback:\n%s", strings.Join(got, "\n"))
			}
			got = append(got, l)
			if strings.HasPrefix(l, "ZeroDivisionError: ") {
				if !strings.Contains(strings.Join(got, "\n"), "x = 1 // 0") {
					t.Errorf("traceback:\n%s", strings.Join(got, "\n"))
				}
				go func() {
					for range lines {
					}
				}()
				return
			}
		case <-timeout:
			t.Fatalf("no traceback while a child runs, after 60 s:\n%s", strings.Join(got, "\n"))
		}
	}
}
