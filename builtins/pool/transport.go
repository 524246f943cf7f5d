package pool

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	"github.com/procstar/procstar/runtime/shm"
)

// Transports is the optional interface of a runtime.Launcher that carries
// Pool tasks to the workers it places (cluster mode). A Pool of a process
// whose Launcher implements it starts its workers through the Launcher and
// feeds them through a Transport; otherwise its workers are local
// processes linked by shared memory, even when Process children go
// elsewhere.
type Transports interface {
	// PoolTransport opens the task queue of a new pool. label names the
	// pool for people ("MainProcess/1"); it is unique in the process only.
	PoolTransport(ctx context.Context, label string) (Transport, error)
	// WorkerEnd connects a worker (running in ExecJob, on its machine) to
	// its pool: addr is its pool's Transport.Addr, worker its name.
	WorkerEnd(ctx context.Context, addr []byte, worker string) (WorkerEnd, error)
}

// Transport is a pool owner's end of its task queue. Tasks go into one
// queue that idle workers pull from, each worker one task at a time (a
// slow worker never holds tasks others could run); a worker's messages
// come back on its own Replies, in the order it sent them. Messages are
// opaque bytes, except that a task's id is given apart. The Transport
// reports each task it hands to a worker on that worker's Replies
// (StartedMsg), before anything the worker sends: should the worker end
// without answering, the pool knows which task it held.
type Transport interface {
	// Addr is what a worker needs to reach the queue (shipped in its
	// bootstrap, given to Transports.WorkerEnd).
	Addr() []byte
	// Replies returns the stream of the worker named worker's messages,
	// before that worker is launched.
	Replies(worker string) (Replies, error)
	// Submit queues a task (id unique in the pool). The pool keeps a
	// bounded number of tasks submitted and not finished.
	Submit(id uint64, msg []byte) error
	// Close ends the queue: tasks still queued are dropped, and workers
	// pulling get io.EOF (they then end normally). The pool calls it once,
	// when it is closed with nothing left to do or terminated.
	Close() error
}

// StartedMsg is the message by which a Transport reports that it handed
// the task id to a worker.
func StartedMsg(id uint64) []byte { return appendID(nil, msgStarted, id) }

// Replies is the owner's end of one worker's messages.
type Replies interface {
	// Recv returns the worker's next message, and io.EOF once the worker
	// has ended (or is lost) and everything it sent has been returned:
	// the pool then accounts for its end (a task it started and did not
	// finish fails with WorkerLostError).
	Recv(ctx context.Context) ([]byte, error)
}

// WorkerEnd is a worker's end of its pool's task queue.
type WorkerEnd interface {
	// Pull waits for the next task (taking it from the queue for this
	// worker alone) and returns it, or io.EOF once the pool's queue is
	// closed.
	Pull(ctx context.Context) ([]byte, error)
	// Send sends a message to the owner (Replies.Recv), in order.
	Send(ctx context.Context, msg []byte) error
	Close() error
}

// link is the owner's end of one worker's connection.
type link interface {
	// send sends tasks and quit (local links only: a Transport feeds
	// remote workers from its queue).
	send(msg []byte) error
	// recv returns the worker's next message; msgGone or an error once it
	// is gone.
	recv() ([]byte, error)
	// started is the id of the task the worker started last.
	started() uint64
	// reaped tells the link the worker has been reaped: recv returns
	// msgGone after what the worker sent.
	reaped()
	// release gives back what the link holds once the worker has ended.
	release()
}

// shmLink connects the owner to one local worker: a duplex pipe (the owner
// keeps both ends: it reads the worker's replies on one, and on the other
// it can drain what a dead worker left unread) and the block where the
// worker writes the id of the task it starts.
//
// Links are never destroyed, but reused by the next worker of any pool of
// the process: an object destroyed while the arena's reaper looks at it
// (a death elsewhere in the tree, at any time) can hang the reaper, so
// none is destroyed here.
type shmLink struct {
	arena        *shm.Arena
	mine, theirs *shm.Conn
	running      *shm.Block
}

var links struct {
	mu   sync.Mutex
	free map[*shm.Arena][]*shmLink
}

