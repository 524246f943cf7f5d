package own

import (
	"sync/atomic"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// recordGrave remembers the name of a reaped process so that whoever
// reports an abandoned lock can name it after its ptable slot is gone.
func (a *Arena) recordGrave(pid int, name string) {
	if name == "" {
		return
	}
	i := (atomic.AddUint32(a.r.GraveNext, 1) - 1) % arena.NGrave
	g := &a.r.Grave[i]
	atomic.StoreUint32(&g.Pid, 0)
	var nb [arena.GraveNameLen]byte
	copy(nb[:], name)
	g.Name = nb
	atomic.StoreUint32(&g.Pid, uint32(pid))
}

// ProcessName names pid: from the process table while the process is
// there, else from the arena's record of recently reaped processes. It
// returns "" when pid is unknown.
func (a *Arena) ProcessName(pid int) string {
	if t := a.Table(); t != nil {
		if e, ok := t.Lookup(pid); ok {
			return e.Name
		}
	}
	return a.graveName(pid)
}

func (a *Arena) graveName(pid int) string {
	for k := 0; k < arena.NGrave; k++ {
		i := (atomic.LoadUint32(a.r.GraveNext) + arena.NGrave - 1 - uint32(k)) % arena.NGrave
		g := &a.r.Grave[i]
		if atomic.LoadUint32(&g.Pid) == uint32(pid) {
			name := g.Name[:]
			for j, c := range name {
				if c == 0 {
					name = name[:j]
					break
				}
			}
			return string(name)
		}
	}
	return ""
}
