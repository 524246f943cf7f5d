// Package codec encodes Starlark values as msgpack for crossing between
// procstar processes, keeping Starlark's types exact.
//
// # Wire format
//
// Plain msgpack carries the kinds msgpack has: None is nil, bool is bool, an
// int in int64 range is the smallest msgpack int, float is always float64
// (bit-exact), string is str (any bytes; never validated as UTF-8), bytes is
// bin, list is array and dict is map (entries in insertion order).
//
// A zero-length ext (c7 00 <type>) is a tag that modifies the value after it:
//
//	tuple:  c7 00 01, then an array of the elements
//	set:    c7 00 02, then an array of the elements in order
//	func:   c7 00 03, then array [module str, name str] (see Resolver)
//	handle: c7 00 04, then array [kind str, data bin] (see Shared)
//	typed:  c7 00 06, then array [type str, state] (see Typed)
//
// An int outside int64 range is ext type 5 whose payload is a sign byte (0
// for positive, 1 for negative) and the big-endian magnitude.
//
// # Error paths
//
// Encode errors name the failing part of the value with an expression built
// from the caller's root path: "[i]" for a list or tuple element, "[repr(k)]"
// for the value of dict key k, ".keys()[i]" for the i-th dict key and
// "list(...)[i]" for the i-th set element, e.g. `list(args[0]["s"])[2]`.
//
// # Sharing and cycles
//
// Values are copied, not shared: a list that appears twice arrives as two
// lists. Values that contain themselves cannot be sent, nor values with
// containers nested more than MaxDepth deep.
//
// Encode reads v without locking, like any Starlark operation: an unfrozen
// value must not be used by another thread while it is being encoded.
package codec

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/procstar/procstar/runtime/pyerr"
	"go.starlark.net/starlark"
)

// Resolver connects the codec to the interpreter and to shared objects.
type Resolver interface {
	// FuncRef names a function value (a *starlark.Function or *starlark.Builtin) so another process can find it.
	// It returns an error (whose text explains why, e.g. a lambda or nested def with its position) when the function cannot cross.
	FuncRef(fn starlark.Value) (module, name string, err error)
	// Func finds the function with that reference in this process.
	Func(module, name string) (starlark.Value, error)
	// Handle rebuilds a shared object (Queue, Lock, ...) from its handle in this process.
	Handle(kind string, data []byte) (starlark.Value, error)
}

// Shared is implemented by procstar's shared objects: they travel as handles to the same object.
type Shared interface {
	starlark.Value
	Handle() (kind string, data []byte, err error)
}

// Typed is implemented by values of types defined outside the codec (by
// builtin packages: time.struct_time) that cross as copies, like the
// plain values: a registered type name and the value's state as a value
// the codec encodes (plain values or other Typed ones). The package that
// defines the type lists its decoder (Type), so the codec needs no import
// of builtins.
type Typed interface {
	starlark.Value
	CodecState() (typ string, state starlark.Value)
}

// TypeDecoder rebuilds a Typed value from its state.
type TypeDecoder func(state starlark.Value) (starlark.Value, error)

// types are the registered decoders: a few, in a fixed array that the
// registrations at start fill without allocating (procstar's start is
// counted).
var types struct {
	sync.RWMutex
	n    int
	name [32]string
	dec  [32]TypeDecoder
	more map[string]TypeDecoder
}

// Type names a Typed value's type and its decoder. A builtin package lists
// its types in a package-level []Type, which the compiler lays out with no
// init code, and the runtime that assembles the modules registers them
// (RegisterTypes): a module a script never loads costs a process nothing
// at its start.
type Type struct {
	Name   string
	Decode TypeDecoder
}

// RegisterTypes registers the decoders of ts.
func RegisterTypes(ts []Type) {
	for _, t := range ts {
		RegisterType(t.Name, t.Decode)
	}
}

