package main

import (
	"context"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"strings"
	"testing"
	"time"
)

// TestEmbed builds the example host and runs it: the children call the Go
// builtin, each in its own process.
func TestEmbed(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(goruntime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			t.Skip("no go command to build the example with")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "embed")
	build := exec.CommandContext(ctx, gobin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := exec.CommandContext(ctx, bin, "one", "two", "three", "four")
	var stdout, stderr strings.Builder
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("embed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("stdout:\n%s", stdout.String())
	}
	parent := regexp.MustCompile(`^parent pid (\d+) checks 4 words$`).FindStringSubmatch(lines[0])
	if parent == nil || lines[5] != "done" {
		t.Fatalf("stdout:\n%s", stdout.String())
	}
	// map keeps the input order; every line comes from a Pool worker.
	for i, word := range []string{"one", "two", "three", "four"} {
		re := fmt.Sprintf(`^%s: checksum %d in SpawnPoolWorker-\d+ \(pid (\d+), parent %s\)$`, word, crc32.ChecksumIEEE([]byte(word)), parent[1])
		m := regexp.MustCompile(re).FindStringSubmatch(lines[1+i])
		if m == nil || m[1] == parent[1] {
			t.Errorf("line %q, want %s in a worker", lines[1+i], re)
		}
	}
	if n := strings.Count(stderr.String(), "exited with code 0 after"); n != 2 {
		t.Errorf("hook lines: %d\n%s", n, stderr.String())
	}
}
