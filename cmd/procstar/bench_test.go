package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startJoinScript starts and joins a process with a trivial target sys.argv[1] times
// and prints the loop's duration in ns, so CLI startup is not measured.
const startJoinScript = `load("multiprocessing", "Process")
load("time", "perf_counter")

def noop():
    pass

if __name__ == "__main__":
    n = int(sys.argv[1])
    t0 = perf_counter()
    for _ in range(n):
        p = Process(target=noop)
        p.start()
        p.join()
    print(int((perf_counter() - t0) * 1e9))
`

// pausedStartScript is startJoinScript with a 30 ms pause before each
// start+join, left out of the time it prints: a script that works between
// its starts, whose children start from a warm spare that is waiting.
const pausedStartScript = `load("multiprocessing", "Process")
load("time", "perf_counter", "sleep")

def noop():
    pass

if __name__ == "__main__":
    n = int(sys.argv[1])
    total = 0.0
    for _ in range(n):
        sleep(0.03)
        t0 = perf_counter()
        p = Process(target=noop)
        p.start()
        p.join()
        total += perf_counter() - t0
    print(int(total * 1e9))
`

// runTrueScript runs the program true sys.argv[1] times and prints the
// loop's duration in ns: subprocess.run's cost with the tree's guarantees
// (table slot, guard, lines relayed), which bench/compare.sh stdlib sets
// beside CPython's.
const runTrueScript = `load("subprocess", "run")
load("time", "perf_counter")

n = int(sys.argv[1])
t0 = perf_counter()
for _ in range(n):
    run(["true"])
print(int((perf_counter() - t0) * 1e9))
`

// BenchmarkStartJoin measures one Process start+join: the script loops b.N times
// itself in one CLI run, and ns/op is its own loop time divided by b.N.
func BenchmarkStartJoin(b *testing.B) { benchLoop(b, startJoinScript) }

// BenchmarkStartJoinPaused measures one Process start+join after a pause
// (the start's latency from a warm spare), likewise.
func BenchmarkStartJoinPaused(b *testing.B) { benchLoop(b, pausedStartScript) }

// BenchmarkRunTrue measures one subprocess.run(["true"]), likewise.
func BenchmarkRunTrue(b *testing.B) { benchLoop(b, runTrueScript) }

// benchLoop runs script, which loops sys.argv[1] times and prints its loop
// time in ns, with b.N, and reports that time per iteration.
func benchLoop(b *testing.B, script string) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bench.star"), []byte(script), 0o644); err != nil {
		b.Fatal(err)
	}
	r := benchCLI(b, dir, 10*time.Minute, "bench.star", strconv.Itoa(b.N))
	if r.exit != 0 || r.stderr != "" {
		b.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
	}
	ns, err := strconv.ParseFloat(strings.TrimSpace(r.stdout), 64)
	if err != nil {
		b.Fatalf("script printed %q, want its loop time in ns", r.stdout)
	}
	b.ReportMetric(ns/float64(b.N), "ns/op")
}

// benchCLI is the procstar helper of main_test.go for a testing.TB (that one takes
// a *testing.T): it runs the CLI with args in dir, bounded by timeout.
func benchCLI(tb testing.TB, dir string, timeout time.Duration, args ...string) result {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := cmd.Run()
	if ctx.Err() != nil {
		tb.Fatalf("procstar %v: timed out after %v\nstdout:\n%s\nstderr:\n%s", args, timeout, out.String(), errb.String())
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
