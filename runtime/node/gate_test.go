package node

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/trace"
)

// TestGate: work submitted with Run waits while the owner runs, runs on the
// owner's thread while it waits in Blocking, keeps the gate closed through
// a wait of its own, and stops once the gate is closed.
func TestGate(t *testing.T) {
	var g Gate
	owner := &starlark.Thread{Name: "owner"}
	if !g.Enter(owner) || !g.Enter(owner) {
		t.Fatal("the owner cannot enter")
	}
	if g.Enter(&starlark.Thread{}) {
		t.Fatal("a second thread entered")
	}
	ran := make(chan *starlark.Thread, 1)
	nested := make(chan bool, 1)
	go g.Run(func(th *starlark.Thread) {
		resume := g.Blocking(th) // a wait inside the work keeps the gate
		nested <- g.holder.Load() == th
		resume()
		ran <- th
	})
	select {
	case <-ran:
		t.Fatal("work ran while the owner was running")
	case <-time.After(20 * time.Millisecond):
	}
	resume := g.Blocking(owner)
	th := <-ran
	resume()
	if th != owner || !<-nested {
		t.Fatalf("work ran on %v; nested wait kept the gate: false", th)
	}
	if other := g.Blocking(&starlark.Thread{}); other == nil {
		t.Fatal("nil resume")
	}
	done := make(chan bool)
	go func() { done <- g.Run(func(*starlark.Thread) { t.Error("ran after Close") }) }()
	g.Close(owner)
	if <-done {
		t.Fatal("Run after Close reported true")
	}
	g.Blocking(owner)() // a no-op once closed
}

// TestStartWait: a traced wait costs no allocation, records a slice only
// when it lasted MinTracedWait, and an untraced one records nothing.
func TestStartWait(t *testing.T) {
	dir := t.TempDir()
	rec, err := trace.Open(dir, 7, "p")
	if err != nil {
		t.Fatal(err)
	}
	th := &starlark.Thread{}
	Set(th, &Node{Trace: rec})
	if n := testing.AllocsPerRun(1000, func() { StartWait(th, "Queue.get").Done() }); n != 0 {
		t.Errorf("%v allocations per traced wait", n)
	}
	w := StartWait(th, "Queue.put")
	time.Sleep(2 * MinTracedWait)
	w.Done()
	StartWait(&starlark.Thread{}, "untraced").Done()
	rec.Close()
	data, _ := os.ReadFile(filepath.Join(dir, "7.jsonl"))
	s := string(data)
	if strings.Count(s, `"Queue.put"`) != 1 || strings.Count(s, `"Queue.get"`) > 50 { // of 1001: a scheduling hiccup may reach 0.1 ms
		t.Errorf("waits recorded:\n%s", s)
	}
}
