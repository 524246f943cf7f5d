// Package ptable is the table of live processes of one procstar tree, kept in
// shared memory that every process of the tree maps. It enforces --max-procs
// across the whole tree without asking the root, and lets any process name
// another by pid (for messages such as "abandoned by Process-3").
//
// A slot is reserved by the parent before it spawns (so start() can fail
// before any process exists), committed with the child's pid once it runs,
// and released when the parent reaps the child. Slots of processes that died
// unseen (a killed parent's children) are reclaimed by a sweep that checks
// each pid's liveness and start time, so pid reuse cannot fool it.
package ptable

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	magic     = 0x70737462 // "pstb"
	headerLen = 64
	slotLen   = 128
	nameLen   = 96

	stateFree     = 0
	stateReserved = 1
	stateLive     = 2
	// stateSpare is a warm spare's slot (see ReserveSpare): its owner is
	// the spare's pid, or minus its keeper's pid while it is being started.
	// Any process that finds the table full may take it (Steal).
	stateSpare = 3
)

// MaxLimit bounds --max-procs so the table stays small.
const MaxLimit = 1 << 16

// ErrFull is returned by Reserve when the tree already holds Max processes.
var ErrFull = errors.New("process table full")

type header struct {
	magic uint32
	max   uint32
	gen   uint32 // bumped on every commit and release; a futex word for watchers
	out   uint32 // output lock: pid of the holder, 0 when free
}

type slot struct {
	// ctl is the state (high half) and its owner (low half): the reserving
	// process while reserved, the child's pid once live. One word, so that
	// every transition is a single CAS from what the mover saw: a sweep
	// cannot free a slot that has since been given to another process, nor
	// a parent's release one that a sweep already reclaimed and reassigned.
	ctl       uint64
	ppid      int32
	flags     uint32 // flagProgram
	startTime uint64
	name      [nameLen]byte
	_         [slotLen - 24 - nameLen]byte
}

// flagProgram marks the slot of a program started with subprocess: not a
// procstar process, so it holds nothing in the tree's shared memory and
// the root's death watcher need not watch it.
const flagProgram = 1

func ctlWord(state uint32, owner int) uint64 { return uint64(state)<<32 | uint64(uint32(int32(owner))) }
func ctlState(w uint64) uint32               { return uint32(w >> 32) }
func ctlOwner(w uint64) int                  { return int(int32(uint32(w))) }

// Table is one process's mapping of the tree's process table.
type Table struct {
	outMu sync.Mutex // the output lock among this process's goroutines
	f     *os.File
	mem   []byte
	hdr   *header
	max   int
	// quiet: this process's changes wake no waiter of gen (QuietChanges).
	quiet atomic.Bool
}

// Entry describes one live process.
type Entry struct {
	Slot      int
	Pid       int
	PPid      int
	StartTime uint64
	Name      string
	Program   bool // a program started with subprocess (CommitProgram)
}

// Create makes a new table for a tree of at most max processes and registers
// the calling process (the root) under name.
func Create(max int, name string) (*Table, error) {
	if max < 1 || max > MaxLimit {
		return nil, fmt.Errorf("max processes must be between 1 and %d, not %d", MaxLimit, max)
	}
	fd, err := unix.MemfdCreate("procstar-ptable", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	f := os.NewFile(uintptr(fd), "procstar-ptable")
	size := headerLen + max*slotLen
	if err := f.Truncate(int64(size)); err != nil {
		f.Close()
		return nil, err
	}
	t, err := mapTable(f, size)
	if err != nil {
		f.Close()
		return nil, err
	}
	t.hdr.max = uint32(max)
	atomic.StoreUint32(&t.hdr.magic, magic)
	t.max = max
	s, err := t.Reserve()
	if err != nil {
		t.Close()
		return nil, err
	}
	t.Commit(s, selfPid(), os.Getppid(), name)
	return t, nil
}

// Open maps the table passed down by the parent as f.
func Open(f *os.File) (*Table, error) {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return nil, err
	}
	if st.Size < headerLen {
		return nil, errors.New("ptable: bad table file")
	}
	t, err := mapTable(f, int(st.Size))
	if err != nil {
		return nil, err
	}
	if atomic.LoadUint32(&t.hdr.magic) != magic || headerLen+int(t.hdr.max)*slotLen != int(st.Size) {
		t.Close()
		return nil, errors.New("ptable: bad table file")
	}
	t.max = int(t.hdr.max)
	return t, nil
}

