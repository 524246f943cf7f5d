package runtime

import (
	"context"
	"errors"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/pyerr"
)

// runOp runs one operation of a long-lived root (a Script's top level or
// call, a Session's statement) on a fresh thread: the step limit applies to
// each operation, and cancellation is per operation.
//
// ctx bounds the operation: when it is cancelled the thread is cancelled,
// blocking builtins return, the children started during the operation are
// killed (their descendants follow) and runOp returns a KeyboardInterrupt
// ScriptError whose cause is ctx's. When the root's own context (s.ctx) is
// cancelled, every child is killed.
func (s *session) runOp(ctx context.Context, f func(thread *starlark.Thread) error) error {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	if s.ctx.Err() != nil {
		s.node.KillAll()
		return s.cancelled(nil, causeOf(s.ctx))
	}
	octx, cancel := context.WithCancelCause(s.ctx)
	defer cancel(errOpDone)
	stopProp := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	defer stopProp()

	env := *s.env
	env.Ctx = octx
	if env.Stdin != nil {
		defer env.Stdin.SetContext(octx)()
	}
	thread := s.newThread(&env)
	stopCancel := context.AfterFunc(octx, func() { thread.Cancel(pyerr.KeyboardInterrupt) })

	before := make(map[*node.Child]bool)
	for _, c := range s.node.Children() {
		before[c] = true
	}
	op := s.node.BeginOp()
	err := f(thread)
	stopCancel()
	s.env.Dir = env.Dir // os.chdir lasts beyond the statement, as in Python
	if octx.Err() == nil {
		return err
	}
	if s.ctx.Err() != nil {
		s.node.KillAll()
		return s.cancelled(err, causeOf(s.ctx))
	}
	s.killChildren(func(c *node.Child) bool { return !before[c] })
	s.node.CancelOp(op) // the programs it started (subprocess.Popen) too
	// ctx's error, not octx's: cancelling octx with ctx's cause made its
	// error context.Canceled even for a deadline.
	return s.cancelled(err, causeOf(ctx))
}

// killOnCancel makes the cancellation of a long-lived root's context (a
// Script's or a Session's lifetime) kill the whole tree at once, even
// between two operations: a host that cancels it and never calls Close
// again leaves no process behind.
func (s *session) killOnCancel() {
	done := make(chan struct{})
	stop := context.AfterFunc(s.ctx, func() {
		defer close(done)
		// Not while an operation runs (its builtins may still use what
		// KillAll tears down): it ends at once, cancelled too, and kills
		// the tree itself; this kill then finds nothing left.
		s.opMu.Lock()
		defer s.opMu.Unlock()
		s.node.KillAll()
	})
	// Before the tree's files are released (closers run last first).
	s.closers = append(s.closers, func() {
		if !stop() {
			<-done
		}
	})
}

// errOpDone cancels the context of an operation that has ended.
var errOpDone = errors.New("operation ended")

// killChildren kills the children match selects and waits, at most a
// second, until they are reaped.
func (s *session) killChildren(match func(*node.Child) bool) {
	var killed []*node.Child
	for _, c := range s.node.Children() {
		if match(c) && c.Alive() {
			c.Signal(syscall.SIGKILL)
			killed = append(killed, c)
		}
	}
	deadline := time.After(time.Second)
	for _, c := range killed {
		select {
		case <-c.Reaped:
		case <-deadline:
			return
		}
	}
}

// convertOp is convert for one operation of a long-lived root: sys.exit,
// even sys.exit(0), is reported (as an *ExitError), since the host decides
// what ending means.
func convertOp(err error) error {
	var ex *pyerr.Exit
	if errors.As(err, &ex) {
		code, msg := ex.Status()
		return &ExitError{Code: code, Message: msg}
	}
	return convert(err)
}
