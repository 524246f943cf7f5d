package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime/objects"
)

// BenchmarkQueue: one launcher puts, another gets (two processes' worth of
// connections on one server): items per second of the pair, and each side
// alone.
func BenchmarkQueue(b *testing.B) {
	k := newKey(b)
	s := startServer(b, k)
	launcher := func() *Launcher {
		l, err := NewLauncher(dial(b, s.ClientURL(), k), k.kp, 1, &syncBuffer{}, &syncBuffer{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(l.Close)
		return l
	}
	putter, getter := launcher(), launcher()
	getter.root = putter.rootID() // a process of the putter's run
	ctx := context.Background()
	msg := []byte{0x01}
	b.Run("put", func(b *testing.B) {
		q, _ := putter.NewQueue(0)
		for b.Loop() {
			if err := q.Put(ctx, msg, -1); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A process's put to the root: answered, or posted (objects.Poster)
	// and flushed once at the end.
	b.Run("remote_put", func(b *testing.B) {
		q, _ := putter.NewQueue(0)
		g, _ := getter.AttachQueue(q.Handle())
		for b.Loop() {
			if err := g.Put(ctx, msg, -1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("remote_post", func(b *testing.B) {
		q, _ := putter.NewQueue(0)
		g, _ := getter.AttachQueue(q.Handle())
		p := g.(objects.Poster)
		for b.Loop() {
			if !p.Post(msg) {
				b.Fatal("not posted")
			}
		}
		p.Flush()
	})
	b.Run("get", func(b *testing.B) {
		q, _ := putter.NewQueue(0)
		for range b.N {
			q.Put(ctx, msg, -1)
		}
		g, err := getter.AttachQueue(q.Handle())
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for range b.N {
			if _, err := g.Get(ctx, -1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pair", func(b *testing.B) {
		q, _ := putter.NewQueue(0)
		g, _ := getter.AttachQueue(q.Handle())
		go func() {
			for range b.N {
				q.Put(ctx, msg, -1)
			}
		}()
		for range b.N {
			if _, err := g.Get(ctx, time.Minute); err != nil {
				b.Fatal(err)
			}
		}
	})
}
