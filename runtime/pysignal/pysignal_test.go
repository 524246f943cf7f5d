package pysignal

import (
	"context"
	"syscall"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

// TestHandlerRuns: a handler installed for SIGUSR2 runs in its thread at
// Run (not before), once per arrival; signalCtx's context ends when a
// signal arrives; SIG_DFL gives the signal back and Get says so.
func TestHandlerRuns(t *testing.T) {
	thread := &starlark.Thread{Name: "main"}
	var got []int
	h := starlark.NewBuiltin("h", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		n, _ := starlark.AsInt32(args[0])
		got = append(got, n)
		return starlark.None, nil
	})
	def := starlark.String("default")
	prev, err := Install(thread, int(syscall.SIGUSR2), h, def)
	if err != nil || prev != starlark.MakeInt(SIG_DFL) {
		t.Fatalf("Install: %v, %v", prev, err)
	}
	if Get(int(syscall.SIGUSR2), def) != h || Get(int(syscall.SIGINT), def) != def || Get(int(syscall.SIGPIPE), def) != starlark.MakeInt(SIG_IGN) {
		t.Errorf("Get: %v %v %v", Get(int(syscall.SIGUSR2), def), Get(int(syscall.SIGINT), def), Get(int(syscall.SIGPIPE), def))
	}

	ctx, interrupted, stop := signalCtx(thread, context.Background())
	syscall.Kill(syscall.Getpid(), syscall.SIGUSR2)
	select {
	case <-ctx.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("a signal did not end the interruptible wait")
	}
	if !interrupted() {
		t.Error("interrupted() = false")
	}
	stop()
	if len(got) != 0 {
		t.Fatalf("the handler ran before Run: %v", got)
	}
	if err := Run(&starlark.Thread{}); err != nil || len(got) != 0 {
		t.Fatalf("another thread ran the handler: %v %v", got, err)
	}
	if err := Run(thread); err != nil || len(got) != 1 || got[0] != int(syscall.SIGUSR2) {
		t.Fatalf("Run: %v %v", got, err)
	}
	if err := Run(thread); err != nil || len(got) != 1 {
		t.Fatalf("Run ran it twice: %v %v", got, err)
	}

	if _, err := Install(thread, int(syscall.SIGINT), h, def); err == nil {
		t.Error("a SIGINT handler was taken")
	}
	if prev, err := Install(thread, int(syscall.SIGUSR2), starlark.MakeInt(SIG_DFL), def); err != nil || prev != h {
		t.Errorf("back to SIG_DFL: %v, %v", prev, err)
	}
	if Get(int(syscall.SIGUSR2), def) != starlark.MakeInt(SIG_DFL) {
		t.Errorf("Get after SIG_DFL: %v", Get(int(syscall.SIGUSR2), def))
	}
}
