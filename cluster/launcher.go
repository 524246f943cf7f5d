package cluster

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/runtime"
)

// Launcher is the root's runtime.Launcher: it publishes each child as a
// signed job and follows it through its worker's events. It also carries
// Pool tasks (pool.Transports).
type Launcher struct {
	out, errw io.Writer
	replicas  int

	// replyPipe, in a job's process, carries its output and its Pool
	// worker's messages to its worker daemon.
	replyPipe io.Writer
	pipeMu    sync.Mutex
	// wrote says the job's process wrote output since its last
	// syncOutput (output.go).
	wrote   atomic.Bool
	outSync outSync

	// A job's Launcher connects on first use (most jobs start no child):
	// dial is set until then.
	dial     *Conn
	dialOnce sync.Once
	dialErr  error
	initOnce sync.Once
	initErr  error

	nc     *nats.Conn
	js     jetstream.JetStream
	signer nkeys.KeyPair
	a      *assets
	id     string

	mu      sync.Mutex
	workers map[string]*workerState // by worker id, from heartbeats
	remotes map[string]*remote      // running jobs, by job id
	pending map[string]*remote      // jobs published and not started yet, by job id
	inboxes map[string]*inbox       // the events of jobs launched and not ended
	replies map[string]*replies     // Pool workers not launched yet, by name
	refused error                   // a worker refused a job: see refuseAll
	stop    func()

	// The shared objects of the run (objects.go): root is the run's root
	// id in a job's process ("" in the root), procName this process's name
	// as its locks record it.
	obj      objState
	root     string
	procName string

	// The run's queues: held by the root (host), asked for by the others
	// (qc).
	host *queueHost
	qc   *queueClient
	// noDirect sends this process's queue requests through NATS even on
	// the root's machine (tests of that path).
	noDirect bool
}

type workerState struct {
	last time.Time
	jobs map[string]bool
}

// NewLauncher prepares the cluster's assets and starts the root's
// heartbeat; stdout and stderr receive the output of remote processes.
// Close stops it.
func NewLauncher(nc *nats.Conn, signer nkeys.KeyPair, replicas int, stdout, stderr io.Writer) (*Launcher, error) {
	l := &Launcher{nc: nc, signer: signer, replicas: replicas, out: stdout, errw: stderr, procName: "MainProcess"}
	if err := l.start(); err != nil {
		return nil, err
	}
	return l, nil
}

// jobLauncher is the Launcher of a job's process: its children and its
// Pool's tasks go through the cluster, signed with the worker's key.
// id is the job's (its parent drops the lease of that name when the job
// dies), root the run's root id, name the job's process name.
// Its output, and its children's, goes to replyPipe (jobOutput); children
// started locally inherit stdout and stderr.
func jobLauncher(c Conn, id, root, name string, replyPipe io.Writer, stdout, stderr *os.File) *Launcher {
	l := &Launcher{dial: &c, replicas: 1, replyPipe: replyPipe, id: id, root: root, procName: name}
	l.out, l.errw = &jobOutput{l, frameStdout, stdout}, &jobOutput{l, frameStderr, stderr}
	return l
}

// ready connects a job's Launcher on first use.
func (l *Launcher) ready() error {
	if l.dial == nil {
		return nil
	}
	l.initOnce.Do(func() {
		if l.initErr = l.connect(); l.initErr != nil {
			return
		}
		if l.signer, l.initErr = LoadSigner(l.dial.Creds); l.initErr != nil {
			return
		}
		l.initErr = l.start()
	})
	return l.initErr
}

// connect dials a job's Launcher's connection, once: all a Pool worker
// needs (ready sets up the rest, for children and shared objects).
func (l *Launcher) connect() error {
	if l.dial == nil {
		return nil
	}
	l.dialOnce.Do(func() {
		if l.dial.URL == "" {
			l.dialErr = errors.New("this worker was started without the cluster's address")
			return
		}
		l.nc, l.dialErr = l.dial.Dial()
	})
	return l.dialErr
}

func (l *Launcher) start() error {
	var err error
	if l.js, err = jetstream.New(l.nc); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = retry(ctx, func(ctx context.Context) (err error) {
		l.a, err = setup(ctx, l.js, l.replicas)
		return err
	})
	if err != nil {
		return err
	}
	if l.id == "" {
		l.id = nuid.Next()
	}
	l.workers, l.remotes, l.replies = map[string]*workerState{}, map[string]*remote{}, map[string]*replies{}
	l.pending = map[string]*remote{}
	l.inboxes = map[string]*inbox{}
	if l.root == "" {
		if err := l.startQueueHost(); err != nil {
			return err
		}
	}
	sub, err := l.nc.Subscribe(hbWorker+".*", l.onHeartbeat)
	if err != nil {
		return err
	}
	// The first beat goes before any job, so workers know this root.
	l.nc.Publish(hbRoot+"."+l.id, nil)
	l.nc.Flush()
	lctx, lcancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.liveness(lctx)
	}()
	l.stop = func() {
		sub.Unsubscribe()
		lcancel()
		<-done
	}
	return nil
}

