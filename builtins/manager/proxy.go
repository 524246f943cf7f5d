package manager

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Handle kinds of the proxies.
const (
	handleDict      = "manager.DictProxy"
	handleList      = "manager.ListProxy"
	handleNamespace = "manager.NamespaceProxy"
)

// Registrations are the decoders of the package's handles and its kind of
// child, the manager's server (registered by the runtime).
var Registrations = []node.Registration{
	{Kind: handleDict, Handle: func(n *node.Node, data []byte) (starlark.Value, error) { return decodeProxy(n, data, kindDict) }},
	{Kind: handleList, Handle: func(n *node.Node, data []byte) (starlark.Value, error) { return decodeProxy(n, data, kindList) }},
	{Kind: handleNamespace, Handle: func(n *node.Node, data []byte) (starlark.Value, error) {
		return decodeProxy(n, data, kindNamespace)
	}},
	{Kind: kindName, Child: runServer},
}

func decodeProxy(n *node.Node, data []byte, objKind string) (starlark.Value, error) {
	var pr proxyRef
	if err := unmarshal(data, &pr); err != nil {
		return nil, err
	}
	return newProxy(clientFor(n, pr.Mgr), pr.Obj, objKind), nil
}

// proxy is what the proxies share: the client of their manager and the
// object's id in its server.
type proxy struct {
	c    *client
	id   int64
	kind string
}

// DictProxy forwards to a dict held by a manager's server.
type DictProxy struct{ proxy }

// ListProxy forwards to a list held by a manager's server.
type ListProxy struct{ proxy }

// NamespaceProxy forwards attribute reads and writes to a Namespace held by
// a manager's server.
type NamespaceProxy struct{ proxy }

var (
	_ starlark.IterableMapping = (*DictProxy)(nil)
	_ starlark.HasSetKey       = (*DictProxy)(nil)
	_ starlark.Sequence        = (*DictProxy)(nil)
	_ starlark.Container       = (*DictProxy)(nil)
	_ starlark.HasAttrs        = (*DictProxy)(nil)
	_ starlark.Comparable      = (*DictProxy)(nil)

	_ starlark.HasSetKey  = (*ListProxy)(nil)
	_ starlark.Sliceable  = (*ListProxy)(nil)
	_ starlark.Sequence   = (*ListProxy)(nil)
	_ starlark.Container  = (*ListProxy)(nil)
	_ starlark.HasAttrs   = (*ListProxy)(nil)
	_ starlark.Comparable = (*ListProxy)(nil)
	_ starlark.HasBinary  = (*ListProxy)(nil)

	_ starlark.HasSetField = (*NamespaceProxy)(nil)
	_ starlark.Comparable  = (*NamespaceProxy)(nil)
)

func newProxy(c *client, id int64, kind string) starlark.Value {
	p := proxy{c: c, id: id, kind: kind}
	switch kind {
	case kindDict:
		return &DictProxy{p}
	case kindList:
		return &ListProxy{p}
	default:
		return &NamespaceProxy{p}
	}
}

func (p *proxy) handleKind() string {
	switch p.kind {
	case kindDict:
		return handleDict
	case kindList:
		return handleList
	}
	return handleNamespace
}

// Portable implements codec.Portable: the proxies of a manager served
// through the cluster work on every machine.
func (p *proxy) Portable() bool { return p.c.ref.Tag != "" }

// Handle implements codec.Shared: a proxy travels as its manager and id.
func (p *proxy) Handle() (string, []byte, error) {
	return p.handleKind(), marshal(&proxyRef{Mgr: p.c.ref, Obj: p.id}), nil
}

func (p *proxy) Freeze() {}

func (p *proxy) Hash() (uint32, error) {
	h := fnv.New32a()
	h.Write([]byte(p.c.key))
	var b [8]byte
	for i := range b {
		b[i] = byte(p.id >> (8 * i))
	}
	h.Write(b[:])
	return h.Sum32(), nil
}

// same reports whether y is a proxy of the same object.
func (p *proxy) same(y starlark.Value) bool {
	var q *proxy
	switch y := y.(type) {
	case *DictProxy:
		q = &y.proxy
	case *ListProxy:
		q = &y.proxy
	case *NamespaceProxy:
		q = &y.proxy
	default:
		return false
	}
	return p.c.key == q.c.key && p.id == q.id
}

