package node

import "testing"

// TestUnjoined: os.kill's view of a pid. A child that ended unjoined is
// found (Python's zombie); once forgotten (joined) it is not; a running
// child given the pid of one that ended unjoined is the pid's (a reaped pid
// may be reused, which Python's zombie prevents); a child on another
// machine is never found.
func TestUnjoined(t *testing.T) {
	n := &Node{children: map[*Child]struct{}{}}
	add := func(pid int, host string, ended bool) *Child {
		c := &Child{Pid: pid, Host: host, finished: make(chan struct{})}
		if ended {
			close(c.finished)
		}
		n.children[c] = struct{}{}
		return c
	}
	old := add(100, "", true)
	if c := n.Unjoined(100); c != old || c.Alive() {
		t.Fatalf("ended unjoined child: %v", c)
	}
	n.Forget(old)
	if c := n.Unjoined(100); c != nil {
		t.Fatalf("joined child found: %v", c)
	}
	old = add(200, "", true)
	for i := 0; i < 20; i++ {
		// Map order varies: the running one wins every time.
		young := add(200, "", false)
		if c := n.Unjoined(200); c != young {
			t.Fatalf("pid reused by a running child: got %p, want %p", c, young)
		}
		delete(n.children, young)
	}
	add(300, "elsewhere", true)
	if c := n.Unjoined(300); c != nil {
		t.Fatalf("remote child found: %v", c)
	}
}
