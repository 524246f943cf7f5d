package shm

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime/ptable"
)

// Multi-process tests re-execute the test binary with SHM_CHILD naming a
// role; the arena is fd 3 and the process table fd 4, as the real spawner
// passes them.
const (
	envRole = "SHM_CHILD"
	envArgs = "SHM_ARGS"
)

var children = map[string]func(c *child) int{}

type child struct {
	a    *Arena
	t    *ptable.Table
	args []string
}

func (c *child) handle(i int) []byte {
	b, err := hex.DecodeString(c.args[i])
	if err != nil {
		panic(err)
	}
	return b
}

func (c *child) int(i int) int {
	n, err := strconv.Atoi(c.args[i])
	if err != nil {
		panic(err)
	}
	return n
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		fn := children[role]
		if fn == nil {
			fmt.Fprintln(os.Stderr, "unknown child role", role)
			os.Exit(99)
		}
		a, err := Open(os.NewFile(3, "arena"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(98)
		}
		t, err := ptable.Open(os.NewFile(4, "ptable"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(98)
		}
		a.SetTable(t)
		var args []string
		if s := os.Getenv(envArgs); s != "" {
			args = strings.Split(s, ",")
		}
		os.Exit(fn(&child{a, t, args}))
	}
	os.Exit(m.Run())
}

// tree is a test's process tree: an arena, a process table, and (when
// watching) the root's death watcher.
type tree struct {
	t      testing.TB
	a      *Arena
	pt     *ptable.Table
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	procs  []*proc
}

type proc struct {
	tr   *tree
	cmd  *exec.Cmd
	slot int
	name string
	wait chan error
	once sync.Once
	err  error
}

func newTree(t testing.TB, size int64, watch bool) *tree {
	a, err := Create(size)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := ptable.Create(64, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	tr := &tree{t: t, a: a, pt: pt}
	a.SetTable(pt)
	if watch {
		ctx, cancel := context.WithCancel(context.Background())
		tr.cancel = cancel
		tr.done = make(chan error, 1)
		go func() { tr.done <- a.Watch(ctx, pt) }()
	}
	t.Cleanup(tr.close)
	return tr
}

func (tr *tree) close() {
	tr.mu.Lock()
	procs := tr.procs
	tr.mu.Unlock()
	// Kill all first: a reap (in Wait) waits for the internal locks, which
	// a stopped process may hold.
	for _, p := range procs {
		p.cmd.Process.Kill()
	}
	for _, p := range procs {
		p.Wait()
	}
	if tr.cancel != nil {
		tr.cancel()
		select {
		case <-tr.done:
		case <-time.After(5 * time.Second):
			tr.t.Error("watcher did not stop")
		}
	}
	tr.a.Close()
	tr.pt.Close()
}

// spawn starts a child running role with args (handles are hex-encoded)
// and lists it in the process table.
func (tr *tree) spawn(role string, args ...any) *proc {
	tr.t.Helper()
	p := tr.start(role, args...)
	p.commit()
	return p
}

// commit lists a child from start in the process table, as the child of
// another process (this one's parent): the watcher then watches it, as it
// does a grandchild of the root, whose parent may die first. (Its own
// children a root reaps as it reaps them, and Watch leaves them alone.)
func (p *proc) commit() { p.tr.pt.Commit(p.slot, p.Pid(), os.Getppid(), p.name) }

// start is spawn without listing the child in the process table.
func (tr *tree) start(role string, args ...any) *proc {
	tr.t.Helper()
	var ss []string
	for _, x := range args {
		switch v := x.(type) {
		case []byte:
			ss = append(ss, hex.EncodeToString(v))
		default:
			ss = append(ss, fmt.Sprint(v))
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envRole+"="+role, envArgs+"="+strings.Join(ss, ","))
	cmd.ExtraFiles = []*os.File{tr.a.File(), tr.pt.File()}
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	slot, err := tr.pt.Reserve()
	if err != nil {
		tr.t.Fatal(err)
	}
	// The handles in the arguments are the child's once it starts, as
	// node.Spawn does with a bootstrap.
	var hs [][]byte
	for _, x := range args {
		if b, ok := x.([]byte); ok {
			hs = append(hs, b)
		}
	}
	tk := tr.a.Reserve(hs...)
	if err := cmd.Start(); err != nil {
		tk.Cancel()
		tr.pt.Cancel(slot)
		tr.t.Fatal(err)
	}
	tk.Give(cmd.Process.Pid)
	tr.mu.Lock()
	name := fmt.Sprintf("Process-%d", len(tr.procs)+1)
	p := &proc{tr: tr, cmd: cmd, slot: slot, name: name, wait: make(chan error, 1)}
	tr.procs = append(tr.procs, p)
	tr.mu.Unlock()
	go func() { p.wait <- cmd.Wait() }()
	return p
}

func (p *proc) Pid() int { return p.cmd.Process.Pid }

// Wait waits for the child, reaps it in the arena (as a parent does) and
// frees its ptable slot.
func (p *proc) Wait() error {
	p.once.Do(func() {
		select {
		case p.err = <-p.wait:
		case <-time.After(60 * time.Second):
			p.cmd.Process.Kill()
			p.err = <-p.wait
			if p.err == nil {
				p.err = fmt.Errorf("child %s timed out", p.name)
			}
		}
		p.tr.a.ReapDead(p.Pid())
		p.tr.pt.Release(p.slot, p.Pid())
	})
	return p.err
}

func (p *proc) mustSucceed(t testing.TB) {
	t.Helper()
	if err := p.Wait(); err != nil {
		t.Fatalf("%s (pid %d): %v", p.name, p.Pid(), err)
	}
}

func (p *proc) kill() { p.cmd.Process.Signal(syscall.SIGKILL) }

func u64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

func put64(v uint64) []byte {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v)
	return b
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func newArena(t testing.TB) *Arena {
	a, err := Create(1 << 30)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// deadPid returns the pid of a process that has exited (and been reaped),
// to stand for a process that died holding things.
func deadPid(t testing.TB) int {
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