func (p *proxy) compare(op syntax.Token, y starlark.Value, typ string) (bool, error) {
	switch op {
	case syntax.EQL:
		return p.same(y), nil
	case syntax.NEQ:
		return !p.same(y), nil
	}
	return false, pyerr.New(pyerr.TypeError, "%s %s %s not implemented", typ, op, typ)
}

// do runs one operation with the thread's context.
func (p *proxy) do(thread *starlark.Thread, req *request) (starlark.Value, error) {
	req.Obj = p.id
	return p.c.call(procenv.Get(thread).Ctx, req)
}

// doBare runs an operation from an interface method that gets no thread
// and cannot report an error (Len, Iterate, String...).
func (p *proxy) doBare(req *request) (starlark.Value, error) {
	req.Obj = p.id
	return p.c.call(nil, req)
}

func (p *proxy) repr() string {
	if current.Load() != nil {
		// In a server, a proxy is printed as part of the repr of a value
		// that holds it: as CPython's repr of a proxy, without asking its
		// server, which may be this one or be waiting for this one.
		return fmt.Sprintf("<%s object, typeid '%s', manager %s, id %d>", proxyType(p.kind), p.kind, p.c.ref.Name, p.id)
	}
	v, err := p.doBare(&request{Op: opRepr})
	if err != nil {
		return "<" + proxyType(p.kind) + " object: " + err.Error() + ">"
	}
	s, _ := starlark.AsString(v)
	return s
}

func proxyType(kind string) string {
	switch kind {
	case kindDict:
		return "DictProxy"
	case kindList:
		return "ListProxy"
	}
	return "NamespaceProxy"
}

func (p *proxy) length() int {
	v, err := p.doBare(&request{Op: opLen})
	if err != nil {
		return -1 // len() reports "has no len"; a Sequence cannot return an error
	}
	n, _ := starlark.AsInt32(v)
	return n
}

func (p *proxy) iterate() starlark.Iterator {
	v, err := p.doBare(&request{Op: opIter})
	l, ok := v.(*starlark.List)
	if err != nil || !ok {
		l = starlark.NewList(nil)
	}
	return l.Iterate()
}

func (p *proxy) getItem(k starlark.Value) (starlark.Value, bool, error) {
	vals, err := p.c.encodeVals([]starlark.Value{k}, []string{"key"})
	if err != nil {
		return nil, false, err
	}
	v, err := p.doBare(&request{Op: opGetItem, Vals: vals})
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (p *proxy) setItem(k, v starlark.Value) error {
	vals, err := p.c.encodeVals([]starlark.Value{k, v}, []string{"key", "value"})
	if err != nil {
		return err
	}
	_, err = p.doBare(&request{Op: opSetItem, Vals: vals})
	return err
}

func (p *proxy) has(x starlark.Value) (bool, error) {
	vals, err := p.c.encodeVals([]starlark.Value{x}, []string{"value"})
	if err != nil {
		return false, err
	}
	v, err := p.doBare(&request{Op: opContains, Vals: vals})
	if err != nil {
		return false, err
	}
	return bool(v.Truth()), nil
}

// method returns the bound method name of the proxied object.
func (p *proxy) method(recv starlark.Value, name string) starlark.Value {
	if !hasMethod(p.kind, name) || helperMethods.Get()[name] && strings.HasPrefix(name, "__") {
		return nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		v, err := p.invoke(thread, name, sendableArgs(thread, name, args), kwargs)
		if d, ok := v.(*starlark.Dict); ok && name == "copy" {
			// A copy is the caller's own dict, not a frozen reading.
			c := starlark.NewDict(d.Len())
			for _, kv := range d.Items() {
				c.SetKey(kv[0], kv[1])
			}
			return c, nil
		}
		return v, err
	}).BindReceiver(recv)
}

// invoke calls the proxied object's method name in its server (thread
// nil: from an interface method that has none).
func (p *proxy) invoke(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	kw := starlark.NewDict(len(kwargs))
	for _, kv := range kwargs {
		kw.SetKey(kv[0], kv[1])
	}
	vals, err := p.c.encodeVals([]starlark.Value{args, kw}, []string{"args", "kwargs"})
	if err != nil {
		return nil, err
	}
	req := &request{Op: opCall, Name: name, Vals: vals}
	if thread == nil {
		return p.doBare(req)
	}
	return p.do(thread, req)
}

