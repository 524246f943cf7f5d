package subprocessmod

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/procenv"
)

// cancelStar runs src on a thread whose context is cancelled once src has
// had time to block; it returns the globals and src's error. The program
// src starts as p (which never reads its stdin) is killed at the end.
func cancelStar(t *testing.T, src string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	env := procenv.Default()
	env.Ctx = ctx
	thread := &starlark.Thread{Name: "test"}
	procenv.Set(thread, env)
	type result struct {
		g   starlark.StringDict
		err error
	}
	ch := make(chan result, 1)
	go func() {
		g, err := starlark.ExecFile(thread, "test.star", src, starlark.StringDict{"subprocess": Module()})
		ch <- result{g, err}
	}()
	// Not an assertion: cancelled before the write blocks, it fails at
	// once all the same.
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case r := <-ch:
		if p, ok := r.g["p"].(*Popen); ok {
			syscall.Kill(-p.pid, syscall.SIGKILL)
		}
		return r.err
	case <-time.After(30 * time.Second):
		t.Fatal("a write to a full pipe was not cancelled")
	}
	return nil
}

// TestWriteCancelled: a write to a program that does not read waits in
// the poller until the thread's context is cancelled (Ctrl-C, the host).
func TestWriteCancelled(t *testing.T) {
	for name, src := range map[string]string{
		"write": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE)
p.stdin.write(b"x" * (1 << 20))
`,
		"flush": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE, text=True, bufsize=1 << 20)
p.stdin.write("y" * ((1 << 20) - 1))
p.stdin.flush()
`,
		"writelines": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE, bufsize=0)
p.stdin.writelines([b"z" * 4096] * 100)
`,
		"communicate": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE)
p.communicate(b"c" * (1 << 20))
`,
	} {
		t.Run(name, func(t *testing.T) {
			err := cancelStar(t, src)
			if err == nil || !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "context canceled") {
				t.Errorf("err = %v, want the context's", err)
			}
		})
	}
}