// signal sends sig to job id's process through its worker, signed with
// the key that signed the job: a worker obeys no one else.
func (l *Launcher) signal(id string, sig syscall.Signal) error {
	m := nats.NewMsg(ctlPrefix + "." + id)
	m.Data = []byte(strconv.Itoa(int(sig)))
	s, err := l.signer.Sign(signalBody(id, m.Data))
	if err != nil {
		return err
	}
	m.Header.Set(sigHeader, base64.StdEncoding.EncodeToString(s))
	return l.nc.PublishMsg(m)
}

// Close stops the heartbeat: workers then end what is left of this root's
// jobs within LostAfter (the runtime has already killed them).
func (l *Launcher) Close() {
	l.flushPosts()
	l.cleanupObjects()
	if l.stop != nil {
		l.stop()
	}
	if l.host != nil {
		l.host.close()
	}
	if l.dial != nil && l.nc != nil {
		l.nc.Close()
	}
}

func (l *Launcher) onHeartbeat(m *nats.Msg) {
	var hb heartbeat
	if json.Unmarshal(m.Data, &hb) != nil {
		return
	}
	jobs := make(map[string]bool, len(hb.Jobs)+len(hb.Seqs))
	for _, j := range hb.Jobs {
		jobs[j] = true
	}
	now := time.Now()
	l.mu.Lock()
	for _, j := range hb.Jobs {
		if r := l.pending[j]; r != nil {
			r.listed = now
		}
	}
	for j, seq := range hb.Seqs {
		jobs[j] = true // ended, but some of its events may be on the way
		if in := l.inboxes[j]; in != nil {
			in.hear(seq)
		}
	}
	l.workers[m.Subject[len(hbWorker)+1:]] = &workerState{last: now, jobs: jobs}
	l.mu.Unlock()
}

