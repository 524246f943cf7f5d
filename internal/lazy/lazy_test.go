package lazy

import (
	"sync"
	"sync/atomic"
	"testing"
)

var calls atomic.Int32

// counted is declared as a package user would: a package-level Value.
var counted = Value[[]string]{New: func() []string {
	calls.Add(1)
	return []string{"a", "b"}
}}

func TestValueComputesOnceOnFirstGet(t *testing.T) {
	if n := calls.Load(); n != 0 {
		t.Fatalf("computed %d times before the first Get", n)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := counted.Get(); len(got) != 2 || got[1] != "b" {
				t.Errorf("Get() = %q", got)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("computed %d times, want 1", n)
	}
}
