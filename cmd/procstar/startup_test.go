package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Bounds of the package initialization every procstar process (each child
// is the binary re-executed) does before main: today's figures (67
// packages, about 420 allocations and 50 KB) plus 10–20%. A new
// dependency was measured at +1–4 ms per child start, mostly its init;
// allocations are counted rather than timed, because they do not depend on
// the machine's load. Raise a bound only after measuring the start
// (bench/start_cpu.sh, bench/compare.sh idle_rss) with the change.
const (
	maxInitPackages = 75
	maxInitAllocs   = 500
	maxInitBytes    = 60 << 10
)

// noInitUnder are the packages that must run no init code at all: the
// modules. A module's init would run, and read its pages in, at every
// start of every process, whether its script loads the module or not
// (package-level values are built on first use, internal/lazy; decoders are
// listed in tables the runtime registers, codec.Type, node.Registration).
const noInitUnder = "github.com/procstar/procstar/builtins/"

// TestInitCost builds the command as it is installed and reads the Go
// runtime's trace of its package initialization (GODEBUG=inittrace=1):
// it fails if the packages that run init code, or the allocations they
// make, outgrow the bounds above.
func TestInitCost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "procstar")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.CommandContext(ctx, bin, "--version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("procstar --version: %v\n%s", err, stderr.String())
	}
	inits, err := parseInitTrace(stderr.String())
	if err != nil {
		t.Fatal(err)
	}
	var allocs, bytes int
	for _, in := range inits {
		allocs += in.allocs
		bytes += in.bytes
	}
	t.Logf("init: %d packages, %d allocations, %d bytes", len(inits), allocs, bytes)
	for _, in := range inits {
		if strings.HasPrefix(in.pkg, noInitUnder) {
			t.Errorf("%s runs init code (%d allocations): a module's package-level values must be built on first use", in.pkg, in.allocs)
		}
	}
	if len(inits) > maxInitPackages || allocs > maxInitAllocs || bytes > maxInitBytes {
		sort.Slice(inits, func(i, j int) bool { return inits[i].allocs > inits[j].allocs })
		var top strings.Builder
		for _, in := range inits[:min(len(inits), 15)] {
			fmt.Fprintf(&top, "\n  %-60s %5d allocs %8d bytes", in.pkg, in.allocs, in.bytes)
		}
		t.Errorf("package init grew: %d packages (max %d), %d allocations (max %d), %d bytes (max %d); most allocating:%s",
			len(inits), maxInitPackages, allocs, maxInitAllocs, bytes, maxInitBytes, top.String())
	}
}

type pkgInit struct {
	pkg           string
	bytes, allocs int
}

// parseInitTrace reads the lines of GODEBUG=inittrace=1:
//
//	init go.starlark.net/starlark @0.61 ms, 0.031 ms clock, 10704 bytes, 121 allocs
func parseInitTrace(s string) ([]pkgInit, error) {
	var out []pkgInit
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "init" {
			continue
		}
		if len(f) != 11 || f[8] != "bytes," || f[10] != "allocs" {
			return nil, fmt.Errorf("unexpected inittrace line %q", line)
		}
		b, err1 := strconv.Atoi(f[7])
		a, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("unexpected inittrace line %q", line)
		}
		out = append(out, pkgInit{f[1], b, a})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no inittrace lines in:\n%s", s)
	}
	return out, nil
}

func TestParseInitTrace(t *testing.T) {
	got, err := parseInitTrace("init runtime @0.029 ms, 0.048 ms clock, 0 bytes, 0 allocs\nprocstar 0.1\ninit unicode @0.2 ms, 0.01 ms clock, 11400 bytes, 16 allocs\n")
	if err != nil || len(got) != 2 || got[1] != (pkgInit{"unicode", 11400, 16}) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := parseInitTrace("init x @1 ms, 2 ms clock, lots\n"); err == nil {
		t.Error("a malformed line parsed")
	}
	if _, err := parseInitTrace("nothing\n"); err == nil {
		t.Error("no lines parsed")
	}
}
