package cluster

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/procstar/procstar/runtime/objects"
)

// rawQueueClient sends hand-made queue requests to a root, as another
// process would, and collects the answers.
type rawQueueClient struct {
	t       *testing.T
	nc      *nats.Conn
	subject string
	inbox   string
	answers chan *nats.Msg
}

func newRawQueueClient(t *testing.T, root *Launcher, nc *nats.Conn) *rawQueueClient {
	c := &rawQueueClient{t: t, nc: nc, subject: queueHostSubject(root.id), inbox: nc.NewInbox(), answers: make(chan *nats.Msg, 16)}
	if _, err := nc.ChanSubscribe(c.inbox, c.answers); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *rawQueueClient) send(r queueReq) {
	c.t.Helper()
	r.client = "raw"
	if err := c.nc.PublishMsg(&nats.Msg{Subject: c.subject, Reply: c.inbox, Data: r.encode()}); err != nil {
		c.t.Fatal(err)
	}
}

// answer is the next answer: its status, request number and data.
func (c *rawQueueClient) answer() (byte, uint64, string) {
	c.t.Helper()
	select {
	case m := <-c.answers:
		seq, k := binary.Uvarint(m.Data[1:])
		return m.Data[0], seq, string(m.Data[1+k:])
	case <-time.After(10 * time.Second):
		c.t.Fatal("no answer from the root")
	}
	return 0, 0, ""
}

// noAnswer checks that nothing comes for a while.
func (c *rawQueueClient) noAnswer() {
	c.t.Helper()
	select {
	case m := <-c.answers:
		c.t.Fatalf("unexpected answer %q", m.Data)
	case <-time.After(200 * time.Millisecond):
	}
}