// RegisterType registers the decoder of a Typed value's type.
func RegisterType(typ string, dec TypeDecoder) {
	types.Lock()
	defer types.Unlock()
	for i := 0; i < types.n; i++ {
		if types.name[i] == typ {
			types.dec[i] = dec
			return
		}
	}
	if types.n < len(types.name) {
		types.name[types.n], types.dec[types.n] = typ, dec
		types.n++
		return
	}
	if types.more == nil {
		types.more = map[string]TypeDecoder{}
	}
	types.more[typ] = dec
}

// typeDecoder is the decoder registered for typ, or nil.
func typeDecoder(typ string) TypeDecoder {
	types.RLock()
	defer types.RUnlock()
	for i := 0; i < types.n; i++ {
		if types.name[i] == typ {
			return types.dec[i]
		}
	}
	return types.more[typ]
}

// Portable is implemented by shared objects that may be held by a backend
// other than this machine's shared memory (runtime/objects): Portable
// reports whether this one works in a process on another machine.
type Portable interface {
	Portable() bool
}

// clusterHint names the kinds of object no backend can hold yet (they
// stay in shared memory even in cluster mode).
func clusterHint(s Shared) string {
	if _, ok := s.(Portable); ok {
		return ""
	}
	return " (cluster mode does not share " + article(s.Type()) + " across machines yet)"
}

// MaxDepth is how deeply containers (list, tuple, dict, set) may nest; both
// sides enforce it, so anything Encode accepts Decode accepts too.
const MaxDepth = 1000

// Ext types. Tags (zero-length exts) modify the value that follows them.
const (
	extTuple  = 1
	extSet    = 2
	extFunc   = 3
	extHandle = 4
	extBigInt = 5
	extTyped  = 6
)

// Encode encodes v; path names v in error messages ("args", "item", "result").
func Encode(v starlark.Value, path string, r Resolver) ([]byte, error) {
	bp := bufPool.Get().(*[]byte)
	orig := *bp
	b, err := AppendEncode(orig[:0], v, path, r)
	if err != nil {
		bufPool.Put(bp)
		return nil, err
	}
	if len(b) > cap(orig) && len(b) >= largeEncoding {
		// A large encoding grew into an array of its own: hand it over
		// instead of copying it again, and keep the small pooled buffer.
		bufPool.Put(bp)
		return b[:len(b):len(b)], nil
	}
	out := append([]byte(nil), b...)
	if cap(b) <= largeEncoding {
		*bp = b[:0]
	}
	bufPool.Put(bp)
	return out, nil
}

// largeEncoding is the size above which Encode stops copying out of pooled
// scratch buffers: the copy would cost more than the allocation it saves.
const largeEncoding = 16 << 10

var bufPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 512)
	return &b
}}

// AppendEncode appends the encoding of v to buf (for framing several values without copies).
// On error it returns buf with its original length.
func AppendEncode(buf []byte, v starlark.Value, path string, r Resolver) ([]byte, error) {
	e := encoder{buf: buf, start: len(buf), max: MaxMessage(), r: r}
	if err := e.value(v); err != nil {
		return buf, err.pyErr(path)
	}
	if n := len(e.buf) - e.start; n > e.max {
		return buf, (&encError{typ: pyerr.ValueError, msg: overMax(n, e.max)}).pyErr(path)
	}
	return e.buf, nil
}

// DefaultMaxMessage is the default limit on one encoded value (a queue item,
// a pipe message, a task's arguments).
const DefaultMaxMessage = 1 << 30

var maxMessage atomic.Int64

// SetMaxMessage sets this process's limit on one encoded value, in bytes
// (n <= 0 restores the default). Values over it fail to send with a
// ValueError, and received ones over it fail to decode.
func SetMaxMessage(n int) {
	if n <= 0 {
		n = 0
	}
	maxMessage.Store(int64(n))
}

// MaxMessage is this process's limit on one encoded value.
func MaxMessage() int {
	if n := maxMessage.Load(); n > 0 {
		return int(n)
	}
	return DefaultMaxMessage
}

