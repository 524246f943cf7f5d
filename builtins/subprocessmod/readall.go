package subprocessmod

import (
	"io"
	goruntime "runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Reading a program's whole output (check_output, communicate).

// readAll reads r to its end as CPython's communicate does: chunks read
// aside, each larger than the last, and joined once at the end. io.ReadAll
// grows one buffer by a quarter at a time, so 100 MB of output cost dozens
// of copies, each into fresh memory to zero and fault in (a profile of
// check_output was mostly that).
//
// Chunks of a megabyte and more are mapped outside the Go heap and unmapped
// once joined: on the heap, 100 MB of chunks made the garbage collector run
// again and again while they were read (they are all live), and stayed in
// the process until scavenged. The joined result is faulted in with one
// madvise rather than a page at a time by the copy (together: check_output
// of 100 MB about 15% faster). What remains behind CPython is that copy:
// CPython grows one buffer with mremap, which the Go heap cannot.
func readAll(r io.Reader) ([]byte, error) {
	var a accum
	var err error
	for err == nil {
		var n int
		n, err = io.ReadFull(r, a.space())
		a.add(n)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return a.bytes(), err
}

// accum gathers output as readAll describes: in chunks, each twice the
// last, joined by bytes.
type accum struct {
	chunks [][]byte // full ones, and the current one last
	mapped [][]byte // chunks to unmap
	free   []byte   // the current chunk's unread part
	size   int      // the next chunk's
	total  int
}

// space is where the next bytes go: the current chunk's free part, or a
// new chunk.
func (a *accum) space() []byte {
	if len(a.free) > 0 {
		return a.free
	}
	a.size = min(max(2*a.size, 64<<10), 16<<20)
	var buf []byte
	if a.size >= 1<<20 {
		if m, err := unix.Mmap(-1, 0, a.size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS); err == nil {
			buf = m
			a.mapped = append(a.mapped, m)
		}
	}
	if buf == nil {
		buf = make([]byte, a.size)
	}
	a.chunks = append(a.chunks, buf[:0])
	a.free = buf
	return buf
}

// add records n bytes written at the start of space().
func (a *accum) add(n int) {
	if n <= 0 {
		return
	}
	c := &a.chunks[len(a.chunks)-1]
	*c = (*c)[:len(*c)+n]
	a.free = a.free[n:]
	a.total += n
}

// bytes joins what was read (empty, not nil, for nothing) and unmaps the
// chunks.
func (a *accum) bytes() []byte {
	defer func() {
		for _, m := range a.mapped {
			unix.Munmap(m)
		}
		a.mapped = nil
	}()
	if len(a.chunks) == 1 && len(a.mapped) == 0 {
		return a.chunks[0]
	}
	out := make([]byte, a.total)
	if a.total >= 16<<20 && goruntime.GOMAXPROCS(0) > 1 {
		// Two halves at once, each faulted in and filled on a CPU of its
		// own: the join is most of what check_output spends after the
		// program's end (100 MB about 13% faster).
		half := a.total / 2 &^ 4095
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			populate(out[:half])
			copyRange(out, a.chunks, 0, half)
		}()
		populate(out[half:])
		copyRange(out, a.chunks, half, a.total)
		wg.Wait()
		return out
	}
	populate(out)
	copyRange(out, a.chunks, 0, a.total)
	return out
}

// copyRange copies bytes [from, to) of the chunks, end to end, to the same
// place in out.
func copyRange(out []byte, chunks [][]byte, from, to int) {
	at := 0
	for _, c := range chunks {
		lo, hi := max(from, at), min(to, at+len(c))
		if lo < hi {
			copy(out[lo:hi], c[lo-at:hi-at])
		}
		at += len(c)
	}
}

// populate faults in the whole pages of b at once (MADV_POPULATE_WRITE,
// Linux 5.14; elsewhere the copy faults them in as before).
func populate(b []byte) {
	const page = 4096
	if len(b) < 1<<20 {
		return
	}
	base := uintptr(unsafe.Pointer(&b[0]))
	from := int((base+page-1)&^(page-1) - base)
	to := int((base+uintptr(len(b)))&^(page-1) - base)
	if to > from {
		unix.Madvise(b[from:to], unix.MADV_POPULATE_WRITE)
	}
}

// owned is b as a string without a copy: b is a fresh buffer that nothing
// else refers to or changes.
func owned(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