func mapTable(f *os.File, size int) (*Table, error) {
	mem, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mmap: %w", err)
	}
	return &Table{f: f, mem: mem, hdr: (*header)(unsafe.Pointer(&mem[0]))}, nil
}

// File is the table's file, to pass to children.
func (t *Table) File() *os.File { return t.f }

// Max is the tree's process limit.
func (t *Table) Max() int { return t.max }

// Gen returns the address of the generation counter, bumped (and woken as a
// futex) on every commit and release.
func (t *Table) Gen() *uint32 { return &t.hdr.gen }

// Close unmaps the table.
func (t *Table) Close() error {
	err := unix.Munmap(t.mem)
	t.f.Close()
	return err
}

func (t *Table) slot(i int) *slot {
	return (*slot)(unsafe.Pointer(&t.mem[headerLen+i*slotLen]))
}

// Reserve claims a slot for a process about to be spawned. When the table
// looks full it sweeps dead entries once, then takes a warm spare's slot
// (killing the spare), before giving up with ErrFull: spares count against
// the limit but never make a start fail.
func (t *Table) Reserve() (int, error) {
	i, err := t.ReserveFree()
	if err == ErrFull {
		i, err = t.Steal()
	}
	return i, err
}

// ReserveFree is Reserve without taking a spare's slot.
func (t *Table) ReserveFree() (int, error) {
	return t.reserve(ctlWord(stateReserved, selfPid()))
}

func (t *Table) reserve(mine uint64) (int, error) {
	for attempt := 0; attempt < 2; attempt++ {
		for i := 0; i < t.max; i++ {
			s := t.slot(i)
			if atomic.LoadUint64(&s.ctl) == 0 && atomic.CompareAndSwapUint64(&s.ctl, 0, mine) {
				return i, nil
			}
		}
		if t.Sweep() == 0 {
			break
		}
	}
	return -1, ErrFull
}

// ReserveSpare claims a free slot for a warm spare about to be started by
// this process; CommitSpare records it once it runs. From the start, any
// Reserve that finds the table full may take the slot.
func (t *Table) ReserveSpare() (int, error) {
	return t.reserve(ctlWord(stateSpare, -selfPid()))
}

// CommitSpare records the spare pid in slot i from ReserveSpare; false if
// the slot was taken meanwhile (the caller then ends the spare). before
// and after are as CommitStarted's.
func (t *Table) CommitSpare(i, pid int, before, after uint64) bool {
	s := t.slot(i)
	atomic.StoreInt32(&s.ppid, int32(selfPid()))
	atomic.StoreUint64(&s.startTime, startTimeBetween(pid, before, after))
	return atomic.CompareAndSwapUint64(&s.ctl, ctlWord(stateSpare, -selfPid()), ctlWord(stateSpare, pid))
}

// ClaimSpare turns the slot of spare pid, which this process keeps, into
// a reservation of this process (for Commit or Cancel); false if another
// process took it (Steal), which ends the spare.
func (t *Table) ClaimSpare(i, pid int) bool {
	return i >= 0 && i < t.max && atomic.CompareAndSwapUint64(&t.slot(i).ctl, ctlWord(stateSpare, pid), ctlWord(stateReserved, selfPid()))
}

// ReleaseSpare frees the slot of spare pid (ReserveSpare's, before or
// after CommitSpare) unless another process took it.
func (t *Table) ReleaseSpare(i, pid int) {
	if t.free(i, ctlWord(stateSpare, pid)) {
		t.bump(false)
	}
}

