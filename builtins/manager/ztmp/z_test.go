package ztmp

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

func TestMain(m *testing.M) {
	runtime.Dispatch()
	os.Setenv("GORACE", "atexit_sleep_ms=0")
	os.Exit(m.Run())
}

func TestLoop(t *testing.T) {
	src := os.Getenv("ZSRC")
	for i := 0; i < 400; i++ {
		done := make(chan error, 1)
		go func() {
			done <- runtime.New(runtime.WithStdout(io.Discard)).ExecSource(context.Background(), "t.star", []byte(src))
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("iteration %d hung", i)
		}
	}
}
