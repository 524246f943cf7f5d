package arena

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/ptable"
)

// DefaultSize is the arena's virtual size: sparse, so it costs address space,
// not memory, until pages are touched.
const DefaultSize = 16 << 30

// MaxSize is the largest arena (offsets of some blocks are kept as 32-bit
// multiples of 16 bytes).
const MaxSize = 64 << 30

const (
	arenaMagic = 0x31616e6572617370 // "psarena1"

	chunkShift = 16

	nSpanBuckets = 65 // free spans of 1..64 chunks, then one list for larger
	nClasses     = 9  // small classes 16, 32, ... 4096 bytes
	minClass     = 16
	maxSmall     = minClass << (nClasses - 1)

	arenaJournalCap = 64
	nInflight       = 2048

	// Freed spans stay resident ("dirty": their pages may still be in
	// memory) so that the next allocations reuse warm memory without page
	// faults. Once more than dirtyHigh chunks are dirty, the largest dirty
	// spans are punched out (returned to the OS) until at most dirtyLow
	// remain; Sweep punches those that stayed free a whole sweep period.
	dirtyHigh = 1024 // 64 MiB
	dirtyLow  = 512  // 32 MiB
)

// ChunkSize is the allocator's unit for spans and slabs (64 KiB); a queue
// segment is one chunk.
const ChunkSize = 1 << chunkShift

// DirtyHigh is how much freed memory (bytes) may stay resident before the
// allocator returns the excess to the OS.
const DirtyHigh = dirtyHigh * ChunkSize

const chunkSize = ChunkSize

// ObjJournalCap is the journal capacity of an object with an internal lock:
// its longest critical section's stores.
const ObjJournalCap = 14

// The ownership layer's records of reaped processes (names of the dead):
// NGrave of them, each name cut to GraveNameLen bytes.
const (
	NGrave       = 64
	GraveNameLen = 60
)

// Off is the position of an allocation in the arena, the same in every
// process that maps it.
type Off uint64

// header is the arena's first chunk.
type header struct {
	magic     uint64
	size      uint64
	id        uint64
	nchunks   uint32
	firstData uint32 // first chunk index the allocator may hand out
	lock      uint32 // robust lock word of allocator and registry
	objGen    uint32 // registry (ownership layer): generation of the last object created
	top       uint32 // chunks at and above top were never handed out
	dirty     uint32 // chunks in dirty free spans (pages may be resident)
	objHead   uint64 // registry (ownership layer): first object
	nobj      uint32 // registry: objects in it
	graveNext uint32 // names of the dead (ownership layer): next record
	punches   uint64 // hole punches done (diagnostics; not journaled)
	// Free span lists by length (chunk index, 0 = none): spanHead[0] for
	// clean spans (returned to the OS, or never used), spanHead[1] for
	// dirty ones. A free span is wholly one or the other.
	spanHead [2][nSpanBuckets]uint32
	_        [2]uint32
	// Small blocks by class; classes nClasses and up are the same sizes in
	// slabs reserved for shared objects.
	smallFree [2 * nClasses]uint64 // free lists of small blocks
	smallCur  [2 * nClasses]uint64 // bump position in the class's current slab
	smallEnd  [2 * nClasses]uint64
	jn        uint32
	_         uint32
	je        [arenaJournalCap]JEntry
	inflight  [nInflight]Slot
	grave     [NGrave]GraveSlot
}

// GraveSlot records the name of a reaped process (see Reserved).
type GraveSlot struct {
	Pid  uint32
	Name [GraveNameLen]byte
}

// Reserved is what chunk 0 keeps for the ownership layer: the object
// registry and the names of the dead. They live in the header because its
// layout is fixed, and are guarded by the arena lock (Lock) like the
// allocator, so that creating an object is one allocator transaction.
type Reserved struct {
	ObjGen    *uint32 // generation of the last object created
	ObjHead   *uint64 // first registered object
	NObj      *uint32 // registered objects
	GraveNext *uint32 // next grave record to write
	Grave     *[NGrave]GraveSlot
}

// Reserved returns the ownership layer's words of chunk 0.
func (a *Arena) Reserved() Reserved {
	h := a.h
	return Reserved{&h.objGen, &h.objHead, &h.nobj, &h.graveNext, &h.grave}
}

// chunkEnt describes one chunk in the chunk map that follows the header.
type chunkEnt struct {
	w    uint32 // kind | class<<8 | dirty<<16 | old<<17 | tailFree<<24
	n    uint32 // span length (span head, and tail of a free span)
	next uint32 // free list links (chunk indexes)
	prev uint32
}

