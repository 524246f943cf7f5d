package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testdataDir is the absolute path of testdata/.
func testdataDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// stdinScript starts a child, so the child must re-run a script that came
// from stdin, and prints what the spec fixes about it.
const stdinScript = `
def work(x, argv):
    print("child", x, __name__, current_process().name, sys.argv == argv)

if __name__ == "__main__":
    print("root", __name__, len(sys.argv))
    p = Process(target=work, args=(7, sys.argv))
    p.start()
    p.join()
    print("exitcode", p.exitcode)
`

func TestStdinScript(t *testing.T) {
	dir := t.TempDir()
	r := procstar(t, dir, stdinScript, 30*time.Second)
	want := "root __main__ 1\nchild 7 __mp_main__ Process-1 True\nexitcode 0\n"
	if r.stdout != want || r.stderr != "" || r.exit != 0 {
		t.Errorf("got exit %d\nstdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", r.exit, r.stdout, r.stderr, want)
	}
}

// TestStdinArgv: a script piped to procstar with no FILE has sys.argv [""]
// in every process, as a script piped to python3 has.
func TestStdinArgv(t *testing.T) {
	dir := t.TempDir()
	src := "def f(q):\n    q.put(sys.argv)\nif __name__ == '__main__':\n    q = Queue()\n    p = Process(target=f, args=(q,))\n    p.start()\n    print(sys.argv, q.get())\n    p.join()\n"
	r := procstar(t, dir, src, 30*time.Second)
	want := `[''] ['']` + "\n"
	if r.stdout != want || r.stderr != "" || r.exit != 0 {
		t.Errorf("got exit %d\nstdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", r.exit, r.stdout, r.stderr, want)
	}
}

// TestStdinDash: procstar - [ARG...] runs the script read from stdin, as
// python3 - does, with sys.argv ["-", ARG...] in every process.
func TestStdinDash(t *testing.T) {
	dir := t.TempDir()
	src := "def f(q):\n    q.put(sys.argv)\nif __name__ == '__main__':\n    q = Queue()\n    p = Process(target=f, args=(q,))\n    p.start()\n    print(sys.argv, q.get())\n    p.join()\n"
	r := procstar(t, dir, src, 30*time.Second, "-", "a", "--b")
	want := `['-', 'a', '--b'] ['-', 'a', '--b']` + "\n"
	if r.stdout != want || r.stderr != "" || r.exit != 0 {
		t.Errorf("got exit %d\nstdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", r.exit, r.stdout, r.stderr, want)
	}
	r = procstar(t, dir, "x = (\n", 30*time.Second, "--max-procs", "3", "-")
	if r.exit != 2 || !strings.HasPrefix(r.stderr, "procstar: <stdin>:2:1: ") {
		t.Errorf("syntax error: exit %d, stderr %q", r.exit, r.stderr)
	}
}

func TestStdinScriptErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, src string
		exit      int
		stdout    string
		stderr    string // regexp
	}{
		{"empty", "", 0, "", `^$`},
		{"exit status", "print('a')\nsys.exit(9)\n", 9, "a\n", `^$`},
		{"exit message", "sys.exit('bye')\n", 1, "", `^bye\n$`},
		{"uncaught error", "print('a')\n\ndef f():\n    fail('oops')\nf()\n",
			1, "a\n", `^Traceback \(most recent call last\):\n  .*:5:2: in <toplevel>\n    f\(\)\n  .*:4:9: in f\n    fail\('oops'\)\nError: oops\n$`},
		{"syntax error", "print('a')\nx = (\n", 2, "", `^procstar: .*:3:1: .*\n$`},
		{"resolve error", "print('a')\nundefined_name\n", 2, "", `^procstar: .*:2:1: undefined: undefined_name\n$`},
		{"child error", "def f():\n    fail('in child')\nif __name__ == '__main__':\n    p = Process(target=f)\n    p.start()\n    p.join()\n    print(p.exitcode)\n",
			0, "1\n", `^Process Process-1:\nTraceback \(most recent call last\):\n  .*:2:9: in f\n    fail\('in child'\)\nError: in child\n$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := procstar(t, dir, tc.src, 30*time.Second)
			if r.exit != tc.exit || r.stdout != tc.stdout || !regexp.MustCompile(tc.stderr).MatchString(r.stderr) {
				t.Errorf("got exit %d (want %d)\nstdout:\n%q (want %q)\nstderr:\n%s(want /%s/)", r.exit, tc.exit, r.stdout, tc.stdout, r.stderr, tc.stderr)
			}
		})
	}
}

// TestChildStdin: a child's stdin is /dev/null, while the root reads its own.
func TestChildStdin(t *testing.T) {
	dir := t.TempDir()
	script := `
def read_stdin():
    f = open("/dev/stdin")
    s = f.read()
    f.close()
    return s

def child():
    print("child read", repr(read_stdin()))

if __name__ == "__main__":
    p = Process(target=child)
    p.start()
    p.join()
    print("root read", repr(read_stdin()))
`
	if err := os.WriteFile(filepath.Join(dir, "stdin.star"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	r := procstar(t, dir, "fed to the root\n", 30*time.Second, "stdin.star")
	want := "child read ''\nroot read 'fed to the root\\n'\n"
	if r.stdout != want || r.stderr != "" || r.exit != 0 {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", r.exit, r.stdout, want, r.stderr)
	}
}

func TestHelp(t *testing.T) {
	for _, flag := range []string{"-h", "--help", "-help"} {
		r := procstar(t, t.TempDir(), "", 30*time.Second, flag)
		if r.exit != 0 || !strings.HasPrefix(r.stdout, "usage: procstar") ||
			!strings.Contains(r.stdout, "--max-procs") || !strings.Contains(r.stdout, "--version") ||
			!strings.Contains(r.stdout, "1024") || r.stderr != "" {
			t.Errorf("procstar %s: exit %d\nstdout:\n%s\nstderr:\n%s", flag, r.exit, r.stdout, r.stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	r := procstar(t, t.TempDir(), "", 30*time.Second, "--version")
	if r.exit != 0 || !regexp.MustCompile(`^procstar \S+\n$`).MatchString(r.stdout) || r.stderr != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
	}
	// --version wins over a script, which does not run.
	r = procstar(t, testdataDir(t), "", 30*time.Second, "--version", "cli_args.star")
	if r.exit != 0 || !strings.HasPrefix(r.stdout, "procstar ") || strings.Contains(r.stdout, "argv") {
		t.Errorf("--version FILE: exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
	}
}

func TestBadUsage(t *testing.T) {
	dir := testdataDir(t)
	for _, args := range [][]string{
		{"--bogus"},
		{"--bogus", "cli_args.star"},
		{"--max-procs"},
		{"--max-procs", "abc", "cli_args.star"},
		{"--max-procs", "0", "cli_args.star"},
		{"--max-procs", "-1", "cli_args.star"},
		{"--max-procs", "100000000", "cli_args.star"},
	} {
		r := procstar(t, dir, "", 30*time.Second, args...)
		if r.exit != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "procstar: ") {
			t.Errorf("procstar %v: exit %d (want 2)\nstdout:\n%s\nstderr:\n%s", args, r.exit, r.stdout, r.stderr)
		}
	}
}

func TestMissingFile(t *testing.T) {
	dir := testdataDir(t)
	for _, name := range []string{"no_such_file.star", "lib", "/nonexistent/dir/x.star"} {
		r := procstar(t, dir, "", 30*time.Second, name)
		if r.exit != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "procstar: ") || !strings.Contains(r.stderr, name) {
			t.Errorf("procstar %s: exit %d (want 2)\nstdout:\n%s\nstderr:\n%s", name, r.exit, r.stdout, r.stderr)
		}
	}
}

// TestExitStatus runs every mode of testdata/cli_exit_status.star.
func TestExitStatus(t *testing.T) {
	dir := testdataDir(t)
	for _, tc := range []struct {
		mode   string
		exit   int
		stdout string
		stderr string // regexp
	}{
		{"return", 0, "", `^$`},
		{"none", 0, "", `^$`},
		{"int", 42, "", `^$`},
		{"wrap", 44, "", `^$`},
		{"neg", 255, "", `^$`},
		{"true", 1, "", `^$`},
		{"false", 0, "", `^$`},
		{"msg", 1, "", `^bye from the root\n$`},
		{"error", 1, "", `^Traceback \(most recent call last\):\n  cli_exit_status.star:\d+:\d+: in <toplevel>\n    run\(sys.argv\[1\] if len\(sys.argv\) > 1 else "exit-while-children"\)\n  cli_exit_status.star:\d+:\d+: in run\n    {}\["missing"\]\nKeyError: 'missing'\n$`},
		{"fail", 1, "", `^Traceback \(most recent call last\):\n  cli_exit_status.star:\d+:\d+: in <toplevel>\n    run\(sys.argv\[1\] if len\(sys.argv\) > 1 else "exit-while-children"\)\n  cli_exit_status.star:\d+:\d+: in run\n    fail\("root failure"\)\nError: root failure\n$`},
		{"child-error", 0, "child exitcode 1\n", `^Process Process-1:\nTraceback \(most recent call last\):\n  cli_exit_status.star:\d+:\d+: in boom\n    fail\("child failure"\)\nError: child failure\n$`},
		{"nested-exit", 5, "", `^$`},
		{"exit-while-children", 4, "child joined after sys.exit\n", `^$`},
		{"error-while-children", 1, "child joined after the error\n", `^Traceback \(most recent call last\):\n(  .*\n)+Error: root failure with a live child\n$`},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			r := procstar(t, dir, "", 30*time.Second, "cli_exit_status.star", tc.mode)
			stdout := "mode " + tc.mode + "\n" + tc.stdout
			if r.exit != tc.exit || r.stdout != stdout || !regexp.MustCompile(tc.stderr).MatchString(r.stderr) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s(want:\n%s)\nstderr:\n%s(want /%s/)", r.exit, tc.exit, r.stdout, stdout, r.stderr, tc.stderr)
			}
		})
	}
}

// TestOtherWorkingDirectory runs a script by a path from another directory:
// load() resolves relative to the loading file, in the root and children.
func TestOtherWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(testdataDir(t), "load_relative.star")
	r := procstar(t, dir, "", 30*time.Second, script)
	for _, want := range []string{
		"sibling of helper\n",
		"helper_target from child helper sibling of helper\n",
		"local_target in Process-2 hello local from helper\n",
		`argv: ['` + script + `']`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if r.exit != 0 || r.stderr != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
	}
}

// checkLines checks that every line of out is one whole line printed by
// testdata/print_atomic.star, and that there are want of them.
func checkLines(t *testing.T, what, out string, want int) {
	t.Helper()
	re := regexp.MustCompile(`^<(\S+) (\d+) (\d+) (.*)>$`)
	lines := strings.Split(out, "\n")
	if lines[len(lines)-1] != "" {
		t.Errorf("%s does not end with a newline", what)
	}
	lines = lines[:len(lines)-1]
	sort.Strings(lines)
	bad := 0
	for _, l := range lines {
		m := re.FindStringSubmatch(l)
		ok := m != nil
		if ok {
			i, _ := strconv.Atoi(m[2])
			n, _ := strconv.Atoi(m[3])
			body := strings.Repeat(m[1]+"-"+m[2]+"-", n/4+1)
			ok = n <= len(body) && m[4] == body[:n] && i >= 0
		}
		if !ok {
			bad++
			if bad <= 3 {
				if len(l) > 200 {
					l = l[:100] + "..." + l[len(l)-100:]
				}
				t.Errorf("%s: mixed line: %q", what, l)
			}
		}
	}
	if bad > 0 || len(lines) != want {
		t.Errorf("%s: %d lines (want %d), %d mixed", what, len(lines), want, bad)
	}
}

// TestPrintAtomic: one print (or sys.stdout/stderr.write) is one write, so
// the lines of processes printing at once never mix, on stdout and stderr.
func TestPrintAtomic(t *testing.T) {
	dir := testdataDir(t)
	for _, tc := range []struct {
		name                    string
		children, count, maxlen int
	}{
		{"short lines", 6, 100, 4000},
		{"long lines", 4, 15, 60000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := procstar(t, dir, "", 60*time.Second, "print_atomic.star",
				strconv.Itoa(tc.children), strconv.Itoa(tc.count), strconv.Itoa(tc.maxlen))
			if r.exit != 0 {
				t.Fatalf("exit %d\nstderr:\n%.2000s", r.exit, r.stderr)
			}
			want := (tc.children + 1) * tc.count
			checkLines(t, "stdout", r.stdout, want)
			checkLines(t, "stderr", r.stderr, want)
		})
	}
}

// processGone reports whether pid has exited (a zombie counts as gone).
func processGone(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] == 'Z' || s[i+2] == 'X'
}

// startSignalTree starts testdata/tree_signal.star (its root then sleeps or
// joins a child, as mode says) and waits until its whole tree
// is up; it returns the command, its output buffers and the pids of the
// descendants.
func startSignalTree(t *testing.T, mode string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer, map[string]int) {
	t.Helper()
	pidDir := t.TempDir()
	cmd := exec.Command(os.Args[0], "tree_signal.star", pidDir, mode)
	cmd.Dir = testdataDir(t)
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pids := map[string]int{}
	t.Cleanup(func() {
		cmd.Process.Kill()
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(pidDir, "ready")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the tree did not come up\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, name := range []string{"child", "child-grandchild", "daemon"} {
		data, err := os.ReadFile(filepath.Join(pidDir, name+".pid"))
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(string(data))
		if err != nil {
			t.Fatal(err)
		}
		pids[name] = pid
	}
	return cmd, &out, &errb, pids
}

// waitExit waits at most limit for cmd and returns its status (-N for a
// signal) and how long it took.
func waitExit(t *testing.T, cmd *exec.Cmd, limit time.Duration) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			return -int(ws.Signal()), time.Since(start)
		}
		return ws.ExitStatus(), time.Since(start)
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the root did not exit within %v", limit)
	}
	return 0, 0
}

// checkTreeGone checks that every descendant is gone within a second.
func checkTreeGone(t *testing.T, pids map[string]int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for name, pid := range pids {
		for !processGone(pid) {
			if time.Now().After(deadline) {
				t.Errorf("%s (pid %d) outlived the root", name, pid)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// TestCtrlC: SIGINT to the root stops the whole tree within 1 s; the root
// prints one KeyboardInterrupt traceback and ends by SIGINT (shell status
// 130); catch() does not catch the cancellation.
func TestCtrlC(t *testing.T) {
	for _, mode := range []string{"sleep", "join"} {
		t.Run(mode, func(t *testing.T) {
			// A cancellation that catch() wrongly catches shows only when the
			// script gets to run on before the thread is cancelled: try a few
			// times.
			for i := 0; i < 8 && !t.Failed(); i++ {
				testCtrlC(t, mode)
			}
		})
	}
}

func testCtrlC(t *testing.T, mode string) {
	cmd, out, errb, pids := startSignalTree(t, mode)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	status, took := waitExit(t, cmd, 10*time.Second)
	if status != -int(syscall.SIGINT) {
		t.Errorf("exit status %d, want %d (killed by SIGINT)", status, -int(syscall.SIGINT))
	}
	// The spec's bound is 1 s; allow for the race detector on a busy machine.
	if took > 2*time.Second {
		t.Errorf("the root took %v to stop after SIGINT", took)
	}
	checkTreeGone(t, pids)
	if out.String() != "ready\n" {
		t.Errorf("stdout:\n%s\nwant only \"ready\"", out.String())
	}
	stderr := errb.String()
	if strings.Count(stderr, "KeyboardInterrupt") != 1 || !strings.HasSuffix(stderr, "\nKeyboardInterrupt\n") ||
		!strings.HasPrefix(stderr, "Traceback (most recent call last):\n") || strings.Contains(stderr, "Process ") {
		t.Errorf("stderr:\n%s\nwant one KeyboardInterrupt traceback of the root", stderr)
	}
}

// TestRootSignalled: a root that dies by a signal takes its whole tree with
// it, and dies as Python would: by the signal's default action (status -N),
// never with a Go dump (SIGQUIT, SIGSEGV...) nor ignoring it (SIGUSR1...).
func TestRootSignalled(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL, syscall.SIGQUIT, syscall.SIGSEGV,
		syscall.SIGABRT, syscall.SIGUSR1, syscall.SIGALRM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, out, errb, pids := startSignalTree(t, "sleep")
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			status, _ := waitExit(t, cmd, 10*time.Second)
			if status != -int(sig) {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", status, -int(sig), out.String(), errb.String())
			}
			if strings.Contains(errb.String(), "goroutine") {
				t.Errorf("a Go dump on stderr:\n%s", tail(errb.String(), 2000))
			}
			checkTreeGone(t, pids)
		})
	}
}
