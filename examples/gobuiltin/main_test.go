package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
)

// TestMain dispatches as main does: a process the runtime starts from this
// test binary (the benchmark's) is a procstar child.
func TestMain(m *testing.M) {
	runtime.Dispatch(hostOptions()...)
	os.Exit(m.Run())
}

// TestCountPrimes checks the Go kernel against known prime counts, and
// that counts of adjacent ranges add up (the script sums chunks).
func TestCountPrimes(t *testing.T) {
	for _, c := range []struct{ hi, want int }{{0, 0}, {2, 0}, {3, 1}, {10, 4}, {100, 25}, {1000, 168}, {20000, 2262}} {
		if got := countPrimes(0, c.hi); got != c.want {
			t.Errorf("countPrimes(0, %d) = %d, want %d", c.hi, got, c.want)
		}
	}
	if got := countPrimes(0, 500) + countPrimes(500, 1000); got != 168 {
		t.Errorf("split count %d, want 168", got)
	}
}

// TestExample builds the host and runs it: Pool workers (this binary
// re-executed) call the Go builtin, and the Starlark kernel agrees with it
// (the script fails otherwise). Times are printed, not checked.
func TestExample(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(goruntime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			t.Skip("no go command to build the example with")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "gobuiltin")
	if out, err := exec.CommandContext(ctx, gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, bin, "20000").Output()
	if err != nil {
		t.Fatalf("gobuiltin: %v\n%s", err, out)
	}
	re := regexp.MustCompile(`^primes below 20000: 2262\nstarlark_ms \d+\.\d\ngo_ms \d+\.\d\nspeedup \d+x\n$`)
	if !re.Match(out) {
		t.Errorf("output:\n%s", out)
	}
}

// BenchmarkCountPrimes runs the kernel below 20,000 in this process, as
// the Starlark function and as the Go builtin called from Starlark: the
// ratio of the two is the speedup a Pool worker gets.
func BenchmarkCountPrimes(b *testing.B) {
	ctx := context.Background()
	sc, err := runtime.New(hostOptions()...).LoadSource(ctx, "gobuiltin.star", []byte(script))
	if err != nil {
		b.Fatal(err)
	}
	defer sc.Close()
	bounds := starlark.Tuple{starlark.MakeInt(0), starlark.MakeInt(20000)}
	for _, fn := range []string{"star_chunk", "go_chunk"} {
		b.Run(strings.TrimSuffix(fn, "_chunk"), func(b *testing.B) {
			for b.Loop() {
				v, err := sc.Call(ctx, fn, bounds)
				if err != nil {
					b.Fatal(err)
				}
				if n, _ := starlark.AsInt32(v); n != 2262 {
					b.Fatalf("%s = %v, want 2262", fn, v)
				}
			}
		})
	}
}
