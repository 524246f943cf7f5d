package node

import (
	"fmt"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/procstar/procstar/runtime/codec"
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
	TraceDir   string
	MainFile   string
	MainSrc    []byte
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
	// msgpack trusts length prefixes (a 16-byte frame can claim a 4 GiB
	// string); the codec's decoder checks every length against the bytes
	// left, so a frame it accepts is safe to decode.
	if _, err := codec.DecodeLimit(data, nil, len(data)); err != nil {
		return nil, fmt.Errorf("bad bootstrap frame: %w", err)
	}
	var b Bootstrap
	if err := msgpack.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("bad bootstrap frame: %w", err)
	}
	received = &b
	return &b, nil
}

// The frame is a msgpack array of the fields in declaration order, coded by
// hand: msgpack's reflective struct coder costs a child about a tenth of a
// millisecond on its first use, at every start.
const bootstrapFields = 24

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

// DecodeMsgpack implements msgpack.CustomDecoder.
func (b *Bootstrap) DecodeMsgpack(d *msgpack.Decoder) error {
	var r errReader
	if n := r.int(d.DecodeArrayLen()); r.err == nil && n != bootstrapFields {
		return fmt.Errorf("bootstrap has %d fields, want %d", n, bootstrapFields)
	}
	b.Argv = r.strings(d)
	b.Dir = r.string(d.DecodeString())
	b.LoadDir = r.string(d.DecodeString())
	b.TraceDir = r.string(d.DecodeString())
	b.MainFile = r.string(d.DecodeString())
	b.MainSrc = r.bytes(d.DecodeBytes())
	b.Module = r.string(d.DecodeString())
	b.Func = r.string(d.DecodeString())
	b.Args = r.bytes(d.DecodeBytes())
	b.Kwargs = r.bytes(d.DecodeBytes())
	b.Name = r.string(d.DecodeString())
	if n := r.int(d.DecodeArrayLen()); n > 0 {
		b.Identity = make([]int, n)
		for i := range b.Identity {
			b.Identity[i] = r.int(d.DecodeInt())
		}
	}
	b.Daemon = r.bool(d.DecodeBool())
	b.ParentPid = r.int(d.DecodeInt())
	b.ParentName = r.string(d.DecodeString())
	b.Slot = r.int(d.DecodeInt())
	b.LogOn = r.bool(d.DecodeBool())
	b.LogLevel = r.int(d.DecodeInt())
	b.Kind = r.string(d.DecodeString())
	b.Payload = r.bytes(d.DecodeBytes())
	b.Files = r.strings(d)
	b.Env = r.strings(d)
	b.Cwd = r.string(d.DecodeString())
	if r.err != nil {
		return r.err
	}
	if n := r.int(d.DecodeArrayLen()); n >= 0 && r.err == nil {
		if n != 6 {
			return fmt.Errorf("bootstrap settings have %d fields, want 6", n)
		}
		s := &Settings{}
		s.UseFS = r.bool(d.DecodeBool())
		s.Disabled = r.strings(d)
		s.MaxSteps = r.uint64(d.DecodeUint64())
		s.MaxMessage = r.int(d.DecodeInt())
		s.HostNames = r.strings(d)
		s.MaxSpares = r.int(d.DecodeInt())
		b.Settings = s
	}
	return r.err
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

// errReader keeps the first error of a sequence of decoder calls; after
// one, the values it returns are zero.
type errReader struct{ err error }

func (r *errReader) keep(err error) bool {
	if r.err == nil {
		r.err = err
	}
	return r.err == nil
}

func (r *errReader) int(n int, err error) int {
	if !r.keep(err) {
		return 0
	}
	return n
}

func (r *errReader) uint64(n uint64, err error) uint64 {
	if !r.keep(err) {
		return 0
	}
	return n
}

func (r *errReader) string(s string, err error) string {
	if !r.keep(err) {
		return ""
	}
	return s
}

func (r *errReader) bytes(b []byte, err error) []byte {
	if !r.keep(err) {
		return nil
	}
	return b
}

func (r *errReader) bool(v bool, err error) bool {
	if !r.keep(err) {
		return false
	}
	return v
}

// strings reads an array of strings; nil stands for an empty one.
func (r *errReader) strings(d *msgpack.Decoder) []string {
	n := r.int(d.DecodeArrayLen())
	if n <= 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = r.string(d.DecodeString())
	}
	if r.err != nil {
		return nil
	}
	return list
}
