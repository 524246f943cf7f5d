package cluster

// The Launcher is also the tree's objects.Backend: under --cluster every
// Queue, JoinableQueue, SimpleQueue, Pipe, Lock, RLock, Semaphore,
// BoundedSemaphore and Event works in any process of the tree, on any
// machine.
//
//   - Each run has a key-value bucket, PSO_<root id>, which the root deletes
//     when the run ends. Locks, semaphores and events are keys of it,
//     changed by compare-and-swap (Update with the revision read), so every
//     change is decided by the stream's leader: two processes never both
//     take a lock. Waiting is a watch of the key (no polling).
//   - Each process that may hold something keeps a lease, the key
//     live.<process id>, written with a per-message TTL and renewed at a
//     third of it. A holder is dead when its lease is gone: the next
//     acquirer takes the lock (or the units of a bounded semaphore) over and
//     prints the line a local run prints. A killed holder's lease lapses
//     within LeaseTTL; one that ends with an uncaught error drops it at
//     once; one that ends normally keeps what it holds, as in Python.
//   - Queues are held in the root's memory (queue_host.go): one round trip
//     per operation of another process, none for the root's own.
//   - Each pipe is a stream with a subject and a durable consumer per end
//     (objects_pipe.go).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/runtime/objects"
)

// LeaseTTL is how long a process's lease outlives its last renewal: the
// bound on how long a killed process's locks stay taken.
// Long enough to outlast a server's failover (a holder that cannot renew
// meanwhile keeps its locks); a dead process's parent drops its lease at
// once anyway, so this bound only matters when the parent cannot tell.
var LeaseTTL = 15 * time.Second

// opTimeout bounds one operation on an object, retries through a
// server's failover included.
const opTimeout = failoverTime + 10*time.Second

var _ objects.Backend = (*Launcher)(nil)

// backendName tags the handles of cluster objects.
const backendName = "cluster"

// Name implements objects.Backend.
func (l *Launcher) Name() string { return backendName }

// Portable implements objects.Backend: cluster objects work on every
// machine of the cluster.
func (l *Launcher) Portable() bool { return true }

// ProcessName implements objects.Backend: the names of the processes whose
// locks this one took over.
func (l *Launcher) ProcessName(pid int) string {
	l.obj.mu.Lock()
	defer l.obj.mu.Unlock()
	return l.obj.dead[pid]
}

// objState is a process's side of the cluster objects.
type objState struct {
	once   sync.Once
	err    error
	kv     jetstream.KeyValue
	js     jetstream.JetStream
	bucket string

	leaseMu   sync.Mutex
	leaseStop chan struct{} // set once the lease is renewed; closed at the end

	// land makes this process's posted puts land first (landPosts): run
	// before every change other processes can see.
	land func()

	bigMu sync.Mutex
	big   jetstream.ObjectStore // the run's store of big payloads

	mu      sync.Mutex
	watches map[string]*keyWatch
	cache   map[string]cached // the last value and revision seen of each key
	held    map[string]bool   // keys of locks and bounded semaphores this process holds
	conns   map[*clConn]bool  // pipe ends this process has open (closed at its end)
	dead    map[int]string    // pid -> name of processes whose objects it took over
	ended   bool
}

// owner is a holder as a lock or semaphore records it.
type owner struct {
	ID   string `json:"o"` // its lease; "" once it ended normally
	Pid  int    `json:"p"`
	Name string `json:"n"`
}

func (l *Launcher) me() owner { return owner{ID: l.id, Pid: os.Getpid(), Name: l.procName} }

// bucketName is the run's bucket: the root's id names it.
func (l *Launcher) bucketName() string { return "PSO_" + l.rootID() }

func (l *Launcher) rootID() string {
	if l.root != "" {
		return l.root
	}
	return l.id
}

