package cluster

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/procstar/procstar/runtime/objects"
)

// lockState is a Lock's or RLock's key: its holder and, for an RLock, the
// holder's recursion depth.
type lockState struct {
	Owner *owner `json:"h,omitempty"`
	Count int    `json:"c,omitempty"`
}

// semState is a semaphore's key. A bounded one records who holds its
// units, so that a dead holder's come back.
type semState struct {
	Value   int               `json:"v"`
	Max     int               `json:"m,omitempty"`
	Holders map[string]*units `json:"h,omitempty"`
}

type units struct {
	owner
	N int `json:"c"`
}

// obj is what every cluster object of the bucket has.
type obj struct {
	l *Launcher
	o *objState
	h handle
}

func (b obj) Handle() []byte { return b.h.bytes() }

func (b obj) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), opTimeout)
}

// newObj creates key with its initial value.
func (l *Launcher) newObj(kind string, init any) (obj, error) {
	o, err := l.objects()
	if err != nil {
		return obj{}, err
	}
	h := handle{Key: keyOf(kind, newID()), Bucket: l.bucketName()}
	v, _ := json.Marshal(init)
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if _, err := o.kv.Create(ctx, h.Key, v); err != nil {
		return obj{}, err
	}
	return obj{l, o, h}, nil
}

func (l *Launcher) attachObj(data []byte) (obj, error) {
	h, o, err := l.attach(data)
	return obj{l, o, h}, err
}

// read returns the key's current state and revision.
func (b obj) read(ctx context.Context, into any) (uint64, error) {
	return b.readCached(ctx, into, false)
}

// readCached is read, or with cache the state as last seen here (a
// compare-and-swap will tell whether it is current).
func (b obj) readCached(ctx context.Context, into any, cache bool) (uint64, error) {
	c, err := b.o.get(ctx, b.h.Key, cache)
	if err != nil {
		return 0, err
	}
	return c.rev, json.Unmarshal(c.val, into)
}

// write stores state if the key is still at rev; it reports false when
// another process changed it first.
func (b obj) write(ctx context.Context, st any, rev uint64) (bool, error) {
	v, _ := json.Marshal(st)
	return b.o.swap(ctx, b.h.Key, v, rev)
}

// update applies change by compare-and-swap (casLoop) to a decoded state.
func update[T any](b obj, change func(*T) error) error {
	ctx, cancel := b.ctx()
	defer cancel()
	return b.o.cas(ctx, b.h.Key, func(v []byte) ([]byte, error) {
		var st T
		if err := json.Unmarshal(v, &st); err != nil {
			return nil, err
		}
		if err := change(&st); err != nil {
			return nil, err
		}
		return json.Marshal(&st)
	})
}

// acquireLoop runs try until it takes what it waits for or the timeout
// passes. try reads the state and returns whether it took it, and else the
// keys whose change may let it (the object's, its holders' leases). It
// waits on a watch of those keys, set up before the state is read again.
//
// The first try may read the state as last seen here (cache): a write
// tells whether it was current, and a wait is only ever decided on a
// fresh read.
func (b obj) acquireLoop(ctx context.Context, timeout time.Duration, try func(ctx context.Context, cache bool) (ok bool, abandoned int, waitOn []string, err error)) (bool, int, error) {
	if err := b.l.lease(b.o); err != nil {
		return false, 0, err
	}
	deadline, forever := deadlineOf(timeout)
	var keys []string // what the last try waits on
	for first := true; ; first = false {
		if err := ctx.Err(); err != nil {
			return false, 0, err
		}
		var chs changes
		if keys != nil {
			var err error
			if chs, err = b.o.watch(keys...); err != nil { // before reading
				return false, 0, err
			}
		}
		// A try runs to its end under its own deadline, whatever ctx does:
		// a compare-and-swap cut off once sent may have taken the lock
		// unknown to this process. Only the waits between tries end with
		// ctx, so an acquire that ctx ended has taken nothing
		// (CancelsCleanly): a signal's handler may run in its middle.
		tctx, cancel := b.ctx()
		ok, ab, next, err := try(tctx, first)
		cancel()
		if ok || err != nil {
			return ok, ab, err
		}
		if first || next == nil {
			continue // decided on a copy, or another process changed it first: read it afresh
		}
		if timeout == 0 {
			return false, 0, nil
		}
		slices.Sort(next)
		if !slices.Equal(keys, next) {
			keys = next
			continue // watch those, then read again
		}
		timedOut, err := waitChange(ctx, chs, deadline, forever)
		if err != nil || timedOut {
			return false, 0, err
		}
	}
}

// --- Lock, RLock ---

type clMutex struct{ obj }

var _ objects.Mutex = (*clMutex)(nil)

// NewMutex implements objects.Backend.
func (l *Launcher) NewMutex(recursive bool) (objects.Mutex, error) {
	b, err := l.newObj("lock", lockState{})
	if err != nil {
		return nil, err
	}
	b.h.Rec = recursive
	return &clMutex{b}, nil
}