func overMax(n, max int) string {
	return "cannot send a message of " + strconv.Itoa(n) + " bytes: the maximum message size is " + strconv.Itoa(max) + " bytes"
}

// checkRoom fails before a payload of n more bytes would take the message
// over the limit, so an oversized string is refused without being copied.
func (e *encoder) checkRoom(n int) *encError {
	if len(e.buf)-e.start+n > e.max {
		return &encError{typ: pyerr.ValueError, msg: overMax(len(e.buf)-e.start+n, e.max)}
	}
	return nil
}

// encoder holds the state of one Encode call. It stays on the caller's
// stack, so small values encode without allocating. Cycle tracking uses a
// fixed array in it: a slice into itself, or frames linked through the
// recursion, would make escape analysis move it to the heap.
type encoder struct {
	buf   []byte
	start int // where this value's encoding begins in buf
	max   int // the message size limit
	r     Resolver
	depth int // containers open
	// The open lists and dicts, for cycle detection: the first scanLimit in
	// open, scanned; all of them in onStack once there are more.
	open    [scanLimit]unsafe.Pointer
	nopen   int
	onStack map[unsafe.Pointer]struct{}
}

// scanLimit is the number of open lists and dicts above which cycle checks
// use a map instead of a scan.
const scanLimit = 16

// encError is an encode failure on its way up to the root. Path segments
// are collected only while unwinding, so success costs nothing for paths.
type encError struct {
	typ, msg string
	segs     []pathSeg // innermost first
}

type segKind uint8

const (
	segIndex segKind = iota // list or tuple element
	segValue                // value of a dict key
	segKey                  // dict key
	segSet                  // set element
)

type pathSeg struct {
	kind segKind
	i    int
	key  starlark.Value
}

func (err *encError) at(kind segKind, i int, key starlark.Value) *encError {
	err.segs = append(err.segs, pathSeg{kind, i, key})
	return err
}

func (err *encError) pyErr(root string) error {
	var b strings.Builder
	b.WriteString(root)
	for i := len(err.segs) - 1; i >= 0; i-- {
		s := err.segs[i]
		switch s.kind {
		case segIndex:
			b.WriteString("[" + strconv.Itoa(s.i) + "]")
		case segValue:
			b.WriteString("[" + s.key.String() + "]")
		case segKey:
			b.WriteString(".keys()[" + strconv.Itoa(s.i) + "]")
		case segSet:
			p := "list(" + b.String() + ")[" + strconv.Itoa(s.i) + "]"
			b.Reset()
			b.WriteString(p)
		}
	}
	return pyerr.New(err.typ, "%s: %s", b.String(), err.msg)
}

func (e *encoder) value(v starlark.Value) *encError {
	switch v := v.(type) {
	case starlark.NoneType:
		e.buf = append(e.buf, 0xc0)
	case starlark.Bool:
		if v {
			e.buf = append(e.buf, 0xc3)
		} else {
			e.buf = append(e.buf, 0xc2)
		}
	case starlark.Int:
		if x, ok := v.Int64(); ok {
			e.buf = appendInt(e.buf, x)
		} else {
			e.bigInt(v)
		}
	case starlark.Float:
		e.buf = append(e.buf, 0xcb)
		e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(float64(v)))
	case starlark.String:
		return e.str(string(v))
	case starlark.Bytes:
		return e.bin(string(v))
	case *starlark.List:
		if err := e.enter(unsafe.Pointer(v)); err != nil {
			return err
		}
		n := v.Len()
		e.arrayLen(n)
		for i := 0; i < n; i++ {
			if err := e.value(v.Index(i)); err != nil {
				return err.at(segIndex, i, nil)
			}
		}
		e.leave(unsafe.Pointer(v))
	case starlark.Tuple:
		// A tuple cannot contain itself except through a list or dict, so
		// only the depth needs checking.
		if err := e.enterImmutable(); err != nil {
			return err
		}
		e.buf = append(e.buf, 0xc7, 0, extTuple)
		e.arrayLen(len(v))
		for i, x := range v {
			if err := e.value(x); err != nil {
				return err.at(segIndex, i, nil)
			}
		}
		e.depth--
	case *starlark.Dict:
		return e.dict(v)
	case *starlark.Set:
		return e.set(v)
	case *starlark.Function, *starlark.Builtin:
		return e.function(v)
	case nil:
		return &encError{typ: pyerr.TypeError, msg: "cannot send a nil Go value"}
	default:
		if s, ok := v.(Shared); ok {
			return e.shared(s)
		}
		if t, ok := v.(Typed); ok {
			return e.typed(t)
		}
		return &encError{typ: pyerr.TypeError, msg: "cannot send " + article(v.Type())}
	}
	return nil
}