// objects connects this process's side of the cluster objects on first use.
func (l *Launcher) objects() (*objState, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	o := &l.obj
	o.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		name := l.bucketName()
		o.err = retry(ctx, func(ctx context.Context) error {
			kv, err := l.js.KeyValue(ctx, name)
			if errors.Is(err, jetstream.ErrBucketNotFound) {
				kv, err = l.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
					Bucket: name, History: 1, Replicas: l.replicas, Storage: jetstream.FileStorage,
					// Lets keys expire (leases) with a marker watchers see.
					LimitMarkerTTL: time.Second,
				})
				if errors.Is(err, jetstream.ErrBucketExists) {
					kv, err = l.js.KeyValue(ctx, name)
				}
			}
			o.kv = kv
			return err
		})
		o.held, o.dead = map[string]bool{}, map[int]string{}
		o.js, o.bucket = l.js, name
		o.land = l.landPosts
	})
	return o, o.err
}

// lease starts renewing this process's lease, before it first holds
// anything. The first renewal goes through a server's failover; if it
// fails all the same, the next call tries again (a process that held
// something without a lease would be taken for dead).
func (l *Launcher) lease(o *objState) error {
	o.leaseMu.Lock()
	defer o.leaseMu.Unlock()
	if o.leaseStop != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if err := retryOp(ctx, l.renew); err != nil {
		return err
	}
	stop := make(chan struct{})
	o.leaseStop = stop
	go func() {
		t := time.NewTimer(LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			// A renewal that fails (a server failing over) is tried again
			// within a second, not a third of LeaseTTL later: the lease of
			// a live process must not lapse.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err := l.renew(ctx)
			cancel()
			if err != nil {
				t.Reset(time.Second)
			} else {
				t.Reset(LeaseTTL / 3)
			}
		}
	}()
	return nil
}

func (l *Launcher) renew(ctx context.Context) error {
	_, err := l.js.Publish(ctx, "$KV."+l.bucketName()+".live."+l.id, nil, jetstream.WithMsgTTL(LeaseTTL))
	return err
}

// dropLease ends the lease of process id at once (it died).
func (l *Launcher) dropLease(id string) {
	o, err := l.objects()
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	o.kv.Purge(ctx, "live."+id)
}

// alive reports whether the holder o still holds its lease. A holder that
// ended normally (no lease) is alive for ever: what it held stays held.
func (l *Launcher) alive(ctx context.Context, kv jetstream.KeyValue, o owner) bool {
	if o.ID == "" || o.ID == l.id {
		return true
	}
	_, err := kv.Get(ctx, "live."+o.ID)
	return !errors.Is(err, jetstream.ErrKeyNotFound)
}

// End implements objects.Ender. A normal end hands what this process
// holds to no process (it stays held, as in Python); an uncaught error
// drops the lease at once, so the next acquirer takes it over.
func (l *Launcher) End(normal bool) {
	o := &l.obj
	o.mu.Lock()
	if o.kv == nil || o.ended {
		o.mu.Unlock()
		return
	}
	o.ended = true
	held := make([]string, 0, len(o.held))
	for k := range o.held {
		held = append(held, k)
	}
	conns := make([]*clConn, 0, len(o.conns))
	for c := range o.conns {
		conns = append(conns, c)
	}
	o.mu.Unlock()
	// Its pipe ends close as a local process's descriptors do: a reader
	// of the other end waiting for more gets its EOF now (the marker of
	// the last copy), not when it next looks at the lease (LeaseTTL).
	if l.root != "" {
		for _, c := range conns {
			c.Close()
		}
	}
	o.leaseMu.Lock()
	if o.leaseStop != nil {
		close(o.leaseStop)
	}
	o.leaseStop = make(chan struct{}) // no lease after the end
	o.leaseMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if !normal {
		o.kv.Purge(ctx, "live."+l.id)
		return
	}
	for _, key := range held {
		o.cas(ctx, key, func(v []byte) ([]byte, error) { return disown(key, v, l.id) })
	}
	o.kv.Purge(ctx, "live."+l.id)
}

