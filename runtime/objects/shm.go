package objects

import (
	"errors"

	"github.com/procstar/procstar/runtime/shm"
)

// shmBackend is the default backend: the tree's shared-memory arena.
type shmBackend struct{ a *shm.Arena }

func (shmBackend) Name() string                 { return "" }
func (shmBackend) Portable() bool               { return false }
func (b shmBackend) ProcessName(pid int) string { return b.a.ProcessName(pid) }

func (b shmBackend) NewQueue(maxsize int) (Queue, error) {
	return as[Queue](shm.NewQueue(b.a, maxsize))
}

func (b shmBackend) AttachQueue(h []byte) (Queue, error) { return as[Queue](shm.AttachQueue(b.a, h)) }

func (b shmBackend) NewMutex(recursive bool) (Mutex, error) {
	if recursive {
		return as[Mutex](shm.NewRLock(b.a))
	}
	return as[Mutex](shm.NewMutex(b.a))
}

func (b shmBackend) AttachMutex(h []byte) (Mutex, error) { return as[Mutex](shm.AttachMutex(b.a, h)) }

func (b shmBackend) NewSemaphore(value, max int) (Semaphore, error) {
	return as[Semaphore](shm.NewSemaphore(b.a, value, max))
}

func (b shmBackend) AttachSemaphore(h []byte) (Semaphore, error) {
	return as[Semaphore](shm.AttachSemaphore(b.a, h))
}

func (b shmBackend) NewEvent() (Event, error) { return asEvent(shm.NewEvent(b.a)) }

func (b shmBackend) AttachEvent(h []byte) (Event, error) { return asEvent(shm.AttachEvent(b.a, h)) }

// shmBarrier is a shared-memory barrier, which cannot fail, as a Barrier.
type shmBarrier struct{ *shm.Barrier }

func asBarrier(b *shm.Barrier, err error) (Barrier, error) {
	if err != nil {
		return nil, err
	}
	return shmBarrier{b}, nil
}

func (b shmBarrier) Reset() error { b.Barrier.Reset(); return nil }
func (b shmBarrier) Abort() error { b.Barrier.Abort(); return nil }

// shmEvent is a shared-memory event, which cannot fail, as an Event.
type shmEvent struct{ *shm.Event }

func asEvent(e *shm.Event, err error) (Event, error) {
	if err != nil {
		return nil, err
	}
	return shmEvent{e}, nil
}

func (e shmEvent) Set() error           { e.Event.Set(); return nil }
func (e shmEvent) Clear() error         { e.Event.Clear(); return nil }
func (e shmEvent) IsSet() (bool, error) { return e.Event.IsSet(), nil }

func (b shmBackend) NewPipe(duplex bool) (Conn, Conn, error) {
	c0, c1, err := shm.NewPipe(b.a, duplex)
	if err != nil {
		return nil, nil, err
	}
	return c0, c1, nil
}

func (b shmBackend) AttachConn(h []byte) (Conn, error) { return as[Conn](shm.AttachConn(b.a, h)) }

func (b shmBackend) NewCondition(lock Mutex) (Condition, error) {
	var m *shm.Mutex
	if lock != nil {
		var ok bool
		if m, ok = lock.(*shm.Mutex); !ok {
			return nil, ErrForeignLock
		}
	}
	c, err := shm.NewCondition(b.a, m)
	if err != nil {
		return nil, err
	}
	return shmCond{c}, nil
}

func (b shmBackend) AttachCondition(h []byte) (Condition, error) {
	c, err := shm.AttachCondition(b.a, h)
	if err != nil {
		return nil, err
	}
	return shmCond{c}, nil
}

// shmCond gives an shm.Condition its lock as a Mutex.
type shmCond struct{ *shm.Condition }

func (c shmCond) Lock() Mutex { return c.Condition.Mutex() }

func (b shmBackend) NewBarrier(parties int) (Barrier, error) {
	return asBarrier(shm.NewBarrier(b.a, parties))
}

func (b shmBackend) AttachBarrier(h []byte) (Barrier, error) {
	return asBarrier(shm.AttachBarrier(b.a, h))
}

func (b shmBackend) NewBlock(nbytes int, lock Mutex) (Block, error) {
	var m *shm.Mutex
	if lock != nil {
		var ok bool
		if m, ok = lock.(*shm.Mutex); !ok {
			return nil, ErrForeignLock
		}
	}
	blk, err := shm.NewBlock(b.a, nbytes, m)
	if err != nil {
		return nil, err
	}
	return shmBlock{blk}, nil
}

func (b shmBackend) AttachBlock(h []byte) (Block, error) {
	blk, err := shm.AttachBlock(b.a, h)
	if err != nil {
		return nil, err
	}
	return shmBlock{blk}, nil
}

// ErrForeignLock refuses a lock of another backend for an object in shared
// memory.
var ErrForeignLock = errors.New("a lock shared across machines cannot guard an object in this machine's shared memory")

// shmBlock gives an shm.Block its lock as a Mutex.
type shmBlock struct{ *shm.Block }

func (b shmBlock) Guard() Mutex {
	if m := b.Block.Lock(); m != nil {
		return m
	}
	return nil
}

// as converts a concrete shm object to the interface I: a nil interface,
// not one holding a nil pointer, when err is set.
func as[I any, T any](v T, err error) (I, error) {
	var zero I
	if err != nil {
		return zero, err
	}
	return any(v).(I), nil
}

// The shm objects are the interfaces' reference implementation.
var (
	_ Queue     = (*shm.Queue)(nil)
	_ Mutex     = (*shm.Mutex)(nil)
	_ Semaphore = (*shm.Semaphore)(nil)
	_ Event     = shmEvent{}
	_ Block     = shmBlock{}
	_ Condition = shmCond{}
	_ Barrier   = shmBarrier{}
	_ Conn      = (*shm.Conn)(nil)
)
