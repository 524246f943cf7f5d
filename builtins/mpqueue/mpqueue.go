// Package mpqueue provides multiprocessing's Queue, JoinableQueue,
// SimpleQueue and Pipe over the tree's shared memory (runtime/shm).
//
// Every object is a handle to an shm object (a Queue, or one end of a
// pipe): it crosses to other processes as that handle (codec.Shared,
// decoded by the decoders of Registrations), so every copy of it, in any
// process, is the same queue or pipe.
//
// Items are encoded at the call site: put(obj) and send(obj) encode obj in
// the caller (a value that cannot cross fails there, with the codec's path)
// and copy the encoding into shared memory before they return. So an item
// is in the queue for every process as soon as put returns, and a producer
// never waits for a consumer, at its exit or otherwise: there is no feeder
// thread and no join_thread() to wait for. (A backend may post a plain
// Queue's puts instead, as CPython's feeder thread does: objects.Poster;
// join_thread then waits for them.) What a queue or pipe holds lives
// in the arena, so it survives the death of any process but the root; a
// process killed inside get() or recv() loses at most the item it was
// taking (shm's journals and inflight slots).
//
// Pipe ends keep, per process, the number of copies open (shm): recv()
// raises EOFError once nothing is left to read and every copy of the other
// end, in every process, is closed; a process's copies close when it ends.
package mpqueue

import (
	"encoding/binary"
	"errors"
	"strconv"
	"sync/atomic"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/timeoutarg"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{
		"Queue":         starlark.NewBuiltin("Queue", newQueue),
		"JoinableQueue": starlark.NewBuiltin("JoinableQueue", newJoinableQueue),
		"SimpleQueue":   starlark.NewBuiltin("SimpleQueue", newSimpleQueue),
		"Pipe":          starlark.NewBuiltin("Pipe", newPipe),
	}
}

// Handle kinds (codec.Shared).
const (
	kindQueue         = "mpqueue.Queue"
	kindJoinableQueue = "mpqueue.JoinableQueue"
	kindSimpleQueue   = "mpqueue.SimpleQueue"
	kindConnection    = "mpqueue.Connection"
)

// Registrations are the decoders of the package's handles (registered by
// the runtime).
var Registrations = []node.Registration{
	{Kind: kindQueue, Tagged: func(n *node.Node, tag string, data []byte) (starlark.Value, error) {
		return decodeQueue(n, tag, data, queueKind)
	}},
	{Kind: kindJoinableQueue, Tagged: func(n *node.Node, tag string, data []byte) (starlark.Value, error) {
		return decodeQueue(n, tag, data, joinableKind)
	}},
	{Kind: kindSimpleQueue, Tagged: func(n *node.Node, tag string, data []byte) (starlark.Value, error) {
		return decodeQueue(n, tag, data, simpleKind)
	}},
	{Kind: kindConnection, Tagged: decodeConnection},
}

// shmError converts an error of an shm call that has no Python meaning of
// its own (the arena is full, a bad handle). Cancellation passes through
// unchanged, so that catch() does not catch it.
func shmError(fn string, err error) error {
	if pyerr.Uncatchable(err) {
		return err
	}
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		return err
	}
	return pyerr.New(pyerr.OSError, "%s: %v", fn, err)
}

// errHandleClosed is CPython's error for any use of a closed connection.
func errHandleClosed() error { return pyerr.New(pyerr.OSError, "handle is closed") }

// identityHash hashes a pointer, as Python's default object hash.
func identityHash(p unsafe.Pointer) uint32 {
	u := uint64(uintptr(p)) >> 3
	return uint32(u ^ u>>32)
}

// address is what a repr shows as the object's address.
func address(p unsafe.Pointer) string {
	return "0x" + strconv.FormatUint(uint64(uintptr(p)), 16)
}

