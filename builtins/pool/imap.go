package pool

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
)

// imapIter is what imap and imap_unordered return: an iterator over the
// results that feeds its input to the pool lazily, keeping a bounded
// window of chunks between "read from the input" and "yielded".
type imapIter struct {
	p         *Pool
	unordered bool
	thread    *starlark.Thread // the owner's, for a for loop (Iterate has no thread)
	fnb       []byte
	chunksize int
	timeout   time.Duration
	window    int
	method    string

	// Owner thread only.
	seq       starlark.Indexable // input read by index (list, tuple, range)
	seqPos    int
	iter      starlark.Iterator // other input
	step      stepper           // an iterator that can fail (iter, map...)
	exhausted bool              // no more input will be read
	submitted int               // chunks read from the input
	base      int               // items read from the input
	consumed  int               // chunks yielded (or failed)
	buf       []starlark.Value  // the current chunk's results
	bufPos    int
	prg       *progress

	items atomic.Int64 // items done, for progress

	mu         sync.Mutex
	results    map[int]outcome // ordered: by chunk index
	queue      []outcome       // unordered: in completion order
	ready      chan struct{}
	terminated bool
}

type outcome struct {
	data []byte
	err  error
}

var (
	_ starlark.Iterable = (*imapIter)(nil)
	_ starlark.HasAttrs = (*imapIter)(nil)
	_ stepper           = (*imapIter)(nil)
)

func (p *Pool) imapCall(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple, unordered bool) (starlark.Value, error) {
	var fn, iterable, tv, prog starlark.Value = nil, nil, starlark.None, starlark.False
	var cs starlark.Value = starlark.MakeInt(1)
	if err := unpack(name, args, kwargs, "func", &fn, "iterable", &iterable, "chunksize?", &cs, "timeout?", &tv, "progress?", &prog); err != nil {
		return nil, err
	}
	if err := p.safePoint(thread); err != nil {
		return nil, err
	}
	if err := p.checkRunning(); err != nil {
		return nil, err
	}
	fnb, err := p.funcArg(name, fn)
	if err != nil {
		return nil, err
	}
	chunksize, given, err := chunksizeArg(cs)
	if err != nil {
		return nil, err
	}
	if !given {
		chunksize = 1
	}
	timeout, err := taskTimeout(tv)
	if err != nil {
		return nil, err
	}
	it := &imapIter{p: p, unordered: unordered, thread: thread, fnb: fnb, chunksize: chunksize,
		timeout: timeout, window: 8*p.size + 8, method: name, ready: make(chan struct{}, 1)}
	if unordered {
		it.method = "imap_unordered"
	} else {
		it.results = make(map[int]outcome)
	}
	total := -1
	switch x := iterable.(type) {
	case starlark.Indexable:
		// Lists, tuples and ranges are read by index: nothing is copied, and
		// the input is not locked against changes while imap runs.
		if _, ok := iterable.(starlark.Iterable); !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", iterable.Type())
		}
		it.seq = x
		total = x.Len()
	case stepper:
		it.step = x
	case starlark.Iterable:
		it.iter = x.Iterate()
		if s, ok := iterable.(starlark.Sequence); ok {
			total = s.Len()
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", iterable.Type())
	}
	p.mu.Lock()
	p.feeders[it] = struct{}{}
	p.mu.Unlock()
	if prog.Truth() {
		it.prg = newProgress(thread, p.node, name, total)
	}
	if err := it.feed(thread, true); err != nil {
		return nil, err
	}
	return it, nil
}

// read returns the next chunk of input, or the error of an input
// iterator that failed.
func (it *imapIter) read() ([]starlark.Value, error) {
	var chunk []starlark.Value
	for len(chunk) < it.chunksize {
		if it.seq != nil {
			if it.seqPos >= it.seq.Len() {
				break
			}
			chunk = append(chunk, it.seq.Index(it.seqPos))
			it.seqPos++
			continue
		}
		if it.step != nil {
			v, ok, err := it.step.Step()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			chunk = append(chunk, v)
			continue
		}
		var v starlark.Value
		if !it.iter.Next(&v) {
			break
		}
		chunk = append(chunk, v)
	}
	return chunk, nil
}

