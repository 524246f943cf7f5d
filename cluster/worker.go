package cluster

import (
	"bufio"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/spawn"
)

// Event kinds, the first byte of a message on a job's event subject.
const (
	evStarted = 's' // JSON startedEvent
	evRefused = 'r' // the error, as text
	evStdout  = 'o'
	evStderr  = 'e'
	evExit    = 'x' // the exit code, in decimal
	evReply   = 'p' // a message of the job's Pool worker to its owner
	evReady   = 'y' // the job's signal handling is in place (or it ended first)
	evSync    = 'w' // the job waits until its output before is written (syncOutput)
)

type startedEvent struct {
	Pid    int
	Host   string
	Worker string
}

// heartbeat is a worker's heartbeat: who it is, the jobs it runs, and
// the number of the last event of each job whose events it keeps (those
// running, and those ended whose root has not acknowledged everything).
type heartbeat struct {
	Host string
	Jobs []string
	Seqs map[string]uint64 `json:",omitempty"`
}

// Worker pulls jobs and runs each in a fresh process.
type Worker struct {
	NC    *nats.Conn
	Slots int
	Trust Trust
	// Command starts a job's process: it runs RunJob. Default: this
	// executable with JobEnv set.
	Command func() *exec.Cmd
	// Log receives one line per refused job and per error; nil: stderr.
	Log io.Writer
	// Replicas of the stream and buckets if the worker creates them.
	Replicas int
	// Conn is how the jobs' processes reach the cluster themselves (to
	// place their own children, to pull Pool tasks); they sign with its
	// key.
	Conn Conn

	id    string
	host  string
	build string
	files *fileStore
	kv    jetstream.KeyValue

	mu    sync.Mutex
	jobs  map[string]*running
	taken map[string]bool      // jobs fetched and not ended, started or not
	outs  map[string]*outbox   // the events of jobs, running or ended
	roots map[string]time.Time // last heartbeat of each root
	since time.Time            // when this worker started hearing roots
}

// running is a job's process on this worker.
type running struct {
	env   *envelope
	cmd   *exec.Cmd
	start time.Time
}

// JobEnv marks a job's process: the cluster binary's main calls RunJob.
const JobEnv = "PROCSTAR_CLUSTER_JOB"

func (w *Worker) logf(format string, args ...any) {
	out := w.Log
	if out == nil {
		out = os.Stderr
	}
	fmt.Fprintf(out, "procstar-cluster worker %s: "+format+"\n", append([]any{w.host}, args...)...)
}