// sendableArgs turns the iterable argument of extend, update and += into a list
// when it is not a value that can be sent as it is (a range, an iterator
// of another builtin type), so that they accept any iterable, as the
// methods of a local list and dict do.
func sendableArgs(thread *starlark.Thread, name string, args starlark.Tuple) starlark.Tuple {
	if (name != "extend" && name != "update" && name != "__iadd__") || len(args) != 1 {
		return args
	}
	switch args[0].(type) {
	case *starlark.List, starlark.Tuple, *starlark.Dict, *starlark.Set, *DictProxy, *ListProxy:
		return args
	}
	it, ok := args[0].(starlark.Iterable)
	if !ok {
		return args
	}
	var elems []starlark.Value
	for x := range starlark.Elements(it) {
		elems = append(elems, x)
	}
	return starlark.Tuple{starlark.NewList(elems)}
}

// Binary implements starlark.HasBinary: proxy + list and proxy * n (or
// n * proxy) are new lists, the caller's own (not frozen readings), as
// Python's ListProxy gives.
func (l *ListProxy) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	var v starlark.Value
	var err error
	switch {
	case op == syntax.PLUS && y == pyformat.InPlaceAdded:
		return l, nil // l += y, which InPlaceAdd has done
	case op == syntax.PLUS && side == starlark.Left:
		v, err = l.invoke(nil, "__add__", starlark.Tuple{y}, nil)
	case op == syntax.STAR:
		v, err = l.invoke(nil, "__mul__", starlark.Tuple{y}, nil)
	default:
		return nil, nil // Starlark's "unknown binary op" TypeError
	}
	if r, ok := v.(*starlark.List); ok && err == nil {
		elems := make([]starlark.Value, r.Len())
		for i := range elems {
			elems[i] = r.Index(i)
		}
		return starlark.NewList(elems), nil
	}
	return v, err
}

// InPlaceMul is proxy *= n (pyformat.InPlaceMultiplier): the server's list
// is repeated in place and the proxy stays, as Python's __imul__ does.
func (l *ListProxy) InPlaceMul(thread *starlark.Thread, n starlark.Value) (starlark.Value, error) {
	if _, err := l.invoke(thread, "__imul__", starlark.Tuple{n}, nil); err != nil {
		return nil, err
	}
	return l, nil
}

// InPlaceAdd is proxy += y (pyformat.InPlaceAdder): the server's list is
// extended in place and the proxy stays, as Python's __iadd__ does, rather
// than the name being rebound to a new, frozen list.
func (l *ListProxy) InPlaceAdd(thread *starlark.Thread, y starlark.Value) error {
	_, err := l.invoke(thread, "__iadd__", sendableArgs(thread, "__iadd__", starlark.Tuple{y}), nil)
	return err
}

func methodNames(kind string) []string {
	var ms []string
	switch kind {
	case kindDict:
		ms = dictMethods
	case kindList:
		ms = listMethods
	}
	return append([]string(nil), ms...)
}

// --- DictProxy ---

func (d *DictProxy) String() string             { return d.repr() }
func (d *DictProxy) Type() string               { return "DictProxy" }
func (d *DictProxy) Truth() starlark.Bool       { return d.length() != 0 }
func (d *DictProxy) Len() int                   { return d.length() }
func (d *DictProxy) Iterate() starlark.Iterator { return d.iterate() }
func (d *DictProxy) Get(k starlark.Value) (starlark.Value, bool, error) {
	return d.getItem(k)
}
func (d *DictProxy) SetKey(k, v starlark.Value) error         { return d.setItem(k, v) }
func (d *DictProxy) Has(k starlark.Value) (bool, error)       { return d.has(k) }
func (d *DictProxy) Attr(name string) (starlark.Value, error) { return d.method(d, name), nil }
func (d *DictProxy) AttrNames() []string                      { return methodNames(kindDict) }
func (d *DictProxy) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return d.compare(op, y, d.Type())
}

// Items implements starlark.IterableMapping (dict(d), d2.update(d), **d):
// a snapshot; empty if the server cannot be reached.
func (d *DictProxy) Items() []starlark.Tuple {
	v, err := d.doBare(&request{Op: opItems})
	l, ok := v.(*starlark.List)
	if err != nil || !ok {
		return nil
	}
	out := make([]starlark.Tuple, l.Len())
	for i := range out {
		out[i], _ = l.Index(i).(starlark.Tuple)
	}
	return out
}

