package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestMergeAndHTML(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(dir, 10, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(dir, 11, "Process-1 <x>")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	b.Slice("sq", "task", t0, map[string]any{"task": 1})
	b.Slice("Queue.get", "wait", t0, nil)
	b.Instant("exit", "process", map[string]any{"exitcode": -9})
	a.Slice("top level", "run", t0, nil)
	a.Close()
	b.Close()
	// A line cut short by a kill is skipped.
	f, _ := os.OpenFile(dir+"/11.jsonl", os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"name":"cut`)
	f.Close()

	var out bytes.Buffer
	if err := Merge(dir, &out); err != nil {
		t.Fatal(err)
	}
	var tr struct {
		TraceEvents []event `json:"traceEvents"`
	}
	if err := json.Unmarshal(out.Bytes(), &tr); err != nil {
		t.Fatalf("merged trace is not JSON: %v\n%s", err, out.String())
	}
	if len(tr.TraceEvents) != 6 {
		t.Errorf("%d events, want 6:\n%s", len(tr.TraceEvents), out.String())
	}
	sums := Summarize(tr.TraceEvents)
	if len(sums) != 2 || sums[1].Name != "Process-1 <x>" || sums[1].Tasks != 1 || sums[1].ExitCode != float64(-9) {
		t.Errorf("summaries %+v", sums)
	}

	var page bytes.Buffer
	if err := HTML(&page, out.Bytes()); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	for _, want := range []string{"<svg", "Process-1 &lt;x&gt;", "<td>1</td>", "const events = [", "wheel: zoom"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(html, "{{") || strings.Contains(html, "http://") && !strings.Contains(html, `"http://www.w3.org/2000/svg"`) {
		t.Error("page has a placeholder left or fetches from the network")
	}
	if err := HTML(&page, []byte("not json")); err == nil {
		t.Error("HTML of a non-trace succeeded")
	}
}

// TestNilRecorder: tracing off is a nil Recorder, which records nothing.
func TestNilRecorder(t *testing.T) {
	var r *Recorder
	r.Slice("x", "wait", time.Now(), nil)
	r.Instant("x", "process", nil)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestFlows: a put's flow arrow ends at the get of the same item (the
// same key), FIFO among equal payloads; a get whose put was not recorded
// has none; bytes sent reach the summary; past flowsAll items only keys
// in flowSample are kept, the same on both ends.
func TestFlows(t *testing.T) {
	dir := t.TempDir()
	p, _ := Open(dir, 20, "producer")
	c, _ := Open(dir, 21, "consumer")
	ch := Channel([]byte("queue"))
	k1, k2 := Key(ch, []byte("a")), Key(ch, []byte("bb"))
	if k1 == k2 || Key(0, []byte("a")) == k1 {
		t.Fatal("keys collide across payloads or channels")
	}
	p.Out("Queue.put", k1, 1)
	time.Sleep(2 * time.Millisecond)
	p.Out("Queue.put", k2, 2)
	time.Sleep(2 * time.Millisecond)
	p.Out("Queue.put", k1, 1) // equal payload: pairs with the second get of "a"
	time.Sleep(2 * time.Millisecond)
	c.In("Queue.get", k1)
	time.Sleep(2 * time.Millisecond)
	c.In("Queue.get", k2)
	time.Sleep(2 * time.Millisecond)
	c.In("Queue.get", k1)
	c.In("Queue.get", Key(ch, []byte("never put")))
	p.Close()
	c.Close()
	var out bytes.Buffer
	if err := Merge(dir, &out); err != nil {
		t.Fatal(err)
	}
	var tr struct {
		TraceEvents []event `json:"traceEvents"`
	}
	if err := json.Unmarshal(out.Bytes(), &tr); err != nil {
		t.Fatal(err)
	}
	start := map[int]event{}
	var pairs [][2]event
	for _, e := range tr.TraceEvents {
		switch {
		case e.Ph == "s":
			start[e.ID] = e
		case e.Ph == "f":
			if e.Bp != "e" || e.Pid != 21 || e.Name != "Queue.put" {
				t.Errorf("flow end %+v", e)
			}
			pairs = append(pairs, [2]event{start[e.ID], e})
		case e.Ph == "P" || e.Ph == "G":
			t.Errorf("an item line left in the trace: %+v", e)
		}
	}
	if len(pairs) != 3 {
		t.Fatalf("%d arrows, want 3:\n%s", len(pairs), out.String())
	}
	for i, pr := range pairs {
		if pr[0].Pid != 20 {
			t.Errorf("arrow %d: %+v -> %+v", i, pr[0], pr[1])
		}
	}
	// FIFO: the i-th put pairs with the i-th get.
	if !(pairs[0][0].Ts < pairs[1][0].Ts && pairs[1][0].Ts < pairs[2][0].Ts) {
		t.Errorf("arrows not in FIFO order: %+v", pairs)
	}
	sums := Summarize(tr.TraceEvents)
	// A life from the process's first timed event: the metadata's ts 0
	// once made it the whole epoch.
	if len(sums) == 2 && (sums[0].SpanUs > 10e6 || sums[1].SpanUs > 10e6) {
		t.Errorf("lives of %d and %d µs", sums[0].SpanUs, sums[1].SpanUs)
	}
	if len(sums) != 2 || sums[0].Sent != 4 || sums[0].Flows != 3 || sums[1].Sent != 0 {
		t.Errorf("summaries %+v", sums)
	}
	var page bytes.Buffer
	HTML(&page, out.Bytes())
	if !strings.Contains(page.String(), "<th>bytes sent</th>") || !strings.Contains(page.String(), "<td>4</td><td>3</td>") {
		t.Errorf("page's table lacks bytes sent:\n%s", page.String())
	}
}

// TestFlowSampling: past flowsAll items a process keeps the items whose
// key is a multiple of flowSample, so that a long run's trace stays small
// and both ends of a channel keep the same items.
func TestFlowSampling(t *testing.T) {
	dir := t.TempDir()
	p, _ := Open(dir, 30, "producer")
	n := flowsAll + 10*flowSample
	for i := range n {
		p.Out("Queue.put", uint64(i), 8)
	}
	p.Close()
	data, _ := os.ReadFile(dir + "/30.jsonl")
	items := strings.Count(string(data), `"ph":"P"`)
	if want := flowsAll + 10; items != want {
		t.Errorf("%d items recorded, want %d", items, want)
	}
	if !strings.Contains(string(data), fmt.Sprintf(`"bytes":%d`, 8*n)) {
		t.Errorf("no final bytes-sent counter of %d", 8*n)
	}
}

// TestItemAllocs: recording an item costs no allocation (it runs on every
// put and get of a traced run).
func TestItemAllocs(t *testing.T) {
	p, _ := Open(t.TempDir(), 40, "p")
	defer p.Close()
	msg := []byte("payload")
	if n := testing.AllocsPerRun(1000, func() { p.Out("Queue.put", Key(1, msg), len(msg)) }); n != 0 {
		t.Errorf("%v allocations per item", n)
	}
}

// TestKeyLongPayload: a long payload's key comes from its ends and length
// (cheap for a 64 KiB item), so a change at either end or in length
// changes it.
func TestKeyLongPayload(t *testing.T) {
	a := bytes.Repeat([]byte("x"), 4096)
	k := Key(1, a)
	b := append([]byte(nil), a...)
	b[0] = 'y'
	c := append([]byte(nil), a...)
	c[len(c)-1] = 'y'
	if Key(1, b) == k || Key(1, c) == k || Key(1, a[:4000]) == k || Key(2, a) == k {
		t.Error("a long payload's key ignores an end, its length or its channel")
	}
	if n := testing.AllocsPerRun(100, func() { Key(1, a) }); n != 0 {
		t.Errorf("Key allocates %v", n)
	}
}
