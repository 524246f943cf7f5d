package own

import (
	"os"
	"sync/atomic"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// Off is a position in the arena.
type Off = arena.Off

// Arena is the arena with the ownership layer: the substrate's methods
// (allocator, journals, inflight slots, internal locks) plus the registry
// of objects, their reference counts and the reaping of dead processes.
type Arena struct {
	*arena.Arena
	r arena.Reserved // the registry and the names of the dead, in chunk 0

	// madeHandles is set once this process made a handle: only then may
	// its messages hold handles (see SendRefs).
	madeHandles atomic.Bool
}

func wrap(s *arena.Arena, err error) (*Arena, error) {
	if err != nil {
		return nil, err
	}
	return &Arena{Arena: s, r: s.Reserved()}, nil
}

// Create makes a new arena (see arena.Create).
func Create(size int64) (*Arena, error) { return wrap(arena.Create(size)) }

// CreateFitting makes a new arena as large as the address space allows (see
// arena.CreateFitting).
func CreateFitting(want int64) (*Arena, error) { return wrap(arena.CreateFitting(want)) }

// Open maps the arena inherited as f (see arena.Open).
func Open(f *os.File) (*Arena, error) { return wrap(arena.Open(f)) }

// Stats describes the allocator and the registry, for tests and
// diagnostics.
type Stats struct {
	arena.Stats
	Objects int          // registered shared objects
	ByKind  map[Kind]int // registered shared objects by kind
}

// Stats returns a snapshot of the allocator's state and of the registry.
func (a *Arena) Stats() Stats {
	a.Lock()
	defer a.Unlock()
	s := Stats{Stats: a.StatsLocked(), Objects: int(*a.r.NObj), ByKind: map[Kind]int{}}
	for off := atomic.LoadUint64(a.r.ObjHead); off != 0; off = atomic.LoadUint64(&a.header(Off(off)).next) {
		s.ByKind[Kind(atomic.LoadUint32(&a.header(Off(off)).kind))]++
	}
	return s
}
