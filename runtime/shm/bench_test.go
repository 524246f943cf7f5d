package shm

import (
	"context"
	"testing"
	"time"
)

func init() {
	children["qsource"] = func(c *child) int {
		q, _ := AttachQueue(c.a, c.handle(0))
		ready, _ := AttachEvent(c.a, c.handle(1))
		n, size := c.int(2), c.int(3)
		msg := make([]byte, size)
		ready.Set()
		for i := 0; i < n; i++ {
			if err := q.Put(context.Background(), msg, -1); err != nil {
				return 3
			}
		}
		return 0
	}
	children["pipeecho"] = func(c *child) int {
		conn, err := AttachConn(c.a, c.handle(0))
		if err != nil {
			return 2
		}
		ctx := context.Background()
		for {
			m, err := conn.Recv(ctx, -1)
			if err == ErrEOF {
				return 0
			}
			if err != nil {
				return 3
			}
			conn.Send(ctx, m)
		}
	}
	children["eventpong"] = func(c *child) int {
		ping, _ := AttachEvent(c.a, c.handle(0))
		pong, _ := AttachEvent(c.a, c.handle(1))
		ctx := context.Background()
		for i := c.int(2); i > 0; i-- {
			ping.Wait(ctx, -1)
			ping.Clear()
			pong.Set()
		}
		return 0
	}
}

func BenchmarkMutexUncontended(b *testing.B) {
	a := newArena(b)
	m, _ := NewMutex(a)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Acquire(ctx, -1)
		m.Release()
	}
}

func BenchmarkRLockUncontended(b *testing.B) {
	a := newArena(b)
	m, _ := NewRLock(a)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Acquire(ctx, -1)
		m.Release()
	}
}

func BenchmarkSemaphoreUncontended(b *testing.B) {
	a := newArena(b)
	s, _ := NewSemaphore(a, 1, 1)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Acquire(ctx, -1)
		s.Release()
	}
}

func BenchmarkQueuePutGet(b *testing.B) {
	for _, size := range []int{16, 1024, 64 << 10} {
		b.Run(byteSize(size), func(b *testing.B) {
			a := newArena(b)
			q, _ := NewQueue(a, 0)
			ctx := context.Background()
			msg := make([]byte, size)
			b.SetBytes(int64(size))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q.Put(ctx, msg, -1)
				q.Get(ctx, -1)
			}
		})
	}
}

// One producer process, the benchmark's process consuming.
func BenchmarkQueueCrossProcess(b *testing.B) { benchQueueCrossProcess(b, 0) }

// The same through a queue of at most 4 items, after a burst of 32 MiB
// went through it: the producer cannot run ahead, so the same few blocks
// are allocated and freed over and over next to the memory the burst
// freed (the steady state of a consumer that keeps up).
func BenchmarkQueueCrossProcessBounded(b *testing.B) { benchQueueCrossProcess(b, 4) }

func benchQueueCrossProcess(b *testing.B, maxsize int) {
	for _, size := range []int{16, 1024, 64 << 10, 1 << 20} {
		b.Run(byteSize(size), func(b *testing.B) {
			tr := newTree(b, 0, false)
			ctx := context.Background()
			if maxsize > 0 {
				burst, _ := NewQueue(tr.a, 0)
				msg := make([]byte, size)
				for i := 0; i < 32<<20/size; i++ {
					burst.Put(ctx, msg, -1)
				}
				for !burst.Empty() {
					burst.Get(ctx, 0)
				}
			}
			q, _ := NewQueue(tr.a, maxsize)
			ready, _ := NewEvent(tr.a)
			p := tr.spawn("qsource", q.Handle(), ready.Handle(), b.N, size)
			ready.Wait(ctx, 30*time.Second)
			b.SetBytes(int64(size))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := q.Get(ctx, 30*time.Second); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			p.mustSucceed(b)
			st := tr.a.Stats()
			b.ReportMetric(float64(st.Punches)/float64(b.N), "punches/op")
		})
	}
}

func BenchmarkPipePingPong(b *testing.B) {
	tr := newTree(b, 0, false)
	mine, theirs, _ := NewPipe(tr.a, true)
	ctx := context.Background()
	p := tr.spawn("pipeecho", theirs.Handle())
	theirs.Close()
	msg := []byte("ping")
	mine.Send(ctx, msg) // warm up: the child is running
	mine.Recv(ctx, 30*time.Second)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mine.Send(ctx, msg)
		if _, err := mine.Recv(ctx, 30*time.Second); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	mine.Close()
	p.mustSucceed(b)
}

func BenchmarkEventPingPong(b *testing.B) {
	tr := newTree(b, 0, false)
	ping, _ := NewEvent(tr.a)
	pong, _ := NewEvent(tr.a)
	ctx := context.Background()
	p := tr.spawn("eventpong", ping.Handle(), pong.Handle(), b.N+1)
	round := func() {
		ping.Set()
		pong.Wait(ctx, -1)
		pong.Clear()
	}
	round()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		round()
	}
	b.StopTimer()
	p.mustSucceed(b)
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return itoa(n>>20) + "MiB"
	case n >= 1<<10:
		return itoa(n>>10) + "KiB"
	}
	return itoa(n) + "B"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
