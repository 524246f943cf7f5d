package shm

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
)

func TestPipeDuplex(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	c0, c1, err := NewPipe(a, true)
	if err != nil {
		t.Fatal(err)
	}
	if !c0.Readable() || !c0.Writable() || !c1.Readable() || !c1.Writable() {
		t.Fatal("duplex directions")
	}
	if ok, _ := c1.Poll(ctx, 0); ok {
		t.Fatal("poll on empty pipe")
	}
	for _, n := range []int{0, 10, inlineMax + 1, 1 << 20} {
		m := msgOf(n, n)
		if err := c0.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		if ok, _ := c1.Poll(ctx, 0); !ok {
			t.Fatal("poll false with a message waiting")
		}
		got, err := c1.Recv(ctx, -1)
		if err != nil || !bytes.Equal(got, m) {
			t.Fatal(n, err)
		}
		c1.Send(ctx, m)
		if got, _ := c0.Recv(ctx, -1); !bytes.Equal(got, m) {
			t.Fatal("reverse direction")
		}
	}
	// Poll waits.
	go func() { time.Sleep(20 * time.Millisecond); c0.Send(ctx, []byte("late")) }()
	if ok, _ := c1.Poll(ctx, 5*time.Second); !ok {
		t.Fatal("poll timed out")
	}
	if ok, _ := c0.Poll(ctx, 20*time.Millisecond); ok {
		t.Fatal("poll true on empty end")
	}
	if _, err := c0.Recv(ctx, 10*time.Millisecond); err != ErrTimeout {
		t.Fatal(err)
	}
	// EOF once the other end is closed and drained.
	c0.Send(ctx, []byte("last"))
	c0.Close()
	if err := c0.Send(ctx, nil); err != ErrClosed {
		t.Fatal(err)
	}
	for _, w := range []string{"late", "last"} {
		if m, err := c1.Recv(ctx, -1); err != nil || string(m) != w {
			t.Fatal(string(m), err)
		}
	}
	if _, err := c1.Recv(ctx, -1); err != ErrEOF {
		t.Fatal("recv after close:", err)
	}
	if ok, _ := c1.Poll(ctx, 0); !ok {
		t.Fatal("poll must be true at EOF")
	}
	if err := c1.Send(ctx, []byte("x")); err != ErrBrokenPipe {
		t.Fatal("send to a closed end:", err)
	}
}

func TestPipeSimplex(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	r, w, _ := NewPipe(a, false)
	if !r.Readable() || r.Writable() || w.Readable() || !w.Writable() {
		t.Fatal("simplex directions")
	}
	if err := r.Send(ctx, nil); err != ErrNotWritable {
		t.Fatal(err)
	}
	if _, err := w.Recv(ctx, 0); err != ErrNotReadable {
		t.Fatal(err)
	}
	w.Send(ctx, []byte("hi"))
	if m, _ := r.Recv(ctx, 0); string(m) != "hi" {
		t.Fatal(string(m))
	}
}