// cleanupObjects deletes the run's bucket and pipe streams (the root's
// Close, once every process of the run has ended).
func (l *Launcher) cleanupObjects() {
	if l.root != "" || l.js == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if l.obj.kv != nil {
		l.js.DeleteKeyValue(ctx, l.bucketName())
	}
	l.js.DeleteObjectStore(ctx, l.bigStoreName())
	names := l.js.StreamNames(ctx, jetstream.WithStreamListSubject(pipeSubject(l.id, ">")))
	for n := range names.Name() {
		l.js.DeleteStream(ctx, n)
	}
}

// cached is a key's value and revision as this process last read or
// wrote it: a compare-and-swap starts from it, so that a process that is
// alone on an object changes it in one round trip (a stale copy only
// costs the failed swap and a read).
type cached struct {
	val []byte
	rev uint64
}

func (o *objState) remember(key string, val []byte, rev uint64) {
	o.mu.Lock()
	if o.cache == nil {
		o.cache = map[string]cached{}
	}
	o.cache[key] = cached{val, rev}
	o.mu.Unlock()
}

func (o *objState) recall(key string) (cached, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c, ok := o.cache[key]
	return c, ok
}

// get reads key, from the cluster or (cache) as last seen here.
func (o *objState) get(ctx context.Context, key string, cache bool) (cached, error) {
	if cache {
		if c, ok := o.recall(key); ok {
			return c, nil
		}
	}
	var e jetstream.KeyValueEntry
	err := retryOp(ctx, func(ctx context.Context) (err error) {
		e, err = o.kv.Get(ctx, key)
		return err
	})
	if err != nil {
		return cached{}, err
	}
	o.remember(key, e.Value(), e.Revision())
	return cached{e.Value(), e.Revision()}, nil
}

// swap stores val if key is still at rev; it reports false when another
// process changed it first. The write carries an id the server
// deduplicates, so that retrying one whose answer was lost in a failover
// does not apply it twice (nor report a conflict with itself).
func (o *objState) swap(ctx context.Context, key string, val []byte, rev uint64) (bool, error) {
	o.landFirst()
	id := newID()
	var ack *jetstream.PubAck
	err := retryOp(ctx, func(ctx context.Context) (err error) {
		m := nats.NewMsg("$KV." + o.bucket + "." + key)
		m.Data = val
		ack, err = o.js.PublishMsg(ctx, m, jetstream.WithExpectLastSequencePerSubject(rev), jetstream.WithMsgID(id))
		return err
	})
	if isConflict(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	o.remember(key, val, ack.Sequence)
	return true, nil
}

// finalErr stops retryOp with its error.
type finalErr struct{ error }

// retryOp is retry for an object's requests: it stops at once on an
// answer that is final (a conflict, a missing key).
func retryOp(ctx context.Context, f func(context.Context) error) error {
	err := retryUntil(ctx, func(err error) bool {
		var fe finalErr
		return errors.As(err, &fe) || isConflict(err) || errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted)
	}, f)
	var fe finalErr
	if errors.As(err, &fe) {
		return fe.error
	}
	return err
}

// isConflict reports an Update refused because the key changed since rev
// (the server's code differs between a single server and a cluster).
func isConflict(err error) bool {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorCode == 10071 || apiErr.ErrorCode == 10164) {
		return true // the stream's last sequence for the key was not rev
	}
	return errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch)
}

// cas applies change to key's value by compare-and-swap until no other
// process changed it in between, starting from the value last seen here.
// change returns nil to leave the key as it is.
func (o *objState) cas(ctx context.Context, key string, change func([]byte) ([]byte, error)) error {
	for fresh := false; ; fresh = true {
		c, err := o.get(ctx, key, !fresh)
		if err != nil {
			return err
		}
		nv, err := change(c.val)
		if nv == nil && err == nil && !fresh {
			continue // decided on a copy: make sure it is current
		}
		if err != nil && !fresh {
			continue // an error (ErrNotHeld...) is reported on current state only
		}
		if err != nil || nv == nil {
			return err
		}
		if ok, err := o.swap(ctx, key, nv, c.rev); ok || err != nil {
			return err
		}
	}
}

