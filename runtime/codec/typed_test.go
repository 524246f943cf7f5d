package codec

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// point is a Typed value of a test package: it crosses as a copy.
type point struct{ x, y starlark.Value }

func (p *point) String() string        { return fmt.Sprintf("point(%v, %v)", p.x, p.y) }
func (p *point) Type() string          { return "test.point" }
func (p *point) Freeze()               {}
func (p *point) Truth() starlark.Bool  { return true }
func (p *point) Hash() (uint32, error) { return 0, errors.New("unhashable") }
func (p *point) CodecState() (string, starlark.Value) {
	return "test.point", starlark.Tuple{p.x, p.y}
}

func init() {
	RegisterType("test.point", func(state starlark.Value) (starlark.Value, error) {
		t, ok := state.(starlark.Tuple)
		if !ok || len(t) != 2 {
			return nil, errors.New("bad state")
		}
		return &point{t[0], t[1]}, nil
	})
}

func TestTyped(t *testing.T) {
	v := starlark.NewList([]starlark.Value{&point{starlark.MakeInt(1), starlark.String("a")}, starlark.MakeInt(2)})
	data, err := Encode(v, "v", nil) // no resolver needed
	if err != nil {
		t.Fatal(err)
	}
	if want := "92c7000692aa746573742e706f696e74c70001920" + "1a161" + "02"; fmt.Sprintf("%x", data) != want {
		t.Errorf("wire: %x, want %s", data, want)
	}
	got, err := Decode(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != v.String() {
		t.Errorf("got %s, want %s", got, v)
	}
	// The state's own errors name their place; an unknown type fails.
	if _, err := Encode(&point{starlark.MakeInt(1), &starlark.Builtin{}}, "v", nil); err == nil {
		t.Error("unsendable state accepted")
	}
	bad := []byte(strings.Replace(string(data), "test.point", "test.pinto", 1))
	if _, err := Decode(bad, nil); err == nil || !strings.Contains(err.Error(), `unknown type "test.pinto"`) {
		t.Errorf("unknown type: %v", err)
	}
}

// A mutable Typed value that contains itself (a deque appended to itself)
// is a cyclic value, even though its state is a new tuple at every call.
func TestTypedCycle(t *testing.T) {
	p := &point{starlark.MakeInt(1), nil}
	p.y = starlark.NewList([]starlark.Value{starlark.None})
	p.y.(*starlark.List).SetIndex(0, starlark.Tuple{p})
	_, err := Encode(starlark.Tuple{p}, "item", nil)
	if err == nil || err.Error() != "ValueError: item[0][1][0][0]: cannot send a cyclic value" {
		t.Errorf("got %v", err)
	}
	p.y = p
	_, err = Encode(p, "item", nil)
	if err == nil || err.Error() != "ValueError: item[1]: cannot send a cyclic value" {
		t.Errorf("got %v", err)
	}
	// The same value twice is not a cycle.
	q := &point{starlark.MakeInt(1), starlark.MakeInt(2)}
	if _, err := Encode(starlark.Tuple{q, &point{q, q}}, "item", nil); err != nil {
		t.Error(err)
	}
}
