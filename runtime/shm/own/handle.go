package own

import (
	"encoding/binary"
	"errors"
	"unsafe"

	"github.com/procstar/procstar/runtime/shm/arena"
)

// Handles are 28 bytes:
//
//	[0]     'S' (format)
//	[1]     kind
//	[2]     extra (the end of a pipe)
//	[3]     0
//	[4:8]   object generation
//	[8:16]  object offset
//	[16:24] arena id
//	[24:28] aux (the pid that made the handle)
const handleLen = 28

// HandleLen is the length of every handle.
const HandleLen = handleLen

// ErrBadHandle is returned for a handle that names no live object of the
// expected kind in this arena (stale, foreign or forged).
var ErrBadHandle = errors.New("shm: invalid or stale handle")

// Handle is a decoded handle: which object (offset, and the generation
// that tells a reused offset apart) of which kind; Extra is kind-specific
// (the end of a pipe) and Aux the pid that made the handle.
type Handle struct {
	Kind  Kind
	Extra byte
	Gen   uint32
	Off   Off
	Aux   uint32
}

// EncodeHandle encodes h for another process of the tree.
func (a *Arena) EncodeHandle(h Handle) []byte {
	a.madeHandles.Store(true)
	if h.Aux == 0 {
		h.Aux = arena.Self()
	}
	b := make([]byte, handleLen)
	b[0] = 'S'
	b[1] = byte(h.Kind)
	b[2] = h.Extra
	binary.LittleEndian.PutUint32(b[4:], h.Gen)
	binary.LittleEndian.PutUint64(b[8:], uint64(h.Off))
	binary.LittleEndian.PutUint64(b[16:], a.ID())
	binary.LittleEndian.PutUint32(b[24:], h.Aux)
	return b
}

// DecodeHandle decodes a handle of this arena, without checking that it
// names a live object.
func (a *Arena) DecodeHandle(b []byte) (Handle, error) {
	if len(b) != handleLen || b[0] != 'S' || b[3] != 0 || binary.LittleEndian.Uint64(b[16:]) != a.ID() {
		return Handle{}, ErrBadHandle
	}
	return Handle{
		Kind:  Kind(b[1]),
		Extra: b[2],
		Gen:   binary.LittleEndian.Uint32(b[4:]),
		Off:   Off(binary.LittleEndian.Uint64(b[8:])),
		Aux:   binary.LittleEndian.Uint32(b[24:]),
	}, nil
}

// HandleKind returns the kind of object a handle names, without checking
// that it is still alive.
func HandleKind(h []byte) Kind {
	if len(h) != handleLen || h[0] != 'S' {
		return 0
	}
	return Kind(h[1])
}

// Attach rebuilds the handle object a handle names, by its kind's Attach
// hook (in procstar: a *shm.Mutex, *Semaphore, *Event, *Condition,
// *Barrier, *Block, *Queue or *Conn).
func (a *Arena) Attach(h []byte) (any, error) {
	if f := hooks(HandleKind(h)).Attach; f != nil {
		return f(a, h)
	}
	return nil, ErrBadHandle
}

// AttachHandle decodes h, validates it as an object of one of kinds and
// takes a reference for this process's new handle object (consuming one
// received with a message or a bootstrap, if any).
func (a *Arena) AttachHandle(h []byte, kinds ...Kind) (Handle, unsafe.Pointer, error) {
	d, err := a.DecodeHandle(h)
	if err != nil {
		return d, nil, err
	}
	for _, k := range kinds {
		if d.Kind == k {
			if !a.refOp(refAttach, d, arena.Self()) {
				return d, nil, ErrBadHandle
			}
			return d, a.Ptr(d.Off), nil
		}
	}
	return d, nil, ErrBadHandle
}

// AttachNested takes a reference for a new handle object of an object
// named by another one (a Condition's or a Block's lock).
func (a *Arena) AttachNested(h Handle) (unsafe.Pointer, error) {
	if !a.refOp(refNew, h, arena.Self()) {
		return nil, ErrBadHandle
	}
	return a.Ptr(h.Off), nil
}
