package subprocessmod

import (
	"os"
	"sync"
	"time"

	"github.com/procstar/procstar/runtime/node"
)

// The programs a process runs, ended with it.

// devNull is /dev/null, opened once for every program's stdin and
// DEVNULL (exec.Cmd would open and close it at each start); nil if it
// cannot be opened (exec.Cmd then tries).
var devNull = sync.OnceValue(func() *os.File {
	f, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	return f
})

// programs are the programs a process runs: at KillAll (cancellation) and
// at the process's end, their groups are killed (a program never outlives
// the tree, SPEC §8, unlike Python's). One registration per process, not
// one per program: those piled up, each holding its program, for the
// process's life.
type programs struct {
	once sync.Once
	mu   sync.Mutex
	set  map[*Popen]struct{}
}

type programsKey struct{}

// running is the programs of node n.
func running(n *node.Node) *programs {
	ps := n.Local(programsKey{}, func() any { return &programs{set: map[*Popen]struct{}{}} }).(*programs)
	ps.once.Do(func() {
		n.AtKill(ps.killAll)
		n.AtShutdown(ps.killAll)
	})
	return ps
}

func (ps *programs) add(p *Popen) {
	ps.mu.Lock()
	ps.set[p] = struct{}{}
	ps.mu.Unlock()
}

func (ps *programs) remove(p *Popen) {
	ps.mu.Lock()
	delete(ps.set, p)
	ps.mu.Unlock()
}

// killAll kills the programs' groups and waits, a second at most, until
// they are reaped and their output relayed: the process's table and
// writers, which that uses, are released after the AtKill and AtShutdown
// functions (an embedding host crashed on the unmapped table).
func (ps *programs) killAll() {
	ps.mu.Lock()
	list := make([]*Popen, 0, len(ps.set))
	for p := range ps.set {
		list = append(list, p)
	}
	ps.mu.Unlock()
	for _, p := range list {
		p.killGroup()
	}
	deadline := time.After(time.Second)
	for _, p := range list {
		select {
		case <-p.done:
		case <-deadline:
			return
		}
	}
}
