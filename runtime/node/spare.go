package node

import (
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/spawn"
)

// Warm spares. Most of a child's start is the exec, the Go runtime's start,
// mapping the tree's shared files and compiling the script. After its first
// start a process keeps a few children that have done that (the script
// compiled as it was when the spare started, used only if it is still the
// same) and wait on their control socket; a start hands one its bootstrap
// and it goes on as a cold-started child would (it re-runs the main module,
// then the target). A spare runs no script code before, so spawn semantics
// hold: what a cold start gets at exec (environment, working directory)
// comes with the bootstrap; a spare started under other Go runtime
// settings (GO* variables, a Pool worker's RuntimeEnv) is never used.
//
// The stock is refilled when a started child ends, or spareDelay after the
// start: a spare being exec'd at once would take a CPU from the child just
// started (on 2 CPUs, 1.8 instead of 1.3 ms for a start+join).
//
// Spares are not children: they are not in Children (active_children) nor
// in the process table's live entries. Each holds a table slot, so that
// the tree never has more processes than --max-procs, but any start that
// finds the table full takes a spare's slot (ptable's Steal, or this
// process's own spares first) rather than fail. They die with their keeper
// (PDEATHSIG, EOF on the control socket) and are dropped when it shuts
// down, is killed, or has started nothing of their kind for SpareIdle.

const (
	// DefaultMaxSpares is how many spares of one kind a process keeps at
	// most: as many as it started in the last spareWindow, at least one.
	DefaultMaxSpares = 2
	spareWindow      = time.Second
	spareDelay       = 20 * time.Millisecond
	// emptyDelay is how soon a start that took the last spare of its kind
	// has one exec'd: the next start may come soon, but the children just
	// started need the CPUs first (Pool(2) after a pause, both workers
	// warm: its first answer in 0.2-0.9 ms, 0.5-2.1 with the exec at once).
	emptyDelay = 3 * time.Millisecond
	// SpareIdle is how long spares of a kind outlive the last start of
	// that kind.
	SpareIdle = 10 * time.Second
)

// spare is a warm child waiting for its bootstrap.
type spare struct {
	p    *spawn.Proc
	slot int
	key  string
	env  []string // the environment it was started with
	src  []byte   // the main source it compiled as it warmed up
	// taken is set (under spares.mu) once it is activated or dropped: it
	// is no longer the keeper's to give back.
	taken bool
}

// spares is a process's stock of warm spares, by kind (RuntimeEnv).
type spares struct {
	mu     sync.Mutex
	off    bool
	idle   map[string][]*spare
	making map[string]int
	recent map[string][]time.Time // starts of each kind in the last spareWindow
	renv   map[string][]string    // each kind's RuntimeEnv
	timers map[string]*time.Timer // SpareIdle after the last start of a kind
	// parked are own spares whose slot Reserve claimed for a start
	// (ClaimSpare): SpawnReserved of that slot uses or drops them.
	parked map[int]*spare
	makers sync.WaitGroup // spares being started
}

func spareKey(runtimeEnv []string) string { return strings.Join(runtimeEnv, "\x00") }

// startEnvDiffers reports whether a and b (os.Environ lists) differ in a
// variable the Go runtime or the host's main reads before a spare waits
// (GOGC, GOMAXPROCS, GODEBUG...), or in TZ, which the time module reads
// once and a spare reads as it warms up: a spare started under a then
// would not be what a cold start under b is.
func startEnvDiffers(a, b []string) bool {
	goVars := func(env []string) []string {
		var out []string
		for _, kv := range env {
			if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "TZ=") {
				out = append(out, kv)
			}
		}
		slices.Sort(out)
		return out
	}
	return !slices.Equal(goVars(a), goVars(b))
}

// takeSpare returns an idle spare of kind key whose slot it has claimed
// for a start under env; nil if there is none to use.
func (n *Node) takeSpare(key string, env []string) *spare {
	s := &n.spares
	for {
		s.mu.Lock()
		list := s.idle[key]
		if len(list) == 0 {
			s.mu.Unlock()
			return nil
		}
		sp := list[0]
		s.idle[key] = list[1:]
		sp.taken = true
		s.mu.Unlock()
		if startEnvDiffers(sp.env, env) || !n.Table.ClaimSpare(sp.slot, sp.p.Pid) {
			// Unusable, or another process took its slot (and kills it).
			n.dropSpare(sp)
			continue
		}
		return sp
	}
}