const (
	ckNone  = 0 // interior of a span, or never used
	ckMeta  = 1 // header and chunk map
	ckSmall = 2 // slab of one small class
	ckSpan  = 3 // first chunk of an allocated span
	ckFree  = 4 // first chunk of a free span

	ckDirty    = 1 << 16 // free span (head) whose pages may be resident
	ckOld      = 1 << 17 // dirty free span already seen by one Sweep
	ckTailFree = 1 << 24
)

// Arena is one process's mapping of the tree's shared memory.
type Arena struct {
	f     *os.File
	fd    int
	mem   []byte
	base  unsafe.Pointer
	size  uint64
	h     *header
	cmap  []chunkEnt
	table atomic.Pointer[ptable.Table]
	hint  atomic.Uint32 // where to look for a free inflight slot

	// mu and closed keep background work (cleanups of handle objects,
	// reaping, sweeping) off an arena being closed (see Enter).
	mu     sync.RWMutex
	closed bool

	rollbacks atomic.Int64 // critical sections this process's reaps undid
}

var (
	// ErrNoSpace is returned when the arena's virtual size is used up.
	ErrNoSpace = errors.New("shm: arena is full")
	// ErrBadFree is returned by Free for an offset that is not an allocation.
	ErrBadFree = errors.New("shm: free of an offset that is not allocated")
)

// MinSize is the smallest arena FitSize gives.
const MinSize = 16 << 20

// FitSize is want limited to what the address-space limit (RLIMIT_AS,
// ulimit -v) leaves room for: a quarter of it, since every process of the
// tree maps the whole arena besides the Go runtime's own reservations, and
// at least MinSize. The arena is sparse: its size is address space, not
// memory, and bounds only how much the tree's queues and values hold at
// once.
func FitSize(want int64) int64 {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &lim); err != nil {
		return want
	}
	return fitSize(want, lim.Cur)
}

func fitSize(want int64, limit uint64) int64 {
	if limit == unix.RLIM_INFINITY {
		return want
	}
	if fit := int64(min(limit/4, uint64(MaxSize))); fit < want {
		return max(fit, MinSize)
	}
	return want
}

// CreateFitting is Create of FitSize(want), halved while the address space
// has no room for it, down to MinSize.
func CreateFitting(want int64) (*Arena, error) {
	size := FitSize(want)
	for {
		a, err := Create(size)
		if err == nil || !errors.Is(err, unix.ENOMEM) || size/2 < MinSize {
			return a, err
		}
		size /= 2
	}
}

// Create makes a new arena of the given virtual size (rounded down to 64 KiB,
// at most MaxSize; 0 means DefaultSize) for the root of a process tree.
func Create(size int64) (*Arena, error) {
	if size == 0 {
		size = DefaultSize
	}
	size &^= chunkSize - 1
	nchunks := size >> chunkShift
	metaChunks := 1 + (nchunks*int64(unsafe.Sizeof(chunkEnt{}))+chunkSize-1)/chunkSize
	if int64(unsafe.Sizeof(header{})) > chunkSize {
		panic("shm: header larger than a chunk")
	}
	if nchunks < metaChunks+4 || size > MaxSize {
		return nil, fmt.Errorf("shm: bad arena size %d", size)
	}
	fd, err := unix.MemfdCreate("procstar-arena", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	f := os.NewFile(uintptr(fd), "procstar-arena")
	if err := f.Truncate(size); err != nil {
		f.Close()
		return nil, err
	}
	a, err := mapArena(f, uint64(size))
	if err != nil {
		f.Close()
		return nil, err
	}
	h := a.h
	h.size = uint64(size)
	h.nchunks = uint32(nchunks)
	h.firstData = uint32(metaChunks)
	h.top = uint32(metaChunks)
	var id [8]byte
	rand.Read(id[:])
	h.id = binary.LittleEndian.Uint64(id[:]) | 1
	a.cmap = unsafe.Slice((*chunkEnt)(unsafe.Add(a.base, chunkSize)), nchunks)
	for i := int64(0); i < metaChunks; i++ {
		a.cmap[i].w = ckMeta
	}
	atomic.StoreUint64(&h.magic, arenaMagic)
	return a, nil
}

// Open maps the arena inherited as f (the root's File, passed down to a
// child as an extra file descriptor).
func Open(f *os.File) (*Arena, error) {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return nil, err
	}
	if st.Size < 2*chunkSize || st.Size%chunkSize != 0 {
		return nil, errors.New("shm: not an arena file")
	}
	a, err := mapArena(f, uint64(st.Size))
	if err != nil {
		return nil, err
	}
	if atomic.LoadUint64(&a.h.magic) != arenaMagic || a.h.size != uint64(st.Size) {
		unix.Munmap(a.mem)
		return nil, errors.New("shm: not an arena file")
	}
	a.cmap = unsafe.Slice((*chunkEnt)(unsafe.Add(a.base, chunkSize)), a.h.nchunks)
	return a, nil
}

