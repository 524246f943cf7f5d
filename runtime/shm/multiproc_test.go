package shm

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/own"
)

// Child roles. Each returns its exit status.
func init() {
	children["mutexinc"] = func(c *child) int {
		m, err := AttachMutex(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		b, err := AttachBlock(c.a, c.handle(1))
		if err != nil {
			return 2
		}
		ctx := context.Background()
		cnt := b.Bytes()
		for i := c.int(2); i > 0; i-- {
			m.Acquire(ctx, -1)
			copy(cnt, put64(u64(cnt)+1)) // not atomic: the lock makes it safe
			m.Release()
		}
		return 0
	}
	children["producer"] = func(c *child) int {
		q, err := AttachQueue(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		id, n := uint64(c.int(1)), c.int(2)
		for i := 0; i < n; i++ {
			m := append(put64(id), put64(uint64(i))...)
			if i%1000 == 999 {
				m = append(m, make([]byte, 10000)...)
			}
			if err := q.Put(context.Background(), m, -1); err != nil {
				return 3
			}
		}
		return 0
	}
	children["consumer"] = func(c *child) int {
		q, err := AttachQueue(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		seen, err := AttachBlock(c.a, c.handle(1))
		if err != nil {
			return 2
		}
		per := c.int(2)
		last := map[uint64]int64{}
		for {
			m, err := q.Get(context.Background(), -1)
			if err != nil {
				return 3
			}
			if len(m) == 0 {
				return 0
			}
			p, i := u64(m), u64(m[8:])
			if prev, ok := last[p]; ok && int64(i) <= prev {
				fmt.Fprintf(os.Stderr, "producer %d: %d after %d\n", p, i, prev)
				return 4
			}
			last[p] = int64(i)
			seen.AddUint(int(p)*per+int(i), 1, 1)
		}
	}
	children["holdlock"] = func(c *child) int {
		m, _ := AttachMutex(c.a, c.handle(0))
		e, _ := AttachEvent(c.a, c.handle(1))
		m.Acquire(context.Background(), -1)
		e.Set()
		time.Sleep(time.Hour)
		return 0
	}
	children["takeandend"] = func(c *child) int {
		// Takes a Lock, an RLock, a unit of a bounded and of a plain
		// semaphore, and ends normally, as a target that returns.
		m, _ := AttachMutex(c.a, c.handle(0))
		r, _ := AttachMutex(c.a, c.handle(1))
		bs, _ := AttachSemaphore(c.a, c.handle(2))
		s, _ := AttachSemaphore(c.a, c.handle(3))
		ctx := context.Background()
		m.Acquire(ctx, -1)
		r.Acquire(ctx, -1)
		bs.Acquire(ctx, -1)
		s.Acquire(ctx, -1)
		c.a.EndNormally()
		return 0
	}
	children["holdinternal"] = func(c *child) int {
		// Takes the internal lock of a queue or a semaphore, as a process
		// stopped inside one of their critical sections, and keeps it.
		e, _ := AttachEvent(c.a, c.handle(1))
		if c.args[2] == "queue" {
			q, _ := AttachQueue(c.a, c.handle(0))
			arena.Lock(&q.o.lock)
		} else {
			s, _ := AttachSemaphore(c.a, c.handle(0))
			arena.Lock(&s.o.lock)
		}
		e.Set()
		time.Sleep(time.Hour)
		return 0
	}
	children["holdsem"] = func(c *child) int {
		s, _ := AttachSemaphore(c.a, c.handle(0))
		e, _ := AttachEvent(c.a, c.handle(1))
		s.Acquire(context.Background(), -1)
		s.Acquire(context.Background(), -1)
		e.Set()
		time.Sleep(time.Hour)
		return 0
	}
	children["waitlock"] = func(c *child) int {
		m, _ := AttachMutex(c.a, c.handle(0))
		b, _ := AttachBlock(c.a, c.handle(1))
		ok, ab, err := m.Acquire(context.Background(), 30*time.Second)
		if !ok || err != nil {
			return 3
		}
		b.StoreUint(0, 8, uint64(ab))
		m.Release()
		return 0
	}
	children["killproducer"] = func(c *child) int {
		q, _ := AttachQueue(c.a, c.handle(0))
		b, _ := AttachBlock(c.a, c.handle(1))
		slowCriticalSections()
		for i := 0; ; i++ {
			if err := q.Put(context.Background(), killMsg(i), -1); err != nil {
				return 3
			}
			b.StoreUint(0, 8, uint64(i+1)) // puts that returned
		}
	}
	children["killconsumer"] = func(c *child) int {
		q, _ := AttachQueue(c.a, c.handle(0))
		b, _ := AttachBlock(c.a, c.handle(1))
		slowCriticalSections()
		for {
			m, err := q.Get(context.Background(), -1)
			if err != nil {
				return 3
			}
			b.StoreUint(int(u64(m)), 1, 1) // got it
		}
	}
	children["pipewriter"] = func(c *child) int {
		w, err := AttachConn(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		for i := 0; i < c.int(1); i++ {
			w.Send(context.Background(), []byte(fmt.Sprint("msg", i)))
		}
		if c.args[2] == "hang" {
			time.Sleep(time.Hour)
		}
		return 0 // exits without Close: its copy goes with it
	}
	children["bigproducer"] = func(c *child) int {
		q, _ := AttachQueue(c.a, c.handle(0))
		for i, n := range bigSizes() {
			if err := q.Put(context.Background(), bigMsg(i, n), -1); err != nil {
				return 3
			}
		}
		return 0
	}
	children["bigconsumer"] = func(c *child) int {
		q, _ := AttachQueue(c.a, c.handle(0))
		for i, n := range bigSizes() {
			m, err := q.Get(context.Background(), 0)
			if err != nil || !bytes.Equal(m, bigMsg(i, n)) {
				fmt.Fprintln(os.Stderr, "bigconsumer: item", i, err)
				return 3
			}
		}
		if !q.Empty() {
			return 4
		}
		return 0
	}
	children["barrierwait"] = func(c *child) int {
		b, _ := AttachBarrier(c.a, c.handle(0))
		if _, err := b.Wait(context.Background(), 30*time.Second, nil); err == ErrBroken {
			return 5
		} else if err != nil {
			return 3
		}
		return 0
	}
}

// slowCriticalSections makes every 64th Put or Get linger inside its
// critical section, so a kill often lands there.
func slowCriticalSections() {
	n := 0
	testHookPut = func() {
		if n++; n%64 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	testHookGet = testHookPut
}

func killMsg(i int) []byte {
	n := 16 + (i*7919)%2000
	if i%97 == 0 {
		n = 20000 + i%5000 // big: staged in its own block
	}
	m := bytes.Repeat([]byte{byte(i)}, n)
	copy(m, put64(uint64(i)))
	return m
}

func bigSizes() []int {
	s := []int{40 << 20}
	for i := 0; i < 60; i++ {
		s = append(s, 1<<20)
	}
	return s
}

func bigMsg(i, n int) []byte {
	m := make([]byte, n)
	for k := 0; k < n; k += 4096 {
		m[k] = byte(i*31 + k/4096)
	}
	m[n-1] = byte(i)
	return m
}

func TestMultiProcessMutex(t *testing.T) {
	tr := newTree(t, 0, true)
	m, _ := NewMutex(tr.a)
	b, _ := NewBlock(tr.a, 8, nil)
	var ps []*proc
	for i := 0; i < 4; i++ {
		ps = append(ps, tr.spawn("mutexinc", m.Handle(), b.Handle(), 10000))
	}
	for _, p := range ps {
		p.mustSucceed(t)
	}
	if n := b.LoadUint(0, 8); n != 40000 {
		t.Fatalf("count %d, want 40000", n)
	}
}

func TestMultiProcessQueue(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	q, _ := NewQueue(tr.a, 1000)
	const producers, consumers, per = 4, 4, 25000
	seen, _ := NewBlock(tr.a, producers*per, nil)
	var cs, ps []*proc
	for i := 0; i < consumers; i++ {
		cs = append(cs, tr.spawn("consumer", q.Handle(), seen.Handle(), per))
	}
	for i := 0; i < producers; i++ {
		ps = append(ps, tr.spawn("producer", q.Handle(), i, per))
	}
	for _, p := range ps {
		p.mustSucceed(t)
	}
	for range cs {
		q.Put(ctx, nil, -1)
	}
	for _, p := range cs {
		p.mustSucceed(t)
	}
	for i, c := range seen.Bytes() {
		if c != 1 {
			t.Fatalf("item %d/%d delivered %d times", i/per, i%per, c)
		}
	}
	if !q.Empty() {
		t.Fatal("queue not empty")
	}
}

func TestMultiProcessAbandonedMutex(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	m, _ := NewMutex(tr.a)
	held, _ := NewEvent(tr.a)
	res, _ := NewBlock(tr.a, 8, nil)
	holder := tr.spawn("holdlock", m.Handle(), held.Handle())
	if ok, _ := held.Wait(ctx, 30*time.Second); !ok {
		t.Fatal("holder did not take the lock")
	}
	if m.Owner() != holder.Pid() {
		t.Fatalf("owner %d, holder %d", m.Owner(), holder.Pid())
	}
	waiter := tr.spawn("waitlock", m.Handle(), res.Handle())
	got := make(chan int)
	go func() {
		ok, ab, err := m.Acquire(ctx, 30*time.Second)
		if !ok || err != nil {
			t.Error("parent acquire:", ok, err)
		}
		m.Release()
		got <- ab
	}()
	time.Sleep(100 * time.Millisecond)
	holder.kill() // the watcher reaps it: the test does not call Wait yet
	ab := <-got
	waiter.mustSucceed(t)
	ab2 := int(res.LoadUint(0, 8))
	// Exactly one of the two waiters took the lock over from the dead.
	if ab+ab2 != holder.Pid() || (ab != 0 && ab2 != 0) {
		t.Fatalf("abandonedBy: parent %d, child %d; holder was %d", ab, ab2, holder.Pid())
	}
	holder.Wait() // releases its ptable slot: the arena still knows the name
	if name := tr.a.ProcessName(holder.Pid()); name != holder.name {
		t.Fatalf("dead holder named %q, want %q", name, holder.name)
	}
}

func TestMultiProcessAbandonedSemaphore(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	s, _ := NewSemaphore(tr.a, 2, 2)
	held, _ := NewEvent(tr.a)
	holder := tr.spawn("holdsem", s.Handle(), held.Handle())
	held.Wait(ctx, 30*time.Second)
	if s.Value() != 0 {
		t.Fatal(s.Value())
	}
	holder.kill()
	ok, ab, err := s.Acquire(ctx, 30*time.Second)
	if !ok || err != nil || ab != holder.Pid() {
		t.Fatalf("acquire after holder died: %v %d %v", ok, ab, err)
	}
	if s.Value() != 1 {
		t.Fatalf("value %d: the dead holder's two units were not both returned", s.Value())
	}
}

// TestMultiProcessNormalEnd: a process that ends normally keeps what it
// holds; the reaps by the parent and by the watcher release none of it.
func TestMultiProcessNormalEnd(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	m, _ := NewMutex(tr.a)
	r, _ := NewRLock(tr.a)
	bs, _ := NewSemaphore(tr.a, 1, 1)
	s, _ := NewSemaphore(tr.a, 1, 0)
	p := tr.spawn("takeandend", m.Handle(), r.Handle(), bs.Handle(), s.Handle())
	p.mustSucceed(t)
	tr.a.ReapDead(p.Pid()) // as the watcher may, after the parent
	if !m.Locked() || !r.Locked() || bs.Value() != 0 || s.Value() != 0 {
		t.Fatalf("after a normal end: Lock %v RLock %v bounded %d plain %d; want all kept",
			m.Locked(), r.Locked(), bs.Value(), s.Value())
	}
	if ok, _, _ := r.Acquire(ctx, 0); ok {
		t.Fatal("the RLock kept by a process that ended was acquired")
	}
	if err := m.Release(); err != nil {
		t.Fatalf("releasing the Lock kept by a process that ended: %v", err)
	}
	if err := bs.Release(); err != nil {
		t.Fatalf("releasing the bounded unit kept by a process that ended: %v", err)
	}
}

// TestMultiProcessKilledPlainSemaphore: units of a plain semaphore taken by
// a killed process stay taken (a counter has no owner).
func TestMultiProcessKilledPlainSemaphore(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	s, _ := NewSemaphore(tr.a, 3, 0)
	held, _ := NewEvent(tr.a)
	holder := tr.spawn("holdsem", s.Handle(), held.Handle())
	held.Wait(ctx, 30*time.Second)
	holder.kill()
	holder.Wait()
	tr.a.ReapDead(holder.Pid())
	if s.Value() != 1 {
		t.Fatalf("value %d after the holder of two of three units was killed, want 1", s.Value())
	}
}

// TestWatchOutOfFds: a process the watcher cannot open a pidfd for (the
// root is out of file descriptors) is not taken for dead: its lock stays
// its own. Once descriptors are back the watcher watches it, and its death
// releases the lock.
func TestWatchOutOfFds(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	m, _ := NewMutex(tr.a)
	held, _ := NewEvent(tr.a)
	p := tr.start("holdlock", m.Handle(), held.Handle())
	if ok, _ := held.Wait(ctx, 30*time.Second); !ok {
		t.Fatal("the holder did not take the lock")
	}
	// From here no descriptor can be opened: the soft limit is the lowest
	// free one.
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	low := lim
	low.Cur = uint64(fd)
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			unix.Setrlimit(unix.RLIMIT_NOFILE, &lim)
		}
	}
	defer restore()
	before := own.WatchFailures()
	p.commit()
	// Two failed attempts: the first, and a retry.
	deadline := time.Now().Add(30 * time.Second)
	for own.WatchFailures() < before+2 {
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not try, then retry, to watch the new process")
		}
		time.Sleep(time.Millisecond)
	}
	if ok, ab, _ := m.Acquire(ctx, 0); ok {
		t.Fatalf("the lock of a live process was taken over (abandoned by %d)", ab)
	}
	restore()
	p.kill()
	// Released by the watcher (this test does not reap the holder itself).
	ok, ab, err := m.Acquire(ctx, 30*time.Second)
	if !ok || err != nil || ab != p.Pid() {
		t.Fatalf("acquire after the holder died: %v, abandoned by %d (holder %d), %v", ok, ab, p.Pid(), err)
	}
}

// holdInternal starts a process that takes the internal lock of the queue
// or semaphore h (kind "queue" or "sem"), and stops it there (SIGSTOP).
func holdInternal(t *testing.T, tr *tree, h []byte, kind string) *proc {
	t.Helper()
	held, _ := NewEvent(tr.a)
	p := tr.spawn("holdinternal", h, held.Handle(), kind)
	if ok, _ := held.Wait(testCtx(t), 30*time.Second); !ok {
		t.Fatal("the helper did not take the lock")
	}
	p.cmd.Process.Signal(syscall.SIGSTOP)
	return p
}

// within runs f, failing the test if it has not returned after limit (a
// bound for a hang, not a measure of speed).
func within(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s: still blocked after %v", what, limit)
	}
}

// TestNonBlockingStoppedHolder: a process stopped inside a queue's or a
// semaphore's critical section does not block calls that must not block,
// nor calls with a timeout, whether the lock is held when they start or
// when they wake up: they give up as on a timeout (Python's get_nowait
// raises Empty when another process holds the reader lock).
func TestNonBlockingStoppedHolder(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	q, _ := NewQueue(tr.a, 0)
	q.Put(ctx, []byte("x"), -1)
	s, _ := NewSemaphore(tr.a, 5, 0)

	// A Get asleep on an empty queue when the holder takes the lock.
	q2, _ := NewQueue(tr.a, 0)
	asleep := make(chan error, 1)
	go func() {
		_, err := q2.Get(ctx, time.Second)
		asleep <- err
	}()
	for q2.o.r.wq.Sleepers() == 0 {
		time.Sleep(time.Millisecond)
	}

	hq := holdInternal(t, tr, q.Handle(), "queue")
	hs := holdInternal(t, tr, s.Handle(), "sem")
	hq2 := holdInternal(t, tr, q2.Handle(), "queue")
	limit := 20 * time.Second
	within(t, limit, "Get(timeout 0)", func() {
		if _, err := q.Get(ctx, 0); err != ErrEmpty {
			t.Errorf("Get(0): %v, want ErrEmpty", err)
		}
	})
	within(t, limit, "Get(timeout 0.2 s)", func() {
		if _, err := q.Get(ctx, 200*time.Millisecond); err != ErrEmpty {
			t.Errorf("Get(0.2 s): %v, want ErrEmpty", err)
		}
	})
	within(t, limit, "Semaphore.Acquire(timeout 0)", func() {
		if ok, _, err := s.Acquire(ctx, 0); ok || err != nil {
			t.Errorf("Acquire(0): %v %v, want false", ok, err)
		}
	})
	within(t, limit, "Semaphore.Acquire(timeout 0.2 s)", func() {
		if ok, _, err := s.Acquire(ctx, 200*time.Millisecond); ok || err != nil {
			t.Errorf("Acquire(0.2 s): %v %v, want false", ok, err)
		}
	})
	within(t, limit, "a Get that timed out asleep", func() {
		if err := <-asleep; err != ErrEmpty {
			t.Errorf("Get asleep: %v, want ErrEmpty", err)
		}
	})
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	within(t, limit, "Get(no timeout) with a cancelled context", func() {
		if _, err := q.Get(cctx, -1); err != context.Canceled {
			t.Errorf("Get with a cancelled context: %v", err)
		}
	})

	// Once the holders are gone (their locks rolled back by the reaper),
	// everything works, and the sleeper that gave up is unregistered.
	// (All of them first: a reap waits for the internal lock of every
	// object, so it would wait for a stopped holder still alive.)
	for _, p := range []*proc{hq, hs, hq2} {
		p.kill()
	}
	for _, p := range []*proc{hq, hs, hq2} {
		p.Wait()
	}
	if m, err := q.Get(ctx, 10*time.Second); err != nil || string(m) != "x" {
		t.Fatalf("Get after the holder died: %q %v", m, err)
	}
	if ok, _, _ := s.Acquire(ctx, 10*time.Second); !ok || s.Value() != 4 {
		t.Fatalf("Acquire after the holder died: %v, value %d", ok, s.Value())
	}
	deadline := time.Now().Add(limit)
	for q2.o.r.wq.Sleepers() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the sleeper that gave up the lock stayed registered")
		}
		time.Sleep(time.Millisecond)
	}
	q2.Put(ctx, []byte("y"), -1)
	if m, err := q2.Get(ctx, 10*time.Second); err != nil || string(m) != "y" {
		t.Fatalf("q2 after the holder died: %q %v", m, err)
	}
}