// liveness beats the root's heartbeat and fails the jobs of workers that
// stopped beating, or that no longer run a job whose end was not heard.
func (l *Launcher) liveness(ctx context.Context) {
	tick := time.NewTicker(HeartbeatEvery)
	defer tick.Stop()
	for {
		l.nc.Publish(hbRoot+"."+l.id, nil)
		now := time.Now()
		var lost, gone, unheard []*remote
		l.mu.Lock()
		for _, r := range l.pending {
			if r.seq != 0 && now.Sub(r.listed) > LostAfter {
				unheard = append(unheard, r)
			}
		}
		inboxes := make([]*inbox, 0, len(l.inboxes))
		for _, in := range l.inboxes {
			inboxes = append(inboxes, in)
		}
		for _, r := range l.remotes {
			w := l.workers[r.worker]
			switch {
			case w == nil || now.Sub(w.last) > LostAfter:
				if now.Sub(r.started) > LostAfter {
					lost = append(lost, r)
				}
			case !w.jobs[r.id] && w.last.After(r.started.Add(2*HeartbeatEvery)):
				if r.missing.IsZero() {
					r.missing = now
				} else if now.Sub(r.missing) > 2*HeartbeatEvery {
					gone = append(gone, r)
				}
			}
		}
		l.mu.Unlock()
		for _, in := range inboxes {
			in.tick()
		}
		for _, r := range lost {
			r.finish(-int(syscall.SIGKILL))
		}
		l.checkTaken(ctx, unheard)
		for _, r := range gone {
			// Its exit event was lost (a server failed over): the results
			// bucket has the code.
			code := -int(syscall.SIGKILL)
			if e, err := l.a.kv.Get(ctx, r.id); err == nil {
				if c, err := strconv.Atoi(string(e.Value())); err == nil {
					code = c
				}
			}
			r.finish(code)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// checkTaken asks the job stream about jobs no worker has listed for
// LostAfter: one still there waits for a worker; one gone from it was
// taken (a worker acknowledges a job as it starts it) by a worker that
// died before it could say it started it, and is failed as killed, as a
// job whose worker died later is. Without this its start() would wait
// forever.
func (l *Launcher) checkTaken(ctx context.Context, rs []*remote) {
	if len(rs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	s, err := l.js.Stream(ctx, jobStream)
	if err != nil {
		return // failing over: asked again on the next beat
	}
	for _, r := range rs {
		_, err := s.GetMsg(ctx, r.seq)
		switch {
		case err == nil:
			l.mu.Lock()
			r.listed = time.Now()
			l.mu.Unlock()
		case errors.Is(err, jetstream.ErrMsgNotFound):
			r.finish(-int(syscall.SIGKILL))
			r.signalReady(nil)
		}
	}
}

// Launch publishes job and returns once a worker runs it, or refused it.
func (l *Launcher) Launch(ctx context.Context, job *runtime.Job) (runtime.Remote, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	l.landPosts()
	l.mu.Lock()
	refused := l.refused
	l.mu.Unlock()
	if refused != nil {
		return nil, refused
	}
	files, frame := job.Files, job.Frame
	if len(frame) > l.bigLimit() {
		// Arguments larger than a message travel as a file would.
		files = maps.Clone(files)
		files[frameFile] = frame
		frame = nil
	}
	var keys map[string]string
	err := retry(ctx, func(ctx context.Context) (err error) {
		keys, err = l.a.files.put(ctx, files)
		return err
	})
	if err != nil {
		return nil, err
	}
	e := &envelope{ID: nuid.Next(), Root: l.id, Run: l.rootID(), Name: job.Name, Kind: job.Kind, Build: job.Build, Frame: frame, Files: keys}
	if err := e.sign(l.signer); err != nil {
		return nil, err
	}
	data, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	r := &remote{l: l, id: e.ID, started: time.Now(), ready: make(chan error, 1), done: make(chan struct{}), readied: make(chan struct{})}
	if job.Kind == "poolworker" {
		l.mu.Lock()
		r.replies = l.replies[job.Name]
		delete(l.replies, job.Name)
		l.mu.Unlock()
	}
	r.in = newInbox(l.nc, e.ID, r.handle)
	sub, err := l.nc.Subscribe(evPrefix+"."+e.ID, r.in.onEvent)
	if err != nil {
		return nil, err
	}
	r.sub = sub
	l.mu.Lock()
	l.inboxes[e.ID] = r.in
	// Pending before it is published: its start may be heard before
	// Publish returns.
	r.listed = time.Now()
	l.pending[e.ID] = r
	l.mu.Unlock()
	// The message ID makes a publish retried after a lost ack count once.
	err = retry(ctx, func(ctx context.Context) error {
		ack, err := l.js.Publish(ctx, jobSubject, data, jetstream.WithMsgID(e.ID))
		if err == nil {
			l.mu.Lock()
			r.seq = ack.Sequence
			l.mu.Unlock()
		}
		return err
	})
	if err != nil {
		r.unfollow()
		return nil, fmt.Errorf("publishing the job: %w", err)
	}

	// A Pool worker may wait for a free slot: the pool runs with the
	// workers that started, and this one joins when it can. A Process
	// starts when it runs.
	var queued <-chan time.Time
	if job.Kind == "poolworker" {
		queued = time.After(poolWorkerWait)
	}
	select {
	case err := <-r.ready:
		if err != nil {
			r.unfollow()
			l.refuseAll(err)
			return nil, err
		}
		return r, nil
	case <-queued:
		r.mu.Lock()
		r.queued = true
		r.mu.Unlock()
		return r, nil
	case <-ctx.Done():
		r.unfollow()
		// A worker may take it later: tell it to stop at once.
		l.signal(e.ID, syscall.SIGKILL)
		return nil, ctx.Err()
	}
}

// poolWorkerWait is how long Launch waits for a Pool worker to start
// before it returns it queued.
const poolWorkerWait = 2 * time.Second

// refuseAll makes every later Launch fail as a worker refused this one: a
// refusal (another build, an untrusted key) is the cluster's setup, and a
// pool replacing a refused worker would otherwise loop.
func (l *Launcher) refuseAll(err error) {
	l.mu.Lock()
	if l.refused == nil {
		l.refused = err
	}
	l.mu.Unlock()
}

// retry runs f until it succeeds, for up to failoverTime: while a server
// of the cluster fails over, requests to JetStream time out or find no
// leader for a few seconds.
// Each attempt has a few seconds: a request nobody answers (no leader yet)
// would otherwise wait for ctx's whole deadline.
func retry(ctx context.Context, f func(context.Context) error) error {
	return retryUntil(ctx, func(err error) bool { return errors.Is(err, jetstream.ErrConsumerNotFound) }, f)
}

// retryUntil is retry that stops at once on an error final reports as an
// answer rather than a failover.
func retryUntil(ctx context.Context, final func(error) bool, f func(context.Context) error) error {
	deadline := time.Now().Add(failoverTime)
	for {
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := f(actx)
		cancel()
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) || final(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// failoverTime bounds how long the root waits for the cluster to recover.
const failoverTime = 20 * time.Second

// remote is a job running on a worker, seen from the root.
type remote struct {
	l       *Launcher
	id      string
	sub     *nats.Subscription
	in      *inbox
	ready   chan error
	started time.Time // when its worker reported it started
	listed  time.Time // while pending: when it was published or a worker last listed it
	missing time.Time // when its worker was first seen without it
	// replies, of a Pool worker, learn its end.
	replies *replies
	seq     uint64 // the job's message in the stream

	mu     sync.Mutex
	pid    int
	host   string
	worker string
	// queued: Launch returned before a worker took it (a Pool worker);
	// sig is a signal sent meanwhile, delivered once it starts.
	queued bool
	sig    syscall.Signal
	code   int
	once   sync.Once
	done   chan struct{}
	// readied is closed once its worker reported its signal handling in
	// place (evReady; see WaitReady).
	readied   chan struct{}
	readyOnce sync.Once
}

// handle handles the worker's events, in order (its inbox's).
func (r *remote) handle(kind byte, data []byte) {
	switch kind {
	case evStarted:
		var st startedEvent
		if json.Unmarshal(data, &st) != nil {
			return
		}
		r.mu.Lock()
		r.pid, r.host, r.worker = st.Pid, st.Host, st.Worker
		sig := r.sig
		r.mu.Unlock()
		if sig != 0 {
			r.l.signal(r.id, sig)
		}
		r.l.mu.Lock()
		r.started = time.Now()
		if _, waiting := r.l.pending[r.id]; waiting {
			delete(r.l.pending, r.id)
			r.l.remotes[r.id] = r
		}
		r.l.mu.Unlock()
		r.signalReady(nil)
	case evRefused:
		err := errors.New(string(data))
		r.signalReady(err)
		r.mu.Lock()
		queued := r.queued
		r.mu.Unlock()
		if queued {
			// Launch has returned: say it here, and end the worker.
			r.l.refuseAll(err)
			fmt.Fprintln(r.l.errw, err)
			r.finish(1)
		}
	case evReady:
		r.readyOnce.Do(func() { close(r.readied) })
	case evReply:
		if r.replies != nil && !splitFrames(data, r.replies.relay) {
			fmt.Fprintf(r.l.errw, "procstar-cluster: a malformed message of job %s's Pool worker was dropped\n", r.id)
		}
	case evSync:
		r.synced(data)
	case evStdout:
		r.l.out.Write(data)
	case evStderr:
		r.l.errw.Write(data)
	case evExit:
		code, err := strconv.Atoi(string(data))
		if err != nil {
			code = 1
		}
		r.finish(code)
	}
}

// signalReady ends Launch's wait, once.
func (r *remote) signalReady(err error) {
	select {
	case r.ready <- err:
	default:
	}
}

// finish records the end of the job, once (an exit heard twice, or heard
// after it was declared lost, changes nothing).
func (r *remote) finish(code int) {
	r.once.Do(func() {
		r.code = code
		if code != 0 {
			// What it held is free for the next acquirer now, not when
			// its lease lapses: join() returning means it is gone.
			r.l.dropLease(r.id)
		}
		r.l.mu.Lock()
		delete(r.l.remotes, r.id)
		delete(r.l.pending, r.id)
		r.l.mu.Unlock()
		r.unfollow()
		close(r.done)
		if r.replies != nil {
			r.replies.exit()
		}
	})
}

// unfollow stops taking the job's events.
func (r *remote) unfollow() {
	r.sub.Unsubscribe()
	r.l.mu.Lock()
	delete(r.l.inboxes, r.id)
	delete(r.l.pending, r.id)
	r.l.mu.Unlock()
}

func (r *remote) Pid() int              { r.mu.Lock(); defer r.mu.Unlock(); return r.pid }
func (r *remote) Host() string          { r.mu.Lock(); defer r.mu.Unlock(); return r.host }
func (r *remote) Done() <-chan struct{} { return r.done }
func (r *remote) ExitCode() int         { return r.code }

// WaitReady waits until the job's process has Python's dispositions, or
// has ended, as a local child's (spawn.Proc.WaitReady): its pid is shown
// to the script only then, so that os.kill(p.pid, sig) right after start()
// acts as locally instead of meeting the Go runtime's handlers.
func (r *remote) WaitReady() {
	select {
	case <-r.readied:
	case <-r.done:
	}
}

// Signal sends sig to the job's process through its worker.
func (r *remote) Signal(sig syscall.Signal) error {
	select {
	case <-r.done:
		return nil
	default:
	}
	r.mu.Lock()
	waiting := r.queued && r.pid == 0
	if waiting {
		r.sig = sig
	}
	r.mu.Unlock()
	if waiting {
		// Not taken yet: removed from the stream, it never runs. Taken
		// meanwhile, it gets the signal as it starts.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if s, err := r.l.js.Stream(ctx, jobStream); err == nil && s.DeleteMsg(ctx, r.seq) == nil {
			r.finish(-int(sig))
			return nil
		}
	}
	return r.l.signal(r.id, sig)
}