// Steal takes the slot of some warm spare of the tree as a reservation of
// this process, and kills that spare and waits (up to a second) for its
// death, so the tree never holds more processes than the limit; ErrFull
// if there is none.
func (t *Table) Steal() (int, error) {
	mine := ctlWord(stateReserved, selfPid())
	for i := 0; i < t.max; i++ {
		s := t.slot(i)
		// Again while the slot stays a spare's: its keeper's CommitSpare
		// may change the word between the load and the CAS, and that
		// spare is as good to take.
		for {
			w := atomic.LoadUint64(&s.ctl)
			if ctlState(w) != stateSpare {
				break
			}
			// startTime is read before the CAS: if the CAS succeeds, the
			// slot was still this spare's.
			st := atomic.LoadUint64(&s.startTime)
			if !atomic.CompareAndSwapUint64(&s.ctl, w, mine) {
				continue
			}
			// A spare still being started (owner < 0) is ended by its
			// keeper when CommitSpare fails.
			if pid := ctlOwner(w); pid > 0 {
				evict(pid, st)
			}
			return i, nil
		}
	}
	return -1, ErrFull
}

// evict kills the spare pid (started at startTime) and waits until it has
// died, through a pidfd so that a reused pid is never signalled.
func evict(pid int, startTime uint64) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return // gone
	}
	defer unix.Close(fd)
	if !Alive(pid, startTime) {
		return // dead, or the pid is another process's by now
	}
	unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0)
	// The pidfd is readable once the process has exited.
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		if n, err := unix.Poll(fds, 100); n > 0 || (err != nil && err != unix.EINTR) {
			return
		}
	}
}

// Commit records the process now running in a slot this process reserved.
func (t *Table) Commit(i, pid, ppid int, name string) {
	t.CommitStarted(i, pid, ppid, name, 0, 0)
}

// CommitStarted is Commit with before and after, BootTicks read just
// before and after the process was created (0, 0: unknown): equal, they
// are its start time, which then needs no read of /proc (most starts take
// well under a tick).
func (t *Table) CommitStarted(i, pid, ppid int, name string, before, after uint64) {
	t.commit(i, pid, ppid, name, startTimeBetween(pid, before, after), 0)
	t.bump(ppid != selfPid())
}

// CommitProgram is Commit for a program started with subprocess. Watchers
// are not woken (the generation word is left as it is): they have nothing
// to do for a program, and it ended two wake-ups of the root per program.
// before and after are BootTicks read just before and after the program's
// process was created (0, 0: unknown): equal, they are its start time,
// which then needs no read of /proc (a fiftieth of subprocess.run's time).
func (t *Table) CommitProgram(i, pid, ppid int, name string, before, after uint64) {
	t.commit(i, pid, ppid, name, startTimeBetween(pid, before, after), flagProgram)
}

// BootTicks is CLOCK_BOOTTIME in the unit of a process's start time in
// /proc/PID/stat (clock ticks, USER_HZ: 100 a second), which the kernel
// takes from the same clock as the process is created.
func BootTicks() uint64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts) != nil {
		return 0
	}
	return uint64(ts.Nano()) / (1e9 / userHZ)
}

const userHZ = 100

// bootTicksOK is whether BootTicks agreed with /proc the first time both
// were known (an unusual USER_HZ would not): until then, and if not, the
// start time is read.
var bootTicksOK atomic.Int32 // 0: unknown, 1: yes, -1: no

func startTimeBetween(pid int, before, after uint64) uint64 {
	if before != 0 && before == after && bootTicksOK.Load() == 1 {
		return before
	}
	st, err := StartTime(pid)
	if err == nil && before != 0 && before == after && bootTicksOK.Load() == 0 {
		if st == before {
			bootTicksOK.Store(1)
		} else {
			bootTicksOK.Store(-1)
		}
	}
	return st
}

func (t *Table) commit(i, pid, ppid int, name string, st uint64, flags uint32) {
	s := t.slot(i)
	atomic.StoreInt32(&s.ppid, int32(ppid))
	atomic.StoreUint32(&s.flags, flags)
	atomic.StoreUint64(&s.startTime, st)
	var nb [nameLen]byte
	copy(nb[:], name)
	s.name = nb
	atomic.StoreUint64(&s.ctl, ctlWord(stateLive, pid))
}

// CommitSpareLive is Commit for a spare whose slot this process claimed
// (ClaimSpare): the start time CommitSpare recorded is the process's.
func (t *Table) CommitSpareLive(i, pid, ppid int, name string) {
	t.commit(i, pid, ppid, name, atomic.LoadUint64(&t.slot(i).startTime), 0)
	t.bump(ppid != selfPid())
}

