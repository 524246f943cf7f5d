package main

import (
	"bufio"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSystemDiesWithTree: os.system's shell is a program of the process
// tree, as subprocess's are (SPEC §8): SIGKILL to the process that called
// os.system (a child, or the root) or Ctrl-C to the root ends the shell
// and what it started, its whole process group.
func TestSystemDiesWithTree(t *testing.T) {
	const script = `
def start():
    os.system("echo program $$ $PPID; sleep 300 & sleep 300")

if __name__ == "__main__":
    if sys.argv[1] == "child":
        c = Process(target=start)
        c.start()
        c.join()
    else:
        start()
`
	for _, how := range []string{"kill-child", "kill-root", "int-root"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			where := "root"
			if how == "kill-child" {
				where = "child"
			}
			cmd, out := startScript(t, script, where)
			lines := make(chan string, 4)
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			var shell, starter int
			select {
			case line := <-lines:
				if f := strings.Fields(line); len(f) == 3 && f[0] == "program" {
					shell, _ = strconv.Atoi(f[1])
					starter, _ = strconv.Atoi(f[2])
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the shell did not start")
			}
			if shell == 0 || starter == 0 {
				t.Fatal("no pids printed")
			}
			t.Cleanup(func() { syscall.Kill(-shell, syscall.SIGKILL) })
			waitGroupSleeps(t, shell, "the shell")
			var err error
			switch how {
			case "kill-child", "kill-root":
				err = syscall.Kill(starter, syscall.SIGKILL)
			case "int-root":
				err = cmd.Process.Signal(syscall.SIGINT)
			}
			if err != nil {
				t.Fatal(err)
			}
			if left := waitGroupGone(shell); len(left) > 0 {
				t.Fatalf("after %s, os.system's shell group still runs: %v", how, left)
			}
		})
	}
}
