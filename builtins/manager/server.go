package manager

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/objects"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// kindName is the child kind of a manager's server process.
const kindName = "manager"

// current is the server this process runs (only in a server process).
var current atomic.Pointer[server]

// server holds the managed objects and serves requests for them.
type server struct {
	n      *node.Node
	key    string // the request queue's handle: identifies the manager
	q      objects.Queue
	thread *starlark.Thread // runs the objects' methods and the helpers
	objs   map[int64]*object
	next   int64
	conns  map[uint64]objects.Conn
	be     objects.Backend
	help   starlark.StringDict
}

type object struct {
	kind string // kindDict, kindList, kindNamespace
	v    starlark.Value
}

const (
	kindDict      = "dict"
	kindList      = "list"
	kindNamespace = "Namespace"
)

// The methods a proxy forwards: those of Starlark's dict and list, and
// those of Python's DictProxy and ListProxy that Starlark's lack (run by
// helpers, below).
var (
	dictMethods = []string{"clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"}
	listMethods = []string{"append", "clear", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"}
)

// helperMethods run as the helper of that name, with the object first:
// Python's methods that Starlark's list and dict lack, and the operators
// of a ListProxy (+, *, *=, +=), which no script can name.
var helperMethods = lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"copy": true, "count": true, "reverse": true, "sort": true,
		"__add__": true, "__mul__": true, "__imul__": true, "__iadd__": true,
	}
}}

func hasMethod(kind, name string) bool {
	if kind == kindList && strings.HasPrefix(name, "__") && helperMethods.Get()[name] {
		return true
	}
	var ms []string
	switch kind {
	case kindDict:
		ms = dictMethods
	case kindList:
		ms = listMethods
	}
	for _, m := range ms {
		if m == name {
			return true
		}
	}
	return false
}

// helpers run the indexing operators with Starlark's own semantics and
// error messages.
const helperSrc = `
def getitem(x, k):
    return x[k]

def setitem(x, k, v):
    x[k] = v

def contains(x, v):
    return v in x

def count(x, v):
    n = 0
    for e in x:
        if e == v:
            n += 1
    return n

def reverse(x):
    r = x[::-1]
    x.clear()
    x.extend(r)

def sort(x, key = None, reverse = False):
    if key == None:
        r = sorted(x, reverse = reverse)
    else:
        r = sorted(x, key = key, reverse = reverse)
    x.clear()
    x.extend(r)

def copy(x):
    return dict(x)

def __add__(x, y):
    return x + y

def __mul__(x, n):
    return x * n

def __iadd__(x, y):
    x += y

def __imul__(x, n):
    r = x * n
    x.clear()
    x.extend(r)
`

func newServer(n *node.Node, be objects.Backend, q objects.Queue, key string) (*server, error) {
	t := &starlark.Thread{Name: "manager"}
	node.Set(t, n)
	help, err := starlark.ExecFileOptions(dialect.Options, t, "<manager>", helperSrc, nil)
	if err != nil {
		return nil, err
	}
	return &server{
		n: n, be: be, key: key, q: q, thread: t, help: help,
		objs:  make(map[int64]*object),
		conns: make(map[uint64]objects.Conn),
	}, nil
}

// runServer is the manager child: it serves until shutdown() or SIGTERM
// (its owner's exit), then ends normally.
func runServer(thread *starlark.Thread, n *node.Node, b *node.Bootstrap) error {
	var p payload
	if err := unmarshal(b.Payload, &p); err != nil {
		return fmt.Errorf("manager: bad payload: %v", err)
	}
	be, err := objects.Attach(n, p.Tag)
	if err != nil {
		return fmt.Errorf("manager: %v", err)
	}
	q, err := be.AttachQueue(p.Queue)
	if err != nil {
		return fmt.Errorf("manager: %v", err)
	}
	s, err := newServer(n, be, q, string(p.Queue))
	if err != nil {
		return err
	}
	procenv.Set(s.thread, procenv.Get(thread))
	ctx, cancel := context.WithCancel(procenv.Get(thread).Ctx)
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			cancel()
		case <-ctx.Done():
		}
	}()
	current.Store(s)
	n.Log.Log(mplog.INFO, n.Name(), "child process calling self.run()")
	n.Log.Log(mplog.INFO, n.Name(), "manager serving")
	s.serve(ctx)
	return nil
}