// SetName renames the process in slot i (Process.name is settable).
func (t *Table) SetName(i int, name string) {
	if i < 0 || i >= t.max {
		return
	}
	var nb [nameLen]byte
	copy(nb[:], name)
	t.slot(i).name = nb
}

// Release frees slot i, committed to pid, once the parent has reaped pid.
// A sweep may have freed it already (a zombie is not alive), and another
// process may hold it by now: then it is not this release's to free.
func (t *Table) Release(i, pid int) {
	if t.free(i, ctlWord(stateLive, pid)) {
		t.bump(false)
	}
}

// ReleaseProgram is Release for a slot of CommitProgram: without waking
// watchers either.
func (t *Table) ReleaseProgram(i, pid int) {
	t.free(i, ctlWord(stateLive, pid))
}

// Cancel frees slot i, which this process reserved and did not commit.
func (t *Table) Cancel(i int) {
	if t.free(i, ctlWord(stateReserved, selfPid())) {
		t.bump(false)
	}
}

// free frees slot i if its word is still was.
func (t *Table) free(i int, was uint64) bool {
	if i < 0 || i >= t.max {
		return false
	}
	return atomic.CompareAndSwapUint64(&t.slot(i).ctl, was, 0)
}

// bump starts a new generation of the table and wakes its waiters, unless
// this process is quiet (QuietChanges) and the change is not one they
// need (needed: an entry committed for another process's child).
func (t *Table) bump(needed bool) {
	atomic.AddUint32(&t.hdr.gen, 1)
	if needed || !t.quiet.Load() {
		futexWakeAll(&t.hdr.gen)
	}
}

// QuietChanges makes this process's changes to the table that concern its
// own children, and entries going away, bump its generation without waking
// the processes waiting on it. The root's watcher (shm/own's Watch), the
// only one that waits, calls it: it does not watch the root's children,
// and waking it at every start and reap cost the root two thread wake-ups
// and a scan of the table each time.
func (t *Table) QuietChanges() { t.quiet.Store(true) }

// EachLive calls f with each committed entry, its Name left empty (NameOf
// reads it): a scan of the table that allocates nothing, for the root's
// watcher, which scans it at every change.
func (t *Table) EachLive(f func(Entry)) {
	for i := 0; i < t.max; i++ {
		if e, ok := t.peek(i); ok {
			f(e)
		}
	}
}

// NameOf is the name in slot i.
func (t *Table) NameOf(i int) string {
	if i < 0 || i >= t.max {
		return ""
	}
	name := t.slot(i).name[:]
	if j := bytes.IndexByte(name, 0); j >= 0 {
		name = name[:j]
	}
	return string(name)
}

func (t *Table) entry(i int) (Entry, bool) {
	e, ok := t.peek(i)
	if ok {
		e.Name = t.NameOf(i)
	}
	return e, ok
}

// peek is entry without the name.
func (t *Table) peek(i int) (Entry, bool) {
	s := t.slot(i)
	w := atomic.LoadUint64(&s.ctl)
	if ctlState(w) != stateLive {
		return Entry{}, false
	}
	return Entry{
		Slot:      i,
		Pid:       ctlOwner(w),
		PPid:      int(atomic.LoadInt32(&s.ppid)),
		StartTime: atomic.LoadUint64(&s.startTime),
		Program:   atomic.LoadUint32(&s.flags)&flagProgram != 0,
	}, true
}

// Lookup finds the live entry of pid.
func (t *Table) Lookup(pid int) (Entry, bool) {
	for i := 0; i < t.max; i++ {
		if e, ok := t.entry(i); ok && e.Pid == pid {
			return e, true
		}
	}
	return Entry{}, false
}

// Sweep frees the slots of processes that are gone and of reservations whose
// reserver is gone, and returns how many it freed.
func (t *Table) Sweep() int {
	freed := 0
	for i := 0; i < t.max; i++ {
		s := t.slot(i)
		w := atomic.LoadUint64(&s.ctl)
		var gone bool
		switch ctlState(w) {
		case stateSpare:
			if o := ctlOwner(w); o < 0 {
				gone = !Alive(-o, 0) // its keeper died while starting it
			} else {
				gone = !Alive(o, atomic.LoadUint64(&s.startTime))
			}
		case stateLive:
			// startTime is read after w: if it is a newer process's, so is
			// the slot's word, and the CAS below fails.
			gone = !Alive(ctlOwner(w), atomic.LoadUint64(&s.startTime))
		case stateReserved:
			gone = !Alive(ctlOwner(w), 0)
		}
		if gone && atomic.CompareAndSwapUint64(&s.ctl, w, 0) {
			freed++
		}
	}
	if freed > 0 {
		t.bump(false)
	}
	return freed
}

