package cluster

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/procstar/procstar/runtime"
)

// A job's own output (its prints, its logging, a subprocess's relayed
// lines, and the output of its children, which it relays) travels as
// frames on the pipe to its worker daemon, the pipe that carries its Pool
// worker's messages: the daemon reads one pipe in order and numbers the
// events, so a line a Pool worker prints before it returns a result is
// written by the owner's process before the result reaches the owner, as
// locally, where both write to one terminal. (Read from descriptors 1 and
// 3 by two goroutines, a result often overtook the line before it.)
//
// Other changes a job makes travel other ways (a queue's put straight to
// the root, a lock's key in the bucket): before the first such change
// after an output (landPosts, queueClient.call), the job waits until the
// root has written that output (syncOutput), so that a process that learns
// of the change (gets the item, takes the lock) and prints prints after it,
// as locally. It costs a trip from the job through its worker to the root
// and back, only after an output.

// Frames of a job's output on its pipe (beside the Pool's frameCore and
// frameRequest), relayed as evStdout, evStderr and evSync.
const (
	frameStdout = 'o'
	frameStderr = 'e'
	frameSync   = 's' // uvarint: the number of the job's sync
)

// outputEvent is the event that relays frame msg of a job's pipe, or 0
// for a Pool message.
func outputEvent(msg []byte) byte {
	if len(msg) == 0 {
		return 0
	}
	switch msg[0] {
	case frameStdout:
		return evStdout
	case frameStderr:
		return evStderr
	case frameSync:
		return evSync
	}
	return 0
}

// outputChunk bounds the output a frame carries: an event is one NATS
// message (as descriptor 1 was read, 32 KiB at a time).
const outputChunk = 32 << 10

// jobOutput is a job's stdout or stderr (a runtime.FileWriter): what the
// process writes goes to its worker as frames; file is what its own
// children inherit.
type jobOutput struct {
	l    *Launcher
	kind byte
	file *os.File
}

var _ runtime.FileWriter = (*jobOutput)(nil)

func (o *jobOutput) File() *os.File { return o.file }

func (o *jobOutput) Write(p []byte) (int, error) {
	o.l.pipeMu.Lock()
	defer o.l.pipeMu.Unlock()
	// Marked once written, under pipeMu: a syncOutput that clears the mark
	// sends its frame after this output (it needs pipeMu); one that runs
	// at the same time and misses it leaves it to the next.
	defer o.l.wrote.Store(true)
	for n := 0; n < len(p); n += outputChunk {
		chunk := p[n:min(len(p), n+outputChunk)]
		if err := writeFrame(o.l.replyPipe, append([]byte{o.kind}, chunk...)); err != nil {
			return n, err
		}
	}
	return len(p), nil
}

// syncSubject is where the root tells job id that its output is written.
func syncSubject(id string) string { return "procstar.sync." + id }

// outSync is a job's side of syncOutput.
type outSync struct {
	mu  sync.Mutex
	sub *nats.Subscription
	n   uint64 // the last sync's number
}

// syncOutput returns once the run's root has written what this job's
// process wrote so far, if it wrote anything since the last time: a sync
// frame follows the output on the pipe, and the root (or, for a job's
// child, the job, which syncs its own output first) answers it once it
// has written what came before. An answer lost in a server's failover is
// asked for again; a root silent for opTimeout (the run is lost then) is
// not waited for.
func (l *Launcher) syncOutput() {
	if l.replyPipe == nil || !l.wrote.Swap(false) {
		return
	}
	if l.connect() != nil {
		return
	}
	s := &l.outSync
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sub == nil {
		sub, err := l.nc.SubscribeSync(syncSubject(l.id))
		if err != nil {
			return
		}
		// Known to the server before the root can answer.
		if l.nc.Flush() != nil {
			sub.Unsubscribe()
			return
		}
		s.sub = sub
	}
	s.n++
	frame := binary.AppendUvarint([]byte{frameSync}, s.n)
	for end := time.Now().Add(opTimeout); time.Now().Before(end); {
		l.pipeMu.Lock()
		err := writeFrame(l.replyPipe, frame)
		l.pipeMu.Unlock()
		if err != nil {
			return
		}
		for {
			m, err := s.sub.NextMsg(resendEvery)
			if errors.Is(err, nats.ErrTimeout) {
				break // asked again
			}
			if err != nil {
				return
			}
			if n, k := binary.Uvarint(m.Data); k > 0 && n >= s.n {
				return
			}
		}
	}
}

// synced answers a job's sync n (evSync): what came before it is written
// here, and, in a job relaying its child's output, at the root too.
func (r *remote) synced(data []byte) {
	r.l.syncOutput()
	r.l.nc.Publish(syncSubject(r.id), data)
}