// Run pulls and runs jobs until ctx ends; then it kills the jobs it runs.
func (w *Worker) Run(ctx context.Context) error {
	if w.Slots < 1 {
		w.Slots = 1
	}
	w.id = nuid.Next()
	w.host, _ = os.Hostname()
	w.build = runtime.BuildID()
	w.jobs = map[string]*running{}
	w.taken = map[string]bool{}
	w.outs = map[string]*outbox{}
	w.roots = map[string]time.Time{}
	w.since = time.Now()
	js, err := jetstream.New(w.NC)
	if err != nil {
		return err
	}
	var a *assets
	err = retry(ctx, func(ctx context.Context) (err error) {
		a, err = setup(ctx, js, w.Replicas)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	cons := a.jobs
	w.files, w.kv = a.files, a.kv
	sub, err := w.NC.Subscribe(hbRoot+".*", func(m *nats.Msg) {
		w.mu.Lock()
		w.roots[m.Subject[len(hbRoot)+1:]] = time.Now()
		w.mu.Unlock()
	})
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	go w.liveness(ctx)

	free := make(chan struct{}, w.Slots)
	for range w.Slots {
		free <- struct{}{}
	}
	defer w.killAll()
	for {
		// Wait for a free slot, then fetch as many jobs as slots are free:
		// an idle worker pulls, a busy one does not.
		select {
		case <-ctx.Done():
			return nil
		case <-free:
		}
		n := 1
		for n < w.Slots {
			select {
			case <-free:
				n++
				continue
			default:
			}
			break
		}
		fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		batch, err := cons.Fetch(n, jetstream.FetchContext(fctx))
		if err != nil {
			cancel()
			for range n {
				free <- struct{}{}
			}
			if ctx.Err() != nil {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
			continue
		}
		got := 0
		for m := range batch.Messages() {
			got++
			go func() {
				w.handle(ctx, m)
				free <- struct{}{}
			}()
		}
		cancel()
		for range n - got {
			free <- struct{}{}
		}
	}
}

// handle checks a job and runs it; the job message is acknowledged once
// the job runs or is refused, so a job is never run twice.
func (w *Worker) handle(ctx context.Context, m jetstream.Msg) {
	var e envelope
	if err := json.Unmarshal(m.Data(), &e); err != nil || e.ID == "" {
		m.Term()
		w.logf("dropped a malformed job: %v", err)
		return
	}
	// Listed in the heartbeat from now on: its root learns that a worker
	// has it before it starts (see Launcher.checkTaken).
	w.mu.Lock()
	w.taken[e.ID] = true
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.taken, e.ID)
		w.mu.Unlock()
	}()
	refuse := func(err error) {
		m.Ack()
		w.logf("refused job %s (%s): %v", e.ID, e.Name, err)
		w.event(&e, evRefused, []byte(fmt.Sprintf("worker %s refused %s: %v", w.host, e.Name, err)))
	}
	if err := e.verify(w.Trust); err != nil {
		refuse(err)
		return
	}
	if w.rootGone(e.Root) || e.Run != "" && e.Run != e.Root && w.rootGone(e.Run) {
		// Queued by a root that died since: nobody waits for it.
		m.Ack()
		w.logf("dropped job %s (%s): its root is gone", e.ID, e.Name)
		return
	}
	if e.Build != w.build {
		m.Ack()
		msg := fmt.Sprintf("worker %s runs a different build of procstar-cluster: build %s, the job's is %s; run the same binary everywhere", w.host, w.build, e.Build)
		w.logf("refused job %s (%s): %s", e.ID, e.Name, msg)
		w.event(&e, evRefused, []byte(msg))
		return
	}
	// The object store may be failing over: a job is refused for a file
	// that is missing or wrong, not for a server that is away.
	var files map[string][]byte
	err := retryUntil(ctx, func(err error) bool {
		return errors.Is(err, jetstream.ErrObjectNotFound) || errors.Is(err, errNotItsHash)
	}, func(ctx context.Context) (err error) {
		files, err = w.files.get(ctx, e.Files)
		return err
	})
	if err != nil {
		refuse(err)
		return
	}
	m.Ack()
	w.run(ctx, &e, e.job(files))
}

// event sends an unnumbered event: a refusal, before the job has events.
func (w *Worker) event(e *envelope, kind byte, data []byte) {
	w.NC.Publish(evPrefix+"."+e.ID, appendEvent(nil, kind, 0, data))
}

// eventWriter streams a job's output as events, one write one message.
type eventWriter struct {
	o    *outbox
	kind byte
}

func (ew eventWriter) Write(p []byte) (int, error) {
	ew.o.send(ew.kind, p)
	return len(p), nil
}

func (w *Worker) command() *exec.Cmd {
	if w.Command != nil {
		return w.Command()
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "/proc/self/exe"
	}
	return exec.Command(exe)
}

// run runs job in a fresh process, relaying its output and signals.
func (w *Worker) run(ctx context.Context, e *envelope, job *runtime.Job) {
	cmd := w.command()
	cmd.Env = append(os.Environ(), JobEnv+"=1")
	cmd.Dir = os.TempDir()
	out := newOutbox(w.NC, e.ID)
	w.mu.Lock()
	w.outs[e.ID] = out
	w.mu.Unlock()
	cmd.Stdout, cmd.Stderr = eventWriter{out, evStdout}, eventWriter{out, evStderr}
	// Its own process group, so that the job's own children go with it;
	// it dies with this worker.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// fd 3: the job's output and its Pool worker's messages, relayed as
	// events in their order (output.go).
	pr, pw, err := os.Pipe()
	if err != nil {
		out.send(evRefused, []byte(fmt.Sprintf("worker %s cannot start %s: %v", w.host, e.Name, err)))
		return
	}
	defer pr.Close()
	// fd 4: closed by the job once its signal handling is in place
	// (readyFD), as a local child's ready byte (spawn.Ready).
	rr, rw, err := os.Pipe()
	if err != nil {
		pw.Close()
		out.send(evRefused, []byte(fmt.Sprintf("worker %s cannot start %s: %v", w.host, e.Name, err)))
		return
	}
	cmd.ExtraFiles = []*os.File{pw, rw}
	in, err := cmd.StdinPipe()
	if err == nil {
		err = cmd.Start()
	}
	pw.Close()
	rw.Close()
	if err != nil {
		rr.Close()
		out.send(evRefused, []byte(fmt.Sprintf("worker %s cannot start %s: %v", w.host, e.Name, err)))
		return
	}
	r := &running{env: e, cmd: cmd, start: time.Now()}
	ctl, _ := w.NC.Subscribe(ctlPrefix+"."+e.ID, func(m *nats.Msg) {
		if !e.verifySignal(m.Data, m.Header.Get(sigHeader)) {
			w.logf("ignored a signal to job %s (%s) not signed by its submitter", e.ID, e.Name)
			return
		}
		if sig, err := strconv.Atoi(string(m.Data)); err == nil {
			cmd.Process.Signal(syscall.Signal(sig))
		}
	})
	w.mu.Lock()
	w.jobs[e.ID] = r
	w.mu.Unlock()
	st, _ := json.Marshal(startedEvent{Pid: cmd.Process.Pid, Host: w.host, Worker: w.id})
	out.send(evStarted, st)
	readied := make(chan struct{})
	go func() {
		defer close(readied)
		// EOF: the job closed fd 4, or it ended before.
		io.Copy(io.Discard, rr)
		rr.Close()
		out.send(evReady, nil)
	}()
	// The job reads itself from stdin; stdin's end (this worker gone)
	// kills it.
	enc := gob.NewEncoder(in)
	enc.Encode(w.Conn.Abs())
	enc.Encode(job)
	run := e.Run
	if run == "" {
		run = e.Root
	}
	enc.Encode(run)
	enc.Encode(e.ID)
	relayed := make(chan struct{})
	go func() {
		defer close(relayed)
		br := bufio.NewReader(pr)
		for {
			// The frames already written go in one event: a task's start
			// and its result often do, a message saved at both ends.
			var batch []byte
			var err error
			for batch == nil || (br.Buffered() > 0 && len(batch) < replyBatch) {
				var msg []byte
				if msg, err = readFrame(br); err != nil {
					break
				}
				// The job's output keeps its place among its Pool
				// messages (output.go).
				if kind := outputEvent(msg); kind != 0 {
					if batch != nil {
						out.send(evReply, batch)
						batch = nil
					}
					out.send(kind, msg[1:])
					continue
				}
				batch = appendFrame(batch, msg)
			}
			if batch != nil {
				out.send(evReply, batch)
			}
			if err != nil {
				return
			}
		}
	}()
	err = cmd.Wait()
	in.Close()
	if ctl != nil {
		ctl.Unsubscribe()
	}
	// The job's own children, if any are left, go with it.
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	// Every message it wrote goes before its exit.
	select {
	case <-relayed:
	case <-time.After(5 * time.Second):
		pr.Close()
	}
	// Ready before its exit (fd 4 is closed by now: the job closes it
	// first thing, and its end does).
	<-readied
	code := exitCode(cmd, err)
	if code < 0 {
		// Killed: its children go with it before its parent learns its
		// end, as locally (SPEC section 2).
		w.rootDied(e.ID)
	}
	// The code is kept in the results bucket for a root that missed the
	// event (its server failed over), then announced.
	w.kv.Put(ctx, e.ID, []byte(strconv.Itoa(code)))
	out.send(evExit, []byte(strconv.Itoa(code)))
	w.NC.Flush()
	w.mu.Lock()
	delete(w.jobs, e.ID)
	w.mu.Unlock()
}

// exitCode is Python's exitcode of a finished command: -N if signal N
// ended it.
func exitCode(cmd *exec.Cmd, err error) int {
	if cmd.ProcessState == nil {
		return 1
	}
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return -int(ws.Signal())
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return 1
	}
	return ws.ExitStatus()
}

