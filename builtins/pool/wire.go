package pool

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Messages on a worker's pipe. The owner sends tasks and quit; the worker
// sends ready, results, errors, ticks and an initializer failure. Each
// message is one pipe message whose first byte is its type.
const (
	msgTask      = 'T' // header, func, payload
	msgQuit      = 'Q' // finish: the worker ends with status 0
	msgReady     = 'Y' // the worker ran its initializer and waits for tasks
	msgResult    = 'R' // id, codec(result) (a list for a chunk)
	msgError     = 'E' // id, codec((type, message, traceback))
	msgTick      = 'K' // id: the worker starts the next item of a chunk
	msgInitError = 'I' // codec((type, message, traceback))
	msgBatch     = 'B' // several tasks: count, then each as length, message
	msgGone      = 'G' // sent by the owner to itself: the worker was reaped
	msgStarted   = 'S' // id: a Transport handed that task to the worker
)

// appendBatch packs task messages into one.
func appendBatch(msgs [][]byte) []byte {
	n := 5
	for _, m := range msgs {
		n += 4 + len(m)
	}
	b := make([]byte, 0, n)
	b = append(b, msgBatch)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(msgs)))
	for _, m := range msgs {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(m)))
		b = append(b, m...)
	}
	return b
}

// splitBatch returns the messages of a batch (nil if it is malformed).
func splitBatch(b []byte) [][]byte {
	if len(b) < 5 {
		return nil
	}
	n := binary.LittleEndian.Uint32(b[1:5])
	b = b[5:]
	out := make([][]byte, 0, min(int(n), len(b)/4))
	for i := uint32(0); i < n; i++ {
		if len(b) < 4 {
			return nil
		}
		l := binary.LittleEndian.Uint32(b)
		if uint64(l) > uint64(len(b)-4) {
			return nil
		}
		out = append(out, b[4:4+l])
		b = b[4+l:]
	}
	return out
}

// Task modes: what the worker does with the payload.
const (
	modeApply = 0 // func(*args, **kwds)
	modeMap   = 1 // [func(x) for x in items]
	modeStar  = 2 // [func(*x) for x in items]
)

// flagTicks asks the worker to report each item of a chunk it starts, so
// that the owner can time out items, not chunks.
const flagTicks = 1

// Task header layout:
//
//	[0]      msgTask
//	[1]      mode
//	[2]      flags
//	[3:11)   task id
//	[11:19)  index of the first item (for error paths)
//	[19:23)  length of the encoded function
//	[23:27)  length of the encoded args (modeApply; the kwds follow)
//	[27:...) function, then payload
const taskHeader = 27

func newTaskMsg(mode, flags byte, base int, fn []byte, payloadLen int) []byte {
	msg := make([]byte, taskHeader, taskHeader+len(fn)+payloadLen)
	msg[0], msg[1], msg[2] = msgTask, mode, flags
	binary.LittleEndian.PutUint64(msg[11:], uint64(base))
	binary.LittleEndian.PutUint32(msg[19:], uint32(len(fn)))
	return append(msg, fn...)
}

func setTaskID(msg []byte, id uint64) { binary.LittleEndian.PutUint64(msg[3:], id) }

func msgID(msg []byte) uint64 {
	if len(msg) < 9 {
		return 0
	}
	return binary.LittleEndian.Uint64(msg[1:9])
}

func appendID(b []byte, typ byte, id uint64) []byte {
	b = append(b, typ)
	return binary.LittleEndian.AppendUint64(b, id)
}

// appendArrayHeader appends a msgpack array header for n elements.
func appendArrayHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n < 1<<16:
		return append(b, 0xdc, byte(n>>8), byte(n))
	default:
		return append(b, 0xdd, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

// encodeItems appends items as one msgpack array (decoded as a list), each
// encoded with the path root[base+i] when it cannot be sent.
func encodeItems(b []byte, items []starlark.Value, root string, base int, r codec.Resolver) ([]byte, error) {
	b = appendArrayHeader(b, len(items))
	for i, v := range items {
		var err error
		b2, err := codec.AppendEncode(b, v, root, r)
		if err != nil {
			// Encode again for the error only, with the item's path.
			_, err = codec.AppendEncode(b[:0:0], v, fmt.Sprintf("%s[%d]", root, base+i), r)
			return nil, err
		}
		b = b2
	}
	return b, nil
}

// remoteError is how an error crosses from a worker: its Python type, its
// message, the worker's traceback text (frames with file:line), and the
// exception's own attributes (errno, strerror, filename of an OSError,
// returncode of a CalledProcessError...), which Python keeps when it
// pickles an exception.
type remoteError struct {
	typ, msg, traceback string
	attrs               starlark.StringDict
}

// encodeError renders err as a worker reports it: the traceback is headed
// with the worker's name and pid, and has no last line ("Type: message"),
// which the owner's traceback prints once, after these frames.
func encodeError(b []byte, err error, who string) []byte {
	typ, msg := pyerr.Classify(err)
	tb := strings.TrimPrefix(pyerr.Frames(err), "Traceback (most recent call last):\n")
	tb = fmt.Sprintf("Remote traceback (most recent call last), in %s (pid %d):\n%s", who, os.Getpid(), tb)
	v := starlark.Tuple{starlark.String(typ), starlark.String(msg), starlark.String(tb)}
	var pe *pyerr.Error
	if errors.As(err, &pe) && len(pe.Attrs) > 0 {
		// Each attribute that can be sent: one that cannot (a function)
		// is left out, as the rest of the error still crosses.
		d := starlark.NewDict(len(pe.Attrs))
		for _, k := range pe.Attrs.Keys() {
			if _, e := codec.AppendEncode(nil, pe.Attrs[k], k, nil); e == nil {
				d.SetKey(starlark.String(k), pe.Attrs[k])
			}
		}
		v = append(v, d)
	}
	out, e := codec.AppendEncode(b, v, "error", nil)
	if e != nil {
		return b
	}
	return out
}

func decodeError(data []byte) remoteError {
	v, err := codec.Decode(data, nil)
	if err != nil {
		return remoteError{typ: pyerr.RuntimeError, msg: "undecodable error from a pool worker: " + err.Error()}
	}
	t, _ := v.(starlark.Tuple)
	var s [3]string
	for i := range s {
		if i < len(t) {
			if str, ok := t[i].(starlark.String); ok {
				s[i] = string(str)
			}
		}
	}
	r := remoteError{typ: s[0], msg: s[1], traceback: s[2]}
	if len(t) > 3 {
		if d, ok := t[3].(*starlark.Dict); ok {
			r.attrs = make(starlark.StringDict, d.Len())
			for _, kv := range d.Items() {
				if k, ok := kv[0].(starlark.String); ok {
					r.attrs[string(k)] = kv[1]
				}
			}
		}
	}
	return r
}

// asRemote is the error get() raises for a task that failed in a worker:
// the worker's own type and message, as Python re-raises the worker's
// exception, with the worker's frames after the local ones.
func (e remoteError) asRemote() *pyerr.Error {
	return &pyerr.Error{Type: e.typ, Message: e.msg, Remote: e.traceback, Attrs: e.attrs}
}
