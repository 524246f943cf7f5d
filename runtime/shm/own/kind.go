package own

import (
	"fmt"
	"unsafe"
)

// Kind says what a shared object is. The object layer defines the kinds
// and registers each (Register); this layer only carries them.
type Kind uint8

// Hooks are what the ownership layer calls for the objects of one kind, so
// that it need not know them. Every hook but Name may be nil.
type Hooks struct {
	Name string // for Kind.String

	// Attach rebuilds a handle object from a handle of this kind
	// (Arena.Attach).
	Attach func(a *Arena, h []byte) (any, error)

	// Teardown frees what the unregistered object at p holds besides its
	// own block, and appends to refs the objects it held references to
	// (its lock, the handles of its unread messages): they lose one each.
	Teardown func(a *Arena, p unsafe.Pointer, refs []Handle) []Handle

	// Reap gives back what the dead process held in the object at p
	// (pinned for the call), and wakes its sleepers.
	Reap func(a *Arena, h Handle, p unsafe.Pointer, dead uint32)

	// Keep hands over what this process holds in the object at p, as it
	// ends normally (Arena.EndNormally): no reap gives it back.
	Keep func(a *Arena, p unsafe.Pointer)

	// Held reports whether pid holds something in the object at p (pinned
	// for the call) that its reap would give back in a way other processes
	// see, after it ended normally (Arena.HeldForReap): a pipe end's
	// copies, whose close lets the other end read EOF.
	Held func(a *Arena, p unsafe.Pointer, pid uint32) bool

	// Move follows, for a kind whose handle is itself a counted copy (a
	// pipe end), a reference's move m (see Move) to pid; the caller holds
	// a reference to the object.
	Move func(a *Arena, h Handle, m Move, pid uint32)
}

// A Move is what happens to a reference carried by a message or a
// bootstrap (see Hooks.Move).
type Move int

const (
	MoveInflight Move = iota // one more message in flight names it
	MoveDrop                 // a message in flight naming it is gone (destroyed unread)
	MoveReceive              // a message in flight was taken by pid: received, not attached
	MoveReserve              // a bootstrap being built names it: ours for now
	MoveGive                 // a reserved reference passes to pid
	MoveCancel               // a reserved reference is dropped
)

var kinds [256]*Hooks

// Register makes k known to the ownership layer. It is called from the
// object layer's init, before any arena exists.
func Register(k Kind, h Hooks) {
	if k == 0 || kinds[k] != nil {
		panic(fmt.Sprintf("shm: kind %d registered twice or zero", k))
	}
	kinds[k] = &h
}

// hooks returns k's hooks; an unknown kind has none.
func hooks(k Kind) *Hooks {
	if h := kinds[k]; h != nil {
		return h
	}
	return &noHooks
}

var noHooks Hooks

// registered reports whether k is a kind of object.
func registered(k Kind) bool { return kinds[k] != nil }

func (k Kind) String() string {
	if k == 0 {
		return ""
	}
	if h := kinds[k]; h != nil {
		return h.Name
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}
