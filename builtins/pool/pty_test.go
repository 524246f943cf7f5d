package pool_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/procstar/procstar/internal/ptytest"
	"github.com/procstar/procstar/runtime"
)

// progress=True draws its line on stderr when stderr is a terminal.
func TestProgressOnTerminal(t *testing.T) {
	master, slave, err := ptytest.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	got := make(chan string)
	go func() {
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		got <- b.String()
	}()
	var out syncBuffer
	src := `
def nap(x):
    time.sleep(0.03)
    return x

if __name__ == "__main__":
    p = Pool(2)
    print(len(p.map(nap, range(20), chunksize = 1, progress = True)))
    print(len(list(p.imap_unordered(nap, range(12), progress = True))))
    print(len(p.map(nap, range(4), chunksize = 1)))
`
	err = runtime.New(runtime.WithStdout(&out), runtime.WithStderr(slave)).ExecSource(context.Background(), "main.star", []byte(src))
	slave.Close()
	if err != nil {
		t.Fatal(err)
	}
	text := <-got
	if out.String() != "20\n12\n4\n" {
		t.Errorf("stdout %q", out.String())
	}
	// The terminal turns \n into \r\n.
	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	if len(lines) != 2 {
		t.Fatalf("want two progress lines (the last call has none), got %q", text)
	}
	for i, want := range []string{"map: 20/20 (100%)", "imap_unordered: 12/12 (100%)"} {
		draws := strings.Split(strings.TrimPrefix(lines[i], "\r"), "\r")
		last := draws[len(draws)-1]
		// Any elapsed time: a loaded machine may take seconds.
		if !strings.HasPrefix(last, want) || !progressTail.MatchString(last) {
			t.Errorf("last draw %q, want %q...", last, want)
		}
		if len(draws) < 2 {
			t.Errorf("line %q drawn once: want updates while it runs", lines[i])
		}
	}
}

// progressTail is the end of a finished progress line: a rate, the time
// taken, and nothing left to wait for.
var progressTail = regexp.MustCompile(`/s \| elapsed \d+:\d\d \| ETA 0:00(\x1b\[K)?$`)
