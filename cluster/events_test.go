package cluster

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// TestEventsLostAreSentAgain: the root loses events as it would while a
// server fails over (every third on its first arrival, every exit, and
// the tail of a job: its last events, which no later one reveals as
// missing): every output line still arrives once and in order, every Pool
// result arrives, every exit code is right.
func TestEventsLostAreSentAgain(t *testing.T) {
	l, out, _, _ := cluster1(t, 3)
	var (
		mu      sync.Mutex
		seen    = map[string]map[uint64]bool{}
		dropped int
	)
	drop := func(id string, kind byte, seq uint64) bool {
		mu.Lock()
		defer mu.Unlock()
		if seen[id] == nil {
			seen[id] = map[uint64]bool{}
		}
		if seen[id][seq] {
			return false // sent again: let it through
		}
		seen[id][seq] = true
		if seq%3 == 0 || kind == evExit {
			dropped++
			return true
		}
		return false
	}
	dropEvent.Store(&drop)
	t.Cleanup(func() { dropEvent.Store(nil) })
	src := `
load("multiprocessing", "Pool", "Process")
load("sys", "exit")

def say(n):
    for i in range(n):
        print("line", i)
    exit(3)

def sq(x):
    return x * x

if __name__ == "__main__":
    p = Process(target=say, args=(40,))
    p.start()
    p.join()
    print("exitcode", p.exitcode)
    pool = Pool(2)
    print("map", pool.map(sq, range(60), chunksize=1) == [x * x for x in range(60)])
    print("apply", [pool.apply_async(sq, (i,)).get() for i in range(5)])
    pool.close()
    pool.join()
    print("done")
`
	if err := script(t, l, out, src, map[string]string{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var want strings.Builder
	for i := range 40 {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	want.WriteString("exitcode 3\nmap True\napply [0, 1, 4, 9, 16]\ndone\n")
	if got := out.String(); got != want.String() {
		t.Errorf("output:\n%s\nwant:\n%s", got, want.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if dropped < 20 {
		t.Errorf("only %d events were dropped: the test did not test", dropped)
	}
}

// TestOutboxKeepsUntilAcknowledged: a worker keeps a job's events until
// the root acknowledges them, sends again from where the root asks, and
// lets an ended job's events go once they are all acknowledged.
func TestOutboxKeepsUntilAcknowledged(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	nc := dial(t, s.ClientURL(), k)
	root := dial(t, s.ClientURL(), k)
	events, err := root.SubscribeSync(evPrefix + ".job1")
	if err != nil {
		t.Fatal(err)
	}
	o := newOutbox(nc, "job1")
	defer o.close()
	// Both subscriptions are in place at the server before anything is
	// sent to them.
	if err := root.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	next := func() (byte, uint64, string) {
		t.Helper()
		m, err := events.NextMsg(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		kind, seq, data, ok := parseEvent(m.Data)
		if !ok {
			t.Fatalf("malformed event %q", m.Data)
		}
		return kind, seq, string(data)
	}
	for _, line := range []string{"a", "b", "c"} {
		o.send(evStdout, []byte(line))
	}
	for i, line := range []string{"a", "b", "c"} {
		if kind, seq, data := next(); kind != evStdout || seq != uint64(i+1) || data != line {
			t.Errorf("event %d: %c %d %q", i, kind, seq, data)
		}
	}
	ask := func(kind byte, next uint64) {
		t.Helper()
		root.Publish(ackPrefix+".job1", appendEvent(nil, kind, next, nil))
		if err := root.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	ask(ackResend, 2) // a and nothing else arrived
	for i, line := range []string{"b", "c"} {
		if kind, seq, data := next(); kind != evStdout || seq != uint64(i+2) || data != line {
			t.Errorf("sent again %d: %c %d %q", i, kind, seq, data)
		}
	}
	o.send(evExit, []byte("0"))
	if kind, seq, _ := next(); kind != evExit || seq != 4 {
		t.Errorf("exit: %c %d", kind, seq)
	}
	if seq, done := o.last(time.Now()); seq != 4 || done {
		t.Errorf("before the ack: last %d, done %v", seq, done)
	}
	ask(ackUpTo, 5)
	waitFor(t, 10*time.Second, "the outbox to empty", func() bool {
		_, done := o.last(time.Now())
		return done
	})
	if m, err := events.NextMsg(100 * time.Millisecond); err == nil {
		t.Errorf("an acknowledgement was answered with %q", m.Data)
	} else if err != nats.ErrTimeout {
		t.Fatal(err)
	}
}

// TestFailoverPool: one of three servers is shut down in the middle of a
// map that prints: one that is neither the root's nor the worker's (the
// stream leader perhaps), the root's, or the worker's. Tasks are asked for
// again and events in flight sent again, so every line and every result
// arrives, once.
func TestFailoverPool(t *testing.T) {
	for _, whose := range []string{"neither", "root", "worker"} {
		t.Run(whose, func(t *testing.T) {
			servers, l, out, wnc := threeServers(t)
			src := `
load("multiprocessing", "Pool")
load("time", "sleep")

def f(i):
    print("task", i)
    sleep(0.02)
    return i * i

if __name__ == "__main__":
    p = Pool(2)
    r = p.map(f, range(120), chunksize=1)
    print("results", r == [i * i for i in range(120)])
    p.close()
    p.join()
`
			done := make(chan error, 1)
			go func() { done <- script(t, l, out, src, map[string]string{}) }()
			waitFor(t, 60*time.Second, "the map to start", func() bool { return strings.Contains(out.String(), "task 5\n") })
			for _, s := range servers {
				root, worker := s.ID() == l.nc.ConnectedServerId(), s.ID() == wnc.ConnectedServerId()
				if whose == "root" && root || whose == "worker" && worker || whose == "neither" && !root && !worker {
					s.Shutdown()
					break
				}
			}
			if err := <-done; err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			got := out.String()
			if !strings.Contains(got, "results True\n") {
				t.Errorf("output:\n%s", got)
			}
			for i := range 120 {
				if n := strings.Count(got, fmt.Sprintf("task %d\n", i)); n != 1 {
					t.Errorf("task %d printed %d times", i, n)
				}
			}
		})
	}
}

// TestTickDoesNotWaitForHandling: an event whose handling blocks (the
// root's stdout not read) does not hold up the heartbeat that ticks the
// inboxes: workers would take the root for dead.
func TestTickDoesNotWaitForHandling(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	nc := dial(t, s.ClientURL(), k)
	release := make(chan struct{})
	handling := make(chan struct{})
	in := newInbox(nc, "job1", func(kind byte, data []byte) {
		close(handling)
		<-release
	})
	go in.onEvent(&nats.Msg{Data: appendEvent(nil, evStdout, 1, []byte("blocked"))})
	<-handling
	ticked := make(chan struct{})
	go func() {
		in.tick()
		close(ticked)
	}()
	select {
	case <-ticked:
	case <-time.After(30 * time.Second):
		t.Error("tick waited for an event's handling")
	}
	close(release)
}
