package manager

import (
	"github.com/vmihailenco/msgpack/v5"
)

// ref identifies a manager's server to any process of the tree: the request
// queue it serves, and the server's pid and start time (to tell it alive
// while a connection is being made).
type ref struct {
	_     struct{} `msgpack:",as_array"`
	Queue []byte   // shm handle of the request queue
	Pid   int
	Start uint64 // the server's start time (ptable.StartTime)
	Name  string // "SyncManager-1"
	// Tag is the backend of the queue and pipes (objects.Kind): "" for
	// this machine's shared memory, "cluster" for a server placed by
	// cluster mode, whose clients cannot look at its process.
	Tag string
}

// proxyRef is the handle data of a proxy: its manager and the object id.
type proxyRef struct {
	_   struct{} `msgpack:",as_array"`
	Mgr ref
	Obj int64
}

// payload is what the server child receives in its bootstrap.
type payload struct {
	_     struct{} `msgpack:",as_array"`
	Queue []byte
	Tag   string
}

// Operations of the protocol.
const (
	opConnect  = "connect"  // Vals[0]: handle of the sending end of the client's reply pipe
	opShutdown = "shutdown" // stop serving after the reply
	opCreate   = "create"   // Name: dict, list or Namespace; Vals[0]: initial contents
	opCall     = "call"     // Name: method; Vals: args tuple, kwargs dict
	opGetItem  = "getitem"  // Vals[0]: key
	opSetItem  = "setitem"  // Vals: key, value
	opContains = "contains" // Vals[0]: value
	opLen      = "len"
	opIter     = "iter"  // a snapshot list of what iteration yields
	opItems    = "items" // dict items as a list of pairs
	opSlice    = "slice" // Ints: start, end, step as the interpreter computed them
	opRepr     = "repr"
	opGetAttr  = "getattr" // Name
	opSetAttr  = "setattr" // Name; Vals[0]: value
	opDir      = "dir"     // a Namespace's attribute names
)

// request is one message on the server's request queue.
type request struct {
	_    struct{} `msgpack:",as_array"`
	Conn uint64   // the client's connection id
	Seq  uint64   // echoed in the reply
	Op   string
	Obj  int64
	Name string
	Vals [][]byte // codec-encoded values, each encoded with its own path
	Ints []int
}

// reply is one message on a client's reply pipe.
type reply struct {
	_      struct{} `msgpack:",as_array"`
	Seq    uint64
	Type   string // the Python type of the error; "" on success
	Msg    string
	Result []byte // codec-encoded result
}

func marshal(v any) []byte {
	b, err := msgpack.Marshal(v)
	if err != nil {
		panic(err) // plain structs of bytes, strings and ints always marshal
	}
	return b
}

func unmarshal(b []byte, v any) error { return msgpack.Unmarshal(b, v) }