// feed sends input to the pool: up to the window, or all of it (join).
func (it *imapIter) feed(thread *starlark.Thread, window bool) error {
	var tasks []*task
	for !it.exhausted && (!window || it.submitted-it.consumed < it.window) {
		it.mu.Lock()
		term := it.terminated
		it.mu.Unlock()
		if term {
			it.endInput()
			break
		}
		chunk, err := it.read()
		if err != nil {
			// As Python's task handler: the error takes the place of this
			// chunk (the items of it read so far are dropped), and the
			// iteration ends after it.
			t := &task{idx: it.submitted, sink: it}
			it.submitted++
			it.deliver(t, nil, err)
			it.endInput()
			break
		}
		if len(chunk) == 0 {
			it.endInput()
			break
		}
		var flags byte
		if it.timeout > 0 && len(chunk) > 1 {
			flags |= flagTicks
		}
		msg := newTaskMsg(modeMap, flags, it.base, it.fnb, 16*len(chunk))
		t := &task{items: len(chunk), idx: it.submitted, timeout: it.timeout, sink: it}
		t.msg, err = encodeItems(msg, chunk, "iterable", it.base, it.p.resolver())
		it.submitted++
		it.base += len(chunk)
		if err != nil {
			// The item fails where it would have been yielded.
			it.deliver(t, nil, err)
			continue
		}
		tasks = append(tasks, t)
		if len(tasks) >= 64 {
			it.p.submit(tasks...)
			tasks = nil
		}
	}
	if len(tasks) > 0 {
		it.p.submit(tasks...)
	}
	return nil
}

// endInput records that no more input will be read.
func (it *imapIter) endInput() {
	if it.exhausted {
		return
	}
	it.exhausted = true
	if it.iter != nil {
		it.iter.Done()
		it.iter = nil
	}
	it.seq, it.step = nil, nil
	p := it.p
	p.mu.Lock()
	delete(p.feeders, it)
	p.dispatch()
	p.checkGoneLocked()
	p.mu.Unlock()
}

func (it *imapIter) deliver(t *task, data []byte, err error) {
	it.items.Add(int64(t.items))
	it.mu.Lock()
	if it.unordered {
		it.queue = append(it.queue, outcome{data, err})
	} else {
		it.results[t.idx] = outcome{data, err}
	}
	it.mu.Unlock()
	select {
	case it.ready <- struct{}{}:
	default:
	}
}

// poolTerminated stops reading input: what was sent fails, then the
// iteration ends.
func (it *imapIter) poolTerminated() {
	it.mu.Lock()
	it.terminated = true
	it.mu.Unlock()
	select {
	case it.ready <- struct{}{}:
	default:
	}
}

// take removes the next outcome, if there is one.
func (it *imapIter) take() (outcome, bool) {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.unordered {
		if len(it.queue) == 0 {
			return outcome{}, false
		}
		o := it.queue[0]
		it.queue[0] = outcome{}
		it.queue = it.queue[1:]
		return o, true
	}
	o, ok := it.results[it.consumed]
	if ok {
		delete(it.results, it.consumed)
	}
	return o, ok
}

var errStop = &pyerr.Error{Type: "StopIteration"}

// next returns the next result, errStop at the end, or a TimeoutError.
func (it *imapIter) next(thread *starlark.Thread, timeout time.Duration) (starlark.Value, error) {
	if thread != nil {
		if err := it.p.safePoint(thread); err != nil {
			return nil, err
		}
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		if it.bufPos < len(it.buf) {
			v := it.buf[it.bufPos]
			it.buf[it.bufPos] = nil
			it.bufPos++
			it.drawProgress(false)
			return v, nil
		}
		if err := it.feed(thread, true); err != nil {
			return nil, err
		}
		if it.exhausted && it.consumed == it.submitted {
			it.drawProgress(true)
			return nil, errStop
		}
		o, ok := it.take()
		if !ok {
			left := time.Duration(-1)
			if timeout == 0 {
				left = 0
			} else if timeout > 0 {
				if left = time.Until(deadline); left < 0 {
					left = 0
				}
			}
			done := it.p.traceWait(it.waitName())
			got, err := it.wait(thread, left)
			done()
			if err != nil {
				return nil, err
			}
			if !got {
				return nil, pyerr.New(pyerr.TimeoutError, "") // Python raises it bare
			}
			continue
		}
		it.consumed++
		if o.err != nil {
			it.drawProgress(false)
			return nil, o.err
		}
		v, err := codec.Decode(o.data, it.p.node.Resolver)
		if err != nil {
			return nil, pyerr.New(pyerr.RuntimeError, "cannot decode the result: %v", err)
		}
		l, _ := v.(*starlark.List)
		it.buf, it.bufPos = it.buf[:0], 0
		for i := 0; l != nil && i < l.Len(); i++ {
			it.buf = append(it.buf, l.Index(i))
		}
	}
}

