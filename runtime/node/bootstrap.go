package node

import (
	"fmt"

	"github.com/vmihailenco/msgpack/v5"
)

// Bootstrap is everything a child needs to become the process its parent
// started: it arrives as the first frame on the control socket.
type Bootstrap struct {
	Argv []string
	Dir  string
	// LoadDir is where the main file and its loads resolve: the root's
	// directory at start, which os.chdir (Dir) does not move.
	LoadDir string
	// TraceDir is where a traced run's processes write their events.
	TraceDir string
	MainFile string
	MainSrc  []byte
	// MainProg is MainSrc as the parent compiled it (interp.MainProgram),
	// MainNames the key of the predeclared names it was resolved with: a
	// child decodes it rather than compile MainSrc (nil: it compiles).
	MainProg   []byte
	MainNames  uint64
	Module     string // target's module key
	Func       string // target's name
	Args       []byte // codec-encoded tuple
	Kwargs     []byte // codec-encoded dict
	Name       string
	Identity   []int
	Daemon     bool
	ParentPid  int
	ParentName string
	Slot       int
	LogOn      bool
	LogLevel   int
	// Kind selects what the child runs: "" for a Process target, or a kind
	// registered by a builtin (a Pool worker) with its own Payload.
	Kind    string
	Payload []byte
	// Files names the extra inherited files, in fd order.
	Files []string
	// Env and Cwd are set when a warm spare becomes this child: the
	// environment (nil: the one it was started with) and the working
	// directory a cold start would have given it.
	Env []string
	Cwd string
	// Settings are the root's, for every process of the tree.
	Settings *Settings
	// RuntimeEnv is spawn.Request.RuntimeEnv: environment for the child's
	// Go runtime at exec, not part of the frame.
	RuntimeEnv []string
	// Here starts the child on this machine even when a Launcher places
	// the others (a Manager's server), not part of the frame.
	Here bool
}

// Settings are the parts of the root's configuration that are data, which
// every process of the tree mirrors; the parts that are Go values (host
// builtins, a file system, a hook) come from the options the host binary
// gives its dispatch function.
type Settings struct {
	UseFS    bool     // the root reads scripts from an fs.FS
	Disabled []string // builtin modules dropped
	MaxSteps uint64
	// MaxMessage bounds one encoded value crossing processes (0: default).
	MaxMessage int
	// HostNames are the names the root's host added (WithPredeclared,
	// WithModule): a child whose dispatch options lack one says so.
	HostNames []string
	// MaxSpares is runtime.WithSpares: warm spares each process keeps.
	MaxSpares int
}

var received *Bootstrap

// Received is the bootstrap this process was started with (nil in a root).
func Received() *Bootstrap { return received }

// Encode serializes b for the control socket.
func (b *Bootstrap) Encode() ([]byte, error) { return msgpack.Marshal(b) }

// DecodeBootstrap parses a bootstrap frame.
func DecodeBootstrap(data []byte) (*Bootstrap, error) {
	b, err := decodeFrame(data)
	if err != nil {
		return nil, err
	}
	received = b
	return b, nil
}

// The frame is a msgpack array of the fields in declaration order, coded by
// hand: msgpack's reflective struct coder costs a child about a tenth of a
// millisecond on its first use, at every start.
const bootstrapFields = 26

// EncodedTarget is the Module of a Bootstrap whose target is not a named
// function but a value that crosses as a copy (a functools.partial): the
// target is then the first element of Args.
const EncodedTarget = "<encoded target>"

