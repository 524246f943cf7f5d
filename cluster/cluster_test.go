package cluster

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/procstar/procstar/cluster/internal/clustertest"
	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/objects"
)

// The engine runs for real: servers in this process (or three of them
// joined in a cluster), workers in this process or in subprocesses (this
// test binary re-executed), and every job in a process of its own.

// Environment of the test binary's subprocesses: a worker, or a root
// running a script (the cluster's URL and credentials in the others).
const (
	testWorkerEnv = "PROCSTAR_TEST_WORKER" // the trust file
	testRootEnv   = "PROCSTAR_TEST_ROOT"   // the script
	testURLEnv    = "PROCSTAR_TEST_URL"
	testCredsEnv  = "PROCSTAR_TEST_CREDS"
	testSlotsEnv  = "PROCSTAR_TEST_SLOTS" // a subprocess worker's slots (default 2)
)

func TestMain(m *testing.M) {
	// Quicker verdicts than the default, still far above a heartbeat.
	LostAfter = 3 * time.Second
	runtime.Dispatch()
	conn := Conn{URL: os.Getenv(testURLEnv), Creds: os.Getenv(testCredsEnv)}
	switch {
	case os.Getenv(JobEnv) != "":
		os.Exit(RunJob())
	case os.Getenv(testWorkerEnv) != "":
		os.Exit(subprocessWorker(conn, os.Getenv(testWorkerEnv)))
	case os.Getenv(testRootEnv) != "":
		os.Exit(subprocessRoot(conn, os.Getenv(testRootEnv)))
	}
	os.Exit(m.Run())
}

func subprocessWorker(conn Conn, trustFile string) int {
	trust, err := LoadTrust(trustFile)
	if err != nil {
		panic(err)
	}
	nc, err := conn.Dial()
	if err != nil {
		panic(err)
	}
	slots := 2
	if s, err := strconv.Atoi(os.Getenv(testSlotsEnv)); err == nil {
		slots = s
	}
	w := &Worker{NC: nc, Slots: slots, Trust: trust, Conn: conn}
	if err := w.Run(context.Background()); err != nil {
		panic(err)
	}
	return 0
}

func subprocessRoot(conn Conn, script string) int {
	nc, err := conn.Dial()
	if err != nil {
		panic(err)
	}
	kp, err := LoadSigner(conn.Creds)
	if err != nil {
		panic(err)
	}
	l, err := NewLauncher(nc, kp, 1, os.Stdout, os.Stderr)
	if err != nil {
		panic(err)
	}
	err = runtime.New(runtime.WithLauncher(l)).ExecFile(context.Background(), script)
	if err != nil {
		os.Stderr.WriteString(err.Error())
		return 1
	}
	return 0
}

// syncBuffer collects output from several goroutines.
type syncBuffer = clustertest.SyncBuffer

// waitFor polls cond for up to d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// key is a fresh user key, its seed in a file and its public key.
type key struct {
	kp    nkeys.KeyPair
	pub   string
	creds string
}

func newKey(t testing.TB) key {
	t.Helper()
	kp, err := NewUserKey()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	creds := filepath.Join(t.TempDir(), "user.nk")
	if err := WriteSeed(creds, kp); err != nil {
		t.Fatal(err)
	}
	return key{kp, pub, creds}
}

// trustFile writes a trust file listing keys.
func trustFile(t *testing.T, keys ...key) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# submitters\n")
	for _, k := range keys {
		b.WriteString(k.pub + "\n")
	}
	path := filepath.Join(t.TempDir(), "trust")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startServer runs a server admitting users, stopped at the test's end.
func startServer(t testing.TB, users ...key) *server.Server {
	t.Helper()
	sc := ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir()}
	for _, u := range users {
		sc.Users = append(sc.Users, u.pub)
	}
	s, err := StartServer(sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return s
}