// typed encodes a Typed value as its type name and state.
func (e *encoder) typed(t Typed) *encError {
	typ, state := t.CodecState()
	// A mutable Typed value (a deque, a defaultdict) can contain itself,
	// and its state is often built afresh for each call, so the cycle must
	// be caught at the value itself: else it would unwind as "nested too
	// deep". Only pointers are mutable; a value type cannot contain itself.
	var p unsafe.Pointer
	if rv := reflect.ValueOf(t); rv.Kind() == reflect.Pointer {
		p = rv.UnsafePointer()
		if err := e.enter(p); err != nil {
			return err
		}
	} else if err := e.enterImmutable(); err != nil {
		return err
	}
	e.buf = append(e.buf, 0xc7, 0, extTyped)
	e.arrayLen(2)
	if err := e.str(typ); err != nil {
		return err
	}
	if err := e.value(state); err != nil {
		return err
	}
	if p != nil {
		e.leave(p)
	} else {
		e.depth--
	}
	return nil
}

// dict and set walk their elements without range-over-func iterators: the
// closures those need would capture the encoder and move it to the heap.
// Items, unlike ranging, does not write to the dict.

func (e *encoder) dict(v *starlark.Dict) *encError {
	if err := e.enter(unsafe.Pointer(v)); err != nil {
		return err
	}
	e.mapLen(v.Len())
	for i, kv := range v.Items() {
		if err := e.value(kv[0]); err != nil {
			return err.at(segKey, i, nil)
		}
		if err := e.value(kv[1]); err != nil {
			return err.at(segValue, 0, kv[0])
		}
	}
	e.leave(unsafe.Pointer(v))
	return nil
}

func (e *encoder) set(v *starlark.Set) *encError {
	// Set elements are hashable, so they cannot lead back to the set:
	// only the depth needs checking.
	if err := e.enterImmutable(); err != nil {
		return err
	}
	e.buf = append(e.buf, 0xc7, 0, extSet)
	e.arrayLen(v.Len())
	it := v.Iterate()
	defer it.Done()
	var x starlark.Value
	for i := 0; it.Next(&x); i++ {
		if err := e.value(x); err != nil {
			return err.at(segSet, i, nil)
		}
	}
	e.depth--
	return nil
}

func errTooDeep() *encError {
	return &encError{typ: pyerr.ValueError, msg: "cannot send a value nested more than " + strconv.Itoa(MaxDepth) + " levels deep"}
}

// enterImmutable starts a tuple or set.
func (e *encoder) enterImmutable() *encError {
	if e.depth >= MaxDepth {
		return errTooDeep()
	}
	e.depth++
	return nil
}

