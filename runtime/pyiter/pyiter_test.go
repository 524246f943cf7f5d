package pyiter

import (
	"errors"
	"testing"

	"go.starlark.net/starlark"
)

// failing gives 1, 2, then fails; read by a for loop it cannot report
// the error (its Iterate is a plain list's).
type failing struct {
	starlark.Tuple
	i int
}

var errBoom = errors.New("boom")

func (f *failing) Step() (starlark.Value, bool, error) {
	f.i++
	if f.i > 2 {
		return nil, false, errBoom
	}
	return starlark.MakeInt(f.i), true, nil
}

func TestIterate(t *testing.T) {
	it := Iterate(&failing{Tuple: starlark.Tuple{starlark.None}})
	defer it.Done()
	var got []starlark.Value
	var x starlark.Value
	for it.Next(&x) {
		got = append(got, x)
	}
	if len(got) != 2 || it.Err() != errBoom {
		t.Fatalf("got %v, %v; want [1 2], boom", got, it.Err())
	}
	it = Iterate(starlark.Tuple{starlark.None})
	for it.Next(&x) {
	}
	if it.Err() != nil {
		t.Fatal(it.Err())
	}
	if Iterate(starlark.MakeInt(1)) != nil {
		t.Fatal("an int is iterable")
	}
}

func TestCall(t *testing.T) {
	thread := new(starlark.Thread)
	list := starlark.Universe["list"]
	if _, err := Call(thread, list, starlark.Tuple{&failing{}}, nil); err != errBoom {
		t.Fatalf("list(failing): %v, want boom", err)
	}
	l := starlark.NewList(nil)
	extend, _ := l.Attr("extend")
	if _, err := Call(thread, extend, starlark.Tuple{&failing{}}, nil); err != errBoom || l.Len() != 2 {
		t.Fatalf("extend(failing): %v, %v; want boom, [1, 2]", err, l)
	}
	args := starlark.Tuple{starlark.Tuple{starlark.None}}
	if g, ok := GuardArgs(args); ok || &g[0] != &args[0] {
		t.Fatal("GuardArgs copied args without a Stepper")
	}
	if v, err := Whole(&failing{}); err != errBoom || v != nil {
		t.Fatalf("Whole: %v, %v", v, err)
	}
}