func TestPipeEOFWakesReader(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	r, w, _ := NewPipe(a, false)
	got := make(chan error)
	go func() { _, err := r.Recv(ctx, -1); got <- err }()
	time.Sleep(20 * time.Millisecond)
	w.Close()
	select {
	case err := <-got:
		if err != ErrEOF {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reader not woken by the close")
	}
	cctx, cancel := context.WithCancel(ctx)
	r2, w2, _ := NewPipe(a, false)
	_ = w2
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := r2.Recv(cctx, -1); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

// An end in flight keeps the pipe open even if its sender closes its own
// copy at once (p.start(); child_conn.close()); the receiver's copy then
// counts, and its death gives EOF, attached or not.
func TestPipeTransfer(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	eof := func(r *Conn) bool {
		ok, _ := r.Poll(ctx, 0)
		return ok
	}

	// A handle alone counts nothing.
	r, w, _ := NewPipe(a, false)
	h := w.Handle()
	w.Close()
	if !eof(r) {
		t.Fatal("no EOF after closing the only copy")
	}

	// In a child's bootstrap: ours until the child starts, then the
	// child's, attached or not; its death closes it.
	r, w, _ = NewPipe(a, false)
	h = w.Handle()
	tk := a.Reserve([]byte("args:"), h)
	w.Close()
	if eof(r) {
		t.Fatal("EOF while a copy is in a bootstrap")
	}
	dead := uint32(deadPid(t))
	tk.Give(int(dead))
	if eof(r) {
		t.Fatal("EOF while the child holds a copy")
	}
	a.ReapDead(int(dead)) // killed before attaching
	if _, err := r.Recv(ctx, 0); err != ErrEOF {
		t.Fatal("no EOF after the receiver died:", err)
	}
	// Cancelled: nothing left either.
	r, w, _ = NewPipe(a, false)
	tk = a.Reserve(w.Handle())
	w.Close()
	tk.Cancel()
	if !eof(r) {
		t.Fatal("no EOF after a cancelled transfer")
	}

	// In a queue's message: open until read, then the reader's.
	q, _ := NewQueue(a, 0)
	r, w, _ = NewPipe(a, false)
	q.Put(ctx, append([]byte("conn:"), w.Handle()...), -1)
	w.Close()
	if eof(r) {
		t.Fatal("EOF while a copy is in a queue")
	}
	m, _ := q.Get(ctx, 0)
	if eof(r) {
		t.Fatal("EOF while a copy is received")
	}
	w2, err := AttachConn(a, m[5:])
	if err != nil || w2.End() != 1 {
		t.Fatal(err)
	}
	w2.Send(ctx, []byte("via copy"))
	w2.Close()
	if m, _ := r.Recv(ctx, 0); string(m) != "via copy" {
		t.Fatal(string(m))
	}
	if _, err := r.Recv(ctx, 0); err != ErrEOF {
		t.Fatal(err)
	}
	// A queue destroyed with the message unread closes the copy.
	r, w, _ = NewPipe(a, false)
	q.Put(ctx, w.Handle(), -1)
	w.Close()
	q.Destroy()
	if !eof(r) {
		t.Fatal("no EOF after the queue holding the copy was destroyed")
	}

	// Attach in this process: a new copy.
	r3, w3, _ := NewPipe(a, true)
	h3 := w3.Handle()
	w3b, err := AttachConn(a, h3)
	if err != nil || w3b.End() != 1 {
		t.Fatal(err)
	}
	w3.Close()
	w3b.Send(ctx, []byte("via copy"))
	if m, _ := r3.Recv(ctx, 0); string(m) != "via copy" {
		t.Fatal(string(m))
	}
	w3b.Close()
	if _, err := r3.Recv(ctx, 0); err != ErrEOF {
		t.Fatal(err)
	}
	if w3.Handle() != nil {
		t.Fatal("handle of a closed connection")
	}
}

func TestPipeDestroy(t *testing.T) {
	a := newArena(t)
	ctx := testCtx(t)
	before := a.Stats()
	c0, c1, _ := NewPipe(a, true)
	for i := 0; i < 100; i++ {
		c0.Send(ctx, make([]byte, 20000))
		c1.Send(ctx, make([]byte, 200))
	}
	h := c0.Handle()
	c0.Destroy()
	if _, err := AttachConn(a, h); err != ErrBadHandle {
		t.Fatal(err)
	}
	after := a.Stats()
	used := func(s Stats) uint64 { return s.Top - s.FreeSpanLen }
	// Slabs for small blocks (the object, its pid tables) stay.
	if after.Objects != before.Objects || used(after) > used(before)+3*chunkSize {
		t.Fatalf("not freed: %+v -> %+v", before, after)
	}
}

// TestHeldForReap: a process holding a copy of either pipe end has
// something its reap would close (the other end's EOF), so its end is not
// announced early (spawn.End); once it closed them, it holds nothing so,
// and other kinds of objects never count.
func TestHeldForReap(t *testing.T) {
	a := newArena(t)
	if a.HeldForReap() {
		t.Fatal("an empty arena: held")
	}
	l, err := NewMutex(a)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unref()
	if a.HeldForReap() {
		t.Fatal("a Lock counts as held")
	}
	c0, c1, err := NewPipe(a, false)
	if err != nil {
		t.Fatal(err)
	}
	if !a.HeldForReap() {
		t.Fatal("both ends open: not held")
	}
	c0.Close()
	if !a.HeldForReap() {
		t.Fatal("the write end open: not held")
	}
	c1.Close()
	if a.HeldForReap() {
		t.Fatal("both ends closed: still held")
	}
}
