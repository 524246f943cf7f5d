package subprocessmod

import (
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"go.starlark.net/starlark"
)

// execStar runs src with the module predeclared as subprocess, on a thread
// without a node (no process table, no guard).
func execStar(t *testing.T, src string) starlark.StringDict {
	t.Helper()
	thread := &starlark.Thread{Name: "test"}
	g, err := starlark.ExecFile(thread, "test.star", src, starlark.StringDict{"subprocess": Module()})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	return len(ents)
}

// TestNoDescriptorLeak: a program reaped leaves no descriptor behind (its
// os.Process's pidfd was once kept: one per program, and every start
// scanned them all).
func TestNoDescriptorLeak(t *testing.T) {
	execStar(t, `subprocess.run(["true"])`) // one-time descriptors (the poller's)
	before := openFDs(t)
	execStar(t, `
def f():
    for _ in range(20):
        subprocess.run(["true"])
        subprocess.check_output(["echo", "x"])
        p = subprocess.Popen(["true"])
        p.wait()
        p.kill()  # ended: ignored
f()
`)
	// The last ones are released just after their program's end is seen.
	after := openFDs(t)
	for i := 0; i < 100 && after > before; i++ {
		time.Sleep(10 * time.Millisecond)
		after = openFDs(t)
	}
	if after > before {
		t.Errorf("%d descriptors open before 60 programs, %d after", before, after)
	}
}

// TestPidAfterEnd: Popen.pid stays the program's once it has ended and its
// os.Process is released (which sets that one's Pid to -1).
func TestPidAfterEnd(t *testing.T) {
	g := execStar(t, `
p = subprocess.Popen(["true"])
pid = p.pid
code = p.wait()
`)
	p := g["p"].(*Popen)
	<-p.done
	time.Sleep(50 * time.Millisecond) // its os.Process is released just after done
	if pid, _ := p.Attr("pid"); pid.String() != g["pid"].String() || g["pid"].String() == "-1" {
		t.Errorf("pid after the end = %v, at the start %v", pid, g["pid"])
	}
}

// TestLineWriter: output reaches the writer a whole line per write, however
// it is read (ReadFrom, as exec.Cmd copies it, or Write), the last partial
// line at flush.
func TestLineWriter(t *testing.T) {
	var got []string
	lw := &lineWriter{w: writerFunc(func(b []byte) (int, error) { got = append(got, string(b)); return len(b), nil })}
	src := "a\nbc" + strings.Repeat("x", 40<<10) + "\nde\nf"
	if n, err := lw.ReadFrom(iotest.OneByteReader(strings.NewReader(src[:5]))); n != 5 || err != nil {
		t.Fatalf("ReadFrom = %d, %v", n, err)
	}
	lw.ReadFrom(strings.NewReader(src[5:]))
	lw.flush()
	want := []string{"a\n", "bc" + strings.Repeat("x", 40<<10) + "\nde\n", "f"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("writes %q, want %q", got, want)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// TestLineWriterLongLine: a long output without a newline is kept whole and
// written once (each write used to search all of it again: quadratic).
func TestLineWriterLongLine(t *testing.T) {
	var got [][]byte
	lw := &lineWriter{w: writerFunc(func(b []byte) (int, error) { got = append(got, append([]byte(nil), b...)); return len(b), nil })}
	src := strings.Repeat("x", 32<<20) + "\nend"
	if _, err := lw.ReadFrom(strings.NewReader(src)); err != nil {
		t.Fatal(err)
	}
	lw.flush()
	if len(got) != 2 || string(got[0]) != src[:32<<20+1] || string(got[1]) != "end" {
		t.Errorf("%d writes", len(got))
	}
}

// TestCheckOutputRefusesCheck: CPython 3.12's check_output refuses check=
// as it refuses stdout= (python3 3.11 fails in run instead, so no pydiff).
func TestCheckOutputRefusesCheck(t *testing.T) {
	co := Module().Members["check_output"]
	thread := &starlark.Thread{Name: "test"}
	for _, check := range []starlark.Value{starlark.False, starlark.True} {
		_, err := starlark.Call(thread, co, starlark.Tuple{starlark.NewList([]starlark.Value{starlark.String("true")})},
			[]starlark.Tuple{{starlark.String("check"), check}})
		const want = "ValueError: check argument not allowed, it will be overridden."
		if err == nil || err.Error() != want {
			t.Errorf("check_output(check=%s): %v, want %s", check, err, want)
		}
	}
}
