package shm

import (
	"bytes"
	"context"
	"errors"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime/shm/arena"
)

func msgOf(i, n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewSource(int64(i)))
	rng.Read(b)
	if n >= 8 {
		copy(b, put64(uint64(i)))
	}
	return b
}

func TestQueueFIFOAndSizes(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, err := NewQueue(a, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Empty() || q.Full() || q.Len() != 0 {
		t.Fatal("new queue state")
	}
	if _, err := q.Get(ctx, 0); err != ErrEmpty {
		t.Fatal("get on empty:", err)
	}
	sizes := []int{0, 1, 7, 8, 100, inlineMax - 1, inlineMax, inlineMax + 1, 60000, 65536, 300000, 3 << 20}
	var want [][]byte
	for round := 0; round < 3; round++ {
		for i, n := range sizes {
			m := msgOf(round*100+i, n)
			want = append(want, m)
			if err := q.Put(ctx, m, -1); err != nil {
				t.Fatal(err)
			}
		}
		// many small ones, to cross segment boundaries
		for i := 0; i < 3000; i++ {
			m := msgOf(i, 1+i%300)
			want = append(want, m)
			q.Put(ctx, m, -1)
		}
	}
	if q.Len() != len(want) || q.Empty() {
		t.Fatalf("len %d, want %d", q.Len(), len(want))
	}
	for i, w := range want {
		got, err := q.Get(ctx, 0)
		if err != nil {
			t.Fatal(i, err)
		}
		if !bytes.Equal(got, w) {
			t.Fatalf("item %d: got %d bytes, want %d", i, len(got), len(w))
		}
	}
	if !q.Empty() || q.Bytes() != 0 {
		t.Fatal("not empty after draining")
	}
	st := a.Stats()
	if st.Inflight != 0 {
		t.Fatalf("%d inflight slots left", st.Inflight)
	}
}

func TestQueueBounded(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 2)
	q.Put(ctx, []byte("a"), 0)
	q.Put(ctx, []byte("b"), 0)
	if !q.Full() {
		t.Fatal("not full")
	}
	if err := q.Put(ctx, []byte("c"), 0); err != ErrFull {
		t.Fatal("put_nowait on full:", err)
	}
	start := time.Now()
	if err := q.Put(ctx, []byte("c"), 50*time.Millisecond); err != ErrFull {
		t.Fatal("put with timeout on full:", err)
	}
	if d := time.Since(start); d < 45*time.Millisecond {
		t.Fatalf("timed out after %v", d)
	}
	// A blocked producer proceeds when a consumer makes room.
	done := make(chan error)
	go func() { done <- q.Put(ctx, []byte("c"), 5*time.Second) }()
	time.Sleep(20 * time.Millisecond)
	if m, _ := q.Get(ctx, 0); string(m) != "a" {
		t.Fatal(string(m))
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"b", "c"} {
		if m, _ := q.Get(ctx, 0); string(m) != w {
			t.Fatal(string(m))
		}
	}
	// Get with timeout on empty.
	start = time.Now()
	if _, err := q.Get(ctx, 30*time.Millisecond); err != ErrEmpty || time.Since(start) < 25*time.Millisecond {
		t.Fatal(err)
	}
	// Cancellation.
	cctx, cancel := context.WithCancel(ctx)
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := q.Get(cctx, -1); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func TestQueueClosed(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 0)
	q.Put(ctx, []byte("x"), 0)
	q2, err := AttachQueue(a, q.Handle())
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
	if err := q.Put(ctx, []byte("y"), 0); err != ErrClosed {
		t.Fatal(err)
	}
	if _, err := q.Get(ctx, 0); err != ErrClosed {
		t.Fatal(err)
	}
	// Other handles are unaffected.
	if m, err := q2.Get(ctx, 0); err != nil || string(m) != "x" {
		t.Fatal(m, err)
	}
}

func TestJoinableQueue(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 0)
	if err := q.TaskDone(); err != ErrTooManyTaskDone {
		t.Fatal(err)
	}
	if ok, _ := q.Join(ctx, 0); !ok {
		t.Fatal("join on fresh queue")
	}
	for i := 0; i < 3; i++ {
		q.Put(ctx, []byte{byte(i)}, 0)
	}
	joined := make(chan bool)
	go func() { ok, _ := q.Join(ctx, 5*time.Second); joined <- ok }()
	for i := 0; i < 3; i++ {
		q.Get(ctx, 0)
		select {
		case <-joined:
			t.Fatal("join returned early")
		case <-time.After(5 * time.Millisecond):
		}
		if err := q.TaskDone(); err != nil {
			t.Fatal(err)
		}
	}
	if !<-joined {
		t.Fatal("join failed")
	}
	if err := q.TaskDone(); err != ErrTooManyTaskDone {
		t.Fatal(err)
	}
	if ok, _ := q.Join(ctx, 10*time.Millisecond); !ok {
		t.Fatal("join on finished queue")
	}
}