func dial(t testing.TB, url string, k key) *nats.Conn {
	t.Helper()
	nc, err := Conn{URL: url, Creds: k.creds}.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// startWorker runs a worker in this process until the test ends, and
// returns its connection.
func startWorker(t *testing.T, url string, k key, slots int, trust ...key) *nats.Conn {
	t.Helper()
	tr := Trust{}
	for _, k := range trust {
		tr[k.pub] = true
	}
	nc := dial(t, url, k)
	w := &Worker{NC: nc, Slots: slots, Trust: tr, Log: &syncBuffer{}, Conn: Conn{URL: url, Creds: k.creds}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return nc
}

// script runs src (main.star, beside files) with l placing its children;
// out collects its output and its children's.
func script(t *testing.T, l runtime.Launcher, out *syncBuffer, src string, files map[string]string) error {
	t.Helper()
	dir := t.TempDir()
	files["main.star"] = src
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	err := runtime.New(runtime.WithLauncher(l), runtime.WithStdout(out), runtime.WithStderr(out), runtime.WithDir(dir)).ExecFile(ctx, "main.star")
	if ctx.Err() != nil {
		t.Fatalf("script timed out; output:\n%s", out.String())
	}
	return err
}

// cluster1 is a server, a worker trusting k, and a root launcher with k.
func cluster1(t *testing.T, slots int) (*Launcher, *syncBuffer, key, *server.Server) {
	k := newKey(t)
	s := startServer(t, k)
	startWorker(t, s.ClientURL(), k, slots, k)
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l, out, k, s
}

// TestProcess: Processes run on a worker as local ones would: the loaded
// file travels, output is streamed back, exit codes, terminate and kill,
// pid and host.
func TestProcess(t *testing.T) {
	l, out, _, _ := cluster1(t, 4)
	lib := "def double(x):\n    return 2 * x\n"
	src := `
load("lib.star", "double")
load("multiprocessing", "Process", "current_process")
load("os", "getpid")
load("sys", "exit")
load("time", "sleep")

def hello(n):
    me = current_process()
    print("hello", me.name, __name__, double(n), me.pid == getpid(), me.host != "")

def code(n):
    exit(n)

def fail():
    fail_here = {}["missing"]

def sleeper():
    sleep(60)

if __name__ == "__main__":
    p = Process(target=hello, args=(21,))
    p.start()
    p.join()
    print("joined", p.name, p.exitcode, p.is_alive(), p.pid > 0, p.host != "")
    for n in [0, 3]:
        c = Process(target=code, args=(n,))
        c.start()
        c.join()
        print("exit", n, c.exitcode)
    e = Process(target=fail)
    e.start()
    e.join()
    print("error", e.exitcode)
    for how in ["terminate", "kill"]:
        s = Process(target=sleeper)
        s.start()
        s.join(0.2)
        print(how, "alive", s.is_alive())
        if how == "terminate":
            s.terminate()
        else:
            s.kill()
        s.join()
        print(how, s.exitcode)
`
	if err := script(t, l, out, src, map[string]string{"lib.star": lib}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"hello Process-1 __mp_main__ 42 True True\n",
		"joined Process-1 0 False True True\n",
		"exit 0 0\n", "exit 3 3\n",
		"Process Process-4:\n", "KeyError: 'missing'", "error 1\n",
		"terminate alive True\n", "terminate -15\n",
		"kill alive True\n", "kill -9\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

const startOne = `
load("multiprocessing", "Process")

def f():
    print("the target ran")

if __name__ == "__main__":
    p = Process(target=f)
    p.start()
    p.join()
`

// TestUntrustedRefused: a worker runs nothing from a key not in its trust
// file, and the root's start() says why.
func TestUntrustedRefused(t *testing.T) {
	k, other := newKey(t), newKey(t)
	s := startServer(t, k, other)
	startWorker(t, s.ClientURL(), k, 1, other) // trusts other only
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, out, out)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = script(t, l, out, startOne, map[string]string{})
	var se *runtime.ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("want a script error, got %v\n%s", err, out.String())
	}
	want := "OSError: cannot start Process-1: worker "
	if !strings.Contains(se.Traceback, want) || !strings.Contains(se.Traceback, "not signed by a trusted submitter key") {
		t.Errorf("traceback lacks %q and the reason:\n%s", want, se.Traceback)
	}
	if strings.Contains(out.String(), "the target ran") {
		t.Error("an untrusted job ran")
	}
}

// otherBuild submits jobs as if from another build of the binary.
type otherBuild struct{ *Launcher }

func (o otherBuild) Launch(ctx context.Context, job *runtime.Job) (runtime.Remote, error) {
	j := *job
	j.Build = "0123456789abcdef"
	return o.Launcher.Launch(ctx, &j)
}

// TestOtherBuildRefused: a worker refuses a job from another build.
func TestOtherBuildRefused(t *testing.T) {
	l, out, _, _ := cluster1(t, 1)
	err := script(t, otherBuild{l}, out, startOne, map[string]string{})
	var se *runtime.ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("want a script error, got %v\n%s", err, out.String())
	}
	if !strings.Contains(se.Traceback, "runs a different build of procstar-cluster: ") || !strings.Contains(se.Traceback, "the job's is 0123456789abcdef") {
		t.Errorf("traceback:\n%s", se.Traceback)
	}
	if strings.Contains(out.String(), "the target ran") {
		t.Error("a job of another build ran")
	}
}

// TestSignature: a job verifies against its key only while untouched.
func TestSignature(t *testing.T) {
	k, other := newKey(t), newKey(t)
	e := &envelope{ID: "1", Name: "Process-1", Frame: []byte("frame"), Files: map[string]string{"main.star": "abc"}}
	if err := e.sign(k.kp); err != nil {
		t.Fatal(err)
	}
	if err := e.verify(Trust{k.pub: true}); err != nil {
		t.Errorf("a signed job: %v", err)
	}
	if err := e.verify(Trust{other.pub: true}); !errors.Is(err, errUntrusted) {
		t.Errorf("another key's trust: %v, want untrusted", err)
	}
	e.Files["main.star"] = "abd"
	if err := e.verify(Trust{k.pub: true}); err == nil || !strings.Contains(err.Error(), "bad signature") {
		t.Errorf("a tampered job: %v, want a bad signature", err)
	}
	// A key claiming to be a trusted one, signing with its own.
	f := &envelope{ID: "2"}
	f.sign(other.kp)
	f.Key = k.pub
	if err := f.verify(Trust{k.pub: true}); err == nil {
		t.Error("a job signed by another key than it names verified")
	}
}

// TestTrustFile: keys are checked as the file is read.
func TestTrustFile(t *testing.T) {
	dir := t.TempDir()
	for text, want := range map[string]string{
		"# none\n\n":    "lists no key",
		"# a\nSUAXYZ\n": "trust:2: not a public user NKey",
		"UNOTAKEY123\n": "not a public user NKey",
	} {
		path := filepath.Join(dir, "trust")
		os.WriteFile(path, []byte(text), 0o644)
		if _, err := LoadTrust(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

// TestPlaintextRefused: no plaintext to another machine, no anonymous
// connection, no plaintext listener off loopback.
func TestPlaintextRefused(t *testing.T) {
	k := newKey(t)
	for _, url := range []string{"nats://192.0.2.1:4222", "nats://example.com:4222", "nats://127.0.0.1:4222,nats://10.0.0.2:4222"} {
		_, err := Conn{URL: url, Creds: k.creds}.Dial()
		if err == nil || !strings.Contains(err.Error(), "refusing a plaintext connection to ") {
			t.Errorf("%s: %v", url, err)
		}
	}
	s := startServer(t, k)
	if _, err := (Conn{URL: s.ClientURL()}).Dial(); err == nil || !strings.Contains(err.Error(), "credentials are required") {
		t.Errorf("no credentials: %v", err)
	}
	stranger := newKey(t)
	if _, err := (Conn{URL: s.ClientURL(), Creds: stranger.creds}).Dial(); err == nil || !strings.Contains(strings.ToLower(err.Error()), "authorization violation") {
		t.Errorf("an unknown key: %v", err)
	}
	for _, listen := range []string{"0.0.0.0:0", "192.0.2.1:4222"} {
		_, err := StartServer(ServerConfig{Listen: listen, StoreDir: t.TempDir(), Users: []string{k.pub}})
		if err == nil || !strings.Contains(err.Error(), "without TLS") {
			t.Errorf("listen %s: %v", listen, err)
		}
	}
	if _, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir()}); err == nil {
		t.Error("a server without users started")
	}
}

// TestPlaintextRouteRefused: a server without TLS routes only to this
// machine's loopback: a route to another machine would carry the whole
// cluster's traffic in clear.
func TestPlaintextRouteRefused(t *testing.T) {
	k := newKey(t)
	for _, routes := range [][]string{{"nats-route://192.0.2.1:6222"}, {"nats-route://127.0.0.1:6222,nats-route://example.com:6222"}} {
		_, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub},
			Name: "s", ClusterName: "test", ClusterListen: "127.0.0.1:0", Routes: routes, RouteSecret: testRouteSecret})
		if err == nil || !strings.Contains(err.Error(), "refusing a plaintext route to ") {
			t.Errorf("routes %v: %v", routes, err)
		}
	}
}

