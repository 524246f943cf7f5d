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
	"hash/crc32"
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

	// sent is the payload bytes this process put or sent; it is written
	// as a counter with every batch. items counts the items recorded per
	// direction (0: out, 1: in), for flowsAll.
	sent, written int64
	items         [2]int
	line          []byte // reused: an item costs no allocation
}

// An item's flow (the arrow from its put to its get) is recorded for each
// process's first flowsAll items each way, then for one item in
// flowSample, chosen by its key so that both ends choose the same items:
// a queue moving a million items makes a trace of megabytes, not
// gigabytes, and costs the queue little.
const (
	flowsAll   = 4096
	flowSample = 64
)

var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// Key is an item's flow key: its channel (a queue's identity, 0 for a
// pipe) and a checksum of its encoded payload. Both ends compute it from
// what they hold, so no id travels in the message: tracing changes
// neither the wire format nor anything when it is off. Equal payloads on
// one channel share a key; Merge pairs them in FIFO order.
//
// Only the payload's ends and length are summed: a 64 KiB item costs what
// a small one does, and items alike there but not in the middle still
// pair in FIFO order.
func Key(channel uint32, payload []byte) uint64 {
	tab := castagnoli()
	var c uint32
	if n := len(payload); n <= 2*keyEnds {
		c = crc32.Checksum(payload, tab)
	} else {
		c = crc32.Update(crc32.Checksum(payload[:keyEnds], tab), tab, payload[n-keyEnds:])
		c = c*0x9e3779b1 + uint32(n) // the length, without a buffer to sum
	}
	return uint64(channel)<<32 | uint64(c)
}

const keyEnds = 64

// Channel is a channel's number for Key, from its shared handle.
func Channel(handle []byte) uint32 { return crc32.Checksum(handle, castagnoli()) }

// Out records an item of size bytes put or sent (name: "Queue.put",
// "Connection.send") with key: the start of a flow arrow, and size in the
// process's bytes sent.
func (r *Recorder) Out(name string, key uint64, size int) {
	if r == nil {
		return
	}
	r.item(0, name, key, size)
}

// In records an item got or received with key: the end of a flow arrow.
func (r *Recorder) In(name string, key uint64) {
	if r == nil {
		return
	}
	r.item(1, name, key, 0)
}

func (r *Recorder) item(dir int, name string, key uint64, size int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent += int64(size)
	if r.w == nil {
		return
	}
	if r.items[dir]++; r.items[dir] > flowsAll && key%flowSample != 0 {
		return
	}
	// By hand: json.Marshal and its map would cost more than the put.
	b := append(r.line[:0], `{"name":"`...)
	b = append(b, name...)
	b = append(b, `","ph":"`...)
	b = append(b, "PG"[dir])
	b = append(b, `","ts":`...)
	b = strconv.AppendInt(b, time.Now().UnixMicro(), 10)
	b = append(b, `,"pid":`...)
	b = strconv.AppendInt(b, int64(r.pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(r.pid), 10)
	b = append(b, `,"key":`...)
	b = strconv.AppendUint(b, key, 10)
	b = append(b, "}\n"...)
	r.line = b
	r.write(b)
}

// event is a trace event (Chrome's trace event format).
type event struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   int64          `json:"ts"` // microseconds
	Dur  *int64         `json:"dur,omitempty"`
	ID   int            `json:"id,omitempty"` // a flow's
	Bp   string         `json:"bp,omitempty"` // a flow end's binding
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	S    string         `json:"s,omitempty"` // an instant's scope
	Args map[string]any `json:"args,omitempty"`
}

// File is the file of process pid's events in dir.
func File(dir string, pid int) string { return filepath.Join(dir, strconv.Itoa(pid)+".jsonl") }

