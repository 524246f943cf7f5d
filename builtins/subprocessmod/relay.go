package subprocessmod

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// A program's inherited stdout or stderr reaches the process's writer
// through a pipe of ours, a line at a time, so that it never interleaves
// mid-line with other prints. Everything the program itself wrote is
// relayed by the time its end is reported (run returns, wait and poll see
// its code), as it is on the terminal of Python's program. A background
// descendant that still holds the pipe (`sh -c "cmd &"`) does not delay
// that report, as it does not in Python: what it writes later is relayed
// as it comes.

// relay is one such pipe: its read end and where the lines go.
type relay struct {
	r  *os.File
	fd int // runInline's: the read end, bare (r nil), or -1
	// w is runInline's copy of the program's end, held until the program
	// is reaped: the pipe cannot end (wake the poll) before the program's
	// end does, as it did when the program's exit closed the last writer.
	w  int // -1: none
	lw *lineWriter
	// bg: read by background (its read end in the Go poller), so the
	// program's end drains it. runInline's relays are read by runInline.
	bg bool
	mu sync.Mutex // one reader at a time: background or drain
}

// closeWrite closes our copy of the program's end, if we hold one.
func (rl *relay) closeWrite() {
	if rl.w >= 0 {
		unix.Close(rl.w)
		rl.w = -1
	}
}

// close closes the pipe's ends of ours.
func (rl *relay) close() {
	rl.closeWrite()
	if rl.r != nil {
		rl.r.Close()
	} else if rl.fd >= 0 {
		unix.Close(rl.fd)
		rl.fd = -1
	}
}

// background relays the pipe until its end in a goroutine of its own,
// which waits in the Go poller (no thread) and which ps's process's end
// waits for; drain may relay meanwhile.
func (rl *relay) background(ps *programs) {
	rl.bg = true
	ps.goRelay(rl, func() {
		if rc, err := rl.r.SyscallConn(); err == nil {
			bp := copyBufs.Get().(*[]byte)
			rc.Read(func(fd uintptr) bool { return rl.readUntilBlocked(int(fd), *bp) })
			copyBufs.Put(bp)
		}
		rl.lw.flush()
		rl.r.Close()
	})
}

// readUntilBlocked relays what fd (non-blocking) has, a read at a time
// under mu, and reports whether the pipe has ended (false: it would block).
func (rl *relay) readUntilBlocked(fd int, buf []byte) bool {
	for {
		rl.mu.Lock()
		n, err := unix.Read(fd, buf)
		if n > 0 {
			rl.lw.Write(buf[:n])
		}
		rl.mu.Unlock()
		switch {
		case n > 0, err == unix.EINTR:
		case err == unix.EAGAIN:
			return false
		default: // the end (or an error: nothing more will come)
			return true
		}
	}
}

// drain relays what the pipe holds now, without waiting for more: once
// the program has ended, all that it wrote. Under mu, so a chunk the
// background goroutine has read is written first.
func (rl *relay) drain() {
	rc, err := rl.r.SyscallConn()
	if err != nil {
		return // closed: the background goroutine relayed it all
	}
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rc.Control(func(fd uintptr) { drainFd(int(fd), rl.lw) })
}

// drainFd relays to lw the bytes fd holds now (a bounded amount, however
// fast a background writer refills it), blocking or not.
func drainFd(fd int, lw *lineWriter) {
	n, err := unix.IoctlGetInt(fd, unix.TIOCINQ) // FIONREAD
	if err != nil || n <= 0 {
		return
	}
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	for n > 0 {
		k, err := unix.Read(fd, (*bp)[:min(n, len(*bp))])
		if k > 0 {
			lw.Write((*bp)[:k])
			n -= k
			continue
		}
		if err != unix.EINTR {
			return
		}
	}
}

// ended reports whether fd's pipe has ended: no data, and no writer left.
func ended(fd int) bool {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, 0)
		if err == unix.EINTR {
			continue
		}
		return err == nil && fds[0].Revents&unix.POLLHUP != 0 && fds[0].Revents&unix.POLLIN == 0
	}
}

// pollable is a copy of blocking descriptor fd in the Go poller, non-blocking
// (as fd becomes: they share the flag), or nil.
func pollable(fd int) *os.File {
	d, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	if unix.SetNonblock(d, true) != nil {
		unix.Close(d)
		return nil
	}
	return os.NewFile(uintptr(d), "|0")
}
