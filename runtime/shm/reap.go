package shm

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/shm/futex"
)

// ReapDead releases everything the dead process pid held in the arena: it
// rolls back a critical section pid was in the middle of, marks locks it
// owned as abandoned (the next acquirer takes them and learns pid), returns
// its semaphore units, drops its pipe-end copies (the other end may read
// EOF), breaks barriers it was waiting at, frees blocks it was moving, and
// wakes every waiter in the arena, so no one sleeps through a wake-up pid
// died before sending.
//
// Call it once pid is known dead: the root's Watch does, and a parent may
// when it reaps a child (before releasing its ptable slot, so the name is
// still known). It is idempotent. pid must not have been reused yet by a
// process of the tree.
func (a *Arena) ReapDead(pid int) { a.reap(pid, "") }

func (a *Arena) reap(pid int, name string) {
	if pid <= 0 || pid > ownerMask || uint32(pid) == self {
		return
	}
	if !a.enter() {
		return
	}
	defer a.leave()
	if name == "" {
		if t := a.table.Load(); t != nil {
			if e, ok := t.Lookup(pid); ok {
				name = e.Name
			}
		}
	}
	if name != "" && a.graveName(pid) != name {
		a.recordGrave(pid, name)
	}
	dead := uint32(pid)

	// The allocator first: the objects' recovery may free blocks.
	if a.lockForReap(&a.h.lock, dead) && a.arenaJournal().rollback() {
		a.rollbacks.Add(1)
	}
	a.unlock()

	for _, r := range a.objects() {
		// Pinned, so that no release tears it down while we work on it.
		p, ok := a.pin(r)
		if !ok {
			continue // destroyed meanwhile
		}
		switch r.kind {
		case KindLock, KindRLock:
			o := (*mutexObj)(p)
			o.reap(dead)
			futex.WakeAll(&o.word)
		case KindSemaphore:
			(*semObj)(p).reap(a, dead)
		case KindEvent:
			futex.WakeAll(&(*eventObj)(p).word)
		case KindCondition:
			c := &Condition{ref: ref{a: a, off: r.off, gen: r.gen, kind: KindCondition}, o: (*condObj)(p)}
			c.reap(dead)
			c.blocks(func(b *slotBlock) bool {
				for i := range b.slots {
					if atomic.LoadUint32(&b.slots[i].state) != slotFree {
						futex.WakeAll(&b.slots[i].state)
					}
				}
				return true
			})
		case KindBarrier:
			(*barrierObj)(p).reap(a, dead)
		case KindQueue:
			(*queueObj)(p).reap(a, dead)
		case KindPipe:
			(*pipeObj)(p).reap(a, dead)
		}
		a.unpin(r)
	}

	// Blocks in flight: the rollbacks above may have handed some back to
	// pid's slots.
	a.reapInflight(dead)

	// Last, the references pid held: objects no other process, message or
	// object refers to are destroyed.
	a.reapRefs(dead)
}

// SweepPeriod is how often the root's Watch calls Sweep while freed memory
// is resident: memory freed and not reused for one to two periods goes back
// to the OS.
const SweepPeriod = time.Second

const idleSweeps = 10

