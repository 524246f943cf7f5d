package own

import (
	"os/exec"
	"sync/atomic"
	"testing"
	"unsafe"
)

// A kind of the tests' own: the layer must work with whatever kinds are
// registered, through their hooks alone.
const kindTest Kind = 200

type testObj struct {
	hdr  Header
	data uint64 // a block the object holds, freed by its teardown
}

var calls struct {
	teardown, reap, keep atomic.Int32
	moves                [MoveCancel + 1]atomic.Int32
}

func init() {
	Register(kindTest, Hooks{
		Name: "Test",
		Attach: func(a *Arena, h []byte) (any, error) {
			d, _, err := a.AttachHandle(h, kindTest)
			return d, err
		},
		Teardown: func(a *Arena, p unsafe.Pointer, refs []Handle) []Handle {
			calls.teardown.Add(1)
			a.Free(Off((*testObj)(p).data))
			return refs
		},
		Reap: func(a *Arena, h Handle, p unsafe.Pointer, dead uint32) { calls.reap.Add(1) },
		Keep: func(a *Arena, p unsafe.Pointer) { calls.keep.Add(1) },
		Move: func(a *Arena, h Handle, m Move, pid uint32) { calls.moves[m].Add(1) },
	})
}

func newArena(t *testing.T) *Arena {
	a, err := Create(1 << 30)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func newTestObj(t *testing.T, a *Arena) Handle {
	data, err := a.Alloc(100)
	if err != nil {
		t.Fatal(err)
	}
	off, p, err := a.NewObject(kindTest, unsafe.Sizeof(testObj{}), func(p unsafe.Pointer) {
		(*testObj)(p).data = uint64(data)
	})
	if err != nil {
		t.Fatal(err)
	}
	return Handle{Kind: kindTest, Off: off, Gen: (*testObj)(p).hdr.Gen()}
}

func TestRegistryHooks(t *testing.T) {
	calls.teardown.Store(0)
	calls.reap.Store(0)
	calls.keep.Store(0)
	for i := range calls.moves {
		calls.moves[i].Store(0)
	}
	a := newArena(t)
	h := newTestObj(t, a)
	enc := a.EncodeHandle(h)
	if kindTest.String() != "Test" || HandleKind(enc) != kindTest {
		t.Fatal("kind not registered")
	}
	if st := a.Stats(); st.Objects != 1 || st.ByKind[kindTest] != 1 {
		t.Fatalf("registry: %+v", st)
	}
	x, err := a.Attach(enc)
	if err != nil || x.(Handle).Off != h.Off {
		t.Fatal("Attach through the hook:", err)
	}
	if a.Refs(enc) != 2 {
		t.Fatalf("%d refs after attach", a.Refs(enc))
	}

	// A message naming the object, sent, received and attached.
	msg := append([]byte("head"), enc...)
	hs := a.SendRefs(msg)
	if len(hs) != 1 || a.Refs(enc) != 3 || calls.moves[MoveInflight].Load() != 1 {
		t.Fatal("in-flight reference not counted")
	}
	a.ReceiveRefs(msg)
	if calls.moves[MoveReceive].Load() != 1 {
		t.Fatal("Move hook not called on receive")
	}
	if _, err := a.Attach(enc); err != nil || a.Refs(enc) != 3 {
		t.Fatal("received reference not consumed by Attach")
	}

	// A child that dies before attaching what it was given.
	tr := a.Reserve(msg)
	dead := deadPid(t)
	tr.Give(dead)
	if a.Refs(enc) != 4 || calls.moves[MoveReserve].Load() != 1 || calls.moves[MoveGive].Load() != 1 {
		t.Fatal("transfer not counted")
	}
	a.ReapDead(dead)
	if a.Refs(enc) != 3 || calls.reap.Load() == 0 {
		t.Fatal("reap did not drop the dead child's reference")
	}
	if a.ProcessName(dead) != "" {
		t.Fatal("a pid with no table and no name was named")
	}

	MayHold()
	a.EndNormally()
	if calls.keep.Load() != 1 {
		t.Fatal("Keep hook not called")
	}

	// Dropping the last reference tears the object down through its hook.
	for i := 0; i < 3; i++ {
		a.releaseHandle(Release{A: a, Off: h.Off, Gen: h.Gen, Kind: kindTest})
	}
	if calls.teardown.Load() != 1 || a.Refs(enc) != 0 {
		t.Fatal("teardown hook not called at zero references")
	}
	if _, err := a.Attach(enc); err != ErrBadHandle {
		t.Fatal("stale handle attached")
	}
	if st := a.Stats(); st.Objects != 0 || st.Inflight != 0 {
		t.Fatalf("after teardown: %+v", st)
	}
}

// deadPid returns the pid of a process that has exited (and been reaped).
func deadPid(t *testing.T) int {
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