func mapArena(f *os.File, size uint64) (*Arena, error) {
	fd := int(f.Fd())
	mem, err := unix.Mmap(fd, 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mmap arena: %w", err)
	}
	base := unsafe.Pointer(unsafe.SliceData(mem))
	return &Arena{f: f, fd: fd, mem: mem, base: base, size: size, h: (*header)(base)}, nil
}

// File is the arena's memfd, to pass to children (it is close-on-exec, so
// pass it explicitly, e.g. in exec.Cmd.ExtraFiles).
func (a *Arena) File() *os.File { return a.f }

// ID identifies the arena; handles carry it so a handle from another tree
// is rejected.
func (a *Arena) ID() uint64 { return a.h.id }

// Close unmaps the arena and closes its file. Objects obtained from it must
// not be used afterwards.
//
// Handle objects still reachable are not released; their cleanups, and
// reaps or sweeps running concurrently, finish before the arena is
// unmapped, and do nothing afterwards.
func (a *Arena) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	a.mu.Unlock()
	err := unix.Munmap(a.mem)
	a.f.Close()
	return err
}

// Enter protects background work (cleanups, reaping, sweeping) against a
// concurrent Close: it reports false once the arena is closed; otherwise
// Leave must follow.
func (a *Arena) Enter() bool {
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return false
	}
	return true
}

// Leave ends what Enter began.
func (a *Arena) Leave() { a.mu.RUnlock() }

// SetTable gives the arena the tree's process table, used to name the
// processes ReapDead reaps and to tell dead lock owners from live ones.
func (a *Arena) SetTable(t *ptable.Table) { a.table.Store(t) }

// Table is the tree's process table, or nil.
func (a *Arena) Table() *ptable.Table { return a.table.Load() }

// Size is the arena's virtual size in bytes.
func (a *Arena) Size() uint64 { return a.size }

// Ptr is the address of off in this process.
func (a *Arena) Ptr(off Off) unsafe.Pointer { return unsafe.Add(a.base, off) }

func (a *Arena) offOf(p unsafe.Pointer) Off { return Off(uintptr(p) - uintptr(a.base)) }

// Bytes returns n bytes of arena memory at off. The slice aliases shared
// memory: other processes see writes at once.
func (a *Arena) Bytes(off Off, n int) []byte {
	if n == 0 {
		return nil
	}
	if uint64(off)+uint64(n) > a.size {
		panic("shm: Bytes out of range")
	}
	return unsafe.Slice((*byte)(a.Ptr(off)), n)
}

// U32 and U64 are the words at off.
func (a *Arena) U32(off Off) *uint32 { return (*uint32)(a.Ptr(off)) }
func (a *Arena) U64(off Off) *uint64 { return (*uint64)(a.Ptr(off)) }

// Stats describes the allocator's state, for tests and diagnostics.
type Stats struct {
	Size        uint64 // virtual size
	Resident    uint64 // bytes the memfd currently holds in memory
	Top         uint64 // bytes below the never-used region
	DirtyFree   uint64 // bytes of free spans not yet returned to the OS
	Punches     uint64 // hole punches (fallocate calls) so far, all processes
	Inflight    int    // claimed inflight slots
	FreeSpans   int
	FreeSpanLen uint64 // bytes in free spans
}

// Stats returns a snapshot of the allocator's state.
func (a *Arena) Stats() Stats {
	a.Lock()
	defer a.Unlock()
	return a.StatsLocked()
}

// StatsLocked is Stats with the arena lock held (so that a caller can add
// to the same snapshot).
func (a *Arena) StatsLocked() Stats {
	h := a.h
	s := Stats{
		Size:      a.size,
		Top:       uint64(h.top) << chunkShift,
		DirtyFree: uint64(h.dirty) << chunkShift,
		Punches:   atomic.LoadUint64(&h.punches),
	}
	for d := range h.spanHead {
		for b := 0; b < nSpanBuckets; b++ {
			for i := h.spanHead[d][b]; i != 0; i = a.cmap[i].next {
				s.FreeSpans++
				s.FreeSpanLen += uint64(a.cmap[i].n) << chunkShift
			}
		}
	}
	for i := range h.inflight {
		if atomic.LoadUint32(&h.inflight[i].pid) != 0 {
			s.Inflight++
		}
	}
	var st unix.Stat_t
	if unix.Fstat(a.fd, &st) == nil {
		s.Resident = uint64(st.Blocks) * 512
	}
	return s
}
