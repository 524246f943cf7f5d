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
// Chunks of a megabyte and more are mapped outside the Go heap, already
// faulted in (MAP_POPULATE): faulted in by the read, their pages were
// zeroed while the pipe's lock was held and the writing program spun on it.
// At the end they are moved, not copied, into the joined bytes (see move):
// on the heap, 100 MB of chunks made the garbage collector run again and
// again while they were read, and copied, they cost a second pass over the
// output.
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
	chunks []chunk // full ones, and the current one last
	free   []byte  // the current chunk's unread part
	size   int     // the next chunk's
	total  int
}

// chunk is a part of the output: in the Go heap, or mapped outside it and
// then either unmapped after the join or moved into the joined bytes.
type chunk struct {
	b      []byte
	mapped bool
	moved  bool
}

// space is where the next bytes go: the current chunk's free part, or a
// new chunk.
func (a *accum) space() []byte {
	if len(a.free) > 0 {
		return a.free
	}
	a.size = min(max(2*a.size, 64<<10), 16<<20)
	c := chunk{}
	if a.size >= 1<<20 {
		if m, err := unix.Mmap(-1, 0, a.size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_POPULATE); err == nil {
			c = chunk{b: m, mapped: true}
		}
	}
	if c.b == nil {
		c.b = make([]byte, a.size)
	}
	a.free = c.b
	c.b = c.b[:0]
	a.chunks = append(a.chunks, c)
	return a.free
}

// add records n bytes written at the start of space().
func (a *accum) add(n int) {
	if n <= 0 {
		return
	}
	c := &a.chunks[len(a.chunks)-1]
	c.b = c.b[:len(c.b)+n]
	a.free = a.free[n:]
	a.total += n
}

// bytes joins what was read (empty, not nil, for nothing) and unmaps the
// chunks.
func (a *accum) bytes() []byte {
	defer func() {
		for _, c := range a.chunks {
			if c.mapped && !c.moved {
				unix.Munmap(c.b[:cap(c.b)])
			}
		}
		a.chunks = nil
	}()
	if len(a.chunks) == 0 {
		return []byte{}
	}
	if len(a.chunks) == 1 && !a.chunks[0].mapped {
		return a.chunks[0].b
	}
	out := make([]byte, a.total)
	moved := a.move(out)
	if a.total-moved < 16<<20 || goruntime.GOMAXPROCS(0) == 1 {
		if moved == 0 {
			populate(out)
		}
		copyRange(out, a.chunks, 0, a.total)
		return out
	}
	// Two halves at once, each faulted in and filled on a CPU of its own:
	// where move could not be used, the join was most of what check_output
	// spent after the program's end (100 MB about 13% faster).
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

// move hands the mapped chunks' pages to out where they belong (mremap),
// so they are neither copied nor out's own pages zeroed and faulted in, and
// marks them moved. It returns how many bytes it moved.
//
// out is a fresh large object of the Go heap: page-aligned, on pages of
// its own, and anonymous private memory as the chunks are, so which pages
// back it is of no concern to the runtime. Copied instead, 100 MB cost a
// second pass (its pages zeroed by the kernel, then the copy): 40% of
// check_output's CPU, where CPython grows its one buffer with mremap. Each
// move splits the heap's mapping, but at places inside the heap, so the
// number of mappings is bounded by the heap's size, not by the calls.
func (a *accum) move(out []byte) int {
	const page = 4096
	if uintptr(unsafe.Pointer(unsafe.SliceData(out)))%page != 0 {
		return 0
	}
	moved, at := 0, 0
	for i := range a.chunks {
		c := &a.chunks[i]
		n := (len(c.b) + page - 1) &^ (page - 1)
		if c.mapped && n > 0 && at%page == 0 {
			_, _, e := unix.Syscall6(unix.SYS_MREMAP, uintptr(unsafe.Pointer(unsafe.SliceData(c.b))), uintptr(n), uintptr(n),
				unix.MREMAP_MAYMOVE|unix.MREMAP_FIXED, uintptr(unsafe.Pointer(&out[at])), 0)
			if e == 0 {
				c.moved = true
				moved += len(c.b)
				// What was mapped past n stays ours to unmap.
				if rest := c.b[n:cap(c.b)]; len(rest) > 0 {
					unix.Munmap(rest)
				}
			}
		}
		at += len(c.b)
	}
	return moved
}

// copyRange copies bytes [from, to) of the chunks not moved, end to end, to
// the same place in out.
func copyRange(out []byte, chunks []chunk, from, to int) {
	at := 0
	for _, c := range chunks {
		lo, hi := max(from, at), min(to, at+len(c.b))
		if lo < hi && !c.moved {
			copy(out[lo:hi], c.b[lo-at:hi-at])
		}
		at += len(c.b)
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
