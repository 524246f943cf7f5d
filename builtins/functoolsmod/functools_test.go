package functoolsmod

import (
	"errors"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
)

func run(t *testing.T, src string) starlark.StringDict {
	t.Helper()
	thread := &starlark.Thread{Name: "test"}
	g, err := starlark.ExecFile(thread, "test.star", src, starlark.StringDict{"functools": Module()})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A partial of a partial is one partial of the innermost function, with
// the keywords merged, later ones winning.
func TestPartialFlattens(t *testing.T) {
	g := run(t, `
p = functools.partial(functools.partial(max, 1, key=None), 2, key=abs)
r = p(-3)
`)
	p := g["p"].(*Partial)
	if _, ok := p.fn.(*starlark.Builtin); !ok || len(p.args) != 2 || len(p.kwargs) != 1 || p.kwargs[0][1].String() == "None" {
		t.Errorf("p = %v", p)
	}
	if g["r"].String() != "-3" {
		t.Errorf("r = %v", g["r"])
	}
}

// universe names the universe's builtins, as the interpreter's resolver
// names a process's functions.
type universe struct{}

func (universe) FuncRef(fn starlark.Value) (string, string, error) {
	return "universe", fn.(*starlark.Builtin).Name(), nil
}
func (universe) Func(_, name string) (starlark.Value, error) { return starlark.Universe[name], nil }
func (universe) Handle(string, []byte) (starlark.Value, error) {
	return nil, errors.New("no handles")
}

// A partial crosses as its state: the function by reference, the
// arguments by value; without a resolver the function cannot cross.
func TestPartialCodec(t *testing.T) {
	codec.RegisterTypes(CodecTypes) // the runtime registers them in a procstar process
	inner := &Partial{fn: starlark.Universe["max"], args: starlark.Tuple{starlark.MakeInt(1)}}
	q, err := NewPartial(inner, starlark.Tuple{starlark.NewList([]starlark.Value{starlark.MakeInt(2)})}, []starlark.Tuple{{starlark.String("k"), starlark.None}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := codec.Encode(q, "func", nil); err == nil {
		t.Error("a partial of a builtin encoded without a resolver")
	}
	data, err := codec.Encode(q, "func", universe{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := codec.Decode(data, universe{})
	if err != nil {
		t.Fatal(err)
	}
	got := v.(*Partial)
	if got.String() != q.String() || got.fn != starlark.Universe["max"] || got.args[1] == q.args[1] {
		t.Errorf("round trip: %v, want a copy of %v", got, q)
	}
}

func TestLRUEviction(t *testing.T) {
	g := run(t, `
calls = []
def f(x):
    calls.append(x)
    return x
c = functools.lru_cache(maxsize=2)(f)
[c(x) for x in [1, 2, 1, 3, 2, 1]]
info = c.cache_info()
`)
	if got := g["calls"].String(); got != "[1, 2, 3, 2, 1]" {
		t.Errorf("calls = %s", got)
	}
	if got := g["info"].String(); got != "CacheInfo(hits=1, misses=5, maxsize=2, currsize=2)" {
		t.Errorf("info = %s", got)
	}
}