// AttachMutex implements objects.Backend.
func (l *Launcher) AttachMutex(h []byte) (objects.Mutex, error) {
	b, err := l.attachObj(h)
	if err != nil {
		return nil, err
	}
	return &clMutex{b}, nil
}

func (m *clMutex) Recursive() bool { return m.h.Rec }

// CancelsCleanly implements objects.Interruptible's test: see acquireLoop.
func (m *clMutex) CancelsCleanly() bool { return true }

func (m *clMutex) Acquire(ctx context.Context, timeout time.Duration) (bool, int, error) {
	return m.acquireN(ctx, timeout, 1)
}

// acquireN takes the lock depth times at once (a Condition's wait takes
// back an RLock held depth times).
func (m *clMutex) acquireN(ctx context.Context, timeout time.Duration, depth int) (bool, int, error) {
	me := m.l.me()
	return m.acquireLoop(ctx, timeout, func(ctx context.Context, cache bool) (bool, int, []string, error) {
		var st lockState
		rev, err := m.readCached(ctx, &st, cache)
		if err != nil {
			return false, 0, nil, err
		}
		ab := 0
		switch {
		case st.Owner == nil:
			st = lockState{Owner: &me, Count: depth}
		case st.Owner.ID == me.ID && m.h.Rec:
			st.Count += depth
		case !m.l.alive(ctx, m.o.kv, *st.Owner):
			ab = m.l.tookOver(*st.Owner)
			st = lockState{Owner: &me, Count: depth}
		case st.Owner.ID == "":
			return false, 0, []string{m.h.Key}, nil // its holder ended: held for good
		default:
			return false, 0, []string{m.h.Key, "live." + st.Owner.ID}, nil
		}
		ok, err := m.write(ctx, st, rev)
		if ok {
			m.l.holds(m.h.Key, true)
		}
		return ok, ab, nil, err
	})
}

func (m *clMutex) Release() error {
	me := m.l.me()
	freed := false
	err := update(m.obj, func(st *lockState) error {
		switch {
		case m.h.Rec && (st.Owner == nil || st.Owner.ID != me.ID):
			return objects.ErrNotOwner // as CPython's RLock, even when free
		case st.Owner == nil:
			return objects.ErrNotHeld
		case m.h.Rec && st.Count > 1:
			st.Count--
		default:
			*st, freed = lockState{}, true
		}
		return nil
	})
	if err == nil && freed {
		m.l.holds(m.h.Key, false)
	}
	return err
}

// releaseAll releases the lock however deep this process holds it and
// returns the depth (a Condition's wait).
func (m *clMutex) releaseAll() (int, error) {
	depth := 0
	err := update(m.obj, func(st *lockState) error {
		if st.Owner == nil || st.Owner.ID != m.l.id {
			return objects.ErrNotAcquired
		}
		depth = max(st.Count, 1)
		*st = lockState{}
		return nil
	})
	if err == nil {
		m.l.holds(m.h.Key, false)
	}
	return depth, err
}

func (m *clMutex) state() lockState {
	var st lockState
	ctx, cancel := m.ctx()
	defer cancel()
	m.read(ctx, &st)
	return st
}

func (m *clMutex) Locked() bool { return m.state().Owner != nil }

func (m *clMutex) Owned() bool {
	st := m.state()
	return st.Owner != nil && st.Owner.ID == m.l.id
}

func (m *clMutex) Count() int {
	if st := m.state(); st.Owner != nil && st.Owner.ID == m.l.id {
		return st.Count
	}
	return 0
}

// --- Semaphore, BoundedSemaphore ---

type clSem struct{ obj }

var _ objects.Semaphore = (*clSem)(nil)

// NewSemaphore implements objects.Backend.
func (l *Launcher) NewSemaphore(value, max int) (objects.Semaphore, error) {
	b, err := l.newObj("sem", semState{Value: value, Max: max})
	if err != nil {
		return nil, err
	}
	return &clSem{b}, nil
}

// AttachSemaphore implements objects.Backend.
func (l *Launcher) AttachSemaphore(h []byte) (objects.Semaphore, error) {
	b, err := l.attachObj(h)
	if err != nil {
		return nil, err
	}
	return &clSem{b}, nil
}

func (s *clSem) state() semState {
	var st semState
	ctx, cancel := s.ctx()
	defer cancel()
	s.read(ctx, &st)
	return st
}

// CancelsCleanly implements objects.Interruptible's test: see acquireLoop.
func (s *clSem) CancelsCleanly() bool { return true }

func (s *clSem) Max() int   { return s.state().Max }
func (s *clSem) Value() int { return s.state().Value }

