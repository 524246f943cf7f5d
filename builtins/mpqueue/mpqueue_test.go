package mpqueue_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

func TestMain(m *testing.M) {
	runtime.Dispatch()
	os.Setenv("GORACE", "atexit_sleep_ms=0")
	os.Exit(m.Run())
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Every blocking call wakes up when the thread's context is cancelled (as by
// Ctrl-C), in the root and in a child blocked the same way, and catch() does
// not catch the cancellation.
func TestBlockedCallsCancel(t *testing.T) {
	for _, tc := range []struct{ name, setup, call string }{
		{"Queue.get", "q = Queue()", "q.get()"},
		{"Queue.get timeout", "q = Queue()", "q.get(True, 3600)"},
		{"Queue.put full", "q = Queue(1)\n    q.put(1)", "q.put(2)"},
		{"JoinableQueue.join", "q = JoinableQueue()\n    q.put(1)", "q.join()"},
		{"SimpleQueue.get", "q = SimpleQueue()", "q.get()"},
		{"Connection.recv", "q, other = Pipe()", "q.recv()"},
		{"Connection.recv_bytes", "q, other = Pipe()", "q.recv_bytes()"},
		{"Connection.poll", "q, other = Pipe()", "q.poll(None)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := `
def block(q, started):
    started.put(1)
    catch(lambda: ` + tc.call + `)
    print("NOT REACHED: the child's call was caught")

if __name__ == "__main__":
    ` + tc.setup + `
    started = SimpleQueue()
    Process(target=block, args=(q, started)).start()
    started.get()
    print("blocking")
    r, err = catch(lambda: ` + tc.call + `)
    print("NOT REACHED: caught", err)
`
			var out, errb syncBuffer
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb))
			go func() { done <- rt.ExecSource(ctx, "block.star", []byte(src)) }()
			deadline := time.Now().Add(20 * time.Second)
			for !strings.Contains(out.String(), "blocking") {
				if time.Now().After(deadline) {
					t.Fatalf("never blocked; stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond)
			start := time.Now()
			cancel()
			select {
			case err := <-done:
				if err == nil {
					t.Errorf("no error after cancellation")
				}
				if d := time.Since(start); d > 3*time.Second {
					t.Errorf("took %v to stop", d)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("still blocked 10 s after the cancellation; stdout:\n%s", out.String())
			}
			if strings.Contains(out.String(), "NOT REACHED") {
				t.Errorf("a cancelled call was caught:\n%s", out.String())
			}
		})
	}
}