// rootGone reports whether root is dead: unheard for LostAfter, or never
// heard (by a worker listening for longer than LostAfter) within a few
// heartbeats (a new root's first beat may come after its first job).
func (w *Worker) rootGone(root string) bool {
	deadline := time.Now().Add(3 * HeartbeatEvery)
	for {
		w.mu.Lock()
		last, seen := w.roots[root]
		since := w.since
		w.mu.Unlock()
		switch {
		case seen:
			return time.Since(last) > LostAfter
		case time.Since(since) < LostAfter:
			return false // not listening long enough to know
		case time.Now().After(deadline):
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// heardSince reports whether root has beaten within LostAfter of now (a
// root never heard counts from start, when its job began). w.mu is held.
func (w *Worker) heardSince(root string, start, now time.Time) bool {
	last, seen := w.roots[root]
	if !seen {
		last = start
	}
	return now.Sub(last) <= LostAfter || now.Sub(start) <= LostAfter
}

// liveness heartbeats and kills the jobs of roots that stopped beating.
func (w *Worker) liveness(ctx context.Context) {
	tick := time.NewTicker(HeartbeatEvery)
	defer tick.Stop()
	for {
		w.mu.Lock()
		hb := heartbeat{Host: w.host, Seqs: map[string]uint64{}}
		now := time.Now()
		for id, o := range w.outs {
			seq, done := o.last(now)
			if done {
				o.close()
				delete(w.outs, id)
			} else if seq > 0 {
				hb.Seqs[id] = seq
			}
		}
		for id := range w.taken {
			if w.jobs[id] == nil {
				hb.Jobs = append(hb.Jobs, id)
			}
		}
		for id, r := range w.jobs {
			hb.Jobs = append(hb.Jobs, id)
			// A job dies with the process that submitted it and with the
			// run's first root: a grandchild whose parent was itself
			// killed for its root's death would otherwise wait for one
			// more LostAfter per level of the tree.
			run := r.env.Run
			if !w.heardSince(r.env.Root, r.start, now) || run != "" && run != r.env.Root && !w.heardSince(run, r.start, now) {
				w.logf("the root of job %s (%s) is gone: killing it", id, r.env.Name)
				syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
			}
		}
		w.mu.Unlock()
		data, _ := json.Marshal(hb)
		w.NC.Publish(hbWorker+"."+w.id, data)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// rootDied kills at once this worker's jobs whose root, a job of this
// worker, was killed, and drops those of it still queued (rootGone); they
// would go only once its heartbeat lapsed (LostAfter), and theirs in turn.
// The jobs of a root on another worker still go then.
func (w *Worker) rootDied(root string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.roots[root] = time.Time{} // heard of long ago: gone
	for _, r := range w.jobs {
		if r.env.Root == root {
			syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
		}
	}
}

func (w *Worker) killAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.jobs {
		syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// readyFD is the job's end of the pipe its worker learns it is ready
// from (evReady).
const readyFD = 4

// RunJob is a job's process: it reads the job from stdin and runs it with
// ExecJob; stdin's end (its worker gone) kills it. opts are the host's
// runtime options (its builtins). It returns the exit status.
func RunJob(opts ...runtime.Option) int {
	var (
		conn Conn
		job  runtime.Job
		root string
		id   string
	)
	// Python's dispositions before the worker reports the job ready
	// (fd 4's end): the parent shows the pid, and signals it, only then
	// (a signal that met the Go runtime's handlers would crash it with a
	// dump or be lost). ExecJob's own call does nothing more.
	signal.Ignore(syscall.SIGINT)
	spawn.DefaultSignals()
	syscall.Close(readyFD)
	// The mark is the worker's, not the script's: os.environ is the
	// parent's, as a local child's, and a program the job starts is not
	// a job.
	os.Unsetenv(JobEnv)
	dec := gob.NewDecoder(os.Stdin)
	err := dec.Decode(&conn)
	if err == nil {
		err = dec.Decode(&job)
	}
	if err == nil {
		err = dec.Decode(&root)
	}
	if err == nil {
		err = dec.Decode(&id)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "procstar-cluster job:", err)
		return 1
	}
	go func() {
		io.Copy(io.Discard, os.Stdin)
		syscall.Kill(0, syscall.SIGKILL)
	}()
	conn.Name = "procstar-cluster job " + job.Name
	// fd 3 is the pipe to the worker daemon; this process's own children
	// must not hold it open.
	syscall.CloseOnExec(3)
	l := jobLauncher(conn, id, root, job.Name, os.NewFile(3, "replies"), os.Stdout, os.Stderr)
	l.noDirect = os.Getenv(queuesViaNATSEnv) != ""
	defer l.Close()
	return runtime.New(append(opts, runtime.WithLauncher(l))...).ExecJob(context.Background(), &job, l.out, l.errw)
}
