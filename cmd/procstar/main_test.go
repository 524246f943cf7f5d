package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// The test binary is also the procstar CLI (PROCSTAR_TEST_CLI=1) and every
// procstar child (runtime.Dispatch), so scripts run exactly as the real
// command runs them, race detector included.
func TestMain(m *testing.M) {
	if n := os.Getenv("PROCSTAR_TEST_NPROC"); n != "" {
		// ulimit -u n for this CLI run (TestProcessCountLimit).
		os.Unsetenv("PROCSTAR_TEST_NPROC")
		lim, _ := strconv.ParseUint(n, 10, 64)
		if err := syscall.Setrlimit(rlimitNproc, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
			fmt.Fprintln(os.Stderr, "setrlimit:", err)
			os.Exit(3)
		}
	}
	if os.Getenv("PROCSTAR_TEST_CLI") == "1" {
		setup()
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	runtime.Dispatch()
	os.Exit(m.Run())
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden from actual output (review the diff!)")

// result is what a CLI run produced.
type result struct {
	stdout, stderr string
	exit           int // -N when killed by signal N
}

// procstar runs the CLI with args in dir, bounded by timeout.
func procstar(t *testing.T, dir string, stdin string, timeout time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	// A program a script started may hold the pipes after procstar is
	// killed: stop waiting for them then.
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("procstar %v: timed out after %v\nstdout:\n%s\nstderr:\n%s", args, timeout, out.String(), errb.String())
	}
	if errors.Is(err, exec.ErrWaitDelay) {
		t.Fatalf("procstar %v: a process outlived it, holding its stdout or stderr\nstdout:\n%s\nstderr:\n%s", args, out.String(), errb.String())
	}
	r := result{stdout: out.String(), stderr: errb.String()}
	if err != nil {
		ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			r.exit = -int(ws.Signal())
		} else {
			r.exit = ws.ExitStatus()
		}
	}
	return r
}

// golden is a testdata/NAME.golden file: sections "-- args --" (the CLI
// arguments, SCRIPT standing for the script), "-- stdout --", "-- stderr --"
// and "-- exit --". In expected stderr, {{re:...}} is a regular expression.
type golden struct {
	args                 []string
	stdout, stderr, exit string
	has                  map[string]bool
}

func parseGolden(data string) golden {
	g := golden{has: map[string]bool{}, exit: "0"}
	sections := map[string]*string{}
	var argsText string
	sections["args"] = &argsText
	sections["stdout"], sections["stderr"], sections["exit"] = &g.stdout, &g.stderr, &g.exit
	var cur *string
	for _, line := range strings.SplitAfter(data, "\n") {
		if m := regexp.MustCompile(`^-- (\w+) --\n?$`).FindStringSubmatch(line); m != nil {
			cur = sections[m[1]]
			if cur == nil {
				panic("unknown golden section " + m[1])
			}
			*cur = ""
			g.has[m[1]] = true
			continue
		}
		if cur != nil {
			*cur += line
		}
	}
	g.exit = strings.TrimSpace(g.exit)
	g.args = strings.Fields(argsText)
	if len(g.args) == 0 {
		g.args = []string{"SCRIPT"}
	}
	return g
}

func (g golden) format(r result) string {
	var b strings.Builder
	if g.has["args"] {
		fmt.Fprintf(&b, "-- args --\n%s\n", strings.Join(g.args, " "))
	}
	fmt.Fprintf(&b, "-- stdout --\n%s-- stderr --\n%s-- exit --\n%d\n", r.stdout, r.stderr, r.exit)
	return b.String()
}

// matchStderr compares stderr with the expectation, where {{re:X}} matches X.
func matchStderr(want, got string) bool {
	var pat strings.Builder
	pat.WriteString("^")
	rest := want
	for {
		i := strings.Index(rest, "{{re:")
		if i < 0 {
			pat.WriteString(regexp.QuoteMeta(rest))
			break
		}
		j := strings.Index(rest[i:], "}}")
		pat.WriteString(regexp.QuoteMeta(rest[:i]))
		pat.WriteString(rest[i+5 : i+j])
		rest = rest[i+j+2:]
	}
	pat.WriteString("$")
	return regexp.MustCompile(pat.String()).MatchString(got)
}

// TestScripts runs every testdata/*.star through the CLI and compares its
// stdout, stderr and exit status with testdata/*.golden.
func TestScripts(t *testing.T) { runGolden(t, "../../testdata") }

// runGolden runs every script of dir that has a golden file, in parallel.
func runGolden(t *testing.T, dir string) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	scripts, _ := filepath.Glob(filepath.Join(dir, "*.star"))
	if len(scripts) == 0 {
		t.Fatal("no scripts in testdata")
	}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".star")
		goldenPath := filepath.Join(dir, name+".golden")
		data, err := os.ReadFile(goldenPath)
		if err != nil {
			// A support module loaded by other scripts has no golden file.
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			g := parseGolden(string(data))
			args := make([]string, len(g.args))
			for i, a := range g.args {
				args[i] = strings.ReplaceAll(a, "SCRIPT", name+".star")
			}
			r := procstar(t, dir, "", 60*time.Second, args...)
			if *update {
				if err := os.WriteFile(goldenPath, []byte(g.format(r)), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if r.stdout != g.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, g.stdout)
			}
			if !matchStderr(g.stderr, r.stderr) {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, g.stderr)
			}
			if strconv.Itoa(r.exit) != g.exit {
				t.Errorf("exit status %d, want %s", r.exit, g.exit)
			}
		})
	}
}

// startScript starts the CLI on script (written to a file of the test's)
// with args, its stdout piped, its stderr the test's; the test's end kills
// it.
func startScript(t *testing.T, script string, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.star")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], append([]string{path}, args...)...)
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, out
}
