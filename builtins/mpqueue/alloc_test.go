package mpqueue

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/node/nodetest"
)

// testThread is a thread of a procstar process whose arena is a new one.
func testThread(t testing.TB) *starlark.Thread { return nodetest.Thread(t, 1<<30) }

func call(t testing.TB, th *starlark.Thread, v starlark.Value, method string, args ...starlark.Value) starlark.Value {
	t.Helper()
	return callArgs(t, th, v, method, args)
}

// callArgs calls a method with a prepared argument tuple (allocation
// counts then leave the tuple out).
func callArgs(t testing.TB, th *starlark.Thread, v starlark.Value, method string, args starlark.Tuple) starlark.Value {
	m, err := v.(starlark.HasAttrs).Attr(method)
	if err != nil || m == nil {
		t.Fatalf("no method %s: %v", method, err)
	}
	r, err := starlark.Call(th, m, args, nil)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return r
}

func TestAllocs(t *testing.T) {
	th := testThread(t)
	for _, ctor := range []string{"Queue", "SimpleQueue"} {
		q, err := starlark.Call(th, Names()[ctor], nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		item := starlark.MakeInt(12345)
		call(t, th, q, "put", item) // warm up the bound methods and buffer
		call(t, th, q, "get")
		args := starlark.Tuple{item}
		put := testing.AllocsPerRun(1000, func() { callArgs(t, th, q, "put", args) })
		get := testing.AllocsPerRun(1000, func() { call(t, th, q, "get") })
		t.Logf("%s: put %.1f allocs, get %.1f allocs", ctor, put, get)
		if put > 0 {
			t.Errorf("%s.put of an int: %.1f allocations", ctor, put)
		}
	}
	a, b, err := newPipeForTest(th)
	if err != nil {
		t.Fatal(err)
	}
	item := starlark.String("hello")
	call(t, th, a, "send", item)
	call(t, th, b, "recv")
	args := starlark.Tuple{item}
	send := testing.AllocsPerRun(1000, func() { callArgs(t, th, a, "send", args) })
	recv := testing.AllocsPerRun(1000, func() { call(t, th, b, "recv") })
	t.Logf("Pipe: send %.1f allocs, recv %.1f allocs", send, recv)
	if send > 0 {
		t.Errorf("send of a string: %.1f allocations", send)
	}
}

func newPipeForTest(th *starlark.Thread) (starlark.Value, starlark.Value, error) {
	p, err := starlark.Call(th, Names()["Pipe"], nil, nil)
	if err != nil {
		return nil, nil, err
	}
	return p.(starlark.Tuple)[0], p.(starlark.Tuple)[1], nil
}

func BenchmarkGetInt(b *testing.B) {
	th := testThread(b)
	q, _ := starlark.Call(th, Names()["Queue"], nil, nil)
	args := starlark.Tuple{starlark.MakeInt(12345)}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		callArgs(b, th, q, "put", args)
		callArgs(b, th, q, "get", nil)
	}
}

func BenchmarkRecvString(b *testing.B) {
	th := testThread(b)
	x, y, _ := newPipeForTest(th)
	args := starlark.Tuple{starlark.String("hello")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		callArgs(b, th, x, "send", args)
		callArgs(b, th, y, "recv", nil)
	}
}

// decodeOwned gives what codec.Decode gives, for the values it takes over
// without a copy and for everything else.
func TestDecodeOwned(t *testing.T) {
	big := strings.Repeat("x", 70000)
	for _, v := range []starlark.Value{
		starlark.String(""), starlark.String("short"), starlark.Bytes("short"),
		starlark.String(big[:1500]), starlark.Bytes(big[:1500]),
		starlark.String(big[:255]), starlark.String(big[:256]), starlark.Bytes(big[:65535]),
		starlark.String(big[:65536]), starlark.Bytes(big), starlark.String(big),
		starlark.Tuple{starlark.String(big)}, starlark.NewList([]starlark.Value{starlark.Bytes(big)}),
		starlark.MakeInt(7),
	} {
		enc, err := codec.Encode(v, "item", nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeOwned(append([]byte(nil), enc...), nil)
		if err != nil {
			t.Fatalf("%s: %v", v.Type(), err)
		}
		want, _ := codec.Decode(enc, nil)
		if got.Type() != want.Type() {
			t.Errorf("type %s, want %s", got.Type(), want.Type())
		}
		if eq, err := starlark.Equal(got, want); err != nil || !eq {
			t.Errorf("%s of length %d decoded differently", v.Type(), len(enc))
		}
	}
	// A message with trailing bytes after a string is not taken over.
	enc, _ := codec.Encode(starlark.String(big[:2000]), "item", nil)
	if _, err := decodeOwned(append(enc, 0xc0), nil); err == nil {
		t.Errorf("trailing bytes accepted")
	}
}