func TestQueueConcurrent(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 64)
	const producers, per = 4, 5000
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				m := append(put64(uint64(p)), put64(uint64(i))...)
				if i%500 == 0 {
					m = append(m, make([]byte, 20000)...) // a big one now and then
				}
				if err := q.Put(ctx, m, -1); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	results := make(chan map[uint64][]uint64, 4)
	for c := 0; c < 4; c++ {
		go func() {
			got := map[uint64][]uint64{}
			for {
				m, err := q.Get(ctx, -1)
				if err != nil {
					t.Error(err)
					break
				}
				if len(m) == 0 {
					break
				}
				p, i := u64(m), u64(m[8:])
				got[p] = append(got[p], i)
			}
			results <- got
		}()
	}
	wg.Wait()
	for c := 0; c < 4; c++ {
		q.Put(ctx, nil, -1)
	}
	seen := map[[2]uint64]bool{}
	for c := 0; c < 4; c++ {
		for p, seq := range <-results {
			for k, i := range seq {
				if k > 0 && seq[k-1] >= i {
					t.Fatalf("producer %d out of order at a consumer", p)
				}
				if seen[[2]uint64{p, i}] {
					t.Fatalf("duplicate %d/%d", p, i)
				}
				seen[[2]uint64{p, i}] = true
			}
		}
	}
	if len(seen) != producers*per {
		t.Fatalf("got %d items, want %d", len(seen), producers*per)
	}
}

// A queue that once held 100 MB gives the memory back when drained.
func TestQueueShrinks(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 0)
	base := a.Stats().Resident
	small := make([]byte, 1000)
	big := make([]byte, 1<<20)
	for i := 0; i < 50; i++ {
		q.Put(ctx, big, -1)
	}
	for i := 0; i < 50000; i++ {
		q.Put(ctx, small, -1)
	}
	if r := a.Stats().Resident - base; r < 95<<20 {
		t.Fatalf("resident grew by %d only", r)
	}
	for !q.Empty() {
		if _, err := q.Get(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	// Freed memory is kept resident for reuse up to dirtyHigh chunks...
	if r := a.Stats().Resident; r > base+arena.DirtyHigh+8<<20 {
		t.Fatalf("resident %d MiB after draining 100 MB (base %d MiB)", r>>20, base>>20)
	}
	// ...and goes back to the OS once it stayed unused for a sweep period
	// (the root's watcher sweeps every second).
	a.Sweep()
	a.Sweep()
	if r := a.Stats().Resident; r > base+8<<20 {
		t.Fatalf("resident %d MiB after draining 100 MB and sweeping (base %d MiB)", r>>20, base>>20)
	}
}

// A producer killed half-way through Put: its journal is rolled back, the
// half-written item is not delivered, and a new segment or a staged big
// message it allocated is freed.
func TestQueuePutRollback(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 0)
	for i := 0; i < 10; i++ {
		q.Put(ctx, msgOf(i, 5000), -1)
	}
	for _, big := range []bool{false, true} {
		dead := uint32(deadPid(t))
		before := a.Stats()
		// Replay a Put as the dead process, stopping before the commit.
		msg := msgOf(99, 60000)
		var st *staged
		if big {
			st, _ = stage(a, msg)
		}
		o := q.o
		o.lock = dead
		j := q.j()
		// Fill the segment so the put needs a new one.
		_, err := o.r.put(a, j, msgOf(98, 8000), nil, false)
		if err != nil {
			t.Fatal(err)
		}
		o.r.put(a, j, msg, st, false)
		a.GiveSlots(self, dead) // the segment's and the staged message's slots are the dead one's too
		a.ReapDead(int(dead))
		if q.Len() != 10 {
			t.Fatalf("len %d after rolling back a put", q.Len())
		}
		after := a.Stats()
		used := func(s Stats) uint64 { return s.Top - s.FreeSpanLen }
		if after.Inflight != 0 || used(after) != used(before) {
			t.Fatalf("inflight %d; used %d -> %d: blocks of the undone put leaked", after.Inflight, used(before), used(after))
		}
	}
	for i := 0; i < 10; i++ {
		m, err := q.Get(ctx, 0)
		if err != nil || !bytes.Equal(m, msgOf(i, 5000)) {
			t.Fatalf("item %d damaged: %v", i, err)
		}
	}
	if _, err := q.Get(ctx, 0); err != ErrEmpty {
		t.Fatal("undone item delivered")
	}
	if err := q.Put(ctx, []byte("ok"), 0); err != nil {
		t.Fatal(err)
	}
}

// A consumer killed after taking a big item (copying it out) loses that
// item only; its block is freed by the reaper.
func TestQueueGetDeathFreesBlock(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	q, _ := NewQueue(a, 0)
	q.Put(ctx, make([]byte, 1<<20), -1)
	q.Put(ctx, []byte("next"), -1)
	dead := uint32(deadPid(t))
	o := q.o
	arena.Lock(&o.lock)
	j := q.j()
	o.r.get(a, j) // the dead one's finish never runs
	j.Commit()
	arena.Unlock(&o.lock)
	if n := a.GiveSlots(self, dead); n != 1 {
		t.Fatalf("%d slots claimed", n)
	}
	a.ReapDead(int(dead))
	if st := a.Stats(); st.Inflight != 0 || st.FreeSpanLen < 1<<20 {
		t.Fatalf("big block not freed: %+v", st)
	}
	if m, _ := q.Get(ctx, 0); string(m) != "next" {
		t.Fatal(string(m))
	}
}

func TestQueueDestroy(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	before := a.Stats()
	q, _ := NewQueue(a, 0)
	for i := 0; i < 2000; i++ {
		q.Put(ctx, msgOf(i, 100+i*10), -1)
	}
	h := q.Handle()
	q.Destroy()
	if _, err := AttachQueue(a, h); err != ErrBadHandle {
		t.Fatal("destroyed queue attached")
	}
	after := a.Stats()
	if after.Objects != before.Objects || after.Top-after.FreeSpanLen > before.Top-before.FreeSpanLen+chunkSize {
		t.Fatalf("storage not freed: %+v -> %+v", before, after)
	}
}