// EncodeMsgpack implements msgpack.CustomEncoder.
func (b *Bootstrap) EncodeMsgpack(e *msgpack.Encoder) error {
	var ew errWriter
	ew.do(e.EncodeArrayLen(bootstrapFields))
	ew.strings(e, b.Argv)
	ew.do(e.EncodeString(b.Dir))
	ew.do(e.EncodeString(b.LoadDir))
	ew.do(e.EncodeString(b.TraceDir))
	ew.do(e.EncodeString(b.MainFile))
	ew.do(e.EncodeBytes(b.MainSrc))
	ew.do(e.EncodeBytes(b.MainProg))
	ew.do(e.EncodeUint(b.MainNames))
	ew.do(e.EncodeString(b.Module))
	ew.do(e.EncodeString(b.Func))
	ew.do(e.EncodeBytes(b.Args))
	ew.do(e.EncodeBytes(b.Kwargs))
	ew.do(e.EncodeString(b.Name))
	ew.do(e.EncodeArrayLen(len(b.Identity)))
	for _, id := range b.Identity {
		ew.do(e.EncodeInt(int64(id)))
	}
	ew.do(e.EncodeBool(b.Daemon))
	ew.do(e.EncodeInt(int64(b.ParentPid)))
	ew.do(e.EncodeString(b.ParentName))
	ew.do(e.EncodeInt(int64(b.Slot)))
	ew.do(e.EncodeBool(b.LogOn))
	ew.do(e.EncodeInt(int64(b.LogLevel)))
	ew.do(e.EncodeString(b.Kind))
	ew.do(e.EncodeBytes(b.Payload))
	ew.strings(e, b.Files)
	ew.strings(e, b.Env)
	ew.do(e.EncodeString(b.Cwd))
	if b.Settings == nil {
		ew.do(e.EncodeNil())
	} else {
		s := b.Settings
		ew.do(e.EncodeArrayLen(6))
		ew.do(e.EncodeBool(s.UseFS))
		ew.strings(e, s.Disabled)
		ew.do(e.EncodeUint(s.MaxSteps))
		ew.do(e.EncodeInt(int64(s.MaxMessage)))
		ew.strings(e, s.HostNames)
		ew.do(e.EncodeInt(int64(s.MaxSpares)))
	}
	return ew.err
}

// decodeFrame reads a frame Encode wrote. It reads the bytes itself, not
// through msgpack's decoder: a child decodes one (a spare two) before it
// runs anything, and the reflective decoder plus the bounds pre-scan it
// needed cost about 60 µs each (BenchmarkDecodeBootstrap).
func decodeFrame(data []byte) (*Bootstrap, error) {
	f := frameReader{b: data}
	if n := f.arrayLen(); f.err == nil && n != bootstrapFields {
		return nil, fmt.Errorf("bootstrap has %d fields, want %d", n, bootstrapFields)
	}
	b := &Bootstrap{}
	b.Argv = f.strings()
	b.Dir = f.str()
	b.LoadDir = f.str()
	b.TraceDir = f.str()
	b.MainFile = f.str()
	b.MainSrc = f.bin()
	b.MainProg = f.bin()
	b.MainNames = f.uint()
	b.Module = f.str()
	b.Func = f.str()
	b.Args = f.bin()
	b.Kwargs = f.bin()
	b.Name = f.str()
	if n := f.arrayLen(); n > 0 {
		b.Identity = make([]int, n)
		for i := range b.Identity {
			b.Identity[i] = int(f.int())
		}
	}
	b.Daemon = f.boolean()
	b.ParentPid = int(f.int())
	b.ParentName = f.str()
	b.Slot = int(f.int())
	b.LogOn = f.boolean()
	b.LogLevel = int(f.int())
	b.Kind = f.str()
	b.Payload = f.bin()
	b.Files = f.strings()
	b.Env = f.strings()
	b.Cwd = f.str()
	if n := f.arrayLen(); n >= 0 && f.err == nil {
		if n != 6 {
			return nil, fmt.Errorf("bootstrap settings have %d fields, want 6", n)
		}
		s := &Settings{}
		s.UseFS = f.boolean()
		s.Disabled = f.strings()
		s.MaxSteps = f.uint()
		s.MaxMessage = int(f.int())
		s.HostNames = f.strings()
		s.MaxSpares = int(f.int())
		b.Settings = s
	}
	if f.err != nil {
		return nil, f.err
	}
	return b, nil
}

// frameReader reads the msgpack values a bootstrap is made of, checking
// every length against the bytes left: a corrupt or hostile length prefix
// is an error, never an allocation of what it claims. After an error the
// values it returns are zero.
type frameReader struct {
	b   []byte
	err error
}

func (f *frameReader) fail(format string, args ...any) {
	if f.err == nil {
		f.err = fmt.Errorf("bad bootstrap frame: "+format, args...)
	}
	f.b = nil
}

// take returns the next n bytes.
func (f *frameReader) take(n int) []byte {
	if n < 0 || n > len(f.b) {
		f.fail("%d bytes claimed, %d left", n, len(f.b))
		return nil
	}
	p := f.b[:n:n]
	f.b = f.b[n:]
	return p
}

