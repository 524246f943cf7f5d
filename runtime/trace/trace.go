// Package trace records a run of the process tree as Chrome trace events,
// the JSON that Perfetto and chrome://tracing open: a track per process
// (its pid, named by its process name), with slices for its top level, its
// target, the Pool tasks it ran and the time it waited in blocking calls.
//
// Each process writes its own file, one event per line, in a directory the
// root made (Open); the root merges them when the run ends (Merge). A
// process writes its events in batches: one that is killed loses at most
// its last unflushed batch, never the file.
//
// A nil *Recorder records nothing, so that callers need no check: tracing
// off costs a nil test.
package trace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"
)

// batch is how many events a process buffers before writing them.
const batch = 64

// Recorder is one process's side of a trace.
type Recorder struct {
	mu  sync.Mutex
	f   *os.File
	w   *bufio.Writer
	pid int
	n   int // events since the last write
}

// event is a trace event (Chrome's trace event format).
type event struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   int64          `json:"ts"` // microseconds
	Dur  *int64         `json:"dur,omitempty"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	S    string         `json:"s,omitempty"` // an instant's scope
	Args map[string]any `json:"args,omitempty"`
}

// Open starts process pid's events in dir, under its name.
func Open(dir string, pid int, name string) (*Recorder, error) {
	f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(pid)+".jsonl"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	r := &Recorder{f: f, w: bufio.NewWriter(f), pid: pid}
	r.Name(name)
	r.w.Flush() // the track exists even if the process is killed at once
	return r, nil
}

// Name (re)names the process's track.
func (r *Recorder) Name(name string) {
	r.put(event{Name: "process_name", Ph: "M", Args: map[string]any{"name": name}})
}

// Slice records a span of work or waiting that began at start and ends
// now.
func (r *Recorder) Slice(name, cat string, start time.Time, args map[string]any) {
	if r == nil {
		return
	}
	d := time.Since(start).Microseconds()
	r.put(event{Name: name, Cat: cat, Ph: "X", Ts: start.UnixMicro(), Dur: &d, Args: args})
}

// Instant records a moment (a process's start or exit).
func (r *Recorder) Instant(name, cat string, args map[string]any) {
	if r == nil {
		return
	}
	r.put(event{Name: name, Cat: cat, Ph: "i", S: "p", Ts: time.Now().UnixMicro(), Args: args})
}

func (r *Recorder) put(e event) {
	if r == nil {
		return
	}
	e.Pid, e.Tid = r.pid, r.pid
	b, err := json.Marshal(e)
	if err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil {
		return
	}
	r.w.Write(b)
	r.w.WriteByte('\n')
	if r.n++; r.n >= batch {
		r.w.Flush()
		r.n = 0
	}
}

// Close writes what is buffered and closes the file.
func (r *Recorder) Close() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil {
		return nil
	}
	err := r.w.Flush()
	r.w = nil
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Merge writes the events of every process's file in dir to w, as one
// Chrome trace ({"traceEvents": [...]}), in time order. A line cut short
// (a process killed while writing) is skipped.
func Merge(dir string, w io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return err
	}
	type line struct {
		ts  int64
		raw json.RawMessage
	}
	var lines []line
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for sc.Scan() {
			var e struct {
				Ts int64 `json:"ts"`
			}
			if json.Unmarshal(sc.Bytes(), &e) != nil {
				continue
			}
			lines = append(lines, line{e.Ts, append(json.RawMessage(nil), sc.Bytes()...)})
		}
		f.Close()
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].ts < lines[j].ts })
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"displayTimeUnit":"ms","traceEvents":[`)
	for i, l := range lines {
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.Write(l.raw)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// Dir makes the directory a run's processes write their events to.
func Dir() (string, error) {
	d, err := os.MkdirTemp("", "procstar-trace-")
	if err != nil {
		return "", fmt.Errorf("trace: %w", err)
	}
	return d, nil
}
