package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// Summary is a process's line of the page's table.
type Summary struct {
	Pid      int
	Name     string
	SpanUs   int64 // from its first event to its last
	BusyPct  float64
	WaitPct  float64
	Tasks    int
	Sent     int64 // payload bytes put and sent
	Flows    int   // arrows from its puts and sends
	ExitCode any
}

// HTML writes a self-contained page (no network: the events, the script
// and the styles are inline) that draws the trace in data as a timeline,
// one lane per process, slices coloured by kind (run, task, wait),
// details on hover, zoom with the wheel and drag to pan, and a table per
// process: busy and waiting shares of its life, tasks run, bytes sent,
// items whose flow was recorded, exit code. Flows (put to get) are lines
// between lanes.
func HTML(w io.Writer, data []byte) error {
	var t struct {
		TraceEvents []event `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return fmt.Errorf("not a trace: %w", err)
	}
	evs, _ := json.Marshal(t.TraceEvents)
	// Inside <script>, "</" would end it early.
	evs = bytes.ReplaceAll(evs, []byte("</"), []byte(`<\/`))
	var rows strings.Builder
	for _, s := range Summarize(t.TraceEvents) {
		code := ""
		if s.ExitCode != nil {
			code = fmt.Sprint(s.ExitCode)
		}
		fmt.Fprintf(&rows, "<tr><td>%d</td><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>\n",
			s.Pid, escape(s.Name), float64(s.SpanUs)/1000, s.BusyPct, s.WaitPct, s.Tasks, s.Sent, s.Flows, escape(code))
	}
	page := strings.Replace(pageTemplate, "{{ROWS}}", rows.String(), 1)
	page = strings.Replace(page, "{{EVENTS}}", string(evs), 1)
	_, err := io.WriteString(w, page)
	return err
}

// escape is HTML's escaping of text (package html would add a large table
// to every process's start-up).
// (No package-level Replacer either: nothing here runs at start-up.)
func escape(s string) string {
	for _, r := range [...][2]string{{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {`"`, "&#34;"}, {"'", "&#39;"}} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

// Summarize computes each process's summary from its events.
func Summarize(evs []event) []Summary {
	by := map[int]*Summary{}
	first, last := map[int]int64{}, map[int]int64{}
	for _, e := range evs {
		s := by[e.Pid]
		if s == nil {
			s = &Summary{Pid: e.Pid}
			by[e.Pid] = s
			// Not from e: a metadata event has no time (ts 0).
			first[e.Pid], last[e.Pid] = math.MaxInt64, math.MinInt64
		}
		var dur int64 // an X event of another tool may lack its dur
		if e.Dur != nil {
			dur = *e.Dur
		}
		end := e.Ts + dur
		if e.Ph != "M" {
			first[e.Pid] = min(first[e.Pid], e.Ts)
			last[e.Pid] = max(last[e.Pid], end)
		}
		switch {
		case e.Ph == "M" && e.Name == "process_name":
			s.Name, _ = e.Args["name"].(string)
		case e.Ph == "X" && e.Cat == "task":
			s.Tasks++
			s.BusyPct += float64(dur)
		case e.Ph == "X" && e.Cat == "wait":
			s.WaitPct += float64(dur)
		case e.Ph == "C" && e.Name == "bytes sent":
			if b, ok := e.Args["bytes"].(float64); ok {
				s.Sent = max(s.Sent, int64(b))
			}
		case e.Ph == "s" && e.Cat == "flow":
			s.Flows++
		case e.Ph == "i" && e.Name == "exit":
			s.ExitCode = e.Args["exitcode"]
		}
	}
	var out []Summary
	for pid, s := range by {
		if first[pid] > last[pid] { // metadata only
			first[pid], last[pid] = 0, 0
		}
		s.SpanUs = last[pid] - first[pid]
		if s.SpanUs > 0 {
			s.BusyPct = 100 * s.BusyPct / float64(s.SpanUs)
			s.WaitPct = 100 * s.WaitPct / float64(s.SpanUs)
		} else {
			s.BusyPct, s.WaitPct = 0, 0
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Pid, out[j].Pid
		return first[a] < first[b] || first[a] == first[b] && a < b // a stable table
	})
	return out
}

const pageTemplate = `<!doctype html>
<html><head><meta charset="utf-8"><title>procstar trace</title>
<style>
body{font:13px system-ui,sans-serif;margin:12px;color:#222}
#tl{width:100%;border:1px solid #ccc;cursor:grab;user-select:none}
.lane{font-size:11px;fill:#333}
.flow{stroke:#555;stroke-width:1;opacity:.5}
.run{fill:#9ecae1}.task{fill:#74c476}.wait{fill:#fd8d3c}.process{fill:#756bb1}
table{border-collapse:collapse;margin-top:12px}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:nth-child(2),th:nth-child(2){text-align:left}
#tip{position:fixed;background:#fff;border:1px solid #999;padding:4px;display:none;pointer-events:none;white-space:pre}
</style></head><body>
<h3>procstar trace</h3>
<div>wheel: zoom, drag: pan; <span class="legend">blue: top level/target, green: Pool task, orange: wait, purple: start/exit, grey line: an item from its put/send to its get/recv</span></div>
<svg id="tl" height="100"></svg><div id="tip"></div>
<table id="sum"><tr><th>pid</th><th>process</th><th>life (ms)</th><th>busy in tasks %</th><th>waiting %</th><th>tasks</th><th>bytes sent</th><th>items traced out</th><th>exit code</th></tr>
{{ROWS}}</table>
<script>
const events = {{EVENTS}};
const svg = document.getElementById("tl"), tip = document.getElementById("tip");
const NS = "http://www.w3.org/2000/svg", LANE = 22, LEFT = 160;
const names = {}, order = [];
for (const e of events) {
  if (e.ph === "M" && e.name === "process_name") names[e.pid] = e.args.name;
  if (!order.includes(e.pid)) order.push(e.pid);
}
let t0 = Infinity, t1 = -Infinity;
for (const e of events) if (e.ph !== "M") { t0 = Math.min(t0, e.ts); t1 = Math.max(t1, e.ts + (e.dur || 0)); }
if (!isFinite(t0)) { t0 = 0; t1 = 1; }
let view0 = t0, view1 = t1 + 1;
svg.setAttribute("height", order.length * LANE + 20);
// Flow ends by id: a line from each put ("s") to its get ("f").
// Two passes: a get can be stamped before its put returned.
const starts = {}, arrows = [];
for (const e of events) if (e.cat === "flow" && e.ph === "s") starts[e.id] = e;
for (const e of events) if (e.cat === "flow" && e.ph === "f" && starts[e.id]) arrows.push([starts[e.id], e]);
function draw() {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const W = svg.clientWidth - LEFT, sx = W / (view1 - view0);
  order.forEach((pid, i) => {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", 4); t.setAttribute("y", i * LANE + 15); t.setAttribute("class", "lane");
    t.textContent = (names[pid] || "") + " (" + pid + ")"; svg.appendChild(t);
  });
  const y = pid => order.indexOf(pid) * LANE + 11;
  for (const [a, b] of arrows) {
    const xa = LEFT + (a.ts - view0) * sx, xb = LEFT + (b.ts - view0) * sx;
    if (Math.max(xa, xb) < LEFT || Math.min(xa, xb) > LEFT + W) continue;
    const l = document.createElementNS(NS, "line");
    l.setAttribute("x1", xa); l.setAttribute("y1", y(a.pid)); l.setAttribute("x2", xb); l.setAttribute("y2", y(b.pid));
    l.setAttribute("class", "flow"); svg.appendChild(l);
  }
  for (const e of events) {
    if (e.ph === "M" || e.cat === "flow" || e.ph === "C") continue;
    const lane = order.indexOf(e.pid);
    const x = LEFT + (e.ts - view0) * sx, w = e.ph === "X" ? Math.max(1, e.dur * sx) : 2;
    if (x + w < LEFT || x > LEFT + W) continue;
    const r = document.createElementNS(NS, "rect");
    r.setAttribute("x", Math.max(LEFT, x)); r.setAttribute("width", w);
    r.setAttribute("y", lane * LANE + (e.cat === "wait" ? 11 : 3)); r.setAttribute("height", e.cat === "wait" ? 8 : 16);
    r.setAttribute("class", e.cat || "run");
    r.addEventListener("mousemove", ev => {
      tip.style.display = "block"; tip.style.left = ev.clientX + 12 + "px"; tip.style.top = ev.clientY + 12 + "px";
      tip.textContent = e.name + "\n" + (names[e.pid] || e.pid) + (e.dur !== undefined ? "\n" + (e.dur / 1000).toFixed(3) + " ms" : "") +
        (e.args ? "\n" + JSON.stringify(e.args) : "");
    });
    r.addEventListener("mouseleave", () => tip.style.display = "none");
    svg.appendChild(r);
  }
}
svg.addEventListener("wheel", ev => {
  ev.preventDefault();
  const W = svg.clientWidth - LEFT, at = view0 + (ev.offsetX - LEFT) / W * (view1 - view0);
  const k = ev.deltaY < 0 ? 0.8 : 1.25;
  view0 = at - (at - view0) * k; view1 = at + (view1 - at) * k; draw();
});
let drag = null;
svg.addEventListener("mousedown", ev => drag = {x: ev.clientX, v0: view0, v1: view1});
window.addEventListener("mouseup", () => drag = null);
window.addEventListener("mousemove", ev => {
  if (!drag) return;
  const d = (ev.clientX - drag.x) / (svg.clientWidth - LEFT) * (drag.v1 - drag.v0);
  view0 = drag.v0 - d; view1 = drag.v1 - d; draw();
});
window.addEventListener("resize", draw);
draw();
</script></body></html>
`
