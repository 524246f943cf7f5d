package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPythonDiff runs every testdata/pydiff/NAME.star through procstar and
// NAME.py through python3 and requires the same stdout and exit status: the
// side-by-side check of everything procstar mirrors from Python. NAME.out
// holds that shared stdout, so the procstar half still checks something on a
// machine without python3 (CI installs it, so there both halves run). The
// Python half calls set_start_method("spawn"), the only method procstar has.
func TestPythonDiff(t *testing.T) {
	dir, err := filepath.Abs("../../testdata/pydiff")
	if err != nil {
		t.Fatal(err)
	}
	scripts, _ := filepath.Glob(filepath.Join(dir, "*.star"))
	if len(scripts) == 0 {
		t.Fatal("no scripts in testdata/pydiff")
	}
	python, pyErr := exec.LookPath("python3")
	if pyErr != nil && os.Getenv("CI") != "" {
		t.Fatal("python3 is needed for the side-by-side tests in CI")
	}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".star")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join(dir, name+".out"))
			if err != nil && !*update {
				t.Fatalf("%s.out is missing (run with -update once the outputs agree)", name)
			}
			// NAME.stdin, if there is one, is both programs' standard input.
			stdin, _ := os.ReadFile(filepath.Join(dir, name+".stdin"))
			r := procstar(t, dir, string(stdin), 60*time.Second, name+".star")
			if pyErr == nil {
				py := runPython(t, python, dir, name+".py", string(stdin))
				if r.stdout != py.stdout || r.exit != py.exit {
					t.Fatalf("procstar and python3 differ\nprocstar (exit %d):\n%s\nstderr:\n%s\npython3 (exit %d):\n%s\nstderr:\n%s",
						r.exit, r.stdout, r.stderr, py.exit, py.stdout, py.stderr)
				}
			}
			if *update {
				if err := os.WriteFile(filepath.Join(dir, name+".out"), []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if r.stdout != string(want) {
				t.Errorf("stdout:\n%s\nwant (%s.out):\n%s\nstderr:\n%s", r.stdout, name, want, r.stderr)
			}
		})
	}
}

// runPython runs a Python script in dir, bounded in time.
func runPython(t *testing.T, python, dir, script, stdin string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, script)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	// CPython's spawned children outlive a killed parent and keep its
	// stdout open: kill the whole group on timeout, and stop waiting for
	// the pipes soon after (Run would wait for them forever).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("python3 %s: timed out", script)
	}
	if errors.Is(err, exec.ErrWaitDelay) {
		t.Fatalf("python3 %s: a process outlived it, holding its stdout or stderr", script)
	}
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("python3 %s: %v", script, err)
	}
	return r
}
