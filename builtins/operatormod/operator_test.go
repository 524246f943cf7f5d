package operatormod

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/codec"
)

// attrgetter follows dotted names through values with attributes.
func TestAttrgetterDotted(t *testing.T) {
	inner := starlarkstruct.FromStringDict(starlarkstruct.Default, starlark.StringDict{"b": starlark.MakeInt(7)})
	outer := starlarkstruct.FromStringDict(starlarkstruct.Default, starlark.StringDict{"a": inner, "c": starlark.String("x")})
	thread := &starlark.Thread{}
	g, err := newAttrgetter(thread, nil, starlark.Tuple{starlark.String("a.b"), starlark.String("c")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := starlark.Call(thread, g, starlark.Tuple{outer}, nil)
	if err != nil || v.String() != `(7, "x")` {
		t.Errorf("got %v, %v", v, err)
	}
	if _, err := starlark.Call(thread, g, starlark.Tuple{inner}, nil); err == nil {
		t.Error("no error for a missing attribute")
	}
}

// The getters cross processes as copies.
func TestGetterCodec(t *testing.T) {
	codec.RegisterTypes(CodecTypes) // the runtime registers them in a procstar process
	thread := &starlark.Thread{}
	m, _ := newMethodcaller(thread, nil, starlark.Tuple{starlark.String("get"), starlark.String("k")},
		[]starlark.Tuple{})
	i, _ := newItemgetter(thread, nil, starlark.Tuple{starlark.MakeInt(0), starlark.String("a")}, nil)
	for _, g := range []starlark.Value{m, i} {
		data, err := codec.Encode(starlark.Tuple{g}, "args", nil)
		if err != nil {
			t.Fatal(err)
		}
		v, err := codec.Decode(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.(starlark.Tuple)[0]; got.String() != g.String() {
			t.Errorf("got %v, want %v", got, g)
		}
	}
}