// alive reports whether process pid exists.
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// sleeperPid is a script whose child prints its pid, then sleeps.
const sleeperPid = `
load("multiprocessing", "Process")
load("os", "getpid")
load("time", "sleep")

def f():
    print("child pid", getpid())
    sleep(600)

if __name__ == "__main__":
    p = Process(target=f)
    p.start()
    p.join()
    print("exitcode", p.exitcode)
`

// pidIn finds the number after "child pid" in out.
func pidIn(out string) int {
	_, rest, ok := strings.Cut(out, "child pid ")
	if !ok {
		return 0
	}
	line, _, ok := strings.Cut(rest, "\n")
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(line)
	return n
}

// testCommand is this test binary as a subprocess with env.
func testCommand(t *testing.T, out *syncBuffer, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// workerSubprocess is a server, a worker in a subprocess (to be killed)
// and a root's launcher; out collects the root's output.
func workerSubprocess(t *testing.T) (*exec.Cmd, *Launcher, *syncBuffer) {
	k := newKey(t)
	s := startServer(t, k)
	w := testCommand(t, &syncBuffer{}, testWorkerEnv+"="+trustFile(t, k), testURLEnv+"="+s.ClientURL(), testCredsEnv+"="+k.creds)
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return w, l, out
}

// TestWorkerKilled: a worker killed mid-task fails its process as killed
// (-9), and its job's process dies with it.
func TestWorkerKilled(t *testing.T) {
	w, l, out := workerSubprocess(t)
	done := make(chan error, 1)
	go func() { done <- script(t, l, out, sleeperPid, map[string]string{}) }()
	waitFor(t, 60*time.Second, "the child to start", func() bool { return pidIn(out.String()) != 0 })
	pid := pidIn(out.String())
	w.Process.Kill()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("the root did not see its worker die\n%s", out.String())
	}
	if !strings.Contains(out.String(), "exitcode -9\n") {
		t.Errorf("want exitcode -9:\n%s", out.String())
	}
	waitFor(t, 10*time.Second, "the job's process to die with its worker", func() bool { return !alive(pid) })
}