// quietLauncher is a root's Launcher on server s, ended with the test.
func quietLauncher(t *testing.T, s *server.Server, k key) *Launcher {
	t.Helper()
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, &syncBuffer{}, &syncBuffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

// rootAndProcess are the Launchers of a root and of another process of
// its run, on one server.
func rootAndProcess(t *testing.T) (root, other *Launcher) {
	k := newKey(t)
	s := startServer(t, k)
	root, other = quietLauncher(t, s, k), quietLauncher(t, s, k)
	other.root = root.rootID()
	return root, other
}

func rootAndRaw(t *testing.T) (*Launcher, *rawQueueClient) {
	k := newKey(t)
	s := startServer(t, k)
	l := quietLauncher(t, s, k)
	return l, newRawQueueClient(t, l, dial(t, s.ClientURL(), k))
}

// TestQueueRequestsOnce: a request sent again (its answer lost in a
// failover) gets the same answer and changes nothing: an item is stored
// once, and handed to one get once.
func TestQueueRequestsOnce(t *testing.T) {
	t.Parallel()
	l, c := rootAndRaw(t)
	ctx := context.Background()
	q, err := l.NewQueue(0)
	if err != nil {
		t.Fatal(err)
	}
	id := q.(*clQueue).h.Key
	for range 2 {
		c.send(queueReq{op: opPut, seq: 1, low: 1, queue: id, data: []byte("a")})
		if st, seq, _ := c.answer(); st != stOK || seq != 1 {
			t.Fatalf("put: %c %d", st, seq)
		}
	}
	if n := q.Len(); n != 1 {
		t.Fatalf("a put sent twice stored %d items", n)
	}
	q.Put(ctx, []byte("b"), 0)
	for range 2 {
		c.send(queueReq{op: opGet, seq: 2, low: 2, queue: id, timeout: -1})
		if st, seq, data := c.answer(); st != stOK || seq != 2 || data != "a" {
			t.Fatalf("get: %c %d %q", st, seq, data)
		}
	}
	if got, err := q.Get(ctx, 0); err != nil || string(got) != "b" {
		t.Fatalf("after a get sent twice, the root's get = %q, %v; want b", got, err)
	}
	// An answer the process said it has (low past it) is forgotten: the
	// same number is a new request.
	c.send(queueReq{op: opLen, seq: 3, low: 3, queue: id})
	c.answer()
	if len(l.host.clients["raw"].answers) != 1 {
		t.Errorf("answers kept: %v", l.host.clients["raw"].answers)
	}
}

// TestQueueCancel: a get withdrawn while it waits takes nothing; one
// withdrawn after its item was sent puts it back at the front.
func TestQueueCancel(t *testing.T) {
	t.Parallel()
	l, c := rootAndRaw(t)
	ctx := context.Background()
	q, _ := l.NewQueue(0)
	id := q.(*clQueue).h.Key

	c.send(queueReq{op: opGet, seq: 1, low: 1, queue: id, timeout: -1})
	c.noAnswer()
	c.send(queueReq{op: opCancel, seq: 1, low: 1, queue: id})
	if st, seq, _ := c.answer(); st != stCancelled || seq != 1 {
		t.Fatalf("cancel: %c %d", st, seq)
	}
	q.Put(ctx, []byte("x"), 0)
	c.noAnswer()
	if n := q.Len(); n != 1 {
		t.Fatalf("a withdrawn get took the item: %d left", n)
	}

	q.Put(ctx, []byte("y"), 0)
	c.send(queueReq{op: opGet, seq: 2, low: 2, queue: id, timeout: -1})
	if st, _, data := c.answer(); st != stOK || data != "x" {
		t.Fatalf("get: %c %q", st, data)
	}
	c.send(queueReq{op: opCancel, seq: 2, low: 2, queue: id})
	if st, _, _ := c.answer(); st != stCancelled {
		t.Fatalf("cancel: %c", st)
	}
	for _, want := range []string{"x", "y"} {
		if got, err := q.Get(ctx, 0); err != nil || string(got) != want {
			t.Fatalf("get = %q, %v; want %q (the withdrawn item first)", got, err, want)
		}
	}

	// The root's own get withdrawn by its context.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := q.Get(cctx, -1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("get with an ended context: %v", err)
	}
	q.Put(ctx, []byte("z"), 0)
	if n := q.Len(); n != 1 {
		t.Fatalf("a withdrawn local get took the item: %d left", n)
	}
	q.Get(ctx, 0)

	// A put withdrawn after the root did it cannot be taken back: the
	// withdrawal is answered with the put's answer (its process must not
	// put the item again), every time it is sent, and the item stays once.
	c.send(queueReq{op: opPut, seq: 3, low: 3, queue: id, timeout: -1, data: []byte("p")})
	if st, _, _ := c.answer(); st != stOK {
		t.Fatalf("put: %c", st)
	}
	for range 2 {
		c.send(queueReq{op: opCancel, seq: 3, low: 3, queue: id})
		if st, seq, _ := c.answer(); st != stOK || seq != 3 {
			t.Fatalf("withdrawal of a done put: %c %d, want the put's answer", st, seq)
		}
	}
	if got, err := q.Get(ctx, 0); err != nil || string(got) != "p" || q.Len() != 0 {
		t.Fatalf("after a done put's withdrawal: get %q, %v, %d left; want p once", got, err, q.Len())
	}
	// A put withdrawn while it waits for room takes none.
	b, _ := l.NewQueue(1)
	bid := b.(*clQueue).h.Key
	b.Put(ctx, []byte("full"), 0)
	c.send(queueReq{op: opPut, seq: 4, low: 4, queue: bid, timeout: -1, data: []byte("late")})
	c.noAnswer()
	c.send(queueReq{op: opCancel, seq: 4, low: 4, queue: bid})
	if st, _, _ := c.answer(); st != stCancelled {
		t.Fatalf("withdrawal of a waiting put: %c", st)
	}
	b.Get(ctx, 0)
	if n := b.Len(); n != 0 {
		t.Fatalf("a withdrawn put was done: %d items", n)
	}
}

// TestQueueAbandonedWaiter: a process that stops sending its waiting get
// (it died) is forgotten, so that a later item is not handed to it.
func TestQueueAbandonedWaiter(t *testing.T) {
	t.Parallel()
	l, c := rootAndRaw(t)
	q, _ := l.NewQueue(0)
	c.send(queueReq{op: opGet, seq: 1, low: 1, queue: q.(*clQueue).h.Key, timeout: -1})
	c.noAnswer()
	time.Sleep(3*resendEvery + 2*resendEvery)
	q.Put(context.Background(), []byte("z"), 0)
	c.noAnswer()
	if n := q.Len(); n != 1 {
		t.Fatalf("the item went to a process that stopped asking: %d left", n)
	}
}

// TestQueueTimeouts: a remote get or put waits its timeout at the root
// and no longer; a join waits for the last task_done. Through NATS and
// straight to the root.
func TestQueueTimeouts(t *testing.T) {
	for _, direct := range []bool{false, true} {
		t.Run(fmt.Sprint("direct=", direct), func(t *testing.T) {
			t.Parallel()
			queueTimeouts(t, direct)
		})
	}
}