// A producer SIGKILLed at random points in its stream: every item whose Put
// returned is delivered exactly once, at most one more (the Put that had
// committed but not returned), and nothing half-written.
func TestMultiProcessKilledProducer(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	q, _ := NewQueue(tr.a, 0)
	for round := 0; round < 6; round++ {
		prog, _ := NewBlock(tr.a, 8, nil)
		p := tr.spawn("killproducer", q.Handle(), prog.Handle())
		for prog.LoadUint(0, 8) < uint64(1000+round*700) {
			time.Sleep(time.Millisecond)
		}
		p.kill()
		p.Wait()
		returned := int(prog.LoadUint(0, 8))
		n := 0
		for {
			m, err := q.Get(ctx, 0)
			if err == ErrEmpty {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(m, killMsg(n)) {
				t.Fatalf("round %d: item %d damaged or out of order", round, n)
			}
			n++
		}
		if n != returned && n != returned+1 {
			t.Fatalf("round %d: %d items delivered, %d puts returned", round, n, returned)
		}
		if st := tr.a.Stats(); st.Inflight != 0 {
			t.Fatalf("%d inflight slots after the reap", st.Inflight)
		}
	}
	t.Logf("%d interrupted critical sections rolled back", tr.a.Rollbacks())
	// The queue still works.
	q.Put(ctx, []byte("after"), 0)
	if m, _ := q.Get(ctx, 0); string(m) != "after" {
		t.Fatal("queue broken after the kills")
	}
}

// A consumer SIGKILLed while taking items loses at most the item it was
// taking; everything else is delivered exactly once.
func TestMultiProcessKilledConsumer(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	for round := 0; round < 6; round++ {
		q, _ := NewQueue(tr.a, 0)
		const n = 20000
		for i := 0; i < n; i++ {
			q.Put(ctx, killMsg(i), -1)
		}
		got, _ := NewBlock(tr.a, n, nil)
		p := tr.spawn("killconsumer", q.Handle(), got.Handle())
		for q.Len() > n-1000-round*700 {
			time.Sleep(time.Millisecond)
		}
		p.kill()
		p.Wait()
		for {
			m, err := q.Get(ctx, 0)
			if err == ErrEmpty {
				break
			}
			i := int(u64(m))
			if !bytes.Equal(m, killMsg(i)) || got.LoadUint(i, 1) != 0 {
				t.Fatalf("item %d damaged or delivered twice", i)
			}
			got.StoreUint(i, 1, 2)
		}
		lost := 0
		for i := 0; i < n; i++ {
			if got.LoadUint(i, 1) == 0 {
				lost++
			}
		}
		if lost > 1 {
			t.Fatalf("round %d: %d items lost", round, lost)
		}
		if st := tr.a.Stats(); st.Inflight != 0 {
			t.Fatalf("%d inflight slots after the reap", st.Inflight)
		}
		q.Destroy()
	}
	t.Logf("%d interrupted critical sections rolled back", tr.a.Rollbacks())
}

func TestMultiProcessPipeEOF(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	for _, mode := range []string{"exit", "hang"} {
		r, w, _ := NewPipe(tr.a, false)
		p := tr.spawn("pipewriter", w.Handle(), 3, mode)
		w.Close() // the Python idiom: the parent drops its copy at once
		for i := 0; i < 3; i++ {
			m, err := r.Recv(ctx, 30*time.Second)
			if err != nil || string(m) != fmt.Sprint("msg", i) {
				t.Fatal(mode, string(m), err)
			}
		}
		if mode == "hang" {
			if ok, _ := r.Poll(ctx, 50*time.Millisecond); ok {
				t.Fatal("EOF while the writer lives")
			}
			p.kill() // the watcher must notice
		}
		if _, err := r.Recv(ctx, 30*time.Second); err != ErrEOF {
			t.Fatalf("%s: recv after the writer died: %v", mode, err)
		}
		p.Wait()
	}
}

func TestMultiProcessBigQueue(t *testing.T) {
	tr := newTree(t, 0, true)
	q, _ := NewQueue(tr.a, 0)
	base := tr.a.Stats().Resident
	tr.spawn("bigproducer", q.Handle()).mustSucceed(t)
	if q.Bytes() != 100<<20 {
		t.Fatalf("queue holds %d bytes", q.Bytes())
	}
	tr.spawn("bigconsumer", q.Handle()).mustSucceed(t)
	if r := tr.a.Stats().Resident; r > base+arena.DirtyHigh+8<<20 {
		t.Fatalf("resident %d MiB after the queue drained", r>>20)
	}
	// The watcher's sweeps return what stays unused.
	deadline := time.Now().Add(10 * time.Second)
	for tr.a.Stats().Resident > base+8<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("resident %d MiB 10 s after the queue drained", tr.a.Stats().Resident>>20)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestMultiProcessBarrierDeath(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	b, _ := NewBarrier(tr.a, 4)
	p1 := tr.spawn("barrierwait", b.Handle())
	p2 := tr.spawn("barrierwait", b.Handle())
	for b.NWaiting() < 2 {
		time.Sleep(time.Millisecond)
	}
	errc := make(chan error)
	go func() { _, err := b.Wait(ctx, 30*time.Second, nil); errc <- err }()
	for b.NWaiting() < 3 {
		time.Sleep(time.Millisecond)
	}
	p1.kill()
	if err := <-errc; err != ErrBroken {
		t.Fatal(err)
	}
	if err := p2.Wait(); err == nil || p2.cmd.ProcessState.ExitCode() != 5 {
		t.Fatalf("surviving party: %v", err)
	}
	p1.Wait()
}

func TestWatcherStops(t *testing.T) {
	tr := newTree(t, 0, true)
	tr.cancel()
	select {
	case err := <-tr.done:
		if err != context.Canceled {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Watch did not return after cancel")
	}
	tr.cancel = nil
}

func init() {
	children["condwait"] = func(c *child) int {
		cond, err := AttachCondition(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		cnt, _ := AttachBlock(c.a, c.handle(1))
		m := cond.Mutex()
		ctx := context.Background()
		m.Acquire(ctx, -1)
		ok, _, err := cond.Wait(ctx, 30*time.Second)
		if err != nil || !ok || !m.Owned() {
			return 3
		}
		cnt.AddUint(0, 8, 1)
		m.Release()
		return 0
	}
	children["rlockrelease"] = func(c *child) int {
		m, _ := AttachMutex(c.a, c.handle(0))
		if err := m.Release(); err != ErrNotOwner {
			return 3
		}
		return 0
	}
}

func TestMultiProcessCondition(t *testing.T) {
	tr := newTree(t, 0, true)
	ctx := testCtx(t)
	cond, _ := NewCondition(tr.a, nil) // over an RLock, as Python's default
	cnt, _ := NewBlock(tr.a, 8, nil)
	m := cond.Mutex()
	var ps []*proc
	for i := 0; i < 3; i++ {
		ps = append(ps, tr.spawn("condwait", cond.Handle(), cnt.Handle()))
	}
	victim := tr.spawn("condwait", cond.Handle(), cnt.Handle())
	for cond.Waiting() < 4 {
		time.Sleep(time.Millisecond)
	}
	// A waiter that dies frees its slot, and is not counted by notify.
	victim.kill()
	for cond.Waiting() != 3 {
		time.Sleep(time.Millisecond)
	}
	victim.Wait()
	m.Acquire(ctx, -1)
	cond.Notify(2)
	m.Release()
	for cnt.LoadUint(0, 8) < 2 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if n := cnt.LoadUint(0, 8); n != 2 || cond.Waiting() != 1 {
		t.Fatalf("notify(2) across processes woke %d, %d still waiting", n, cond.Waiting())
	}
	m.Acquire(ctx, -1)
	cond.NotifyAll()
	m.Release()
	for _, p := range ps {
		p.mustSucceed(t)
	}
	if cnt.LoadUint(0, 8) != 3 {
		t.Fatal(cnt.LoadUint(0, 8))
	}
	// An RLock held here cannot be released by another process.
	m.Acquire(ctx, -1)
	tr.spawn("rlockrelease", m.Handle()).mustSucceed(t)
	if !m.Owned() {
		t.Fatal("released by a non-owner")
	}
	m.Release()
}