// claimOwnSpare is Reserve's way out of a full table: the slot of one of
// this process's own spares, of any kind, parked for SpawnReserved.
func (n *Node) claimOwnSpare() (int, bool) {
	s := &n.spares
	for {
		s.mu.Lock()
		var sp *spare
		for k, list := range s.idle {
			if len(list) > 0 {
				sp, s.idle[k] = list[len(list)-1], list[:len(list)-1]
				break
			}
		}
		if sp == nil {
			s.mu.Unlock()
			return -1, false
		}
		sp.taken = true
		s.mu.Unlock()
		if !n.Table.ClaimSpare(sp.slot, sp.p.Pid) {
			n.dropSpare(sp)
			continue
		}
		s.mu.Lock()
		s.parked[sp.slot] = sp
		s.mu.Unlock()
		return sp.slot, true
	}
}

// parkedSpare returns the spare parked on slot by claimOwnSpare if it
// suits a start of key under env; one that does not is ended first, so
// that the slot's new process is not one too many.
func (n *Node) parkedSpare(slot int, key string, env []string) *spare {
	s := &n.spares
	s.mu.Lock()
	sp := s.parked[slot]
	delete(s.parked, slot)
	s.mu.Unlock()
	if sp == nil {
		return nil
	}
	if sp.key != key || startEnvDiffers(sp.env, env) {
		n.dropSpare(sp)
		return nil
	}
	return sp
}

// dropSpare ends a spare that is taken, waits for its end so that the
// tree's process count is right when its slot is reused, and gives the
// slot back unless a start holds it now.
func (n *Node) dropSpare(sp *spare) {
	sp.p.Control.Close() // EOF: it exits quietly; the kill makes sure
	sp.p.Signal(syscall.SIGKILL)
	select {
	case <-sp.p.Done():
		n.Table.ReleaseSpare(sp.slot, sp.p.Pid)
	case <-time.After(time.Second):
		go func() {
			<-sp.p.Done()
			n.Table.ReleaseSpare(sp.slot, sp.p.Pid)
		}()
	}
}

// noteStart records a start of kind key (from runtimeEnv) and brings the
// spares of that kind to the number the recent starts call for.
func (n *Node) noteStart(key string, runtimeEnv []string) {
	if n.MaxSpares <= 0 || n.Table == nil || n.Launch != nil || n.Dying() {
		return // a Launcher places the children: local spares would idle
	}
	s := &n.spares
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.off {
		return
	}
	if s.idle == nil {
		s.idle, s.making, s.parked = map[string][]*spare{}, map[string]int{}, map[int]*spare{}
		s.recent, s.timers = map[string][]time.Time{}, map[string]*time.Timer{}
		s.renv = map[string][]string{}
	}
	s.recent[key] = append(s.recent[key], now)
	s.renv[key] = runtimeEnv
	if len(s.idle[key])+s.making[key] == 0 {
		time.AfterFunc(emptyDelay, n.refill) // the next start needs one soon
	} else {
		// A spare being exec'd takes a CPU from the child just started:
		// top up when a child ends (refill, from reap) or a little later.
		time.AfterFunc(spareDelay, n.refill)
	}
	if t := s.timers[key]; t != nil {
		t.Reset(SpareIdle)
	} else {
		s.timers[key] = time.AfterFunc(SpareIdle, func() { n.dropIdle(key) })
	}
}

// fillLocked starts the spares of kind key that the starts of the last
// spareWindow call for (at least one, at most MaxSpares).
func (n *Node) fillLocked(key string, now time.Time) {
	s := &n.spares
	r := s.recent[key]
	for len(r) > 1 && now.Sub(r[0]) > spareWindow {
		r = r[1:]
	}
	s.recent[key] = r
	want := min(max(len(r), 1), n.MaxSpares)
	for have := len(s.idle[key]) + s.making[key]; have < want; have++ {
		s.making[key]++
		s.makers.Add(1)
		go n.makeSpare(key, s.renv[key])
	}
}

// refill tops the spares up after a child ended: a spare that found no
// room in the process table (--max-procs) may find it now.
func (n *Node) refill() {
	s := &n.spares
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.off || s.timers == nil || n.Dying() {
		return
	}
	now := time.Now()
	for key := range s.timers { // the kinds started within SpareIdle
		n.fillLocked(key, now)
	}
}

