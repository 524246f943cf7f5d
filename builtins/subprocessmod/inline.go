package subprocessmod

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/spawn"
	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

// Running a program on the calling goroutine (run, call, check_call and
// check_output without a timeout or input): no hand-off between threads.

// readInline is runInline for a program whose output is captured: it is
// read on the calling goroutine and one more per further stream, in the Go
// poller (an inherited stream is relayed in the background); a poll and a
// read per pipe write on the thread, as runInline's loop does, read 100 MB
// at two thirds of the rate.
func (p *Popen) readInline(thread *starlark.Thread) (out, errOut []byte, err error) {
	var jobs []func()
	if p.stdout != nil {
		jobs = append(jobs, func() { out, _ = readAll(p.stdout.r) })
	}
	if p.stderr != nil {
		jobs = append(jobs, func() { errOut, _ = readAll(p.stderr.r) })
	}
	ctx := procenv.Get(thread).Ctx
	if ctx != nil {
		stop := context.AfterFunc(ctx, p.killGroup)
		defer stop()
	}
	resume := node.Waiting(thread, "subprocess")
	var wg sync.WaitGroup
	for i, job := range jobs {
		if i == len(jobs)-1 {
			job()
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
	p.closeStreams()
	p.reap()
	resume()
	if ctx != nil && ctx.Err() != nil {
		return out, errOut, ctx.Err()
	}
	return out, errOut, nil
}

// runInline waits for a program started inline (see start) on the calling
// goroutine, as CPython's does: one poll of the pipes of the program's
// inherited output and of its pidfd, relaying the output a line at a time,
// until the program has exited; then it reaps it and relays the rest. No
// goroutine is woken (each such hand-off cost a switch of thread per
// program, a twentieth of run's rate). The thread waits in poll: one per
// run in progress. Cancellation kills the program's group, which ends its
// pipes.
func (p *Popen) runInline(thread *starlark.Thread) (out, errOut []byte, err error) {
	if p.stdout != nil || p.stderr != nil {
		return p.readInline(thread)
	}
	srcs := p.relays
	fds := make([]unix.PollFd, len(srcs), len(srcs)+1)
	for i, src := range srcs {
		fds[i] = unix.PollFd{Fd: int32(src.fd), Events: unix.POLLIN}
	}
	// The poll wakes for output and for the program's end, not for the
	// pipes' ends: each pipe's end (the program's exit closing its last
	// writer) was a wake-up of its own just before the pidfd's, three per
	// program where Python's wait has one, a twentieth of run's rate. So
	// our copy of each writer stays open until the program is reaped.
	// Without a pidfd the pipes' ends are what the loop waits for.
	pidfd := p.pidfd // finish closes it
	if pidfd >= 0 {
		fds = append(fds, unix.PollFd{Fd: int32(pidfd), Events: unix.POLLIN})
	} else {
		for _, src := range srcs {
			src.closeWrite()
		}
	}
	ctx := procenv.Get(thread).Ctx
	if ctx != nil {
		stop := context.AfterFunc(ctx, p.killGroup)
		defer stop()
	}
	resume := node.Waiting(thread, "subprocess")
	bp := copyBufs.Get().(*[]byte)
	code, reaped := 0, false
	for open := len(fds); open > 0 && !reaped; {
		if _, err := unix.Poll(fds, -1); err != nil {
			if err != unix.EINTR {
				time.Sleep(time.Millisecond) // ENOMEM: try again
			}
			continue
		}
		for i := range fds {
			if fds[i].Fd < 0 || fds[i].Revents == 0 {
				continue
			}
			if i == len(srcs) { // the pidfd: the program has ended
				code, reaped = spawn.WaitPidfd(pidfd)
				fds[i].Fd = -1
				open--
				if !reaped {
					// Reaped by other means (p.reap below): the pipes'
					// ends are what is left to wait for.
					for _, src := range srcs {
						src.closeWrite()
					}
				}
				continue
			}
			n, err := unix.Read(int(fds[i].Fd), *bp)
			switch {
			case n > 0:
				srcs[i].lw.Write((*bp)[:n])
			case err != unix.EAGAIN && err != unix.EINTR: // the end
				fds[i].Fd = -1
				open--
			}
		}
	}
	copyBufs.Put(bp)
	// Ended: what the program wrote is in its pipes (see relay). One still
	// open is held by a descendant in the background, and relayed on in
	// the background (rare; Python's run does not wait for that either).
	// Our copies of the writers closed, a pipe ends unless a descendant
	// holds it. One poll tells, for all the pipes, which have ended with
	// nothing left in them (the usual case: no further system call).
	var left [2]unix.PollFd // stdout's and stderr's
	var of [2]*relay
	n := 0
	for i, src := range srcs {
		src.closeWrite()
		if fds[i].Fd >= 0 {
			left[n], of[n] = unix.PollFd{Fd: fds[i].Fd, Events: unix.POLLIN}, src
			n++
		}
	}
	for n > 0 {
		if _, err := unix.Poll(left[:n], 0); err != unix.EINTR {
			break
		}
	}
	for i := range n {
		if left[i].Revents == unix.POLLHUP {
			continue // ended, and empty
		}
		fd, lw := int(left[i].Fd), of[i].lw
		drainFd(fd, lw)
		if !ended(fd) {
			if bg := pollable(fd); bg != nil {
				(&relay{r: bg, fd: -1, w: -1, lw: lw}).background(p.progs)
			}
		}
	}
	for _, src := range srcs {
		src.close()
	}
	if reaped {
		p.finish(code, true)
	} else {
		p.reap() // no pidfd: waited for by other means
	}
	resume()
	if ctx != nil && ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	return nil, nil, nil
}

// rawFd is f's descriptor, without os.File.Fd's switch to blocking mode.
func rawFd(f *os.File) int {
	fd := -1
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(d uintptr) { fd = int(d) })
	}
	return fd
}