// Open starts process pid's events in dir (File), under its name.
func Open(dir string, pid int, name string) (*Recorder, error) {
	f, err := os.OpenFile(File(dir, pid), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
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

// ExitOf records, on the track of process pid, a child of this process
// that wrote its events in dir (the run's directory), its exit with code:
// one killed by a signal could not record its own. A child killed before
// it named its track in its file is named here, so that it has a track too. A
// recorder that writes elsewhere (a job on another machine, whose events
// all go on its own track) records nothing.
func (r *Recorder) ExitOf(dir string, pid int, name string, code int) {
	if r == nil || filepath.Dir(r.f.Name()) != dir {
		return
	}
	if st, err := os.Stat(File(dir, pid)); err != nil || st.Size() == 0 { // its name is its first line
		r.putAs(pid, event{Name: "process_name", Ph: "M", Args: map[string]any{"name": name}})
	}
	r.putAs(pid, event{Name: "exit", Cat: "process", Ph: "i", S: "p", Ts: time.Now().UnixMicro(), Args: map[string]any{"exitcode": code}})
}

func (r *Recorder) put(e event) {
	if r == nil {
		return
	}
	r.putAs(r.pid, e)
}

// putAs writes e on the track of process pid.
func (r *Recorder) putAs(pid int, e event) {
	e.Pid, e.Tid = pid, pid
	b, err := json.Marshal(e)
	if err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil {
		return
	}
	r.write(append(b, '\n'))
}

// write buffers a line, writing the batch when it is full; r.mu is held.
func (r *Recorder) write(b []byte) {
	r.w.Write(b)
	if r.n++; r.n >= batch {
		r.flush()
	}
}

// flush writes the batch, with the bytes sent so far as a counter when
// they changed; r.mu is held.
func (r *Recorder) flush() error {
	if r.sent != r.written {
		r.written = r.sent
		fmt.Fprintf(r.w, `{"name":"bytes sent","ph":"C","ts":%d,"pid":%d,"tid":%d,"args":{"bytes":%d}}`+"\n",
			time.Now().UnixMicro(), r.pid, r.pid, r.sent)
	}
	r.n = 0
	return r.w.Flush()
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
	err := r.flush()
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
	var items []item
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for sc.Scan() {
			var e item
			if json.Unmarshal(sc.Bytes(), &e) != nil {
				continue
			}
			if e.Ph == "P" || e.Ph == "G" {
				items = append(items, e)
				continue
			}
			lines = append(lines, line{e.Ts, append(json.RawMessage(nil), sc.Bytes()...)})
		}
		f.Close()
	}
	for _, f := range flows(items) {
		raw, _ := json.Marshal(f)
		lines = append(lines, line{f.Ts, raw})
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

// item is a line of a process's file: an event, or an item put ("P") or
// got ("G") with its flow key.
type item struct {
	Name string `json:"name"`
	Ph   string `json:"ph"`
	Ts   int64  `json:"ts"`
	Pid  int    `json:"pid"`
	Key  uint64 `json:"key"`
}

// flow is a Chrome flow event: an arrow from a put ("s") to its get ("f",
// bound to the slice that encloses it).
type flow struct {
	Name string `json:"name"`
	Cat  string `json:"cat"`
	Ph   string `json:"ph"`
	ID   int    `json:"id"`
	Ts   int64  `json:"ts"`
	Pid  int    `json:"pid"`
	Tid  int    `json:"tid"`
	Bp   string `json:"bp,omitempty"`
}

// flows pairs the i-th get of a key with its i-th put (a channel is
// FIFO, and equal payloads are interchangeable). Order, not time: a put
// is stamped when it returns, which can be after its item was got. A get
// beyond its key's puts (its put was not recorded), or a put never got,
// has no arrow.
func flows(items []item) []flow {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Ts < items[j].Ts })
	puts := map[uint64][]item{}
	for _, it := range items {
		if it.Ph == "P" {
			puts[it.Key] = append(puts[it.Key], it)
		}
	}
	var out []flow
	for _, it := range items {
		q := puts[it.Key]
		if it.Ph != "G" || len(q) == 0 {
			continue
		}
		p := q[0]
		puts[it.Key] = q[1:]
		id := len(out)/2 + 1
		out = append(out,
			flow{Name: p.Name, Cat: "flow", Ph: "s", ID: id, Ts: p.Ts, Pid: p.Pid, Tid: p.Pid},
			flow{Name: p.Name, Cat: "flow", Ph: "f", ID: id, Ts: it.Ts, Pid: it.Pid, Tid: it.Pid, Bp: "e"})
	}
	return out
}

// Dir makes the directory a run's processes write their events to.
func Dir() (string, error) {
	d, err := os.MkdirTemp("", "procstar-trace-")
	if err != nil {
		return "", fmt.Errorf("trace: %w", err)
	}
	return d, nil
}