// landFirst runs land, if set.
func (o *objState) landFirst() {
	if o.land != nil {
		o.land()
	}
}

// mustJSON encodes a state that always encodes.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// newID is a fresh object id.
func newID() string { return nuid.Next() }

// handle is what a cluster object's handle holds.
type handle struct {
	Key     string `json:"k"`           // its key in the bucket (a queue: its id at the root)
	Bucket  string `json:"b"`           // the run's bucket
	Stream  string `json:"s,omitempty"` // a pipe's stream
	Subject string `json:"j,omitempty"`
	Max     int    `json:"m,omitempty"` // a queue's maxsize, a block's size
	Rec     bool   `json:"r,omitempty"` // an RLock (or a block's lock is one)
	Lock    string `json:"l,omitempty"` // a block's lock's key
	End     int    `json:"e,omitempty"` // a pipe end: 0 or 1
	Duplex  bool   `json:"d,omitempty"`
}

func (h handle) bytes() []byte {
	b, _ := json.Marshal(h)
	return b
}

// attach decodes a handle of this run.
func (l *Launcher) attach(data []byte) (handle, *objState, error) {
	var h handle
	if err := json.Unmarshal(data, &h); err != nil {
		return h, nil, fmt.Errorf("bad cluster object handle: %v", err)
	}
	o, err := l.objects()
	if err != nil {
		return h, nil, err
	}
	if h.Bucket != l.bucketName() {
		return h, nil, errors.New("this cluster object belongs to another run")
	}
	return h, o, nil
}

// keyWatch is this process's watch of one key: ch is closed, and
// replaced, at each change.
type keyWatch struct {
	mu sync.Mutex
	ch chan struct{}
}

func (w *keyWatch) changed() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ch
}

func (w *keyWatch) bump() {
	w.mu.Lock()
	close(w.ch)
	w.ch = make(chan struct{})
	w.mu.Unlock()
}

// changes are channels closed when a key changes.
type changes []<-chan struct{}

// watch returns channels closed at the next change of each key. Take them
// before reading the state they guard. Each key is watched once per
// process, for its life (a watch is a consumer on the server: making one
// per wait would cost more than the wait).
func (o *objState) watch(keys ...string) (changes, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.watches == nil {
		o.watches = map[string]*keyWatch{}
	}
	chs := make(changes, 0, len(keys))
	for _, key := range keys {
		w := o.watches[key]
		if w == nil {
			// Made through a server's failover, as every request is. Not
			// under the attempt's context: the watch ends with its context.
			var kw jetstream.KeyWatcher
			ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
			err := retryOp(ctx, func(context.Context) (err error) {
				kw, err = o.kv.Watch(context.Background(), key, jetstream.UpdatesOnly())
				return err
			})
			cancel()
			if err != nil {
				return nil, err
			}
			w = &keyWatch{ch: make(chan struct{})}
			o.watches[key] = w
			go func() {
				for range kw.Updates() {
					w.bump()
				}
			}()
		}
		chs = append(chs, w.changed())
	}
	return chs, nil
}

// waitChange waits until one of chs is closed, the deadline passes or ctx
// ends; it reports whether the deadline passed.
func waitChange(ctx context.Context, chs changes, deadline time.Time, forever bool) (timedOut bool, err error) {
	var timer <-chan time.Time
	if !forever {
		d := time.Until(deadline)
		if d <= 0 {
			return true, nil
		}
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	// A lease that lapses shows as a marker; re-read at least that often
	// in case a marker is missed across a server's failover.
	recheck := time.NewTimer(LeaseTTL)
	defer recheck.Stop()
	cases := []reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(recheck.C)},
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())},
	}
	if timer != nil {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(timer)})
	}
	for _, ch := range chs {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)})
	}
	switch i, _, _ := reflect.Select(cases); {
	case i == 1:
		return false, ctx.Err()
	case i == 2 && timer != nil:
		return true, nil
	}
	return false, nil
}

