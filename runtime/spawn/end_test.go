package spawn

import (
	"io"
	"os"
	"testing"
	"time"
)

// TestMain runs this test binary, re-executed by Start, as a child that
// announces its end (End) with the status its bootstrap names, then waits
// for its parent to close the control socket before it exits: so the
// parent sees Ended while the child still runs.
func TestMain(m *testing.M) {
	if ctl, ok := ChildControl(); ok {
		Ready(ctl)
		frame, err := ReadFrame(ctl, MaxFrame)
		if err != nil || len(frame) != 1 {
			os.Exit(100)
		}
		code := int(frame[0])
		End(ctl, code)
		io.Copy(io.Discard, ctl)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestEndBeforeExit: a child's end notice reaches its parent (Ended, with
// the status) while the child is still running, and its exit follows with
// the same status.
func TestEndBeforeExit(t *testing.T) {
	for _, code := range []int{0, 7, 255} {
		p, err := Start(Request{Stdout: os.Stdout, Stderr: os.Stderr}, []byte{byte(code)})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-p.Ended():
		case <-p.Done():
			t.Fatalf("status %d: the child ended without its notice", code)
		case <-time.After(time.Minute):
			p.Signal(9)
			t.Fatalf("status %d: no end notice", code)
		}
		if got := p.EndCode(); got != code {
			t.Errorf("announced status %d, want %d", got, code)
		}
		if _, done := p.ExitCode(); done {
			t.Errorf("status %d: reaped before the parent let it exit", code)
		}
		p.Control.Close() // now it exits
		<-p.Done()
		if got, _ := p.ExitCode(); got != code {
			t.Errorf("exit status %d, want %d", got, code)
		}
	}
}

// TestNoEndNotice: a child that dies without announcing its end never
// closes Ended.
func TestNoEndNotice(t *testing.T) {
	p, err := Start(Request{Stdout: os.Stdout, Stderr: os.Stderr}, []byte("not one byte"))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(time.Minute):
		p.Signal(9)
		t.Fatal("the child did not exit")
	}
	if got, _ := p.ExitCode(); got != 100 {
		t.Errorf("exit status %d, want 100", got)
	}
	select {
	case <-p.Ended():
		t.Error("Ended closed for a child that announced nothing")
	default:
	}
}