// Watch is the root's death watcher: it watches every live process of the
// tree (from t, re-read whenever t's generation word changes) through a
// pidfd, and calls ReapDead for each as soon as it dies. It returns when
// ctx is done.
//
// The generation word is waited on with FUTEX_WAIT by a helper goroutine
// that signals an eventfd; the main loop blocks in epoll_wait on that
// eventfd and the pidfds, so an idle tree costs almost no CPU: it wakes
// once per SweepPeriod while freed memory awaits its return to the OS, and
// every ten periods otherwise.
func (a *Arena) Watch(ctx context.Context, t *ptable.Table) error {
	a.SetTable(t)
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return err
	}
	defer unix.Close(ep)
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return err
	}
	// The AfterFunc's kick may still run after Watch returns (stop does
	// not wait for it): once efd is closed it must not write, or it would
	// write into whatever file reuses the fd number (a pipe of the output).
	var kickMu sync.Mutex
	closed := false
	defer func() {
		kickMu.Lock()
		closed = true
		unix.Close(efd)
		kickMu.Unlock()
	}()
	if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, efd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(efd)}); err != nil {
		return err
	}
	kick := func() {
		one := [8]byte{1}
		kickMu.Lock()
		if !closed {
			unix.Write(efd, one[:])
		}
		kickMu.Unlock()
	}
	stop := context.AfterFunc(ctx, kick)
	defer stop()
	outer := ctx

	ctx, cancel := context.WithCancel(ctx)
	genDone := make(chan struct{})
	defer func() { cancel(); <-genDone }()
	go func() {
		defer close(genDone)
		wt := futex.NewWaiter(ctx, -1)
		defer wt.Close()
		for {
			g := atomic.LoadUint32(t.Gen())
			kick()
			if err := wt.Wait(t.Gen(), g); err != nil && err != futex.ErrTimeout {
				return
			}
		}
	}()

	type watched struct {
		pid  int
		st   uint64
		name string
	}
	byFd := map[int32]watched{}
	byPid := map[int]int32{}
	type key struct {
		pid int
		st  uint64
	}
	reaped := map[key]bool{} // dead but still listed: do not reap again
	defer func() {
		for fd := range byFd {
			unix.Close(int(fd))
		}
	}()

	rescan := func() {
		live := t.Live()
		listed := make(map[key]bool, len(live))
		for _, e := range live {
			k := key{e.Pid, e.StartTime}
			listed[k] = true
			if e.Pid <= 0 || e.Pid == Self() || reaped[k] {
				continue
			}
			if fd, ok := byPid[e.Pid]; ok {
				w := byFd[fd]
				w.name = e.Name
				byFd[fd] = w
				continue
			}
			fd, err := unix.PidfdOpen(e.Pid, 0)
			if err != nil {
				reaped[k] = true
				a.reap(e.Pid, e.Name)
				continue
			}
			// A pid reused by a stranger, or a zombie: the process of
			// this entry is dead.
			if !ptable.Alive(e.Pid, e.StartTime) {
				unix.Close(fd)
				reaped[k] = true
				a.reap(e.Pid, e.Name)
				continue
			}
			if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)}); err != nil {
				unix.Close(fd)
				continue
			}
			byFd[int32(fd)] = watched{e.Pid, e.StartTime, e.Name}
			byPid[e.Pid] = int32(fd)
		}
		for k := range reaped {
			if !listed[k] {
				delete(reaped, k)
			}
		}
	}

	events := make([]unix.EpollEvent, 64)
	nextSweep := time.Now().Add(SweepPeriod)
	for {
		// ctx may have been cancelled after the last wake-up, its kick
		// consumed with the generation goroutine's: check before sleeping.
		if outer.Err() != nil {
			return outer.Err()
		}
		// Freed memory that stays unused goes back to the OS (Sweep).
		// While nothing is dirty, look again only every idleSweeps
		// periods: memory freed meanwhile waits that long at most.
		now := time.Now()
		if !now.Before(nextSweep) {
			if atomic.LoadUint32(&a.h.dirty) > 0 {
				a.Sweep()
				nextSweep = now.Add(SweepPeriod)
			} else {
				nextSweep = now.Add(idleSweeps * SweepPeriod)
			}
		}
		timeout := int(time.Until(nextSweep)/time.Millisecond) + 1
		n, err := unix.EpollWait(ep, events, timeout)
		if outer.Err() != nil {
			return outer.Err()
		}
		if err != nil {
			if errors.Is(err, unix.EINTR) {
				continue
			}
			return err
		}
		for i := 0; i < n; i++ {
			fd := events[i].Fd
			if int(fd) == efd {
				var buf [8]byte
				unix.Read(efd, buf[:])
				rescan()
				continue
			}
			w, ok := byFd[fd]
			if !ok {
				continue
			}
			unix.EpollCtl(ep, unix.EPOLL_CTL_DEL, int(fd), nil)
			unix.Close(int(fd))
			delete(byFd, fd)
			delete(byPid, w.pid)
			reaped[key{w.pid, w.st}] = true
			a.reap(w.pid, w.name)
		}
	}
}
