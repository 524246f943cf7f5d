package cluster

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/procstar/procstar/runtime"
)

// The trace (--trace) of processes placed on other machines: the root's
// trace directory is not there, so a job records apart and sends its
// events to the run's object store at its end, and the root collects them
// before it writes the trace (runtime.TraceCarrier).

var _ runtime.TraceCarrier = (*Launcher)(nil)

// traceElsewhereEnv, in a worker's environment, makes its jobs send their
// trace as if the root's directory were on another machine: tests exercise
// that path with processes on one machine.
const traceElsewhereEnv = "PROCSTAR_CLUSTER_TRACE_ELSEWHERE"

// tracePrefix names a job's events in the run's object store.
const tracePrefix = "trace."

// remoteTrackBase numbers the tracks of processes of other machines,
// above any pid (pid_max is at most 2^22), so that they never merge with a
// local process's track of the same pid.
const remoteTrackBase = 1 << 22

// TraceElsewhere implements runtime.TraceCarrier.
func (l *Launcher) TraceElsewhere(dir string) bool {
	if os.Getenv(traceElsewhereEnv) != "" {
		return true
	}
	st, err := os.Stat(dir)
	return err != nil || !st.IsDir()
}

// SendTrace implements runtime.TraceCarrier.
func (l *Launcher) SendTrace(events []byte) error {
	if err := l.ready(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	obs, err := l.bigStore(ctx)
	if err != nil {
		return err
	}
	_, err = obs.PutBytes(ctx, tracePrefix+l.id, events)
	return err
}

// CollectTraces implements runtime.TraceCarrier: each job's events become
// a file of dir, on a track numbered apart.
func (l *Launcher) CollectTraces(dir string) error {
	if err := l.ready(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	// Looked up, not made: without a job elsewhere there is none.
	obs, err := l.js.ObjectStore(ctx, l.bigStoreName())
	if errors.Is(err, jetstream.ErrBucketNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	infos, err := obs.List(ctx)
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil
	}
	if err != nil {
		return err
	}
	track := remoteTrackBase
	for _, info := range infos {
		if !strings.HasPrefix(info.Name, tracePrefix) {
			continue
		}
		events, err := obs.GetBytes(ctx, info.Name)
		if err != nil {
			return err
		}
		track++
		name := filepath.Join(dir, "remote-"+strings.TrimPrefix(info.Name, tracePrefix)+".jsonl")
		if err := os.WriteFile(name, onTrack(events, track), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// onTrack is events with their pid and tid set to track. A line that does
// not parse (cut short) is dropped, as trace.Merge would.
func onTrack(events []byte, track int) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(events))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	id, _ := json.Marshal(track)
	for sc.Scan() {
		var e map[string]json.RawMessage
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		e["pid"], e["tid"] = id, id
		b, err := json.Marshal(e)
		if err != nil {
			continue
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