func getLink(a *shm.Arena) (*shmLink, error) {
	links.mu.Lock()
	if free := links.free[a]; len(free) > 0 {
		l := free[len(free)-1]
		links.free[a] = free[:len(free)-1]
		links.mu.Unlock()
		return l, nil
	}
	links.mu.Unlock()
	mine, theirs, err := shm.NewPipe(a, true)
	if err != nil {
		return nil, err
	}
	running, err := shm.NewBlock(a, 8, nil)
	if err != nil {
		mine.Close()
		theirs.Close()
		return nil, err
	}
	return &shmLink{arena: a, mine: mine, theirs: theirs, running: running}, nil
}

// dropLinks forgets the links of an arena about to be unmapped.
func dropLinks(a *shm.Arena) {
	links.mu.Lock()
	delete(links.free, a)
	links.mu.Unlock()
}

func (l *shmLink) send(msg []byte) error { return l.mine.Send(context.Background(), msg) }

// recv sleeps without a context: registering one costs at every sleep.
func (l *shmLink) recv() ([]byte, error) { return l.mine.Recv(context.Background(), -1) }

func (l *shmLink) started() uint64 { return l.running.LoadUint(0, 8) }

// reaped sends the last message, after all the worker sent.
func (l *shmLink) reaped() { l.theirs.Send(context.Background(), []byte{msgGone}) }

// release makes the link ready for another worker: nothing left in it
// either way, no task id.
func (l *shmLink) release() {
	ctx := context.Background()
	for {
		if _, err := l.mine.Recv(ctx, 0); err != nil {
			break
		}
	}
	for {
		if _, err := l.theirs.Recv(ctx, 0); err != nil {
			break
		}
	}
	l.running.StoreUint(0, 8, 0)
	links.mu.Lock()
	if links.free == nil {
		links.free = make(map[*shm.Arena][]*shmLink)
	}
	links.free[l.arena] = append(links.free[l.arena], l)
	links.mu.Unlock()
}

// remoteLink connects the owner to a worker fed by a Transport.
type remoteLink struct {
	replies Replies
	last    atomic.Uint64 // set from msgStarted
}

var errNoSend = errors.New("a worker fed by a Transport takes its tasks from the queue")

func (l *remoteLink) send([]byte) error { return errNoSend }

func (l *remoteLink) recv() ([]byte, error) {
	msg, err := l.replies.Recv(context.Background())
	if errors.Is(err, io.EOF) {
		return []byte{msgGone}, nil
	}
	return msg, err
}

func (l *remoteLink) started() uint64 { return l.last.Load() }
func (l *remoteLink) reaped()         {}
func (l *remoteLink) release()        {}

// workerConn is a worker's end of its connection to the owner.
type workerConn interface {
	// recv returns the next message (a task, a batch, quit), or an error:
	// io.EOF or shm.ErrEOF when there is no more work.
	recv(ctx context.Context) ([]byte, error)
	send(ctx context.Context, msg []byte) error
	// start records that the worker starts task id, before it runs it.
	start(ctx context.Context, id uint64)
	close()
}

// shmConn is a local worker's end of its shmLink.
type shmConn struct {
	conn    *shm.Conn
	running *shm.Block
}

func (c *shmConn) recv(ctx context.Context) ([]byte, error) { return c.conn.Recv(ctx, -1) }
func (c *shmConn) send(ctx context.Context, msg []byte) error {
	return c.conn.Send(ctx, msg)
}
func (c *shmConn) start(_ context.Context, id uint64) { c.running.StoreUint(0, 8, id) }
func (c *shmConn) close()                             { c.conn.Close() }

// endConn is a remote worker's WorkerEnd.
type endConn struct{ end WorkerEnd }

func (c endConn) recv(ctx context.Context) ([]byte, error)   { return c.end.Pull(ctx) }
func (c endConn) send(ctx context.Context, msg []byte) error { return c.end.Send(ctx, msg) }

// start has nothing to say: the Transport reported the task as it handed it.
func (c endConn) start(context.Context, uint64) {}
func (c endConn) close()                        { c.end.Close() }
