package objects

import "github.com/procstar/procstar/runtime/shm"

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

func (b shmBackend) NewEvent() (Event, error) { return as[Event](shm.NewEvent(b.a)) }

func (b shmBackend) AttachEvent(h []byte) (Event, error) { return as[Event](shm.AttachEvent(b.a, h)) }

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
	_ Event     = (*shm.Event)(nil)
)
