package own

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/shm/arena"
	"github.com/procstar/procstar/runtime/shm/futex"
)

// SweepPeriod is how often the root's Watch calls Sweep while freed memory
// is resident: memory freed and not reused for one to two periods goes back
// to the OS.
const SweepPeriod = time.Second

const idleSweeps = 10

// watchRetry is how often Watch retries watching processes it could not.
const watchRetry = 50 * time.Millisecond

// watchFailures counts the times Watch could not watch a process, for tests.
var watchFailures atomic.Int64

// WatchFailures is the number of times Watch could not watch a process,
// for tests.
func WatchFailures() int64 { return watchFailures.Load() }

// Watch is the root's death watcher: it watches every live process of the
// tree (from t, re-read whenever t's generation word changes) through a
// pidfd, and calls ReapDead for each as soon as it dies; but for the
// children of its own process, which their parent reaps as it reaps them
// (so a flat tree costs it one scan of the table per change). It returns
// when ctx is done.
//
// The generation word is waited on with FUTEX_WAIT by a helper goroutine
// that signals an eventfd; the main loop blocks in epoll_wait on that
// eventfd and the pidfds, so an idle tree costs almost no CPU: it wakes
// once per SweepPeriod while freed memory awaits its return to the OS, and
// every ten periods otherwise.
func (a *Arena) Watch(ctx context.Context, t *ptable.Table) error {
	a.SetTable(t)
	t.QuietChanges()
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
	listed := map[key]bool{}
	defer func() {
		for fd := range byFd {
			unix.Close(int(fd))
		}
	}()

	// A process the watcher cannot watch (no pidfd: the root is out of
	// file descriptors or memory) is not guessed dead: rescan retries it
	// every watchRetry until it can be watched or is known dead.
	unwatched := false
	var nextRetry time.Time
	cannotWatch := func() {
		if !unwatched {
			nextRetry = time.Now().Add(watchRetry)
		}
		unwatched = true
		watchFailures.Add(1)
	}
	self := int(arena.Self())
	rescan := func() {
		unwatched = false
		clear(listed)
		t.EachLive(func(e ptable.Entry) {
			k := key{e.Pid, e.StartTime}
			listed[k] = true
			// A program started with subprocess holds nothing here. A
			// child of this process is reaped by it (its node calls
			// ReapDead before it releases the slot), and this process
			// lives as long as Watch runs: the watcher is for the others,
			// whose parent may die first.
			if e.Pid <= 0 || e.Pid == self || e.PPid == self || reaped[k] || e.Program {
				return
			}
			if fd, ok := byPid[e.Pid]; ok {
				w := byFd[fd]
				w.name = t.NameOf(e.Slot)
				byFd[fd] = w
				return
			}
			fd, err := unix.PidfdOpen(e.Pid, 0)
			if err == unix.ESRCH {
				reaped[k] = true
				a.reap(e.Pid, t.NameOf(e.Slot))
				return
			}
			if err != nil {
				cannotWatch()
				return
			}
			// A pid reused by a stranger, or a zombie: the process of
			// this entry is dead.
			if !ptable.Alive(e.Pid, e.StartTime) {
				unix.Close(fd)
				reaped[k] = true
				a.reap(e.Pid, t.NameOf(e.Slot))
				return
			}
			if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)}); err != nil {
				unix.Close(fd)
				cannotWatch()
				return
			}
			byFd[int32(fd)] = watched{e.Pid, e.StartTime, t.NameOf(e.Slot)}
			byPid[e.Pid] = int32(fd)
		})
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
			if a.HasDirty() {
				a.Sweep()
				nextSweep = now.Add(SweepPeriod)
			} else {
				nextSweep = now.Add(idleSweeps * SweepPeriod)
			}
		}
		wake := nextSweep
		if unwatched && nextRetry.Before(wake) {
			wake = nextRetry
		}
		timeout := int(time.Until(wake)/time.Millisecond) + 1
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
		if unwatched && !time.Now().Before(nextRetry) {
			rescan()
		}
	}
}