// makeSpare starts a spare of kind key and adds it to the stock.
func (n *Node) makeSpare(key string, runtimeEnv []string) {
	s := &n.spares
	defer s.makers.Done()
	done := func() {
		s.mu.Lock()
		s.making[key]--
		s.mu.Unlock()
	}
	slot, err := n.Table.ReserveSpare()
	if err != nil {
		done()
		return // no room: a spare never takes what a start could use
	}
	wb := &Bootstrap{Files: n.Names, Settings: n.Settings}
	n.mu.Lock()
	wb.Argv, wb.MainFile, wb.MainSrc = n.Argv, n.MainFile, n.MainSrc
	n.mu.Unlock()
	if n.MainProgram != nil {
		wb.MainProg, wb.MainNames = n.MainProgram()
	}
	warm, err := wb.Encode()
	var p *spawn.Proc
	if err == nil {
		env := os.Environ()
		before := ptable.BootTicks()
		p, err = spawn.Start(spawn.Request{
			Args:       []string{argv0(), "--procstar-child=(spare)"},
			Files:      n.Files,
			Stdout:     n.Stdout,
			Stderr:     n.Stderr,
			RuntimeEnv: runtimeEnv,
			Spare:      true,
		}, warm)
		if err == nil {
			after := ptable.BootTicks()
			sp := &spare{p: p, slot: slot, key: key, env: env, src: wb.MainSrc}
			if !n.Table.CommitSpare(slot, p.Pid, before, after) {
				// A start took the slot meanwhile: it is the start's.
				sp.taken = true
				n.dropSpare(sp)
				done()
				return
			}
			s.mu.Lock()
			s.making[key]--
			if s.off {
				sp.taken = true
				s.mu.Unlock()
				n.dropSpare(sp)
				return
			}
			s.idle[key] = append(s.idle[key], sp)
			s.mu.Unlock()
			go n.watchSpare(sp)
			return
		}
	}
	n.Table.ReleaseSpare(slot, -os.Getpid())
	done()
}

// watchSpare gives back the slot of a spare that dies unused.
func (n *Node) watchSpare(sp *spare) {
	<-sp.p.Done()
	s := &n.spares
	s.mu.Lock()
	taken := sp.taken
	if !taken {
		sp.taken = true
		s.idle[sp.key] = slices.DeleteFunc(s.idle[sp.key], func(o *spare) bool { return o == sp })
	}
	s.mu.Unlock()
	if !taken {
		n.Table.ReleaseSpare(sp.slot, sp.p.Pid)
		sp.p.Control.Close()
	}
}

// dropIdle ends the spares of kind key: nothing of that kind started for
// SpareIdle.
func (n *Node) dropIdle(key string) {
	s := &n.spares
	s.mu.Lock()
	if len(s.recent[key]) > 0 && time.Since(s.recent[key][len(s.recent[key])-1]) < SpareIdle {
		s.mu.Unlock()
		return
	}
	list := s.idle[key]
	delete(s.idle, key)
	delete(s.timers, key)
	for _, sp := range list {
		sp.taken = true
	}
	s.mu.Unlock()
	for _, sp := range list {
		n.dropSpare(sp)
	}
}

// DropSpares ends every spare and keeps no more: the process is ending
// (Shutdown, KillAll). It returns once they are dead.
func (n *Node) DropSpares() {
	s := &n.spares
	s.mu.Lock()
	s.off = true
	var list []*spare
	for k, l := range s.idle {
		list = append(list, l...)
		delete(s.idle, k)
	}
	for k, t := range s.timers {
		t.Stop()
		delete(s.timers, k)
	}
	for slot, sp := range s.parked {
		list = append(list, sp)
		delete(s.parked, slot)
	}
	for _, sp := range list {
		sp.taken = true
	}
	s.mu.Unlock()
	s.makers.Wait() // one being started sees off and ends it
	for _, sp := range list {
		n.dropSpare(sp)
	}
}

// Spares returns the pids of this process's idle spares (tests).
func (n *Node) Spares() []int {
	s := &n.spares
	s.mu.Lock()
	defer s.mu.Unlock()
	var pids []int
	for _, l := range s.idle {
		for _, sp := range l {
			pids = append(pids, sp.p.Pid)
		}
	}
	return pids
}

func argv0() string {
	if len(os.Args) > 0 {
		return os.Args[0]
	}
	return "procstar"
}
