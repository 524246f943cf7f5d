package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/runtime"
)

// Launcher is the root's runtime.Launcher: it publishes each child as a
// signed job and follows it through its worker's events.
type Launcher struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	signer nkeys.KeyPair
	files  *fileStore
	kv     jetstream.KeyValue
	id     string
	out    io.Writer
	errw   io.Writer

	mu      sync.Mutex
	workers map[string]*workerState // by worker id, from heartbeats
	remotes map[string]*remote      // running jobs, by job id
	stop    func()
}

type workerState struct {
	last time.Time
	jobs map[string]bool
}

// NewLauncher prepares the cluster's assets and starts the root's
// heartbeat; stdout and stderr receive the output of remote processes.
// Close stops it.
func NewLauncher(nc *nats.Conn, signer nkeys.KeyPair, replicas int, stdout, stderr io.Writer) (*Launcher, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var obs jetstream.ObjectStore
	var kv jetstream.KeyValue
	err = retry(ctx, func(ctx context.Context) (err error) {
		_, obs, kv, err = setup(ctx, js, replicas)
		return err
	})
	if err != nil {
		return nil, err
	}
	l := &Launcher{nc: nc, js: js, signer: signer, files: &fileStore{obs: obs}, kv: kv, id: nuid.Next(),
		out: stdout, errw: stderr, workers: map[string]*workerState{}, remotes: map[string]*remote{}}
	sub, err := nc.Subscribe(hbWorker+".*", l.onHeartbeat)
	if err != nil {
		return nil, err
	}
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
	return l, nil
}

// Close stops the heartbeat: workers then end what is left of this root's
// jobs within LostAfter (the runtime has already killed them).
func (l *Launcher) Close() { l.stop() }

func (l *Launcher) onHeartbeat(m *nats.Msg) {
	var hb heartbeat
	if json.Unmarshal(m.Data, &hb) != nil {
		return
	}
	jobs := make(map[string]bool, len(hb.Jobs))
	for _, j := range hb.Jobs {
		jobs[j] = true
	}
	l.mu.Lock()
	l.workers[m.Subject[len(hbWorker)+1:]] = &workerState{last: time.Now(), jobs: jobs}
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
		var lost, gone []*remote
		l.mu.Lock()
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
		for _, r := range lost {
			r.finish(-int(syscall.SIGKILL))
		}
		for _, r := range gone {
			// Its exit event was lost (a server failed over): the results
			// bucket has the code.
			code := -int(syscall.SIGKILL)
			if e, err := l.kv.Get(ctx, r.id); err == nil {
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

// Launch publishes job and returns once a worker runs it, or refused it.
func (l *Launcher) Launch(ctx context.Context, job *runtime.Job) (runtime.Remote, error) {
	var keys map[string]string
	err := retry(ctx, func(ctx context.Context) (err error) {
		keys, err = l.files.put(ctx, job.Files)
		return err
	})
	if err != nil {
		return nil, err
	}
	e := &envelope{ID: nuid.Next(), Root: l.id, Name: job.Name, Kind: job.Kind, Build: job.Build, Frame: job.Frame, Files: keys}
	if err := e.sign(l.signer); err != nil {
		return nil, err
	}
	data, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	r := &remote{l: l, id: e.ID, started: time.Now(), ready: make(chan error, 1), done: make(chan struct{})}
	sub, err := l.nc.Subscribe(evPrefix+"."+e.ID, r.onEvent)
	if err != nil {
		return nil, err
	}
	r.sub = sub
	// The message ID makes a publish retried after a lost ack count once.
	err = retry(ctx, func(ctx context.Context) error {
		_, err := l.js.Publish(ctx, jobSubject, data, jetstream.WithMsgID(e.ID))
		return err
	})
	if err != nil {
		sub.Unsubscribe()
		return nil, fmt.Errorf("publishing the job: %w", err)
	}
	select {
	case err := <-r.ready:
		if err != nil {
			sub.Unsubscribe()
			return nil, err
		}
		return r, nil
	case <-ctx.Done():
		sub.Unsubscribe()
		// A worker may take it later: tell it to stop at once.
		l.nc.Publish(ctlPrefix+"."+e.ID, []byte(strconv.Itoa(int(syscall.SIGKILL))))
		return nil, ctx.Err()
	}
}

// retry runs f until it succeeds, for up to failoverTime: while a server
// of the cluster fails over, requests to JetStream time out or find no
// leader for a few seconds.
// Each attempt has a few seconds: a request nobody answers (no leader yet)
// would otherwise wait for ctx's whole deadline.
func retry(ctx context.Context, f func(context.Context) error) error {
	deadline := time.Now().Add(failoverTime)
	for {
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := f(actx)
		cancel()
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
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
	ready   chan error
	started time.Time // when its worker reported it started
	missing time.Time // when its worker was first seen without it

	mu     sync.Mutex
	pid    int
	host   string
	worker string
	code   int
	once   sync.Once
	done   chan struct{}
}

// onEvent handles the worker's events, in order (one subscription).
func (r *remote) onEvent(m *nats.Msg) {
	if len(m.Data) == 0 {
		return
	}
	data := m.Data[1:]
	switch m.Data[0] {
	case evStarted:
		var st startedEvent
		if json.Unmarshal(data, &st) != nil {
			return
		}
		r.mu.Lock()
		r.pid, r.host, r.worker = st.Pid, st.Host, st.Worker
		r.mu.Unlock()
		r.l.mu.Lock()
		r.started = time.Now()
		r.l.remotes[r.id] = r
		r.l.mu.Unlock()
		r.signalReady(nil)
	case evRefused:
		r.signalReady(errors.New(string(data)))
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
		r.l.mu.Lock()
		delete(r.l.remotes, r.id)
		r.l.mu.Unlock()
		r.sub.Unsubscribe()
		close(r.done)
	})
}

func (r *remote) Pid() int              { r.mu.Lock(); defer r.mu.Unlock(); return r.pid }
func (r *remote) Host() string          { r.mu.Lock(); defer r.mu.Unlock(); return r.host }
func (r *remote) Done() <-chan struct{} { return r.done }
func (r *remote) ExitCode() int         { return r.code }

// Signal sends sig to the job's process through its worker.
func (r *remote) Signal(sig syscall.Signal) error {
	select {
	case <-r.done:
		return nil
	default:
	}
	return r.l.nc.Publish(ctlPrefix+"."+r.id, []byte(strconv.Itoa(int(sig))))
}