// enter starts list or dict p, unless that closes a cycle or nests too deep.
func (e *encoder) enter(p unsafe.Pointer) *encError {
	cyclic := false
	if e.onStack != nil {
		_, cyclic = e.onStack[p]
	} else {
		for _, q := range e.open[:e.nopen] {
			if q == p {
				cyclic = true
				break
			}
		}
	}
	if cyclic {
		return &encError{typ: pyerr.ValueError, msg: "cannot send a cyclic value"}
	}
	if e.depth >= MaxDepth {
		return errTooDeep()
	}
	e.depth++
	if e.nopen < scanLimit {
		e.open[e.nopen] = p
	} else if e.onStack == nil {
		e.onStack = make(map[unsafe.Pointer]struct{}, 4*scanLimit)
		for _, q := range e.open {
			e.onStack[q] = struct{}{}
		}
	}
	e.nopen++
	if e.onStack != nil {
		e.onStack[p] = struct{}{}
	}
	return nil
}

// leave ends list or dict p, which enter started.
func (e *encoder) leave(p unsafe.Pointer) {
	e.depth--
	e.nopen--
	if e.onStack != nil {
		delete(e.onStack, p)
	}
}

func (e *encoder) function(fn starlark.Value) *encError {
	if e.r == nil {
		return &encError{typ: pyerr.TypeError, msg: "cannot send a function here"}
	}
	module, name, err := e.r.FuncRef(fn)
	if err != nil {
		return &encError{typ: pyerr.TypeError, msg: errText(err)}
	}
	e.buf = append(e.buf, 0xc7, 0, extFunc, 0x92)
	if err := e.str(module); err != nil {
		return err
	}
	return e.str(name)
}

// Elsewhere wraps r for values sent to a process on another machine,
// which cannot reach this machine's shared memory: a shared object among
// them fails, with its path, instead of arriving as a dead handle.
func Elsewhere(r Resolver) Resolver { return elsewhere{r} }

type elsewhere struct{ Resolver }

func (e *encoder) shared(s Shared) *encError {
	if e.r == nil {
		return &encError{typ: pyerr.TypeError, msg: "cannot send " + article(s.Type()) + " here"}
	}
	if _, ok := e.r.(elsewhere); ok {
		if p, ok := s.(Portable); !ok || !p.Portable() {
			return &encError{typ: pyerr.TypeError, msg: "cannot send " + article(s.Type()) +
				" to a process on another machine: it lives in this machine's shared memory" + clusterHint(s)}
		}
	}
	kind, data, err := s.Handle()
	if err != nil {
		typ := pyerr.TypeError
		var pe *pyerr.Error
		if errors.As(err, &pe) {
			typ = pe.Type
		}
		return &encError{typ: typ, msg: errText(err)}
	}
	e.buf = append(e.buf, 0xc7, 0, extHandle, 0x92)
	if err := e.str(kind); err != nil {
		return err
	}
	return e.bin(string(data))
}

// errText is the message of err without a Python type prefix, so that it can
// be re-prefixed with a path.
func errText(err error) string {
	var pe *pyerr.Error
	if errors.As(err, &pe) && pe == err {
		return pe.Message
	}
	return err.Error()
}

func (e *encoder) bigInt(v starlark.Int) {
	x := v.BigInt()
	sign := byte(0)
	if x.Sign() < 0 {
		sign = 1
		x.Neg(x)
	}
	n := 1 + (x.BitLen()+7)/8
	e.extHeader(n, extBigInt)
	e.buf = append(e.buf, sign)
	start := len(e.buf)
	e.buf = append(e.buf, make([]byte, n-1)...)
	x.FillBytes(e.buf[start:])
}

func tooLong(what string, n int) *encError {
	return &encError{typ: pyerr.ValueError, msg: "cannot send a " + what + " of " + strconv.Itoa(n) + " bytes (over 4 GiB)"}
}

func (e *encoder) str(s string) *encError {
	n := len(s)
	if err := e.checkRoom(n); err != nil {
		return err
	}
	switch {
	case n < 32:
		e.buf = append(e.buf, 0xa0|byte(n))
	case n <= math.MaxUint8:
		e.buf = append(e.buf, 0xd9, byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, 0xda, byte(n>>8), byte(n))
	case uint64(n) <= math.MaxUint32:
		e.buf = append(e.buf, 0xdb)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
	default:
		return tooLong("string", n)
	}
	e.buf = append(e.buf, s...)
	return nil
}

