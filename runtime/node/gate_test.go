package node

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/trace"
)

// TestGate: work submitted with Run waits while the owner runs, runs on the
// owner's thread while the owner's wait has opened the gate, keeps the gate
// closed through a wait of its own, and stops once the gate is closed.
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
		// A wait inside the work keeps the gate.
		nested <- !g.open(th) && g.holder.Load() == th
		ran <- th
	})
	select {
	case <-ran:
		t.Fatal("work ran while the owner was running")
	case <-time.After(20 * time.Millisecond):
	}
	if !g.open(owner) {
		t.Fatal("the owner's wait did not open the gate")
	}
	th := <-ran
	g.shut(owner)
	if th != owner || !<-nested {
		t.Fatalf("work ran on %v; nested wait kept the gate: false", th)
	}
	if g.open(&starlark.Thread{}) {
		t.Fatal("another thread's wait opened the gate")
	}
	done := make(chan bool)
	go func() { done <- g.Run(func(*starlark.Thread) { t.Error("ran after Close") }) }()
	g.Close(owner)
	if <-done {
		t.Fatal("Run after Close reported true")
	}
	if g.open(owner) {
		t.Fatal("the gate opened once closed")
	}
}

// TestWaitHold: code the waiting thread runs in the middle of its wait
// (Hold) waits for the end of a Run's work, keeps further work out while it
// runs, and leaves the gate open again for the rest of the wait.
func TestWaitHold(t *testing.T) {
	th := &starlark.Thread{Name: "owner"}
	n := &Node{}
	Set(th, n)
	g := n.Gate()
	if !g.Enter(th) {
		t.Fatal("the owner cannot enter")
	}
	w := StartWait(th, "Queue.get")
	if w.gate != g {
		t.Fatal("the wait did not open the gate")
	}
	working, finish := make(chan struct{}), make(chan struct{})
	go g.Run(func(*starlark.Thread) {
		close(working)
		<-finish
	})
	<-working
	held := make(chan bool)
	go func() {
		held <- w.Hold(func() error {
			if g.holder.Load() != th {
				t.Error("the gate is not held by the thread during Hold")
			}
			return errors.New("handler")
		}) != nil
	}()
	select {
	case <-held:
		t.Fatal("Hold ran beside a Run's work")
	case <-time.After(20 * time.Millisecond):
	}
	close(finish)
	if !<-held {
		t.Fatal("Hold lost f's error")
	}
	ran := make(chan bool)
	go func() { ran <- g.Run(func(*starlark.Thread) {}) }()
	if !<-ran { // would hang if Hold left the gate shut
		t.Fatal("Run refused while the owner waits")
	}
	w.Done()
	if g.holder.Load() != th {
		t.Fatal("Done did not give the gate back to the thread")
	}
	// A wait that opened nothing (another thread's) runs f directly.
	other := &starlark.Thread{}
	Set(other, n)
	ow := StartWait(other, "time.sleep")
	if ow.gate != nil || ow.Hold(func() error { return nil }) != nil {
		t.Fatal("another thread's wait opened the gate")
	}
	ow.Done()
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