// TestWorkerLostBeforeStart: a worker that dies after taking a job and
// before saying it started it fails that process as killed (-9); start()
// does not wait forever for it.
func TestWorkerLostBeforeStart(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	took, unblock := make(chan struct{}), make(chan struct{})
	nc := dial(t, s.ClientURL(), k)
	w := &Worker{NC: nc, Slots: 1, Trust: Trust{k.pub: true}, Log: &syncBuffer{}, Conn: Conn{URL: s.ClientURL(), Creds: k.creds},
		// It has acknowledged the job when it makes the command: it hangs
		// there until its connection is gone, as if killed.
		Command: func() *exec.Cmd {
			close(took)
			<-unblock
			return exec.Command("true")
		}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	t.Cleanup(func() { close(unblock) })
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	go func() {
		<-took
		nc.Close()
	}()
	if err := script(t, l, out, sleeperPid, map[string]string{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "exitcode -9\n") || strings.Contains(out.String(), "child pid") {
		t.Errorf("want the process failed as killed before it ran:\n%s", out.String())
	}
}

// TestRootKilled: a root killed with -9 leaves nothing running: its
// workers kill its jobs.
func TestRootKilled(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	startWorker(t, s.ClientURL(), k, 1, k)
	path := filepath.Join(t.TempDir(), "main.star")
	os.WriteFile(path, []byte(sleeperPid), 0o644)
	out := &syncBuffer{}
	root := testCommand(t, out, testRootEnv+"="+path, testURLEnv+"="+s.ClientURL(), testCredsEnv+"="+k.creds)
	waitFor(t, 60*time.Second, "the child to start", func() bool { return pidIn(out.String()) != 0 })
	pid := pidIn(out.String())
	root.Process.Kill()
	// Within LostAfter and a heartbeat, with room for a loaded machine.
	waitFor(t, 10*time.Second+LostAfter, "the job to end after its root", func() bool { return !alive(pid) })
}

// TestRootKilledGrandchild: a root killed with -9 takes the whole tree
// with it at once: a grandchild (a job its remote child started) dies
// with the run's root, not one LostAfter after its parent was killed in
// turn (each level of the tree added one).
func TestRootKilledGrandchild(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	startWorker(t, s.ClientURL(), k, 2, k)
	src := `
load("multiprocessing", "Process")
load("os", "getpid")
load("time", "sleep")

def leaf():
    print("grandchild", getpid())
    sleep(600)

def middle():
    p = Process(target=leaf)
    p.start()
    print("child pid", getpid())
    p.join()

if __name__ == "__main__":
    p = Process(target=middle)
    p.start()
    p.join()
`
	path := filepath.Join(t.TempDir(), "main.star")
	os.WriteFile(path, []byte(src), 0o644)
	out := &syncBuffer{}
	root := testCommand(t, out, testRootEnv+"="+path, testURLEnv+"="+s.ClientURL(), testCredsEnv+"="+k.creds)
	waitFor(t, 60*time.Second, "the grandchild to start", func() bool {
		return pidIn(out.String()) != 0 && strings.Contains(out.String(), "grandchild ")
	})
	child := pidIn(out.String())
	_, rest, _ := strings.Cut(out.String(), "grandchild ")
	grand, _ := strconv.Atoi(strings.Fields(rest)[0])
	root.Process.Kill()
	var childGone, grandGone time.Time
	for end := time.Now().Add(10*time.Second + 3*LostAfter); childGone.IsZero() || grandGone.IsZero(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("still running after the root's death: child %v, grandchild %v", alive(child), alive(grand))
		}
		if childGone.IsZero() && !alive(child) {
			childGone = time.Now()
		}
		if grandGone.IsZero() && !alive(grand) {
			grandGone = time.Now()
		}
	}
	if d := grandGone.Sub(childGone); d > LostAfter/2 {
		t.Errorf("the grandchild outlived its parent by %v after the root died", d)
	}
}

// freePort is a port free on loopback for now, for a server to bind a
// moment later. It is drawn below Linux's ephemeral range (32768 and up):
// a port the kernel gave out and took back could meanwhile become the
// local port of some test's outgoing connection, and the server's bind
// would fail (it then waits 30 s for a listener that never comes).
func freePort(t *testing.T) int {
	t.Helper()
	for range 1000 {
		port := 20000 + rand.IntN(12000)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue
		}
		l.Close()
		return port
	}
	t.Fatal("no free port in 20000-31999")
	return 0
}

// threeServers is a JetStream cluster of three servers in this process,
// a root's launcher creating the assets replicated on the three (out
// collects its output) and a worker with two slots (its connection).
func threeServers(t *testing.T) ([]*server.Server, *Launcher, *syncBuffer, *nats.Conn) {
	servers, url, k := threeServerCluster(t)
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, url, k), k.kp, 3, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return servers, l, out, startWorker(t, url, k, 2, k)
}

// testRouteSecret is the route secret of the tests' clusters.
var testRouteSecret = []byte("the tests' route secret, 32 byte")

