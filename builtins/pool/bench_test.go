package pool_test

import (
	"context"
	"testing"
)

const benchScript = `
load("time", "perf_counter")
def sq(x):
    return x * x
if __name__ == "__main__":
    p = Pool(2)
    p.map(sq, range(100), chunksize=1)
    for _ in range(5):
        t = perf_counter(); p.map(sq, range(10000), chunksize=1); print("map10k c1", perf_counter() - t)
        t = perf_counter(); rs = [p.apply_async(sq, (i,)) for i in range(10000)]; [r.get() for r in rs]; print("apply_async", perf_counter() - t)
    p.terminate()
`

func TestBenchOwner(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	out, errs, err := run(t, context.Background(), benchScript)
	t.Log(out, errs, err)
}
