package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium runs headless Chromium on a local page with the given extra
// flags and returns its stdout and its log (stderr). The flags that keep
// it off the network are the ones this machine's closed network needs
// (otherwise it retries Google's hosts at every start).
func chromium(t *testing.T, bin, page string, flags ...string) (stdout, log string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--disable-gpu", "--no-sandbox", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", flags, err, errb.String())
	}
	return out.String(), errb.String()
}

// consoleErrors are the log lines of a page's own errors: uncaught
// exceptions and console messages (the page writes none).
func consoleErrors(log string) []string {
	var bad []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "Uncaught") || strings.Contains(l, ":CONSOLE") {
			bad = append(bad, l)
		}
	}
	return bad
}

func chromiumBin(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH (CI installs Debian's chromium; apt-get install chromium)")
	return ""
}

// TestTracePageInBrowser: the page of a traced run (a producer, a consumer,
// a queue and a pipe) loads in a real headless Chromium with no console
// error, draws one lane per process and the flow lines, and its
// screenshot is a picture (several colours, the lanes' among them).
func TestTracePageInBrowser(t *testing.T) {
	bin := chromiumBin(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f.star"), []byte(flowTraced), 0o644)
	out := filepath.Join(dir, "t.json")
	if r := procstar(t, dir, "", 60*time.Second, "--trace", out, "f.star"); r.exit != 0 {
		t.Fatalf("exit %d\n%s", r.exit, r.stderr)
	}
	procs := map[int]bool{}
	for _, e := range readTrace(t, out) {
		procs[e.Pid] = true
	}
	page := filepath.Join(dir, "t.html")
	if r := procstar(t, dir, "", 30*time.Second, "trace", out, "-o", page); r.exit != 0 {
		t.Fatalf("procstar trace: exit %d: %s", r.exit, r.stderr)
	}

	dom, log := chromium(t, bin, page, "--dump-dom")
	if bad := consoleErrors(log); len(bad) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(bad, "\n"))
	}
	lanes := len(regexp.MustCompile(`<text [^>]*class="lane"`).FindAllString(dom, -1))
	flows := len(regexp.MustCompile(`<line [^>]*class="flow"`).FindAllString(dom, -1))
	if lanes != len(procs) || lanes != 2 {
		t.Errorf("%d lanes, want one per process (%d)", lanes, len(procs))
	}
	if flows != 22 { // 21 queue items and one pipe message
		t.Errorf("%d flow lines, want 22", flows)
	}
	if !strings.Contains(dom, "<th>bytes sent</th>") {
		t.Error("no bytes sent column in the rendered table")
	}

	shot := filepath.Join(dir, "shot.png")
	_, log = chromium(t, bin, page, "--screenshot="+shot, "--window-size=1200,500")
	if bad := consoleErrors(log); len(bad) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(bad, "\n"))
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	colours := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	// The lanes' top-level blue (#9ecae1, .run) shows the timeline drew.
	if len(colours) < 2 || !colours[[3]uint32{0x9e, 0xca, 0xe1}] {
		t.Errorf("screenshot %v has %d colours, run blue %v", b, len(colours), colours[[3]uint32{0x9e, 0xca, 0xe1}])
	}
}

// TestBrowserCatchesErrors: the console check sees a page's uncaught
// error (so that TestTracePageInBrowser's passing means something).
func TestBrowserCatchesErrors(t *testing.T) {
	bin := chromiumBin(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<html><body><script>notDefined()</script></body></html>`), 0o644)
	if _, log := chromium(t, bin, page, "--dump-dom"); len(consoleErrors(log)) == 0 {
		t.Errorf("no console error seen in:\n%s", log)
	}
}