// Alive reports whether pid is a running (not zombie) process whose start
// time is startTime (0 accepts any start time). A process whose state
// cannot be read for another reason than its absence (the caller is out
// of file descriptors) counts as alive: a live process taken for dead
// would lose its locks and slot.
func Alive(pid int, startTime uint64) bool {
	if pid <= 0 {
		return false
	}
	st, state, err := stat(pid)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, unix.ESRCH)
	}
	if state == 'Z' || state == 'X' {
		return false
	}
	return startTime == 0 || st == startTime
}

// StartTime returns the start time of pid in clock ticks since boot, which
// together with the pid identifies a process despite pid reuse.
func StartTime(pid int) (uint64, error) {
	st, _, err := stat(pid)
	return st, err
}

func stat(pid int) (startTime uint64, state byte, err error) {
	// Raw system calls, on every start: os.ReadFile takes ten (the poller's
	// among them) where three do.
	path := "/proc/" + strconv.Itoa(pid) + "/stat"
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var buf [2048]byte // a stat line is at most about 1,100 bytes
	n := 0
	for n < len(buf) {
		k, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return 0, 0, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if k == 0 {
			break
		}
		n += k
	}
	unix.Close(fd)
	b := buf[:n]
	// The command name may contain spaces and parentheses: fields start after
	// the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return 0, 0, errors.New("bad stat")
	}
	fields := bytes.Fields(b[i+2:])
	// fields[0] is state (field 3); starttime is field 22.
	if len(fields) < 20 {
		return 0, 0, errors.New("bad stat")
	}
	st, err := strconv.ParseUint(string(fields[19]), 10, 64)
	return st, fields[0][0], err
}

// LockOutput takes the tree's output lock, under which one print is written
// whole: the kernel splits a pipe write above PIPE_BUF (4 KiB), so without
// it long lines of different processes could mix. A holder that died is
// detected and the lock taken over.
func (t *Table) LockOutput() {
	// Goroutines of this process share its pid: they queue here first.
	t.outMu.Lock()
	me := uint32(selfPid())
	w := &t.hdr.out
	for {
		owner := atomic.LoadUint32(w)
		if owner == 0 {
			if atomic.CompareAndSwapUint32(w, 0, me) {
				return
			}
			continue
		}
		// Bounded wait: a holder killed mid-write never wakes us.
		ts := unix.Timespec{Nsec: 100e6}
		unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(w)), futexWait, uintptr(owner), uintptr(unsafe.Pointer(&ts)), 0, 0)
		if atomic.LoadUint32(w) == owner && !Alive(int(owner), 0) {
			atomic.CompareAndSwapUint32(w, owner, 0)
		}
	}
}

// UnlockOutput releases the output lock.
func (t *Table) UnlockOutput() {
	atomic.StoreUint32(&t.hdr.out, 0)
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(&t.hdr.out)), futexWake, 1, 0, 0, 0)
	t.outMu.Unlock()
}

// Writer returns w with every Write done whole under the output lock.
func (t *Table) Writer(w io.Writer) io.Writer { return &lockedWriter{t: t, w: w} }

type lockedWriter struct {
	t *Table
	w io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.t.LockOutput()
	defer l.t.UnlockOutput()
	return l.w.Write(p)
}

const (
	futexWait = 0
	futexWake = 1
)

func futexWakeAll(addr *uint32) {
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWake, uintptr(1<<31-1), 0, 0, 0)
}

// pidCache is this process's pid once asked: os.Getpid is a system call
// each time, and a print (LockOutput) and every reservation asked for it.
// A process never changes pid (children are exec'd, never forked).
var pidCache atomic.Int32

// selfPid is os.Getpid, cached.
func selfPid() int {
	if p := pidCache.Load(); p != 0 {
		return int(p)
	}
	p := os.Getpid()
	pidCache.Store(int32(p))
	return p
}
