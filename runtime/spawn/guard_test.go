package spawn

import (
	"os"
	"reflect"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestGuardGroups: the guard keeps the groups registered and not
// released (those whose leader was reaped marked so), whatever the writes' sizes (lines split between reads), and
// reads what was written while it slept once the writer is gone, without
// waiting for the end of its batch (an hour here: a guard that waited for
// it would hang the test).
func TestGuardGroups(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	result := make(chan map[int]bool, 1)
	go func() { result <- guardGroups(int(r.Fd()), time.Hour) }()
	w.Write(guardLine('+', 100))
	w.Write([]byte("+20"))
	time.Sleep(10 * time.Millisecond) // let the guard read what came (it then sleeps)
	w.Write([]byte("0\n-100\n+300\n"))
	for g := 1000; g < 6000; g++ { // more than one read's worth
		w.Write(guardLine('+', g))
		w.Write(guardLine('-', g))
	}
	w.Write([]byte("junk\n+1\n-\n+x\n"))
	w.Write(guardLine('+', 400))
	w.Write(guardLine('+', 500))
	w.Write(guardLine('~', 500)) // its leader reaped, members left
	w.Write(guardLine('~', 600)) // never registered: nothing
	w.Close()
	got := <-result
	want := map[int]bool{200: true, 300: true, 400: true, 500: false}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("guard holds %v, want %v", got, want)
	}
}

// TestCloseInherited: a descriptor above stderr without close-on-exec (one
// a process inherited) gets it, by close_range and by the scan of
// /proc/self/fd that older kernels use.
func TestCloseInherited(t *testing.T) {
	for name, f := range map[string]func(){"CloseInherited": CloseInherited, "scan": closeInheritedScan} {
		fd, err := syscall.Dup(2) // dup leaves close-on-exec off
		if err != nil {
			t.Fatal(err)
		}
		if flags, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); flags&unix.FD_CLOEXEC != 0 {
			t.Fatal("dup set close-on-exec")
		}
		f()
		if flags, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); flags&unix.FD_CLOEXEC == 0 {
			t.Errorf("%s: descriptor %d left without close-on-exec", name, fd)
		}
		if flags, _ := unix.FcntlInt(2, unix.F_GETFD, 0); flags&unix.FD_CLOEXEC != 0 {
			t.Errorf("%s: stderr marked close-on-exec", name)
		}
		syscall.Close(fd)
	}
}
