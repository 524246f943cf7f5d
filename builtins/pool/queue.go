package pool

import (
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// A pool whose workers are placed by a Launcher (cluster mode) feeds them
// through a Transport: tasks go into one queue that idle workers pull
// from, and the Transport reports each task it hands to a worker
// (msgStarted) before the worker runs it. A task is tracked from its
// submission until its result (by id: a result for a task no longer
// tracked, one that ran twice, is dropped, so results are delivered
// once); a worker that ends fails the task it was handed with
// WorkerLostError, as locally, while the tasks it never took stay in the
// queue for the others.

// queueDepth bounds the tasks submitted and not finished, per worker: each
// idle worker finds one at once, and the queue never holds what a
// terminate would have to withdraw, nor a lazy imap's whole input.
const queueDepth = 2

// resolver is how the pool encodes what it sends to its workers: shared
// objects cannot reach workers on other machines.
func (p *Pool) resolver() codec.Resolver {
	if p.tr != nil {
		return codec.Elsewhere(p.node.Resolver)
	}
	return p.node.Resolver
}

// dispatchQueue submits pending tasks within the bound, and closes the
// queue of a closed pool once nothing is left. Called with p.mu held.
func (p *Pool) dispatchQueue() {
	for !p.trClosed && p.pending.len() > 0 && len(p.inflight) < queueDepth*p.size {
		t := p.pending.pop()
		setTaskID(t.msg, t.id)
		if err := p.tr.Submit(t.id, t.msg); err != nil {
			err = pyerr.New(pyerr.OSError, "cannot queue a Pool task: %v", err)
			p.reg.bg.Add(1)
			go func() { // not with p.mu held
				defer p.reg.bg.Done()
				t.sink.deliver(t, nil, err)
			}()
			continue
		}
		p.inflight[t.id] = t
	}
	if p.state == stateClose && p.pending.len() == 0 && len(p.feeders) == 0 && len(p.inflight) == 0 {
		p.closeQueue()
	}
}

// closeQueue closes the Transport's queue, once: workers pulling from it
// end. Called with p.mu held.
func (p *Pool) closeQueue() {
	if p.tr != nil && !p.trClosed {
		p.trClosed = true
		p.tr.Close()
	}
}

// started records that w took the task id from the queue.
func (p *Pool) started(w *worker, id uint64) {
	rl, ok := w.link.(*remoteLink)
	if !ok {
		return
	}
	rl.last.Store(id)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.inflight[id]
	if t == nil || t.w != nil {
		// Over (terminated, failed), or taken a second time (the transport
		// redelivered it): the first start counts.
		return
	}
	t.w = w
	w.tasks = append(w.tasks, t)
	w.assigned++
	if p.maxTasks > 0 && w.assigned >= p.maxTasks {
		w.retiring = true // it ends by itself after this task
	}
	p.armTimer(w, t)
}

// finished delivers the result or error msg of a task from the queue.
func (p *Pool) finished(w *worker, msg []byte) {
	id := msgID(msg)
	p.mu.Lock()
	t := p.inflight[id]
	if t == nil {
		// Delivered already (it ran twice), timed out, or terminated.
		p.mu.Unlock()
		return
	}
	delete(p.inflight, id)
	if tw := t.w; tw != nil {
		for i, x := range tw.tasks {
			if x == t {
				tw.tasks = append(tw.tasks[:i], tw.tasks[i+1:]...)
				break
			}
		}
	}
	t.stopTimer()
	t.w = nil
	if p.executor {
		p.idleCredits++ // as handle does
	}
	p.dispatch()
	p.mu.Unlock()
	if msg[0] == msgResult {
		t.sink.deliver(t, msg[9:], nil)
	} else {
		t.sink.deliver(t, nil, decodeError(msg[9:]).asRemote())
	}
}

// drainLocked removes the tasks that no worker runs (pending, and queued
// in a Transport but not taken), to fail them. Called with p.mu held.
func (p *Pool) drainLocked() []*task {
	failed := p.pending.drain()
	for id, t := range p.inflight {
		if t.w == nil {
			t.stopTimer()
			failed = append(failed, t)
			delete(p.inflight, id)
		}
	}
	return failed
}