func (s *clSem) Acquire(ctx context.Context, timeout time.Duration) (bool, int, error) {
	me := s.l.me()
	return s.acquireLoop(ctx, timeout, func(ctx context.Context, cache bool) (bool, int, []string, error) {
		var st semState
		rev, err := s.readCached(ctx, &st, cache)
		if err != nil {
			return false, 0, nil, err
		}
		ab := 0
		if st.Value == 0 && st.Max > 0 {
			// Units of dead holders come back.
			for _, id := range sortedKeys(st.Holders) {
				if h := st.Holders[id]; !s.l.alive(ctx, s.o.kv, h.owner) {
					st.Value += h.N
					delete(st.Holders, id)
					if ab == 0 {
						ab = s.l.tookOver(h.owner)
					}
				}
			}
		}
		if st.Value == 0 {
			keys := []string{s.h.Key}
			for id := range st.Holders {
				keys = append(keys, "live."+id)
			}
			return false, 0, keys, nil
		}
		st.Value--
		if st.Max > 0 {
			if st.Holders == nil {
				st.Holders = map[string]*units{}
			}
			h := st.Holders[me.ID]
			if h == nil {
				h = &units{owner: me}
				st.Holders[me.ID] = h
			}
			h.N++
		}
		ok, err := s.write(ctx, st, rev)
		if ok && st.Max > 0 {
			s.l.holds(s.h.Key, true)
		}
		return ok, ab, nil, err
	})
}

func (s *clSem) Release() error {
	me := s.l.me()
	return update(s.obj, func(st *semState) error {
		if st.Max > 0 {
			if st.Value >= st.Max {
				return objects.ErrNotHeld
			}
			// Released by its holder, or by another process for it
			// (allowed, as in Python): someone's unit comes back.
			id := me.ID
			if st.Holders[id] == nil {
				if ks := sortedKeys(st.Holders); len(ks) > 0 {
					id = ks[0]
				}
			}
			if h := st.Holders[id]; h != nil {
				if h.N--; h.N <= 0 {
					delete(st.Holders, id)
				}
			}
		}
		if st.Value >= objects.SemValueMax {
			return objects.ErrNotHeld
		}
		st.Value++
		return nil
	})
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// --- Event ---

type clEvent struct{ obj }

var _ objects.Event = (*clEvent)(nil)

// NewEvent implements objects.Backend.
func (l *Launcher) NewEvent() (objects.Event, error) {
	b, err := l.newObj("event", false)
	if err != nil {
		return nil, err
	}
	return &clEvent{b}, nil
}

// AttachEvent implements objects.Backend.
func (l *Launcher) AttachEvent(h []byte) (objects.Event, error) {
	b, err := l.attachObj(h)
	if err != nil {
		return nil, err
	}
	return &clEvent{b}, nil
}

// put writes the flag, through a server's failover; an error says the
// cluster stayed away longer (the script sees it: a lost set() would leave
// its waiters waiting, a failed is_set() read as False would loop).
func (e *clEvent) put(set bool) error {
	e.o.landFirst()
	ctx, cancel := e.ctx()
	defer cancel()
	v, _ := json.Marshal(set)
	return retryOp(ctx, func(ctx context.Context) error {
		_, err := e.o.kv.Put(ctx, e.h.Key, v)
		return err
	})
}

func (e *clEvent) Set() error   { return e.put(true) }
func (e *clEvent) Clear() error { return e.put(false) }

func (e *clEvent) IsSet() (bool, error) {
	var set bool
	ctx, cancel := e.ctx()
	defer cancel()
	_, err := e.read(ctx, &set)
	return set, err
}

func (e *clEvent) Wait(ctx context.Context, timeout time.Duration) (bool, error) {
	deadline, forever := deadlineOf(timeout)
	for {
		var chs changes
		if timeout != 0 {
			var err error
			if chs, err = e.o.watch(e.h.Key); err != nil { // before reading
				return false, err
			}
		}
		var set bool
		if _, err := e.read(ctx, &set); err != nil || set {
			return set, err
		}
		if timeout == 0 {
			return false, nil
		}
		if timedOut, err := waitChange(ctx, chs, deadline, forever); err != nil || timedOut {
			return false, err
		}
	}
}

// --- what a process holds ---

// holds records that this process holds (or no longer holds) key, for End.
func (l *Launcher) holds(key string, held bool) {
	l.obj.mu.Lock()
	if held {
		l.obj.held[key] = true
	} else {
		delete(l.obj.held, key)
	}
	l.obj.mu.Unlock()
}

// tookOver records the name of a dead holder this process took something
// over from (ProcessName) and returns its pid.
func (l *Launcher) tookOver(o owner) int {
	l.obj.mu.Lock()
	l.obj.dead[o.Pid] = o.Name
	l.obj.mu.Unlock()
	return o.Pid
}

// disown is End's change to a key this process holds: a lock it holds
// passes to no process; a bounded semaphore forgets its units.
func disown(key string, v []byte, id string) ([]byte, error) {
	switch {
	case strings.HasPrefix(key, "lock."):
		var st lockState
		if json.Unmarshal(v, &st) != nil || st.Owner == nil || st.Owner.ID != id {
			return nil, nil
		}
		st.Owner.ID = ""
		return json.Marshal(st)
	case strings.HasPrefix(key, "sem."):
		var st semState
		if json.Unmarshal(v, &st) != nil || st.Holders[id] == nil {
			return nil, nil
		}
		delete(st.Holders, id)
		return json.Marshal(st)
	}
	return nil, nil
}