func (s *server) serve(ctx context.Context) {
	defer func() {
		// Clients waiting for a reply read EOF.
		for _, c := range s.conns {
			c.Close()
		}
	}()
	for {
		msg, err := s.q.Get(ctx, -1)
		if err != nil {
			return
		}
		var req request
		if err := unmarshal(msg, &req); err != nil {
			continue
		}
		if req.Op == opConnect {
			s.connect(ctx, &req)
			continue
		}
		rep := s.handle(&req)
		if c := s.conns[req.Conn]; c != nil {
			if err := c.Send(ctx, marshal(rep)); errors.Is(err, objects.ErrBrokenPipe) {
				// The client is gone: nobody else holds its reply pipe.
				delete(s.conns, req.Conn)
				c.Destroy()
			}
		}
		if req.Op == opShutdown {
			return
		}
	}
}

func (s *server) connect(ctx context.Context, req *request) {
	if len(req.Vals) != 1 {
		return
	}
	c, err := s.be.AttachConn(req.Vals[0])
	if err != nil {
		return // the client sees the server alive and waits: it was cancelled or is gone
	}
	if old := s.conns[req.Conn]; old != nil {
		old.Close()
	}
	s.conns[req.Conn] = c
	c.Send(ctx, marshal(&reply{Seq: req.Seq}))
}

// handle executes one request and returns its reply.
func (s *server) handle(req *request) (rep *reply) {
	rep = &reply{Seq: req.Seq}
	defer func() {
		// A bug in one operation must not take every client's objects down.
		if r := recover(); r != nil {
			rep.Result, rep.Type, rep.Msg = nil, pyerr.RuntimeError, fmt.Sprintf("manager: %s failed: %v", req.Op, r)
		}
	}()
	v, err := s.exec(req)
	if err == nil {
		rep.Result, err = codec.Encode(v, "result", s.n.Resolver)
	}
	if err != nil {
		rep.Type, rep.Msg = pyerr.Classify(err)
	}
	return rep
}

func (s *server) decode(req *request, i int) (starlark.Value, error) {
	if i >= len(req.Vals) {
		return nil, pyerr.New(pyerr.RuntimeError, "manager: malformed %s request", req.Op)
	}
	v, err := codec.Decode(req.Vals[i], s.n.Resolver)
	if err != nil {
		return nil, pyerr.New(pyerr.RuntimeError, "manager: %v", err)
	}
	return v, nil
}

