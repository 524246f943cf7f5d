package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/internal/ptytest"
)

// TestReplOnCluster: without a script, on a terminal, --cluster embedded
// is the interactive session, and what it defines runs on the cluster's
// workers: a Process target and a Pool function typed at the prompt, a
// Queue between them.
func TestReplOnCluster(t *testing.T) {
	master, slave, err := ptytest.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	cmd := command(t.TempDir(), "--cluster", "embedded")
	cmd.Env = append(cmd.Env, "HOME="+t.TempDir(), "TERM=dumb", "GORACE=atexit_sleep_ms=0")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	var out syncBuffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	waitText := func(from int, s string) int {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if o := out.String(); from <= len(o) {
				if i := strings.Index(o[from:], s); i >= 0 {
					return from + i + len(s)
				}
			}
		}
		t.Fatalf("terminal never showed %q after offset %d; it shows:\n%q", s, from, out.String())
		return 0
	}
	at := waitText(0, "procstar-cluster")
	at = waitText(at, ">>> ")
	// Lines typed ahead wait in the terminal; the test waits only for
	// what the statements print (the prompt shows in the echo too).
	typeLines := func(lines ...string) {
		for _, line := range lines {
			master.Write([]byte(line + "\r"))
		}
	}
	typeLines(
		`load("multiprocessing", "Pool", "Process", "Queue", "current_process")`,
		`load("os", "getenv")`,
		`def f(q):`, `    q.put((getenv("PROCSTAR_CLUSTER_JOB"), current_process().name))`, ``,
		`q = Queue()`,
		`p = Process(target=f, args=(q,))`,
		`p.start()`,
		`p.join()`,
		`print("got", q.get(), p.exitcode)`)
	at = waitText(at, `got ("1", "Process-1") 0`)
	typeLines(
		`def sq(x):`, `    return x * x + int(getenv("PROCSTAR_CLUSTER_JOB"))`, ``,
		`pool = Pool(2)`,
		`print("map", pool.map(sq, range(5)))`)
	at = waitText(at, "map [1, 2, 5, 10, 17]")
	typeLines(`pool.close()`, `pool.join()`, `print("fin" + "ished")`)
	at = waitText(at, "finished\r\n")
	waitText(at, ">>> ")
	master.Write([]byte("\x04"))
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			t.Errorf("the session ended with %v, want status 0", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Signal(syscall.SIGUSR2)
		time.Sleep(time.Second)
		t.Fatalf("the session did not end at Ctrl-D:\n%q", out.String())
	}
}
