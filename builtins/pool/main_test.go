package pool_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// The test binary is every child of the scripts it runs (runtime.Dispatch).
func TestMain(m *testing.M) {
	runtime.Dispatch()
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer safe for the runtime's copying goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// waitFor waits until buf holds s.
func waitFor(t *testing.T, buf *syncBuffer, s string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(buf.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the output:\n%s", s, buf.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pidsAfter returns the pids printed on the line starting with prefix.
func pidsAfter(t *testing.T, out, prefix string) []int {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			var pids []int
			for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r < '0' || r > '9' }) {
				pid, _ := strconv.Atoi(f)
				pids = append(pids, pid)
			}
			return pids
		}
	}
	t.Fatalf("no line %q in:\n%s", prefix, out)
	return nil
}

// gone waits (up to a second) until none of pids is alive.
func gone(t *testing.T, pids []int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for _, pid := range pids {
		for syscall.Kill(pid, 0) == nil {
			if time.Now().After(deadline) {
				t.Errorf("worker %d still alive", pid)
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}
