package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// groupMembers returns the live (not zombie) processes of process group
// pgid, and how many of them run comm.
func groupMembers(pgid int, comm string) (pids []int, running int) {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(stat)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open {
			continue
		}
		f := strings.Fields(s[close+1:]) // state, ppid, pgrp, ...
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(f[2]); g == pgid {
			pids = append(pids, pid)
			if s[open+1:close] == comm {
				running++
			}
		}
	}
	return pids, running
}

// waitGroupSleeps waits, up to 60 s, until two sleeps run in process group
// pgid (what started them is what).
func waitGroupSleeps(t *testing.T, pgid int, what string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, n := groupMembers(pgid, "sleep"); n == 2 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s's sleeps did not start", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitGroupGone waits, up to 30 s, until process group pgid is empty, and
// returns what is left of it then.
func waitGroupGone(pgid int) []int {
	deadline := time.Now().Add(30 * time.Second)
	for {
		left, _ := groupMembers(pgid, "")
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSubprocessStarterKilled: SIGKILL to the procstar process that started
// a program with subprocess (a child process, or the root) leaves neither
// the program nor the program's own children running: the parent-death
// signal takes the program, and the starter's guard its process group.
func TestSubprocessStarterKilled(t *testing.T) {
	const script = `
def start():
    p = subprocess.Popen(["sh", "-c", "sleep 300 & sleep 300"])
    print("starter", os.getpid(), "program", p.pid)
    sys.stdout.flush()
    p.wait()

if __name__ == "__main__":
    if sys.argv[1] == "root":
        start()
    else:
        c = Process(target=start)
        c.start()
        c.join()
        print("exitcode", c.exitcode)
`
	for _, who := range []string{"child", "root"} {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			_, out := startScript(t, script, who)
			lines := make(chan string, 4)
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			var starter, program int
			select {
			case line := <-lines:
				f := strings.Fields(line)
				if len(f) == 4 {
					starter, _ = strconv.Atoi(f[1])
					program, _ = strconv.Atoi(f[3])
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the program did not start")
			}
			if starter == 0 || program == 0 {
				t.Fatal("no pids printed")
			}
			// The program's group: sh and its two sleeps (or, where sh
			// execs its last command, two sleeps).
			t.Cleanup(func() { syscall.Kill(-program, syscall.SIGKILL) })
			waitGroupSleeps(t, program, "the program")
			if err := syscall.Kill(starter, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if left := waitGroupGone(program); len(left) > 0 {
				t.Fatalf("after SIGKILL to the %s, its program's group still runs: %v", who, left)
			}
			if who == "child" {
				// The root goes on, and sees its child killed.
				select {
				case line := <-lines:
					if line != "exitcode -9" {
						t.Errorf("root printed %q", line)
					}
				case <-time.After(60 * time.Second):
					t.Error("the root did not see its child end")
				}
			}
		})
	}
}

// TestSubprocessLeftBehind: a program that leaves a process of its own
// running (`sh -c "sleep 300 &"`) and ends: that process is the program's
// child, so it does not outlive the tree either (SPEC §8), whether the
// process that started the program ends normally (the root, a child) or
// is killed by SIGKILL (its guard still holds the program's group).
func TestSubprocessLeftBehind(t *testing.T) {
	const script = `
def start(how):
    out = subprocess.check_output(["sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!"], text=True)
    print("starter", os.getpid(), "left", out.strip())
    sys.stdout.flush()
    if how == "kill":
        time.sleep(300)

if __name__ == "__main__":
    if sys.argv[1] == "child":
        c = Process(target=start, args=("end",))
        c.start()
        c.join()
        print("exitcode", c.exitcode)
    else:
        start(sys.argv[1])
`
	// alive reports whether pid runs comm (not a zombie).
	alive := func(pid int, comm string) bool {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return false
		}
		s := string(stat)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open || s[open+1:close] != comm {
			return false
		}
		f := strings.Fields(s[close+1:])
		return len(f) > 0 && f[0] != "Z" && f[0] != "X"
	}
	for _, how := range []string{"end", "child", "kill"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			cmd, out := startScript(t, script, how)
			sc := bufio.NewScanner(out)
			var starter, left int
			if sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) == 4 {
					starter, _ = strconv.Atoi(f[1])
					left, _ = strconv.Atoi(f[3])
				}
			}
			if starter == 0 || left == 0 {
				t.Fatalf("no pids printed: %q", sc.Text())
			}
			t.Cleanup(func() {
				if alive(left, "sleep") {
					syscall.Kill(left, syscall.SIGKILL)
				}
			})
			if how == "kill" {
				if err := syscall.Kill(starter, syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() {
				for sc.Scan() {
					if how == "child" && sc.Text() != "exitcode 0" {
						t.Errorf("root printed %q", sc.Text())
					}
				}
				done <- cmd.Wait()
			}()
			select {
			case err := <-done:
				if how != "kill" && err != nil {
					t.Fatalf("procstar: %v", err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("procstar did not end")
			}
			deadline := time.Now().Add(30 * time.Second)
			for alive(left, "sleep") {
				if time.Now().After(deadline) {
					t.Fatalf("the program's background sleep %d outlived the %s", left, how)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// TestSubprocessEscapedHolder: a process that left the program's group
// (setsid) and holds the inherited stdout is not followed (README), and the
// end of the process that started the program waits for its output a
// second at most, not until it closes the pipe (a bounded wait that waited
// for the second of two such pipes until their end).
func TestSubprocessEscapedHolder(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "holder.pid")
	script := `
subprocess.run(["sh", "-c", "setsid sh -c 'echo $$ > ` + pidFile + `.tmp; mv ` + pidFile + `.tmp ` + pidFile + `; exec sleep 300' &"])
for _ in range(6000):
    if os.path.exists("` + pidFile + `"):
        break
    time.sleep(0.01)
print("holder started")
`
	cmd, out := startScript(t, script)
	t.Cleanup(func() {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 1 {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	done := make(chan string, 1)
	go func() {
		// The holder has the pipe: its end never comes.
		sc := bufio.NewScanner(out)
		sc.Scan()
		done <- sc.Text()
	}()
	exited := make(chan error, 1)
	go func() {
		// Wait would wait for the pipes' ends too: the process's is enough.
		_, err := cmd.Process.Wait()
		exited <- err
	}()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("procstar waited for the escaped holder of its program's stdout")
	}
	if line := <-done; line != "holder started" {
		t.Errorf("printed %q", line)
	}
}
