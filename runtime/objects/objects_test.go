package objects_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/procstar/procstar/builtins/mpsync"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/shm"
)

// foreignMutex is a lock of some other backend.
type foreignMutex struct{ objects.Mutex }

func arena(t *testing.T) *shm.Arena {
	t.Helper()
	a, err := shm.Create(64 << 20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestShmBackend: without a Launcher that holds objects, a process's
// backend is its shared memory, whose objects are not portable and whose
// handles are untagged.
func TestShmBackend(t *testing.T) {
	n := node.New("MainProcess")
	if objects.For(n) != nil {
		t.Fatal("a process without shared memory has a backend")
	}
	n.Arena = arena(t)
	be := objects.For(n)
	if be == nil || be.Portable() || be.Name() != "" || objects.Kind(be, "mpsync.Lock") != "mpsync.Lock" {
		t.Fatalf("backend %v", be)
	}
	q, err := be.NewQueue(1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := q.Put(ctx, []byte("a"), 0); err != nil {
		t.Fatal(err)
	}
	if err := q.Put(ctx, []byte("b"), 0); !errors.Is(err, objects.ErrFull) {
		t.Errorf("put into a full queue: %v, want ErrFull", err)
	}
	q2, err := be.AttachQueue(q.Handle())
	if err != nil {
		t.Fatal(err)
	}
	if m, err := q2.Get(ctx, time.Second); err != nil || string(m) != "a" {
		t.Errorf("get through another handle: %q %v", m, err)
	}
	if _, err := q2.Get(ctx, 0); !errors.Is(err, objects.ErrEmpty) {
		t.Errorf("get from an empty queue: %v, want ErrEmpty", err)
	}
}

// TestForeignLock: an object in shared memory cannot be guarded by a lock
// of another backend (a cluster lock): ErrForeignLock, which the builtins
// raise as a TypeError.
func TestForeignLock(t *testing.T) {
	n := node.New("MainProcess")
	n.Arena = arena(t)
	be := objects.For(n)
	if _, err := be.NewBlock(8, foreignMutex{}); !errors.Is(err, objects.ErrForeignLock) {
		t.Errorf("NewBlock with a foreign lock: %v", err)
	}
	if _, err := be.NewCondition(foreignMutex{}); !errors.Is(err, objects.ErrForeignLock) {
		t.Errorf("NewCondition with a foreign lock: %v", err)
	}
	m, err := be.NewMutex(true)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := be.NewCondition(m); err != nil || c.Lock() != m {
		t.Errorf("NewCondition with its own backend's lock: %v", err)
	}
}

// TestTaggedHandleElsewhere: a handle of a backend this process cannot
// reach (a cluster object arriving in a plain procstar process) fails to
// decode with a clear error instead of touching shared memory.
func TestTaggedHandleElsewhere(t *testing.T) {
	node.Register(mpsync.Registrations) // the runtime registers them in a procstar process
	n := node.New("MainProcess")
	n.Arena = arena(t)
	_, err := n.DecodeHandle("cluster:mpsync.Lock", []byte(`{"k":"lock.X"}`))
	if err == nil || !strings.Contains(err.Error(), "cannot reach the cluster backend") {
		t.Errorf("decode: %v", err)
	}
	if _, err := n.DecodeHandle("nosuch:mpsync.Nothing", nil); err == nil || !strings.Contains(err.Error(), "unknown shared object kind") {
		t.Errorf("unknown kind: %v", err)
	}
}