// parseArgs binds positional and keyword arguments to the parameters
// names, the first nreq of them required, into out (len(out) ==
// len(names)); unset optional parameters stay nil. Unlike
// starlark.UnpackArgs it does not allocate, and its errors are TypeErrors.
func parseArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, names []string, nreq int, out []starlark.Value) error {
	if len(args) > len(names) {
		return pyerr.New(pyerr.TypeError, "%s: got %d arguments, want at most %d", fn, len(args), len(names))
	}
	copy(out, args)
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		i := 0
		for i < len(names) && names[i] != k {
			i++
		}
		if i == len(names) {
			return pyerr.New(pyerr.TypeError, "%s: unexpected keyword argument %q", fn, k)
		}
		if out[i] != nil {
			return pyerr.New(pyerr.TypeError, "%s: got multiple values for parameter %q", fn, k)
		}
		out[i] = kv[1]
	}
	for i := 0; i < nreq; i++ {
		if out[i] == nil {
			return pyerr.New(pyerr.TypeError, "%s: missing argument for %s", fn, names[i])
		}
	}
	return nil
}

// noArgs checks that a method got no arguments.
func noArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(args) > 0 || len(kwargs) > 0 {
		return pyerr.New(pyerr.TypeError, "%s() takes no arguments (%d given)", fn, len(args)+len(kwargs))
	}
	return nil
}

// timeoutArg converts block and timeout as CPython's queues and SemLock
// read them into an shm timeout: not blocking or a timeout <= 0 is 0 (do
// not wait), None is forever (-1). nil stands for an argument not given.
func timeoutArg(fn string, block, timeout starlark.Value) (time.Duration, error) {
	if block != nil && !block.Truth() {
		return 0, nil
	}
	return waitArg(fn, timeout, -1)
}

// waitArg converts a timeout in seconds (None: forever) into an shm timeout;
// nil (not given) is dflt.
func waitArg(fn string, v starlark.Value, dflt time.Duration) (time.Duration, error) {
	if v == nil {
		return dflt, nil
	}
	return timeoutarg.Duration(fn, v)
}

// scratch is an encode buffer that an object reuses from call to call (one
// Starlark thread per process uses an object, so it is rarely contended;
// when it is, the loser allocates).
type scratch struct {
	p atomic.Pointer[[]byte]
}

// maxScratch is the largest buffer kept for reuse.
const maxScratch = 1 << 20

func (s *scratch) take() *[]byte {
	if p := s.p.Swap(nil); p != nil {
		return p
	}
	b := make([]byte, 0, 256)
	return &b
}

func (s *scratch) give(p *[]byte, b []byte) {
	if cap(b) > maxScratch {
		return
	}
	*p = b[:0]
	s.p.Store(p)
}

// bytesOf returns the bytes of s without copying them; the result must not
// be modified (shm only copies from it).
func bytesOf(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// stringOf returns b as a string without copying it; b must not be used
// afterwards. This relies on shm's Get and Recv returning a new slice for
// every message, which nothing else refers to.
func stringOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// isClosed reports whether an shm error says the handle was closed in this
// process.
func isClosed(err error) bool { return errors.Is(err, objects.ErrClosed) }

// decodeOwned decodes a message that shm handed out as a new slice, which
// nothing else refers to. A message that is one string or bytes value (the
// common big item) becomes that value without a copy: the Starlark value
// takes the slice over. Anything else goes through codec.Decode.
func decodeOwned(msg []byte, r codec.Resolver) (starlark.Value, error) {
	if len(msg) >= ownedMin {
		var h, n int
		switch c := msg[0]; c {
		case 0xd9, 0xc4: // str 8, bin 8
			h, n = 2, int(msg[1])
		case 0xda, 0xc5: // str 16, bin 16
			h, n = 3, int(binary.BigEndian.Uint16(msg[1:]))
		case 0xdb, 0xc6: // str 32, bin 32
			h, n = 5, int(binary.BigEndian.Uint32(msg[1:]))
		}
		if h > 0 && h+n == len(msg) {
			s := unsafe.String(&msg[h], n)
			if msg[0] >= 0xd9 {
				return starlark.String(s), nil
			}
			return starlark.Bytes(s), nil
		}
	}
	return codec.Decode(msg, r)
}

// ownedMin is the size from which decodeOwned avoids the copy; smaller
// messages are not worth a special case.
const ownedMin = 1 << 10
