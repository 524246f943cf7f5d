package cluster

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"testing"
	"time"

	"github.com/procstar/procstar/builtins/pool"
)

// TestPoolTransportAnswers: the owner's side of a pool's queue, spoken to
// by hand: a request waits for a task; a request asked again (its answer
// lost) gets the same task, reported started once; a request from the
// past or the future, or from a worker that has ended, gets nothing; a
// closed pool answers "closed"; every answer verifies with the worker's
// key and no other.
func TestPoolTransportAnswers(t *testing.T) {
	l, _, k, s := cluster1(t, 1)
	tr, err := l.PoolTransport(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	addr := tr.Addr()
	id := string(addr[32:])
	rep, err := tr.Replies("w1")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := tr.Replies("w2")
	if err != nil {
		t.Fatal(err)
	}
	gone.(*replies).exit()

	nc := dial(t, s.ClientURL(), k)
	inbox := nc.NewInbox()
	answers, err := nc.SubscribeSync(inbox)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mac, err := agreeKey(key, addr[:32], id, "w1")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	// As the worker's events would bring them.
	ask := func(r pool.Replies, n uint64) {
		t.Helper()
		r.(*replies).relay(append([]byte{frameRequest}, appendTaskRequest(nil, n, key.PublicKey().Bytes(), inbox)...))
	}
	answer := func(n uint64, kind byte, task string) {
		t.Helper()
		m, err := answers.NextMsg(10 * time.Second)
		if err != nil {
			t.Fatalf("no answer to request %d: %v", n, err)
		}
		k, gotN, got, ok := openAnswer(mac, m.Data)
		if !ok || k != kind || gotN != n || string(got) != task {
			t.Fatalf("answer %q: %v %c %d %q; want %c %d %q", m.Data, ok, k, gotN, got, kind, n, task)
		}
		other, _ := ecdh.X25519().GenerateKey(rand.Reader)
		if otherMac, _ := agreeKey(other, addr[:32], id, "w1"); bytes.Equal(otherMac, mac) {
			t.Fatal("two keys agreed the same")
		} else if _, _, _, ok := openAnswer(otherMac, m.Data); ok {
			t.Fatal("an answer verified with another worker's key")
		}
	}
	none := func(what string) {
		t.Helper()
		if m, err := answers.NextMsg(200 * time.Millisecond); err == nil {
			t.Fatalf("%s was answered: %q", what, m.Data)
		}
	}
	started := func(want uint64) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		m, err := rep.Recv(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m, pool.StartedMsg(want)) {
			t.Fatalf("replies: %q, want the start of %d", m, want)
		}
	}

	ask(rep, 1)
	none("a request with no task queued")
	tr.Submit(7, []byte("seven"))
	answer(1, answerTask, "seven")
	started(7)
	ask(rep, 1) // the answer was lost
	answer(1, answerTask, "seven")

	tr.Submit(8, []byte("eight"))
	tr.Submit(9, []byte("nine"))
	ask(rep, 3)
	none("a request from the future")
	ask(gone, 1)
	none("a request from an ended worker")
	ask(rep, 2)
	answer(2, answerTask, "eight")
	started(8)
	ask(rep, 1)
	none("a request from the past")

	tr.Close()
	ask(rep, 3)
	answer(3, answerClosed, "")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if m, err := rep.Recv(ctx); err == nil {
		t.Errorf("a closed pool reported %q: task nine was handed out", m)
	}
}
