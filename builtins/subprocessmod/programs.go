package subprocessmod

import (
	"context"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/spawn"
)

// The programs a process runs, ended with it.

// devNull is /dev/null, opened once for every program's stdin and
// DEVNULL (exec.Cmd would open and close it at each start); nil if it
// cannot be opened (exec.Cmd then tries).
var devNull = lazy.Value[*os.File]{New: func() *os.File {
	f, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	return f
}}

// programs are the programs a process runs: at KillAll (cancellation) and
// at the process's end, their groups are killed (a program never outlives
// the tree, SPEC §8, unlike Python's). One registration per process, not
// one per program: those piled up, each holding its program, for the
// process's life.
type programs struct {
	once sync.Once
	mu   sync.Mutex
	set  map[*Popen]struct{}
	// lingering are the groups of reaped programs whose other members
	// live on (`sh -c "cmd &"`): they are the program's own children, and
	// die with the tree as it would.
	lingering map[int]struct{}
	// relays are the background relays of inherited output (see relay)
	// not yet at their pipe's end, each with its end.
	relays map[*relay]chan struct{}
}

// goRelay runs rl's loop in a goroutine that the process's end waits for
// (a second at most, see killAll), so that the last lines a program's
// background descendant wrote are not lost; ps may be nil (no node).
func (ps *programs) goRelay(rl *relay, loop func()) {
	if ps == nil {
		go loop()
		return
	}
	done := make(chan struct{})
	ps.mu.Lock()
	if ps.relays == nil {
		ps.relays = map[*relay]chan struct{}{}
	}
	ps.relays[rl] = done
	ps.mu.Unlock()
	go func() {
		defer func() {
			ps.mu.Lock()
			delete(ps.relays, rl)
			ps.mu.Unlock()
			close(done)
		}()
		loop()
	}()
}

type programsKey struct{}

// running is the programs of node n.
func running(n *node.Node) *programs {
	ps := n.Local(programsKey{}, func() any { return &programs{set: map[*Popen]struct{}{}} }).(*programs)
	ps.once.Do(func() {
		n.AtKill(ps.killAll)
		n.AtShutdown(ps.killAll)
		n.AtCancelOp(ps.killOp)
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

// groupLives reports whether process group pgid has a member we may
// signal.
func groupLives(pgid int) bool {
	return syscall.Kill(-pgid, 0) == nil
}

// linger keeps the group of a reaped program whose members live on, to
// kill it with the others, and forgets those that have emptied since (their
// numbers may be reused).
func (ps *programs) linger(pgid int) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for g := range ps.lingering {
		if !groupLives(g) {
			delete(ps.lingering, g)
			spawn.ReleaseGroup(g)
		}
	}
	if ps.lingering == nil {
		ps.lingering = map[int]struct{}{}
	}
	ps.lingering[pgid] = struct{}{}
	spawn.LingerGroup(pgid)
}

// killAll kills the programs' groups (those of reaped programs whose
// members live on too) and waits, a second at most, until they are reaped
// and their output relayed: the process's table and
// writers, which that uses, are released after the AtKill and AtShutdown
// functions (an embedding host crashed on the unmapped table).
func (ps *programs) killAll() {
	ps.mu.Lock()
	list := make([]*Popen, 0, len(ps.set))
	for p := range ps.set {
		list = append(list, p)
	}
	for g := range ps.lingering {
		// A process whose pid is the group's number is not its leader
		// (reaped): the number was reused, and the group is gone.
		if syscall.Kill(g, 0) != nil {
			syscall.Kill(-g, syscall.SIGKILL)
		}
	}
	ps.lingering = nil
	ps.mu.Unlock()
	for _, p := range list {
		p.killGroup()
	}
	bound, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	deadline := bound.Done() // closed: every wait below sees it
	for _, p := range list {
		select {
		case <-p.done:
		case <-deadline:
		}
	}
	// The groups' deaths end the relays' pipes (unless a member left the
	// group holding one).
	ps.mu.Lock()
	relays := make(map[*relay]chan struct{}, len(ps.relays))
	for rl, done := range ps.relays {
		relays[rl] = done
	}
	ps.mu.Unlock()
	for rl, done := range relays {
		select {
		case <-done:
		case <-deadline:
			// Held by a process that left the group: relay no more (the
			// writers are released after this), which ends its loop.
			rl.r.Close()
		}
	}
}

// killOp kills the groups of the programs that operation op of a
// long-lived root started (a cancelled Script.Call or Session statement,
// see node.CancelOp) and waits, a second at most, until they are reaped:
// as Ctrl-C at Python's prompt reaches the programs in the foreground, and
// as the children the operation started are killed. Those of earlier
// operations live on.
func (ps *programs) killOp(op uint64) {
	ps.mu.Lock()
	var list []*Popen
	for p := range ps.set {
		if p.op == op {
			list = append(list, p)
		}
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
