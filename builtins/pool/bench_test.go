package pool_test

import (
	"context"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
)

const roundTripScript = `
def tiny(x):
    return x * x

def round_trips(p, n):
    for i in range(n):
        if p.apply_async(tiny, (i,)).get() != i * i:
            fail("wrong result")

if __name__ == "__main__":
    p = Pool(2)
    p.map(tiny, range(100))
`

// BenchmarkApplyGet is one task's round trip through a local Pool(2): the
// owner's apply_async, a worker runs it, the owner's get() returns (bench's
// apply_get_seq_us, CPython's spawn Pool for comparison).
func BenchmarkApplyGet(b *testing.B) {
	ctx := context.Background()
	sc, err := runtime.New().LoadSource(ctx, "main.star", []byte(roundTripScript))
	if err != nil {
		b.Fatal(err)
	}
	defer sc.Close()
	p := sc.Globals()["p"]
	b.ResetTimer()
	if _, err := sc.Call(ctx, "round_trips", p, starlark.MakeInt(b.N)); err != nil {
		b.Fatal(err)
	}
}