// deadlineOf turns a timeout (negative: none) into a deadline.
func deadlineOf(timeout time.Duration) (time.Time, bool) {
	if timeout < 0 {
		return time.Time{}, true
	}
	return time.Now().Add(timeout), false
}

// pipeSubject is the subject of a pipe of the run root.
func pipeSubject(root, id string) string { return "procstar.q." + root + "." + id }

// keyOf builds a bucket key; ids are nuids, valid in keys.
func keyOf(kind, id string) string { return kind + "." + id }

// isNotFound reports a key or stream that is gone: the run ended.
func isNotFound(err error) bool {
	return errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) ||
		errors.Is(err, jetstream.ErrBucketNotFound) || strings.Contains(fmt.Sprint(err), "not found")
}

// bigHeader names, in a queue's or pipe's message, the object of the
// run's object store that holds a payload too big for a message.
const bigHeader = "Procstar-Big"

// bigLimit is the largest payload a message carries itself.
func (l *Launcher) bigLimit() int { return int(l.nc.MaxPayload()) - 4096 }

// bigStore is the run's object store for big payloads, made on first use.
// bigStoreName is the run's object store: the root's id names it.
func (l *Launcher) bigStoreName() string { return "PSB_" + l.rootID() }

func (l *Launcher) bigStore(ctx context.Context) (jetstream.ObjectStore, error) {
	l.obj.bigMu.Lock()
	defer l.obj.bigMu.Unlock()
	if l.obj.big != nil {
		return l.obj.big, nil
	}
	name := l.bigStoreName()
	obs, err := l.js.ObjectStore(ctx, name)
	if errors.Is(err, jetstream.ErrBucketNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
		obs, err = l.js.CreateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: name, Replicas: l.replicas, Storage: jetstream.FileStorage})
		if err != nil {
			obs, err = l.js.ObjectStore(ctx, name) // made by another meanwhile
		}
	}
	if err == nil {
		l.obj.big = obs
	}
	return obs, err
}

// message is what publishes payload on subject: the payload itself, or
// a reference to it in the object store when it is too big.
func (l *Launcher) message(ctx context.Context, subject string, payload []byte) (*nats.Msg, error) {
	m := nats.NewMsg(subject)
	if len(payload) <= l.bigLimit() {
		m.Data = payload
		return m, nil
	}
	obs, err := l.bigStore(ctx)
	if err != nil {
		return nil, err
	}
	name := newID()
	if _, err := obs.PutBytes(ctx, name, payload); err != nil {
		return nil, err
	}
	m.Header.Set(bigHeader, name)
	return m, nil
}

// payload is a received message's payload, taken out of the object store
// (and deleted there) when it is big.
func (l *Launcher) payload(ctx context.Context, m jetstream.Msg) ([]byte, error) {
	return l.payloadOf(ctx, m.Headers(), m.Data())
}

// payloadOf is payload of a message's header and data.
func (l *Launcher) payloadOf(ctx context.Context, hdr nats.Header, data []byte) ([]byte, error) {
	name := hdr.Get(bigHeader)
	if name == "" {
		return data, nil
	}
	return l.bigPayload(ctx, name)
}

// bigPayload takes the payload stored under name out of the object store.
func (l *Launcher) bigPayload(ctx context.Context, name string) ([]byte, error) {
	obs, err := l.bigStore(ctx)
	if err != nil {
		return nil, err
	}
	big, err := obs.GetBytes(ctx, name)
	if err == nil {
		obs.Delete(ctx, name)
	}
	return big, err
}
