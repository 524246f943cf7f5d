package mpsync

import (
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node/nodetest"
)

// benchLoop runs a Starlark loop of b.N iterations, each calling a() then
// r(), as bench/ipc.star's lock_pair_ns does.
func benchLoop(b *testing.B, a, r starlark.Value) {
	th := nodetest.Thread(b, 1<<26)
	if a == nil {
		lock, err := starlark.Call(th, Names()["Lock"], nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		a, _ = lock.(starlark.HasAttrs).Attr("acquire")
		r, _ = lock.(starlark.HasAttrs).Attr("release")
	}
	const src = `
def run(n):
    for _ in range(n):
        a()
        r()
`
	g, err := starlark.ExecFile(th, "bench.star", src, starlark.StringDict{"a": a, "r": r})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if _, err := starlark.Call(th, g["run"], starlark.Tuple{starlark.MakeInt(b.N)}, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLockPair: an uncontended acquire()+release() pair of a Lock,
// called from Starlark, loop included.
func BenchmarkLockPair(b *testing.B) { benchLoop(b, nil, nil) }

// BenchmarkCallPairFloor is the same loop calling a builtin that does
// nothing: what the interpreter alone costs, which no lock can go under.
func BenchmarkCallPairFloor(b *testing.B) {
	noop := starlark.NewBuiltin("noop", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	})
	benchLoop(b, noop, noop)
}