// --- ListProxy ---

func (l *ListProxy) String() string             { return l.repr() }
func (l *ListProxy) Type() string               { return "ListProxy" }
func (l *ListProxy) Truth() starlark.Bool       { return l.length() != 0 }
func (l *ListProxy) Len() int                   { return l.length() }
func (l *ListProxy) Iterate() starlark.Iterator { return l.iterElems() }

// iterElems is the list's iterator.
func (l *ListProxy) iterElems() starlark.Iterator {
	if l.c.local != nil {
		// In its own server, which runs one request at a time, a proxy is
		// iterated by that request (l.extend(l)): a snapshot, as CPython's
		// server gets the list itself for its own proxy and list.extend
		// copies its argument first (read one at a time, l would grow
		// without end).
		return l.iterate()
	}
	return &listIter{l: l}
}

// listIter is a ListProxy's iterator. It reads the elements one at a time,
// each when it is reached, as Python iterates a ListProxy (which has no
// __iter__: the sequence protocol calls __getitem__(0), (1), ... until
// IndexError), so that a change made to the list while it is iterated is
// seen, not a snapshot taken by iter(). l is nil once it has ended.
type listIter struct {
	l *ListProxy
	i int
}

func (it *listIter) Next(p *starlark.Value) bool {
	if it.l == nil {
		return false
	}
	v, _, err := it.l.getItem(starlark.MakeInt(it.i))
	if err != nil {
		// IndexError is the end; any other failure ends it too, as Next
		// cannot report it (as the snapshot it replaced did).
		it.l = nil
		return false
	}
	it.i++
	*p = v
	return true
}

func (it *listIter) Done() {}

// Get implements l[i] (as a Mapping, so that a failure is an error, which
// Indexable.Index cannot return).
func (l *ListProxy) Get(k starlark.Value) (starlark.Value, bool, error) {
	return l.getItem(k)
}
func (l *ListProxy) SetKey(k, v starlark.Value) error         { return l.setItem(k, v) }
func (l *ListProxy) Has(x starlark.Value) (bool, error)       { return l.has(x) }
func (l *ListProxy) Attr(name string) (starlark.Value, error) { return l.method(l, name), nil }
func (l *ListProxy) AttrNames() []string                      { return methodNames(kindList) }
func (l *ListProxy) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return l.compare(op, y, l.Type())
}

// Index implements starlark.Indexable (for slicing); l[i] goes through Get.
func (l *ListProxy) Index(i int) starlark.Value {
	v, _, err := l.getItem(starlark.MakeInt(i))
	if err != nil {
		return starlark.None
	}
	return v
}

// Slice implements starlark.Sliceable: l[a:b:c] is a frozen copy.
func (l *ListProxy) Slice(start, end, step int) starlark.Value {
	v, err := l.doBare(&request{Op: opSlice, Ints: []int{start, end, step}})
	if err != nil {
		return starlark.NewList(nil)
	}
	return v
}

// --- NamespaceProxy ---

func (ns *NamespaceProxy) String() string       { return ns.repr() }
func (ns *NamespaceProxy) Type() string         { return "NamespaceProxy" }
func (ns *NamespaceProxy) Truth() starlark.Bool { return starlark.True }
func (ns *NamespaceProxy) Attr(name string) (starlark.Value, error) {
	return ns.doBare(&request{Op: opGetAttr, Name: name})
}
func (ns *NamespaceProxy) AttrNames() []string {
	v, err := ns.doBare(&request{Op: opDir})
	l, ok := v.(*starlark.List)
	if err != nil || !ok {
		return nil
	}
	var names []string
	for x := range starlark.Elements(l) {
		if s, ok := starlark.AsString(x); ok {
			names = append(names, s)
		}
	}
	sort.Strings(names)
	return names
}
func (ns *NamespaceProxy) SetField(name string, v starlark.Value) error {
	vals, err := ns.c.encodeVals([]starlark.Value{v}, []string{name})
	if err != nil {
		return err
	}
	_, err = ns.doBare(&request{Op: opSetAttr, Name: name, Vals: vals})
	return err
}
func (ns *NamespaceProxy) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return ns.compare(op, y, ns.Type())
}
