package trace

import (
	"bytes"
	"encoding/json"
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