func (s *server) exec(req *request) (starlark.Value, error) {
	switch req.Op {
	case opShutdown:
		return starlark.None, nil
	case opCreate:
		v, err := s.decode(req, 0)
		if err != nil {
			return nil, err
		}
		switch req.Name {
		case kindDict, kindNamespace:
			if _, ok := v.(*starlark.Dict); !ok {
				return nil, pyerr.New(pyerr.TypeError, "manager: %s wants a dict, not %s", req.Name, v.Type())
			}
		case kindList:
			if _, ok := v.(*starlark.List); !ok {
				return nil, pyerr.New(pyerr.TypeError, "manager: list wants a list, not %s", v.Type())
			}
		default:
			return nil, pyerr.New(pyerr.ValueError, "manager: unknown type %q", req.Name)
		}
		s.next++
		s.objs[s.next] = &object{kind: req.Name, v: v}
		return starlark.MakeInt64(s.next), nil
	}
	o := s.objs[req.Obj]
	if o == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "manager: no object %d", req.Obj)
	}
	switch req.Op {
	case opCall:
		if !hasMethod(o.kind, req.Name) {
			return nil, pyerr.New("AttributeError", "%s has no .%s field or method", o.kind, req.Name)
		}
		av, err := s.decode(req, 0)
		if err != nil {
			return nil, err
		}
		kv, err := s.decode(req, 1)
		if err != nil {
			return nil, err
		}
		args, _ := av.(starlark.Tuple)
		var kwargs []starlark.Tuple
		if d, ok := kv.(*starlark.Dict); ok {
			kwargs = d.Items()
		}
		if helperMethods.Get()[req.Name] {
			return starlark.Call(s.thread, s.help[req.Name], append(starlark.Tuple{o.v}, args...), kwargs)
		}
		m, err := o.v.(starlark.HasAttrs).Attr(req.Name)
		if err != nil {
			return nil, err
		}
		return starlark.Call(s.thread, m, args, kwargs)
	case opGetItem:
		k, err := s.decode(req, 0)
		if err != nil {
			return nil, err
		}
		return starlark.Call(s.thread, s.help["getitem"], starlark.Tuple{o.v, k}, nil)
	case opSetItem:
		k, err := s.decode(req, 0)
		if err != nil {
			return nil, err
		}
		v, err := s.decode(req, 1)
		if err != nil {
			return nil, err
		}
		return starlark.Call(s.thread, s.help["setitem"], starlark.Tuple{o.v, k, v}, nil)
	case opContains:
		v, err := s.decode(req, 0)
		if err != nil {
			return nil, err
		}
		return starlark.Call(s.thread, s.help["contains"], starlark.Tuple{o.v, v}, nil)
	case opLen:
		return starlark.MakeInt(starlark.Len(o.v)), nil
	case opIter:
		var elems []starlark.Value
		for x := range starlark.Elements(o.v.(starlark.Iterable)) {
			elems = append(elems, x)
		}
		return starlark.NewList(elems), nil
	case opItems:
		d, ok := o.v.(*starlark.Dict)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "manager: %s has no items", o.kind)
		}
		items := d.Items()
		elems := make([]starlark.Value, len(items))
		for i, kv := range items {
			elems[i] = kv
		}
		return starlark.NewList(elems), nil
	case opSlice:
		return s.slice(o, req.Ints)
	case opRepr:
		if o.kind == kindNamespace {
			return starlark.String(namespaceRepr(o.v.(*starlark.Dict))), nil
		}
		return starlark.String(o.v.String()), nil
	case opGetAttr:
		d, ok := o.v.(*starlark.Dict)
		if !ok || o.kind != kindNamespace {
			return nil, pyerr.New(pyerr.TypeError, "manager: %s has no attributes", o.kind)
		}
		v, found, _ := d.Get(starlark.String(req.Name))
		if !found {
			return nil, pyerr.New("AttributeError", "'Namespace' object has no attribute '%s'", req.Name)
		}
		return v, nil
	case opSetAttr:
		d, ok := o.v.(*starlark.Dict)
		if !ok || o.kind != kindNamespace {
			return nil, pyerr.New(pyerr.TypeError, "manager: %s has no attributes", o.kind)
		}
		v, err := s.decode(req, 0)
		if err != nil {
			return nil, err
		}
		return starlark.None, d.SetKey(starlark.String(req.Name), v)
	case opDir:
		d, ok := o.v.(*starlark.Dict)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "manager: %s has no attributes", o.kind)
		}
		var names []starlark.Value
		for _, k := range d.Keys() {
			names = append(names, k)
		}
		return starlark.NewList(names), nil
	}
	return nil, pyerr.New(pyerr.ValueError, "manager: unknown operation %q", req.Op)
}

// slice cuts a list as the interpreter's slice operator asked, with indices
// it computed from an earlier length: they are clamped to the current one.
func (s *server) slice(o *object, ints []int) (starlark.Value, error) {
	l, ok := o.v.(*starlark.List)
	if !ok || len(ints) != 3 || ints[2] == 0 {
		return nil, pyerr.New(pyerr.TypeError, "manager: bad slice of %s", o.kind)
	}
	start, end, step := ints[0], ints[1], ints[2]
	n := l.Len()
	var out []starlark.Value
	if step > 0 {
		start, end = max(0, min(start, n)), max(0, min(end, n))
		for i := start; i < end; i += step {
			out = append(out, l.Index(i))
		}
	} else {
		start, end = min(start, n-1), max(end, -1)
		for i := start; i > end; i += step {
			out = append(out, l.Index(i))
		}
	}
	return starlark.NewList(out), nil
}

// namespaceRepr is CPython's Namespace repr: public attributes, sorted.
func namespaceRepr(d *starlark.Dict) string {
	var parts []string
	for _, kv := range d.Items() {
		name, _ := starlark.AsString(kv[0])
		if strings.HasPrefix(name, "_") {
			continue
		}
		parts = append(parts, name+"="+kv[1].String())
	}
	sort.Strings(parts)
	return "Namespace(" + strings.Join(parts, ", ") + ")"
}
