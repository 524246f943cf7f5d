package shm

import "errors"

type argError string

func (e argError) Error() string { return string(e) }

func errBadArg(s string) error { return argError(s) }

var (
	// ErrEmpty is returned by Get on an empty queue (when not waiting, or
	// after the timeout).
	ErrEmpty = errors.New("queue is empty")
	// ErrFull is returned by Put on a full queue.
	ErrFull = errors.New("queue is full")
	// ErrClosed is returned by a queue or connection closed in this process.
	ErrClosed = errors.New("closed")
	// ErrTooManyTaskDone is returned by TaskDone without a matching Put.
	ErrTooManyTaskDone = errors.New("task_done() called too many times")
	// ErrEOF is returned by Recv when nothing is left and every copy of the
	// other end is closed.
	ErrEOF = errors.New("EOF")
	// ErrBrokenPipe is returned by Send when every copy of the other end is
	// closed.
	ErrBrokenPipe = errors.New("broken pipe")
	// ErrNotReadable / ErrNotWritable are returned for the wrong direction
	// of a simplex pipe.
	ErrNotReadable = errors.New("connection is write-only")
	ErrNotWritable = errors.New("connection is read-only")
	// ErrBroken is returned by Barrier.Wait when the barrier is broken.
	ErrBroken = errors.New("barrier is broken")
	// ErrNotAcquired is returned by Condition methods called without holding
	// its lock.
	ErrNotAcquired = errors.New("cannot wait on un-acquired lock")
)
