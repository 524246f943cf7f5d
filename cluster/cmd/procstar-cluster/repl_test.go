package main

import (
	"testing"
	"time"

	"github.com/procstar/procstar/internal/ptytest"
)

// TestReplOnCluster: without a script, on a terminal, --cluster embedded
// is the interactive session, and what it defines runs on the cluster's
// workers: a Process target and a Pool function typed at the prompt, a
// Queue between them.
func TestReplOnCluster(t *testing.T) {
	cmd := command(t.TempDir(), "--cluster", "embedded")
	cmd.Env = append(cmd.Env, "HOME="+t.TempDir(), "TERM=dumb", "GORACE=atexit_sleep_ms=0")
	term := ptytest.Start(t, cmd)
	waitText := func(from int, s string) int {
		t.Helper()
		return term.WaitText(from, s, 60*time.Second)
	}
	at := waitText(0, "procstar-cluster")
	at = waitText(at, ">>> ")
	// Lines typed ahead wait in the terminal; the test waits only for
	// what the statements print (the prompt shows in the echo too).
	typeLines := func(lines ...string) {
		for _, line := range lines {
			term.Send(line + "\r")
		}
	}
	typeLines(
		`load("multiprocessing", "Pool", "Process", "Queue", "current_process")`,
		// 1 in a job's process: its worker started it with the mark
		// (which its os.environ, its parent's, does not show).
		`def mark():`, `    f = open("/proc/self/environ")`, `    s = f.read()`, `    f.close()`,
		`    return 1 if "PROCSTAR_CLUSTER_JOB=1" in s else 0`, ``,
		`def f(q):`, `    q.put((mark(), current_process().name))`, ``,
		`q = Queue()`,
		`p = Process(target=f, args=(q,))`,
		`p.start()`,
		`p.join()`,
		`print("got", q.get(), p.exitcode)`)
	at = waitText(at, `got (1, 'Process-1') 0`)
	typeLines(
		`def sq(x):`, `    return x * x + mark()`, ``,
		`pool = Pool(2)`,
		`print("map", pool.map(sq, range(5)))`)
	at = waitText(at, "map [1, 2, 5, 10, 17]")
	typeLines(`pool.close()`, `pool.join()`, `print("fin" + "ished")`)
	at = waitText(at, "finished\r\n")
	waitText(at, ">>> ")
	term.Send("\x04")
	if err := term.Exit(30 * time.Second); err != nil {
		t.Errorf("the session ended with %v, want status 0", err)
	}
}