// code returns the next format byte.
func (f *frameReader) code() (byte, bool) {
	if len(f.b) == 0 {
		f.fail("truncated")
		return 0, false
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c, true
}

// be reads an n-byte big-endian unsigned number (a length or an int).
func (f *frameReader) be(n int) uint64 {
	var v uint64
	for _, c := range f.take(n) {
		v = v<<8 | uint64(c)
	}
	return v
}

// msgpack format bytes (https://github.com/msgpack/msgpack/blob/master/spec.md).
const (
	mpNil     = 0xc0
	mpFalse   = 0xc2
	mpTrue    = 0xc3
	mpBin8    = 0xc4
	mpUint8   = 0xcc
	mpInt8    = 0xd0
	mpStr8    = 0xd9
	mpArray16 = 0xdc
	mpArray32 = 0xdd
)

// arrayLen reads an array header: its length, -1 for nil. Each element
// takes a byte at least, so a length beyond the bytes left is refused.
func (f *frameReader) arrayLen() int {
	c, ok := f.code()
	var n uint64
	switch {
	case !ok:
		return 0
	case c == mpNil:
		return -1
	case c&0xf0 == 0x90:
		n = uint64(c & 0x0f)
	case c == mpArray16:
		n = f.be(2)
	case c == mpArray32:
		n = f.be(4)
	default:
		f.fail("0x%02x where an array was expected", c)
		return 0
	}
	if n > uint64(len(f.b)) {
		f.fail("an array of %d in %d bytes", n, len(f.b))
		return 0
	}
	return int(n)
}

// raw reads a str or a bin: its bytes, aliasing the frame, nil for nil.
func (f *frameReader) raw() []byte {
	c, ok := f.code()
	switch {
	case !ok:
		return nil
	case c == mpNil:
		return nil
	case c&0xe0 == 0xa0:
		return f.take(int(c & 0x1f))
	case c >= mpStr8 && c <= mpStr8+2:
		return f.take(f.length(c - mpStr8))
	case c >= mpBin8 && c <= mpBin8+2:
		return f.take(f.length(c - mpBin8))
	}
	f.fail("0x%02x where a string was expected", c)
	return nil
}

// length reads the length of a str or bin of size class k (8, 16, 32 bits).
func (f *frameReader) length(k byte) int {
	n := f.be(1 << k)
	if n > uint64(len(f.b)) {
		return -1 // take fails
	}
	return int(n)
}

func (f *frameReader) str() string { return string(f.raw()) }

// bin is a byte string, nil for nil and empty (not nil) for an empty one.
func (f *frameReader) bin() []byte {
	if len(f.b) > 0 && f.b[0] == mpNil {
		f.b = f.b[1:]
		return nil
	}
	p := f.raw()
	if p == nil && f.err == nil {
		return []byte{}
	}
	return p
}

// strings reads an array of strings; nil stands for an empty one.
func (f *frameReader) strings() []string {
	n := f.arrayLen()
	if n <= 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = f.str()
	}
	if f.err != nil {
		return nil
	}
	return list
}

func (f *frameReader) boolean() bool {
	switch c, ok := f.code(); {
	case !ok:
	case c == mpTrue:
		return true
	case c != mpFalse:
		f.fail("0x%02x where a bool was expected", c)
	}
	return false
}

// int reads an integer of any msgpack width (nil reads as 0).
func (f *frameReader) int() int64 {
	c, ok := f.code()
	switch {
	case !ok:
		return 0
	case c <= 0x7f:
		return int64(c)
	case c >= 0xe0:
		return int64(int8(c))
	case c == mpNil:
		return 0
	case c >= mpUint8 && c <= mpUint8+3:
		return int64(f.be(1 << (c - mpUint8)))
	case c >= mpInt8 && c <= mpInt8+3:
		n := 1 << (c - mpInt8)
		v := f.be(n)
		shift := 64 - 8*n
		return int64(v<<shift) >> shift // sign-extended
	}
	f.fail("0x%02x where an int was expected", c)
	return 0
}

// uint is int for an unsigned field: uint64 values above MaxInt64 too.
func (f *frameReader) uint() uint64 {
	if len(f.b) > 0 && f.b[0] == mpUint8+3 {
		f.b = f.b[1:]
		return f.be(8)
	}
	return uint64(f.int())
}

// errWriter keeps the first error of a sequence of encoder calls.
type errWriter struct{ err error }

func (w *errWriter) do(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *errWriter) strings(e *msgpack.Encoder, list []string) {
	w.do(e.EncodeArrayLen(len(list)))
	for _, s := range list {
		w.do(e.EncodeString(s))
	}
}