func queueTimeouts(t *testing.T, direct bool) {
	a, b := rootAndProcess(t)
	b.noDirect = !direct
	ctx := context.Background()
	qb, err := b.NewQueue(1) // made by a process that is not the root
	if err != nil {
		t.Fatal(err)
	}
	qa, _ := a.AttachQueue(qb.Handle())
	t0 := time.Now()
	if _, err := qb.Get(ctx, 300*time.Millisecond); !errors.Is(err, objects.ErrEmpty) {
		t.Fatalf("get from an empty queue: %v", err)
	}
	if d := time.Since(t0); d < 300*time.Millisecond {
		t.Fatalf("get returned after %v, before its timeout", d)
	}
	if err := qb.Put(ctx, []byte("1"), -1); err != nil {
		t.Fatal(err)
	}
	if err := qb.Put(ctx, []byte("2"), 200*time.Millisecond); !errors.Is(err, objects.ErrFull) {
		t.Fatalf("put into a full queue: %v", err)
	}
	if !qa.Full() || !qb.Full() || qa.Len() != 1 {
		t.Fatalf("full: root %v other %v len %d", qa.Full(), qb.Full(), qa.Len())
	}
	// A put waiting for room gets it when the root takes an item.
	done := make(chan error, 1)
	go func() { done <- qb.Put(ctx, []byte("3"), -1) }()
	time.Sleep(100 * time.Millisecond)
	if got, err := qa.Get(ctx, 0); err != nil || string(got) != "1" {
		t.Fatalf("root get = %q, %v", got, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("waiting put: %v", err)
	}
	if got, err := qb.Get(ctx, 0); err != nil || string(got) != "3" {
		t.Fatalf("get = %q, %v", got, err)
	}
	// Two items were put and taken: join waits for two task_done.
	if ok, err := qb.Join(ctx, 100*time.Millisecond); ok || err != nil {
		t.Fatalf("join with tasks undone = %v, %v", ok, err)
	}
	joined := make(chan bool, 1)
	go func() { ok, _ := qb.Join(ctx, -1); joined <- ok }()
	qa.TaskDone()
	qb.TaskDone()
	if !<-joined {
		t.Fatal("join did not see the last task_done")
	}
	if err := qb.TaskDone(); !errors.Is(err, objects.ErrTooManyTaskDone) {
		t.Fatalf("task_done past the puts: %v", err)
	}
	// Destroyed: a waiting get fails, later operations too.
	got := make(chan error, 1)
	go func() { _, err := qb.Get(ctx, -1); got <- err }()
	time.Sleep(100 * time.Millisecond)
	qa.Destroy()
	if err := <-got; !errors.Is(err, objects.ErrClosed) {
		t.Fatalf("get waiting on a destroyed queue: %v", err)
	}
	if !qb.(*clQueue).Gone() || qb.Put(ctx, []byte("x"), 0) == nil {
		t.Fatal("a destroyed queue still takes items")
	}
	if (b.qc.direct.Load() != nil) != direct {
		t.Errorf("direct connection: %v, want %v", b.qc.direct.Load() != nil, direct)
	}
}

// TestQueueDirectClosed: the root forgets at once the waiting get of a
// connection that closed (its process died), and admits a process of its
// own user only.
func TestQueueDirectClosed(t *testing.T) {
	t.Parallel()
	l, _ := rootAndRaw(t)
	q, _ := l.NewQueue(0)
	conn, err := net.Dial("unix", directName(l.id))
	if err != nil {
		t.Fatal(err)
	}
	d := &directConn{c: conn}
	r := queueReq{op: opGet, client: "raw", seq: 1, low: 1, queue: q.(*clQueue).h.Key, timeout: -1}
	if err := d.write(r.encode()); err != nil {
		t.Fatal(err)
	}
	// It waits: the root holds it.
	for i := 0; ; i++ {
		l.host.mu.Lock()
		n := len(q.(*clQueue).l.host.queues[r.queue].getters)
		l.host.mu.Unlock()
		if n == 1 {
			break
		}
		if i == 500 {
			t.Fatal("the get never reached the root")
		}
		time.Sleep(10 * time.Millisecond)
	}
	conn.Close()
	for i := 0; ; i++ {
		l.host.mu.Lock()
		n := len(l.host.queues[r.queue].getters)
		l.host.mu.Unlock()
		if n == 0 {
			break
		}
		if i == 250 { // under the 3 s after which a silent request is forgotten
			t.Fatal("the get of a closed connection still waits")
		}
		time.Sleep(10 * time.Millisecond)
	}
	q.Put(context.Background(), []byte("z"), 0)
	if n := q.Len(); n != 1 {
		t.Fatalf("the item went to a closed connection: %d left", n)
	}
}

// TestQueueFailover: another process puts while the root gets, and the
// server of one of them is shut down in the middle: every item arrives
// once, in order.
func TestQueueFailover(t *testing.T) {
	for _, down := range []string{"root's server", "putter's server"} {
		t.Run(down, func(t *testing.T) {
			servers, _, k := threeServerCluster(t)
			urls := func(first int) string {
				var us []string
				for i := range 3 {
					us = append(us, servers[(first+i)%3].ClientURL())
				}
				return fmt.Sprint(us[0], ",", us[1], ",", us[2])
			}
			connect := func(first int) *Launcher {
				nc, err := Conn{URL: urls(first), Creds: k.creds}.dial(nats.DontRandomize())
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(nc.Close)
				l, err := NewLauncher(nc, k.kp, 3, &syncBuffer{}, &syncBuffer{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(l.Close)
				return l
			}
			root, putter := connect(0), connect(1)
			putter.root = root.rootID()
			putter.noDirect = true // through the servers
			ctx := context.Background()
			q, err := root.NewQueue(0)
			if err != nil {
				t.Fatal(err)
			}
			qp, _ := putter.AttachQueue(q.Handle())
			const n = 300
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range n {
					if err := qp.Put(ctx, []byte(fmt.Sprint(i)), -1); err != nil {
						t.Error(err)
						return
					}
				}
			}()
			for i := range n {
				if i == n/3 {
					victim := servers[0]
					if down == "putter's server" {
						victim = servers[1]
					}
					victim.Shutdown()
				}
				got, err := q.Get(ctx, 30*time.Second)
				if err != nil || string(got) != fmt.Sprint(i) {
					t.Fatalf("item %d: %q, %v", i, got, err)
				}
			}
			wg.Wait()
			if n := q.Len(); n != 0 {
				t.Fatalf("%d items too many", n)
			}
		})
	}
}

// TestQueueDirectConcurrent: goroutines of one process share its
// connection to the root (one reads for all at a time): 4 putters and 4
// getters, with gets that time out and gets withdrawn by their context
// among them; every item arrives once.
func TestQueueDirectConcurrent(t *testing.T) {
	t.Parallel()
	a, b := rootAndProcess(t)
	ctx := context.Background()
	qa, _ := a.NewQueue(0)
	qb, _ := b.AttachQueue(qa.Handle())
	const each = 300
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := qb.Put(ctx, []byte(fmt.Sprint(p, ":", i)), -1); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for got := 0; got < each; {
				var item []byte
				var err error
				switch got % 3 {
				case 0:
					item, err = qb.Get(ctx, -1)
				case 1:
					item, err = qb.Get(ctx, time.Millisecond)
				case 2:
					cctx, cancel := context.WithTimeout(ctx, time.Millisecond)
					item, err = qb.Get(cctx, -1)
					cancel()
				}
				if errors.Is(err, objects.ErrEmpty) || errors.Is(err, context.DeadlineExceeded) {
					got++ // counted as a try: the loop below takes what is left
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[string(item)]++
				mu.Unlock()
				got++
			}
		}()
	}
	wg.Wait()
	for {
		item, err := qb.Get(ctx, 0)
		if errors.Is(err, objects.ErrEmpty) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		seen[string(item)]++
	}
	if len(seen) != 4*each {
		t.Errorf("%d distinct items of %d", len(seen), 4*each)
	}
	for item, n := range seen {
		if n != 1 {
			t.Errorf("item %s came %d times", item, n)
		}
	}
	if b.qc.direct.Load() == nil {
		t.Error("the process did not use its connection to the root")
	}
}

// TestQueueBigItems: items above a NATS message's limit cross both ways,
// through the object store on NATS and whole on a connection.
func TestQueueBigItems(t *testing.T) {
	for _, direct := range []bool{false, true} {
		t.Run(fmt.Sprint("direct=", direct), func(t *testing.T) {
			t.Parallel()
			root, other := rootAndProcess(t)
			other.noDirect = !direct
			ctx := context.Background()
			q, err := root.NewQueue(0)
			if err != nil {
				t.Fatal(err)
			}
			qo, _ := other.AttachQueue(q.Handle())
			big := func(b byte) []byte { return bytes.Repeat([]byte{b}, 3<<20) }
			if err := qo.Put(ctx, big('a'), -1); err != nil {
				t.Fatal(err)
			}
			if got, err := q.Get(ctx, 10*time.Second); err != nil || !bytes.Equal(got, big('a')) {
				t.Fatalf("the root's get of a big item: %d bytes, %v", len(got), err)
			}
			if err := q.Put(ctx, big('b'), -1); err != nil {
				t.Fatal(err)
			}
			if got, err := qo.Get(ctx, 10*time.Second); err != nil || !bytes.Equal(got, big('b')) {
				t.Fatalf("another process's get of a big item: %d bytes, %v", len(got), err)
			}
			if (other.qc.direct.Load() != nil) != direct {
				t.Errorf("direct connection: %v, want %v", other.qc.direct.Load() != nil, direct)
			}
			if used := root.obj.big != nil || other.obj.big != nil; used == direct {
				t.Errorf("object store used: %v, on a direct connection: %v", used, direct)
			}
		})
	}
}

// TestQueuePosted: a process on the root's machine posts its puts to an
// unbounded queue (objects.Poster) without waiting for answers. They land
// in order, its own later requests see them (one connection keeps the
// order), the root stores no answer for them, flush (at the process's end)
// returns once they landed, and a put to a destroyed queue is reported.
// Where an answer is needed (a bounded queue, the root's own handle, no
// connection) it does not post.
func TestQueuePosted(t *testing.T) {
	t.Parallel()
	a, b := rootAndProcess(t)
	ctx := context.Background()
	qa, _ := a.NewQueue(0)
	qb, _ := b.AttachQueue(qa.Handle())
	const n = 1000
	for i := range n / 2 {
		if !qb.(objects.Poster).Post([]byte(fmt.Sprint(i))) {
			t.Fatalf("put %d was not posted", i)
		}
	}
	if got := qb.Len(); got != n/2 {
		t.Fatalf("the poster counts %d items after %d posts", got, n/2)
	}
	for i := n / 2; i < n; i++ {
		qb.(objects.Poster).Post([]byte(fmt.Sprint(i)))
	}
	qb.(objects.Poster).Flush() // join_thread's
	a.host.mu.Lock()
	landed := len(a.host.queues[qa.(*clQueue).h.Key].items)
	answers := len(a.host.clients[b.id].answers)
	a.host.mu.Unlock()
	if landed != n {
		t.Fatalf("%d of %d posted items landed by the flush", landed, n)
	}
	if answers > 2 { // the count and the flush
		t.Errorf("the root stored %d answers", answers)
	}
	for i := range n {
		item, err := qa.Get(ctx, 0)
		if err != nil || string(item) != fmt.Sprint(i) {
			t.Fatalf("item %d: %q, %v", i, item, err)
		}
	}

	bounded, _ := a.NewQueue(1)
	if bb, _ := b.AttachQueue(bounded.Handle()); bb.(objects.Poster).Post([]byte("x")) {
		t.Error("a put to a bounded queue was posted")
	}
	if qa.(objects.Poster).Post([]byte("x")) {
		t.Error("the root's own put was posted")
	}

	qa.Destroy()
	qb.(objects.Poster).Post([]byte("lost"))
	b.qc.flush()
	if out := a.errw.(*syncBuffer).String(); !strings.Contains(out, "a put to queue "+qa.(*clQueue).h.Key+" was lost") {
		t.Errorf("a post to a destroyed queue was not reported: %q", out)
	}

	_, c := rootAndProcess(t)
	c.noDirect = true
	qc, _ := c.NewQueue(0)
	if qc.(objects.Poster).Post([]byte("x")) {
		t.Error("a put was posted through NATS")
	}
}

// TestQueuePostsLandFirst: a change another process can see (here an
// Event set) does not happen before the puts posted ahead of it have
// landed, so that whoever learns of the change finds the items (SPEC: an
// item is in the queue once put returns). With the root's table held, the
// set waits; released, the item is there when the set returns.
func TestQueuePostsLandFirst(t *testing.T) {
	t.Parallel()
	a, b := rootAndProcess(t)
	qa, _ := a.NewQueue(0)
	qb, _ := b.AttachQueue(qa.Handle())
	ea, err := a.NewEvent()
	if err != nil {
		t.Fatal(err)
	}
	eb, _ := b.AttachEvent(ea.Handle())
	eb.Clear() // connects b's objects before the root is held
	key := qa.(*clQueue).h.Key
	a.host.mu.Lock()
	if !qb.(objects.Poster).Post([]byte("x")) {
		a.host.mu.Unlock()
		t.Fatal("not posted")
	}
	set := make(chan struct{})
	go func() {
		if err := eb.Set(); err != nil {
			t.Error(err)
		}
		close(set)
	}()
	select {
	case <-set:
		a.host.mu.Unlock()
		t.Fatal("the event was set before the posted put landed")
	case <-time.After(300 * time.Millisecond):
	}
	a.host.mu.Unlock()
	<-set
	a.host.mu.Lock()
	n := len(a.host.queues[key].items)
	a.host.mu.Unlock()
	isSet, err := ea.IsSet()
	if n != 1 || !isSet || err != nil {
		t.Fatalf("after the set: %d items, set %v (%v)", n, isSet, err)
	}
}
