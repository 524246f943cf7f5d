package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRunPrintsOneLinePerKernel(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "k.star")
	src := `load("time", "perf_counter")
def one():
    return perf_counter() + len(sys.argv)
def two():
    x = 0
    while x < 3:  # dialect.Options: while at any level
        x += 1
KERNELS = [("one", one), ("two", two)]
if __name__ == "__main__":
    fail("main must not run")
`
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out, []string{script, "3"}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^one \d+\.\d\d\ntwo \d+\.\d\d\n$`).MatchString(out.String()) {
		t.Errorf("output %q, want a median line per kernel", out.String())
	}
}

func TestRunFailures(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "usage"},
		{[]string{write("a.star", "KERNELS = []"), "0"}, "REPS"},
		{[]string{write("b.star", "x = 1")}, "no KERNELS"},
		{[]string{write("c.star", "KERNELS = [1]")}, "KERNELS[0]"},
		{[]string{write("d.star", "def f():\n    fail('boom')\nKERNELS = [('f', f)]")}, "f: fail: boom"},
	} {
		err := run(new(bytes.Buffer), c.args)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("run(%q) = %v, want an error with %q", c.args, err, c.want)
		}
	}
}