func (e *encoder) bin(s string) *encError {
	n := len(s)
	if err := e.checkRoom(n); err != nil {
		return err
	}
	switch {
	case n <= math.MaxUint8:
		e.buf = append(e.buf, 0xc4, byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, 0xc5, byte(n>>8), byte(n))
	case uint64(n) <= math.MaxUint32:
		e.buf = append(e.buf, 0xc6)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
	default:
		return tooLong("bytes", n)
	}
	e.buf = append(e.buf, s...)
	return nil
}

// Container lengths need no 4 GiB check: a container that long cannot be
// built in memory with its elements.
func (e *encoder) arrayLen(n int) {
	switch {
	case n < 16:
		e.buf = append(e.buf, 0x90|byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, 0xdc, byte(n>>8), byte(n))
	default:
		e.buf = append(e.buf, 0xdd)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
	}
}

func (e *encoder) mapLen(n int) {
	switch {
	case n < 16:
		e.buf = append(e.buf, 0x80|byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, 0xde, byte(n>>8), byte(n))
	default:
		e.buf = append(e.buf, 0xdf)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
	}
}

// extHeader writes the header of an ext with an n-byte payload, using the
// fixext forms where they fit, as msgpack encoders do.
func (e *encoder) extHeader(n int, typ byte) {
	switch {
	case n == 1:
		e.buf = append(e.buf, 0xd4, typ)
	case n == 2:
		e.buf = append(e.buf, 0xd5, typ)
	case n == 4:
		e.buf = append(e.buf, 0xd6, typ)
	case n == 8:
		e.buf = append(e.buf, 0xd7, typ)
	case n == 16:
		e.buf = append(e.buf, 0xd8, typ)
	case n <= math.MaxUint8:
		e.buf = append(e.buf, 0xc7, byte(n), typ)
	case n <= math.MaxUint16:
		e.buf = append(e.buf, 0xc8, byte(n>>8), byte(n), typ)
	default:
		e.buf = append(e.buf, 0xc9)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
		e.buf = append(e.buf, typ)
	}
}

// appendInt writes x in the smallest msgpack int form; non-negative values
// use the unsigned forms, as msgpack encoders do.
func appendInt(b []byte, x int64) []byte {
	switch {
	case x >= 0 && x <= math.MaxInt8:
		return append(b, byte(x))
	case x >= 0 && x <= math.MaxUint8:
		return append(b, 0xcc, byte(x))
	case x >= 0 && x <= math.MaxUint16:
		return append(b, 0xcd, byte(x>>8), byte(x))
	case x >= 0 && x <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(x))
	case x >= 0:
		return binary.BigEndian.AppendUint64(append(b, 0xcf), uint64(x))
	case x >= -32:
		return append(b, byte(x))
	case x >= math.MinInt8:
		return append(b, 0xd0, byte(x))
	case x >= math.MinInt16:
		return append(b, 0xd1, byte(x>>8), byte(x))
	case x >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(x))
	default:
		return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(x))
	}
}

// article prefixes a type name with "a" or "an", for messages.
func article(typ string) string {
	if typ != "" && strings.ContainsRune("aeiouAEIOU", rune(typ[0])) {
		return "an " + typ
	}
	return "a " + typ
}

// PartialPath is the message of err, an error encoding a functools.partial
// at path root, with the path inside the partial's state said in its
// words: "func[1][0]: ..." is "partial's args[0]: ...".
func PartialPath(err error, root string) string {
	msg := errText(err)
	for i, part := range [3]string{"function", "args", "keywords"} {
		p := root + "[" + strconv.Itoa(i) + "]"
		if rest, ok := strings.CutPrefix(msg, p); ok {
			return "partial's " + part + rest
		}
	}
	return msg
}
