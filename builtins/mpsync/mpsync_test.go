package mpsync

import (
	"math"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestTimeoutArg(t *testing.T) {
	for _, c := range []struct {
		v    starlark.Value
		want time.Duration
	}{
		{nil, -1},
		{starlark.None, -1},
		{starlark.MakeInt(0), 0},
		{starlark.MakeInt(-5), 0},
		{starlark.Float(-0.5), 0},
		{starlark.Float(0.25), 250 * time.Millisecond},
		{starlark.MakeInt(2), 2 * time.Second},
		{starlark.Float(1e300), -1},
	} {
		got, err := TimeoutArg("f", c.v)
		if err != nil || got != c.want {
			t.Errorf("TimeoutArg(%v) = %v, %v; want %v", c.v, got, err, c.want)
		}
	}
	for _, v := range []starlark.Value{starlark.String("1"), starlark.Float(math.NaN()), starlark.True} {
		if _, err := TimeoutArg("f", v); err == nil {
			t.Errorf("TimeoutArg(%v) accepted", v)
		}
	}
}

func TestMethodTable(t *testing.T) {
	calls := 0
	mt := NewMethodTable(Method[*Event]{"m", func(e *Event, _ *starlark.Thread, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		calls++
		return starlark.MakeInt(len(args)), nil
	}})
	e := &Event{}
	b := mt.Bind(e, &e.bound, "m")
	if b == nil || mt.Bind(e, &e.bound, "m") != b {
		t.Fatal("Bind does not return the same bound method")
	}
	if b.Receiver() != starlark.Value(e) {
		t.Error("wrong receiver")
	}
	if mt.Bind(e, &e.bound, "x") != nil {
		t.Error("unknown method bound")
	}
	v, err := starlark.Call(new(starlark.Thread), b, starlark.Tuple{starlark.None, starlark.None}, nil)
	if err != nil || v != starlark.MakeInt(2) || calls != 1 {
		t.Errorf("call: %v %v %d", v, err, calls)
	}
	if n := mt.Names(); len(n) != 1 || n[0] != "m" {
		t.Errorf("Names %v", n)
	}
}