// wait waits for an outcome to arrive (false after timeout; negative:
// none), running the pool's callbacks meanwhile.
func (it *imapIter) wait(thread *starlark.Thread, timeout time.Duration) (bool, error) {
	if timeout == 0 {
		return false, nil
	}
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	var ticker <-chan time.Time
	if it.prg != nil {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		ticker = t.C
	}
	ctx := procenv.Get(thread).Ctx
	for {
		sig := pysignal.Wake() // see Pool.awaitSide
		if err := pysignal.Run(thread); err != nil {
			return false, err
		}
		select {
		case <-it.ready:
			return true, nil
		case <-sig:
		case <-it.p.cb.ready:
			if err := it.p.runCallbacks(thread); err != nil {
				return false, err
			}
		case <-ticker:
			it.drawProgress(false)
		case <-expired:
			return false, nil
		case <-ctx.Done():
			it.p.interrupted(ctx)
			return false, ctx.Err()
		}
	}
}

func (it *imapIter) drawProgress(final bool) {
	if it.prg != nil {
		it.prg.draw(int(it.items.Load()), final)
		if final {
			it.prg = nil
		}
	}
}

func (it *imapIter) class() string {
	if it.unordered {
		return "IMapUnorderedIterator"
	}
	return "IMapIterator"
}

// waitName names a wait of next in a trace (a constant: no allocation).
func (it *imapIter) waitName() string {
	if it.unordered {
		return "IMapUnorderedIterator.next"
	}
	return "IMapIterator.next"
}

func (it *imapIter) String() string {
	return fmt.Sprintf("<multiprocessing.pool.%s object at %#x>", it.class(), uintptr(unsafe.Pointer(it)))
}
func (it *imapIter) Type() string          { return it.class() }
func (it *imapIter) Freeze()               {}
func (it *imapIter) Truth() starlark.Bool  { return starlark.True }
func (it *imapIter) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(it)) >> 3), nil }

func (it *imapIter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "next", "__next__":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tv starlark.Value = starlark.None
			if err := unpack(name, args, kwargs, "timeout?", &tv); err != nil {
				return nil, err
			}
			timeout, err := timeoutarg.Duration(name, tv)
			if err != nil {
				return nil, err
			}
			return it.next(thread, timeout)
		}).BindReceiver(it), nil
	}
	return nil, nil
}

func (it *imapIter) AttrNames() []string { return []string{"next"} }

// Step is the next result (ok false at the end) or a task's error: a
// builtin that reads an iterator itself (list, sorted, sum, Pool.map)
// raises it, as Python's list(pool.imap(...)) does. The iteration goes
// on after it, as Python's.
func (it *imapIter) Step() (starlark.Value, bool, error) {
	v, err := it.next(it.thread, -1)
	if errors.Is(err, errStop) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

// Iterate implements starlark.Iterable: a for loop continues where the
// iteration is (the object is its own iterator, as in Python).
func (it *imapIter) Iterate() starlark.Iterator { return &imapLoop{it} }

type imapLoop struct{ it *imapIter }

// Next yields the next result. A Starlark iterator cannot fail, so a task
// that failed stops the loop by cancelling the thread with the task's
// error: the script ends with it (catch() cannot catch it; iterate with
// .next() inside catch() to handle failures one by one).
func (l *imapLoop) Next(p *starlark.Value) bool {
	it := l.it
	v, err := it.next(it.thread, -1)
	if err == nil {
		*p = v
		return true
	}
	if errors.Is(err, errStop) || errCancelled(err) {
		return false
	}
	it.thread.Cancel(pyerr.LoopFailure(err, it.method))
	return false
}

// Done ends the progress line of a loop left early (a later loop over the
// same iterator continues without one).
func (l *imapLoop) Done() { l.it.drawProgress(true) }