// threeServerCluster is a JetStream cluster of three servers in this
// process, their URLs and the key they accept.
func threeServerCluster(t *testing.T) ([]*server.Server, string, key) {
	k := newKey(t)
	ports := []int{freePort(t), freePort(t), freePort(t)}
	var routes []string
	for _, p := range ports {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", p))
	}
	var servers []*server.Server
	var urls []string
	for i, p := range ports {
		s, err := StartServer(ServerConfig{
			Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub},
			Name: fmt.Sprintf("s%d", i), ClusterName: "test", ClusterListen: fmt.Sprintf("127.0.0.1:%d", p), Routes: routes,
			RouteSecret: testRouteSecret,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
		servers = append(servers, s)
		urls = append(urls, s.ClientURL())
	}
	return servers, strings.Join(urls, ","), k
}

// TestFailover: three servers, everything replicated three times; one
// server is shut down in the middle of a run of processes: every process
// runs once and its exit code reaches the root.
func TestFailover(t *testing.T) {
	servers, l, out, _ := threeServers(t)
	src := `
load("multiprocessing", "Process")
load("sys", "exit")
load("time", "sleep")

def f(i):
    sleep(0.2)
    exit(i % 7)

if __name__ == "__main__":
    for batch in range(6):
        ps = [Process(target=f, args=(2 * batch + j,)) for j in range(2)]
        for p in ps:
            p.start()
        print("started", batch)
        codes = []
        for p in ps:
            p.join()
            codes.append(p.exitcode)
        print("codes", codes)
`
	done := make(chan error, 1)
	go func() { done <- script(t, l, out, src, map[string]string{}) }()
	waitFor(t, 60*time.Second, "the first batch", func() bool { return strings.Contains(out.String(), "started 1") })
	servers[0].Shutdown()
	if err := <-done; err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for batch := range 6 {
		want := fmt.Sprintf("codes [%d, %d]\n", (2*batch)%7, (2*batch+1)%7)
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestPool: a Pool's workers are jobs, fed from the pool's task subject:
// map, chunks, apply_async, imap, errors, a task that kills its worker
// (WorkerLostError, once: no loop), timeout=, terminate; more workers
// than slots (the late ones join when a slot frees).
func TestPool(t *testing.T) {
	l, out, _, _ := cluster1(t, 3)
	src := `
load("multiprocessing", "Pool", "current_process")
load("os", "getenv", "getpid", "kill")
load("time", "sleep")

def sq(x):
    return x * x

def job(x):
    # A job's process: its worker started it with the mark, which the
    # script does not see (os.environ is its parent's).
    f = open("/proc/self/environ")
    env = f.read()
    f.close()
    return "` + JobEnv + `=1" in env and getenv("` + JobEnv + `") == None and current_process().name.startswith("SpawnPoolWorker-")

def boom(x):
    return {}[x]

def work(x):
    if x == "kill":
        kill(getpid(), 9)
    return x

def show(label, fn, *args, **kwargs):
    v, err = catch(fn, *args, **kwargs)
    if err:
        s = str(err)
        print(label, "->", s[:s.find(" ")], "(pid" in s, "KeyError" in s)
    else:
        print(label, "->", v)

if __name__ == "__main__":
    p = Pool(4)
    print(p.map(sq, range(10)))
    print(p.map(sq, range(7), chunksize=3))
    print(all(p.map(job, range(8), chunksize=1)))
    print(p.apply_async(sq, (7,)).get(timeout=60))
    print(sorted(p.imap_unordered(sq, range(5))))
    print(list(p.imap(sq, range(5), chunksize=2)))
    show("boom", p.apply, boom, ("k",))
    show("kill", p.apply, work, ("kill",))
    show("after", p.apply, work, ("fine",))
    show("timeout", p.apply, sleep, (60,), timeout=0.3)
    p.close()
    p.join()
    p = Pool(1)
    r = p.apply_async(sleep, (60,))
    sleep(0.5)
    p.terminate()
    show("terminated", r.get, 10)
`
	if err := script(t, l, out, src, map[string]string{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := `[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
[0, 1, 4, 9, 16, 25, 36]
True
49
[0, 1, 4, 9, 16]
[0, 1, 4, 9, 16]
boom -> KeyError: False True
kill -> WorkerLostError: True False
after -> fine
timeout -> TimeoutError: True False
terminated -> RuntimeError: False False
`
	if got := out.String(); !strings.Contains(got, want) {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

// TestPoolWorkerLost: a worker machine dying in the middle of a map fails
// the task it held with WorkerLostError; the pool goes on with the other.
func TestPoolWorkerLost(t *testing.T) {
	w, l, out := workerSubprocess(t)
	src := `
load("multiprocessing", "Pool")
load("os", "getpid")
load("time", "sleep")

def slow(x):
    print("task", x, "in", getpid())
    sleep(600)

if __name__ == "__main__":
    p = Pool(1)
    r = p.apply_async(slow, (1,))
    v, err = catch(r.get, 60)
    s = str(err)
    print("lost:", s[:s.find(":")])
    p.terminate()
`
	done := make(chan error, 1)
	go func() { done <- script(t, l, out, src, map[string]string{}) }()
	waitFor(t, 60*time.Second, "the task to start", func() bool { return strings.Contains(out.String(), "task 1 in") })
	w.Process.Kill()
	if err := <-done; err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "lost: WorkerLostError\n") {
		t.Errorf("output:\n%s", out.String())
	}
}

// TestDeadRootJobDropped: a job left queued by a root that died is not
// run by a worker that comes later.
func TestDeadRootJobDropped(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	nc := dial(t, s.ClientURL(), k)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := setup(ctx, js, 1); err != nil {
		t.Fatal(err)
	}
	e := &envelope{ID: "orphan", Root: "a-root-that-never-beats", Name: "Process-1", Build: runtime.BuildID()}
	if err := e.sign(k.kp); err != nil {
		t.Fatal(err)
	}
	events, err := nc.SubscribeSync(evPrefix + ".orphan")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(e)
	// Published once the worker has listened for roots longer than
	// LostAfter: the root is known dead by then.
	log := &syncBuffer{}
	w := &Worker{NC: dial(t, s.ClientURL(), k), Slots: 1, Trust: Trust{k.pub: true}, Log: log}
	wctx, wcancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	defer func() { wcancel(); <-done }()
	time.Sleep(LostAfter + time.Second)
	if _, err := js.Publish(ctx, jobSubject, data); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the worker to drop the job", func() bool { return strings.Contains(log.String(), "dropped job orphan (Process-1): its root is gone") })
	if m, err := events.NextMsg(100 * time.Millisecond); err == nil {
		t.Errorf("the job of a dead root reported %q", m.Data)
	}
}

// TestPoolRetries: Pool(retries=k) over the cluster: a task whose worker
// is lost runs again, on a fresh worker; a task that kills every worker
// ends after k+1 runs as WorkerLostError.
func TestPoolRetries(t *testing.T) {
	l, out, _, _ := cluster1(t, 2)
	marks := t.TempDir()
	src := `
load("multiprocessing", "Pool")
load("os", "getpid", "kill")

def flaky(path):
    # kills its worker the first time only (the file says it ran)
    _, err = catch(open, path)
    if err:
        f = open(path, "w")
        f.write("ran")
        f.close()
        kill(getpid(), 9)
    return "ok on a second run"

def deadly(x):
    kill(getpid(), 9)

if __name__ == "__main__":
    p = Pool(1, retries=1)
    print(p.apply(flaky, ("` + marks + `/flaky",)))
    v, err = catch(p.apply, deadly, (0,))
    s = str(err)
    print(s[:s.find(":")])
    p.close()
    p.join()
`
	if err := script(t, l, out, src, map[string]string{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if want := "ok on a second run\nWorkerLostError\n"; !strings.Contains(out.String(), want) {
		t.Errorf("output:\n%s\nwant %q", out.String(), want)
	}
}

// TestSignalSigned: a worker obeys only signals signed by the job's
// submitter: a forged or unsigned kill is ignored, the root's is obeyed.
func TestSignalSigned(t *testing.T) {
	l, out, k, s := cluster1(t, 1)
	done := make(chan error, 1)
	go func() { done <- script(t, l, out, sleeperPid, map[string]string{}) }()
	waitFor(t, 60*time.Second, "the child to start", func() bool { return pidIn(out.String()) != 0 })
	pid := pidIn(out.String())
	l.mu.Lock()
	var id string
	for jid := range l.remotes {
		id = jid
	}
	l.mu.Unlock()
	nc := dial(t, s.ClientURL(), k)
	kill := []byte(strconv.Itoa(int(syscall.SIGKILL)))
	nc.Publish(ctlPrefix+"."+id, kill) // unsigned
	other := newKey(t)
	forged, _ := other.kp.Sign(signalBody(id, kill))
	m := nats.NewMsg(ctlPrefix + "." + id)
	m.Data = kill
	m.Header.Set(sigHeader, base64.StdEncoding.EncodeToString(forged))
	nc.PublishMsg(m)
	nc.Flush()
	time.Sleep(500 * time.Millisecond)
	if !alive(pid) {
		t.Fatal("an unsigned or forged signal killed the job")
	}
	l.mu.Lock()
	r := l.remotes[id]
	l.mu.Unlock()
	if err := r.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "exitcode -9\n") {
		t.Errorf("output:\n%s", out.String())
	}
}

// TestCountsAfterWrite: what a put or a send stored is counted at once, as
// a local queue or pipe counts it: full() just after filling a queue,
// qsize() and poll() just after a send. The consumer's own count lags the
// stream's; reading it made full() answer False once in a CI run.
func TestCountsAfterWrite(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, &syncBuffer{}, &syncBuffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	ctx := context.Background()
	q, err := l.NewQueue(2)
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := l.NewPipe(false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		if err := q.Put(ctx, []byte("a"), 0); err != nil {
			t.Fatal(err)
		}
		if q.Full() || q.Len() != 1 || q.Empty() {
			t.Fatalf("round %d, one item: full %v len %d empty %v", i, q.Full(), q.Len(), q.Empty())
		}
		if err := q.Put(ctx, []byte("b"), 0); err != nil {
			t.Fatal(err)
		}
		if !q.Full() || q.Len() != 2 {
			t.Fatalf("round %d, two items: full %v len %d", i, q.Full(), q.Len())
		}
		if err := q.Put(ctx, []byte("c"), 0); !errors.Is(err, objects.ErrFull) {
			t.Fatalf("round %d: put into a full queue: %v", i, err)
		}
		for _, want := range []string{"a", "b"} {
			got, err := q.Get(ctx, time.Second)
			if err != nil || string(got) != want {
				t.Fatalf("round %d: get = %q, %v; want %q", i, got, err, want)
			}
		}
		if q.Full() || q.Len() != 0 || !q.Empty() {
			t.Fatalf("round %d, emptied: full %v len %d empty %v", i, q.Full(), q.Len(), q.Empty())
		}

		if ok, err := r.Poll(ctx, 0); ok || err != nil {
			t.Fatalf("round %d: poll of an empty pipe = %v, %v", i, ok, err)
		}
		if err := w.Send(ctx, []byte("m")); err != nil {
			t.Fatal(err)
		}
		if ok, err := r.Poll(ctx, 0); !ok || err != nil {
			t.Fatalf("round %d: poll just after a send = %v, %v", i, ok, err)
		}
		if got, err := r.Recv(ctx, time.Second); err != nil || string(got) != "m" {
			t.Fatalf("round %d: recv = %q, %v", i, got, err)
		}
	}
}

// TestPipeWaitRunsOut: a recv whose wait has run out by the time it asks
// the server (a loaded machine) is a timeout, or the message already
// there, never an error of the client library's (a Manager started in a
// child took that for its server's death).
func TestPipeWaitRunsOut(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	l := quietLauncher(t, s, k)
	ctx := context.Background()
	r, w, err := l.NewPipe(false)
	if err != nil {
		t.Fatal(err)
	}
	rc := r.(*clConn)
	cons, err := rc.consumer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if msg, err := rc.fetch(ctx, cons, time.Nanosecond); msg != nil || err != nil {
		t.Fatalf("fetch from an empty pipe, the wait run out = %v, %v; want nothing", msg, err)
	}
	if _, err := r.Recv(ctx, time.Microsecond); !errors.Is(err, objects.ErrTimeout) {
		t.Fatalf("recv from an empty pipe with 1µs = %v; want a timeout", err)
	}
	if err := w.Send(ctx, []byte("m")); err != nil {
		t.Fatal(err)
	}
	// The recv above left a receive running, which gives back what it gets.
	if got, err := r.Recv(ctx, 10*time.Second); string(got) != "m" || err != nil {
		t.Fatalf("recv of a waiting message = %q, %v; want it", got, err)
	}
}

// TestPipeRecvInterrupted: a recv whose context ends (a signal's handler
// is to run) takes nothing, and the recv after it receives the messages in
// the order they were sent, at once: not the second before the first, nor
// the first after its 5 s redelivery (its fetch cut off, it would wait for
// that). The same after a recv's timeout.
func TestPipeRecvInterrupted(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	l := quietLauncher(t, s, k)
	ctx := context.Background()
	r, w, err := l.NewPipe(false)
	if err != nil {
		t.Fatal(err)
	}
	if !objects.Interruptible(r) {
		t.Fatal("a cluster Connection's recv is not interruptible")
	}
	for round := 0; round < 3; round++ {
		cctx, cancel := context.WithCancel(ctx)
		go func() {
			time.Sleep(50 * time.Millisecond)
			cancel()
		}()
		if _, err := r.Recv(cctx, -1); !errors.Is(err, context.Canceled) {
			t.Fatalf("round %d: interrupted recv = %v; want context.Canceled", round, err)
		}
		if _, err := r.Recv(ctx, time.Millisecond); !errors.Is(err, objects.ErrTimeout) {
			t.Fatalf("round %d: recv with 1ms = %v; want a timeout", round, err)
		}
		for _, m := range []string{"first", "second", "third"} {
			if err := w.Send(ctx, []byte(m)); err != nil {
				t.Fatal(err)
			}
		}
		for _, want := range []string{"first", "second", "third"} {
			// Under the 5 s a message cut off in its fetch waits.
			got, err := r.Recv(ctx, 4*time.Second)
			if err != nil || string(got) != want {
				t.Fatalf("round %d: recv = %q, %v; want %q", round, got, err, want)
			}
		}
	}
	w.Close()
	if _, err := r.Recv(ctx, 30*time.Second); !errors.Is(err, objects.ErrEOF) {
		t.Fatalf("recv after the writer closed = %v; want EOF", err)
	}
}

// TestQueueGetOrder: after one process's get, another process's gets
// receive the next items in order, at once (no item is held for the first
// process, not even until the 5 s redelivery); and a get with no wait sees
// an item put just before, as the consumer catches up with the stream.
func TestQueueGetOrder(t *testing.T) {
	k := newKey(t)
	s := startServer(t, k)
	newLauncher := func() *Launcher {
		l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, &syncBuffer{}, &syncBuffer{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(l.Close)
		return l
	}
	a, b := newLauncher(), newLauncher()
	b.root = a.rootID() // b is a process of a's run
	ctx := context.Background()
	qa, err := a.NewQueue(0)
	if err != nil {
		t.Fatal(err)
	}
	qb, err := b.AttachQueue(qa.Handle())
	if err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		for i := range 3 {
			if err := qa.Put(ctx, []byte{byte(i)}, -1); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := qa.Get(ctx, -1); err != nil || got[0] != 0 {
			t.Fatalf("round %d: a's get = %v, %v", round, got, err)
		}
		// Well under redeliverAfter: only an item given back comes.
		for i := 1; i < 3; i++ {
			if got, err := qb.Get(ctx, 2*time.Second); err != nil || got[0] != byte(i) {
				t.Fatalf("round %d: b's get %d = %v, %v", round, i, got, err)
			}
		}
		if _, err := qb.Get(ctx, 0); !errors.Is(err, objects.ErrEmpty) {
			t.Fatalf("round %d: get_nowait of an empty queue: %v", round, err)
		}
		if err := qa.Put(ctx, []byte{9}, -1); err != nil {
			t.Fatal(err)
		}
		if got, err := qa.Get(ctx, 0); err != nil || got[0] != 9 {
			t.Fatalf("round %d: get_nowait of one item = %v, %v", round, got, err)
		}
	}
}

// TestPoolTaskForged: a peer the workers do not trust, though the server
// admits it, reads a task the pool's owner handed to a worker and sends
// it to that worker again: as the answer to a later request (its number
// changed: the authentication fails) and as it was (the answer to a past
// request). The worker drops the first, and says so, and ignores the
// second, instead of running the function again; the pool's own tasks run
// once each.
func TestPoolTaskForged(t *testing.T) {
	k, stranger := newKey(t), newKey(t)
	s := startServer(t, k, stranger)
	startWorker(t, s.ClientURL(), k, 2, k)
	out := &syncBuffer{}
	l, err := NewLauncher(dial(t, s.ClientURL(), k), k.kp, 1, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)

	dir := t.TempDir()
	logFile, goFile := filepath.Join(dir, "log"), filepath.Join(dir, "go")
	nc := dial(t, s.ClientURL(), stranger)
	forged := make(chan error, 1)
	var once sync.Once
	forge := func(m *nats.Msg) error {
		// The answer to request n, the "mark" task: sent as the answer to
		// request n+2 (mark's is n, hold's n+1), and as it was.
		n, k := binary.Uvarint(m.Data[1:])
		if k <= 0 {
			return fmt.Errorf("not an answer: %q", m.Data)
		}
		later := append(binary.AppendUvarint([]byte{m.Data[0]}, n+2), m.Data[1+k:]...)
		nc.Publish(m.Subject, later)
		nc.Publish(m.Subject, m.Data)
		if err := nc.Flush(); err != nil {
			return err
		}
		return os.WriteFile(goFile, nil, 0o644)
	}
	sub, err := nc.Subscribe("_INBOX.>", func(m *nats.Msg) {
		if len(m.Data) > 0 && m.Data[0] == answerTask && strings.Contains(string(m.Data), "mark") {
			once.Do(func() { forged <- forge(m) })
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()

	src := fmt.Sprintf(`
load("multiprocessing", "Pool")
load("os", "path")
load("time", "sleep")

def mark(x):
    f = open(%[1]q, "a")
    f.write(x + "\n")
    f.close()
    return x

def hold(x):
    for _ in range(6000):
        if path.exists(%[2]q):
            break
        sleep(0.01)
    return x

if __name__ == "__main__":
    p = Pool(1)
    r = p.apply_async(mark, ("legit",))
    h = p.apply_async(hold, (0,))
    print(r.get(), h.get(), p.apply(mark, ("after",)))
    p.close()
    p.join()
`, logFile, goFile)
	if err := script(t, l, out, src, map[string]string{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if err := <-forged; err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(logFile)
	if string(got) != "legit\nafter\n" || !strings.Contains(out.String(), "legit 0 after") ||
		strings.Count(out.String(), "dropped a Pool task not signed by the pool's owner") != 1 {
		t.Errorf("runs of mark:\n%s\noutput:\n%s", got, out.String())
	}
}

// blackhole is a TCP proxy to addr that can stop forwarding without
// closing anything: a server whose machine vanished, as its clients see it
// (no FIN, no RST; only silence).
type blackhole struct {
	ln     net.Listener
	silent atomic.Bool
}

func newBlackhole(t *testing.T, addr string) *blackhole {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &blackhole{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			t.Cleanup(func() { c.Close(); s.Close() })
			pipe := func(dst, src net.Conn) {
				buf := make([]byte, 32<<10)
				for {
					n, err := src.Read(buf)
					if err != nil {
						return
					}
					if !b.silent.Load() {
						dst.Write(buf[:n])
					}
				}
			}
			go pipe(s, c)
			go pipe(c, s)
		}
	}()
	return b
}

func (b *blackhole) url() string { return "nats://" + b.ln.Addr().String() }

// TestServerVanishes: the root's server stops answering without closing
// its connections (its machine is gone): the root notices within seconds,
// moves to another server, and its job, which the workers would kill once
// the root's heartbeats stopped (after minutes of the client's default
// pings), lives on and ends normally. Lines it prints while the root moves
// can be lost (events travel on plain subjects: the README says so); the
// later ones arrive.
func TestServerVanishes(t *testing.T) {
	servers, _, k := threeServerCluster(t)
	bh := newBlackhole(t, strings.TrimPrefix(servers[0].ClientURL(), "nats://"))
	var others []string
	for _, s := range servers[1:] {
		others = append(others, s.ClientURL())
	}
	// The root reaches servers[0] through the proxy first; the worker
	// another server.
	nc, err := Conn{URL: bh.url() + "," + strings.Join(others, ","), Creds: k.creds}.dial(nats.DontRandomize())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	out := &syncBuffer{}
	l, err := NewLauncher(nc, k.kp, 3, out, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	startWorker(t, others[0], k, 2, k)
	src := `
load("multiprocessing", "Process")
load("time", "sleep")

def talk(n):
    for i in range(n):
        print("line", i)
        sleep(0.02)

if __name__ == "__main__":
    p = Process(target=talk, args=(400,))
    p.start()
    p.join()
    print("exit", p.exitcode)
`
	done := make(chan error, 1)
	go func() { done <- script(t, l, out, src, map[string]string{}) }()
	waitFor(t, 60*time.Second, "the first lines", func() bool { return strings.Contains(out.String(), "line 20\n") })
	bh.silent.Store(true)
	if err := <-done; err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if o := out.String(); !strings.Contains(o, "line 399\n") || !strings.Contains(o, "exit 0\n") {
		t.Errorf("the job did not live on:\n%s", o)
	}
}
