package ptable

import (
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

func TestReserveCommitRelease(t *testing.T) {
	tab, err := Create(3, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if e, ok := tab.Lookup(os.Getpid()); !ok || e.Name != "MainProcess" || e.Slot != 0 {
		t.Fatalf("root entry = %+v, %v", e, ok)
	}
	a, err := tab.Reserve()
	if err != nil {
		t.Fatal(err)
	}
	b, err := tab.Reserve()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.Reserve(); !errors.Is(err, ErrFull) {
		t.Fatalf("fourth reservation in a table of 3: err = %v, want ErrFull", err)
	}
	tab.Cancel(b)
	if _, err := tab.Reserve(); err != nil {
		t.Fatalf("reserve after release: %v", err)
	}
	tab.Commit(a, os.Getpid(), os.Getppid(), "Process-1")
	tab.SetName(a, "renamed")
	found := false
	for _, e := range live(tab) {
		if e.Slot == a && e.Name == "renamed" {
			found = true
		}
	}
	if !found {
		t.Errorf("renamed entry not listed: %+v", live(tab))
	}
}

func TestCreateBounds(t *testing.T) {
	for _, n := range []int{0, -1, MaxLimit + 1} {
		if _, err := Create(n, "x"); err == nil {
			t.Errorf("Create(%d) succeeded", n)
		}
	}
}

// TestSweepFreesDead: slots of processes that died unseen (and reservations
// of dead reservers) are reclaimed when the table is full.
func TestSweepFreesDead(t *testing.T) {
	tab, err := Create(2, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	cmd := exec.Command("true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s, _ := tab.Reserve()
	tab.Commit(s, cmd.Process.Pid, os.Getpid(), "short-lived")
	cmd.Wait()
	if _, err := tab.Reserve(); err != nil {
		t.Fatalf("reserve after the holder died: %v", err)
	}
}

func TestOpenRejectsOtherFiles(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	f.Write(make([]byte, 4096))
	if _, err := Open(f); err == nil {
		t.Fatal("Open accepted a file that is not a process table")
	}
}

func TestAliveAndStartTime(t *testing.T) {
	st, err := StartTime(os.Getpid())
	if err != nil || st == 0 {
		t.Fatalf("StartTime = %d, %v", st, err)
	}
	if !Alive(os.Getpid(), st) || Alive(os.Getpid(), st+1) || Alive(0, 0) {
		t.Error("Alive disagrees with this process's identity")
	}
}

// TestOutputLockSerializes: writers holding the output lock never overlap,
// and a lock left by a dead holder is taken over.
func TestOutputLockSerializes(t *testing.T) {
	tab, err := Create(4, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	var mu sync.Mutex
	inside := 0
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				w := tab.Writer(writerFunc(func(p []byte) (int, error) {
					mu.Lock()
					inside++
					if inside != 1 {
						t.Error("two writes inside the output lock at once")
					}
					mu.Unlock()
					mu.Lock()
					inside--
					mu.Unlock()
					return len(p), nil
				}))
				w.Write([]byte("x"))
			}
		}()
	}
	wg.Wait()

	// A dead holder: the lock word names a pid that no longer runs.
	cmd := exec.Command("true")
	cmd.Run()
	tab.hdr.out = uint32(cmd.Process.Pid)
	done := make(chan struct{})
	go func() { tab.LockOutput(); tab.UnlockOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("output lock of a dead holder was never taken over")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestReleaseAfterSweep: a parent's release comes after its child is reaped,
// but a sweep frees the slot as soon as the child is a zombie, and another
// process may take it at once; the late release must leave that process's
// slot alone. (Freeing it let a tree under --max-procs 6 hold 9 processes.)
func TestReleaseAfterSweep(t *testing.T) {
	tab, err := Create(2, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	deadPid := gone.Process.Pid

	s, err := tab.Reserve()
	if err != nil {
		t.Fatal(err)
	}
	tab.Commit(s, deadPid, os.Getpid(), "Process-1")
	if n := tab.Sweep(); n != 1 {
		t.Fatalf("sweep freed %d slots, want the dead process's", n)
	}
	s2, err := tab.Reserve()
	if err != nil || s2 != s {
		t.Fatalf("reserve after sweep: slot %d, %v; want slot %d", s2, err, s)
	}
	live := os.Getppid() // any live process but the root
	tab.Commit(s2, live, os.Getpid(), "Process-2")

	tab.Release(s, deadPid) // the parent reaps the first child, late
	if e, ok := tab.Lookup(live); !ok || e.Name != "Process-2" {
		t.Fatalf("the late release freed the slot's new owner: %+v %v", e, ok)
	}
	if _, err := tab.Reserve(); !errors.Is(err, ErrFull) {
		t.Fatalf("a third process fits in a table of 2: %v", err)
	}
	tab.Cancel(s2) // not a reservation any more: no effect
	if _, ok := tab.Lookup(live); !ok {
		t.Fatal("Cancel freed a committed slot")
	}
}

// TestSpareSlots: a spare's slot counts against the limit, is not a live
// entry, and a Reserve that finds the table full takes it and kills the
// spare first; its keeper's ClaimSpare then fails.
func TestSpareSlots(t *testing.T) {
	tab, err := Create(2, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	i, err := tab.ReserveSpare()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.ReserveFree(); !errors.Is(err, ErrFull) {
		t.Fatalf("ReserveFree with a spare in the last slot: err = %v, want ErrFull", err)
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	defer cmd.Process.Kill()
	if !tab.CommitSpare(i, cmd.Process.Pid, 0, 0) {
		t.Fatal("CommitSpare failed on an untouched slot")
	}
	if len(live(tab)) != 1 {
		t.Fatalf("live entries %+v: a spare is not one", live(tab))
	}
	got, err := tab.Reserve()
	if err != nil || got != i {
		t.Fatalf("Reserve in a table full of spares = %d, %v; want slot %d", got, err, i)
	}
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
		t.Fatal("the spare whose slot was taken is still running")
	}
	if tab.ClaimSpare(i, cmd.Process.Pid) {
		t.Fatal("ClaimSpare succeeded on a taken slot")
	}
	tab.ReleaseSpare(i, cmd.Process.Pid) // not the keeper's any more: no effect
	if _, err := tab.ReserveFree(); !errors.Is(err, ErrFull) {
		t.Fatalf("the taken slot was freed by ReleaseSpare: err = %v", err)
	}
	tab.Cancel(i)

	// A spare that is being started (no pid yet) is taken the same way;
	// its keeper's CommitSpare then fails.
	j, err := tab.ReserveSpare()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tab.Steal(); err != nil || got != j {
		t.Fatalf("Steal = %d, %v; want %d", got, err, j)
	}
	if tab.CommitSpare(j, os.Getpid(), 0, 0) {
		t.Fatal("CommitSpare succeeded on a taken slot")
	}
	tab.Cancel(j)

	// The keeper's own claim and release.
	k, _ := tab.ReserveSpare()
	if !tab.CommitSpare(k, os.Getpid(), 0, 0) || !tab.ClaimSpare(k, os.Getpid()) {
		t.Fatal("keeper could not claim its spare's slot")
	}
	tab.Cancel(k)
	k, _ = tab.ReserveSpare()
	tab.CommitSpare(k, os.Getpid(), 0, 0)
	tab.ReleaseSpare(k, os.Getpid())
	if _, err := tab.ReserveFree(); err != nil {
		t.Fatalf("slot not free after ReleaseSpare: %v", err)
	}
}

// TestProgramSlot: a program's slot (CommitProgram) is listed as one, with
// its start time, and its commit and release leave the generation word (the
// root's death watcher's wake-up) alone, where a process's move it; a dead
// program's slot is swept as any.
func TestProgramSlot(t *testing.T) {
	tab, err := Create(2, "MainProcess")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	gen := *tab.Gen()
	s, _ := tab.Reserve()
	tab.CommitProgram(s, cmd.Process.Pid, os.Getpid(), "sleep", 0, 0)
	e, ok := tab.Lookup(cmd.Process.Pid)
	st, _ := StartTime(cmd.Process.Pid)
	if !ok || !e.Program || e.Name != "sleep" || e.StartTime == 0 || e.StartTime != st {
		t.Fatalf("program entry = %+v, %v (start time %d)", e, ok, st)
	}
	if root, _ := tab.Lookup(os.Getpid()); root.Program {
		t.Error("the root is listed as a program")
	}
	tab.ReleaseProgram(s, cmd.Process.Pid)
	if _, ok := tab.Lookup(cmd.Process.Pid); ok {
		t.Error("released program still listed")
	}
	if g := *tab.Gen(); g != gen {
		t.Errorf("generation moved from %d to %d by a program", gen, g)
	}
	s, _ = tab.Reserve()
	tab.Commit(s, cmd.Process.Pid, os.Getpid(), "Process-1") // a process again, in the same slot
	if e, _ := tab.Lookup(cmd.Process.Pid); e.Program {
		t.Error("a process committed in a program's old slot is listed as a program")
	}
	if *tab.Gen() == gen {
		t.Error("a process's commit left the generation alone")
	}
	tab.Release(s, cmd.Process.Pid)

	s, _ = tab.Reserve()
	tab.CommitProgram(s, cmd.Process.Pid, os.Getpid(), "sleep", 0, 0)
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := tab.Reserve(); err != nil {
		t.Fatalf("reserve after the program died: %v", err)
	}
}

// TestBootTicks: the start time taken from the clock around a process's
// creation is the one /proc gives, and once that is seen, no /proc read is
// needed; a window that spans a tick reads /proc.
func TestBootTicks(t *testing.T) {
	bootTicksOK.Store(0)
	defer bootTicksOK.Store(0)
	matched := 0
	for i := 0; i < 20; i++ {
		before := BootTicks()
		cmd := exec.Command("sleep", "30")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := BootTicks()
		pid := cmd.Process.Pid
		st, err := StartTime(pid)
		if err != nil {
			t.Fatal(err)
		}
		if got := startTimeBetween(pid, before, after); got != st {
			t.Errorf("start time %d, /proc says %d (clock %d..%d)", got, st, before, after)
		}
		if before == after {
			matched++
			if st != before {
				t.Errorf("clock %d around the start, /proc says %d", before, st)
			}
		}
		if got := startTimeBetween(pid, before, after+1); got != st {
			t.Errorf("start time %d over a tick boundary, /proc says %d", got, st)
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
	if matched > 0 && bootTicksOK.Load() != 1 {
		t.Errorf("the clock agreed with /proc %d times, yet is not trusted", matched)
	}
}

// live lists the committed entries, names included.
func live(tab *Table) []Entry {
	var out []Entry
	tab.EachLive(func(e Entry) {
		e.Name = tab.NameOf(e.Slot)
		out = append(out, e)
	})
	return out
}
