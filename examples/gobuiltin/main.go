// Command gobuiltin shows where CPU-bound work belongs in procstar: in a
// builtin written in Go. It counts the primes below N (trial division) in a
// Pool of 2 workers twice, once with a kernel written in Starlark and once
// with the same kernel as a Go builtin of the host, checks that both agree
// and prints both times and the speedup.
//
//	go run ./examples/gobuiltin [N]   (default 300000)
//
// The builtin is given to runtime.Dispatch as well as to runtime.New: every
// Pool worker is this binary re-executed, and finds it there.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
)

// countPrimes is the kernel: the number of primes in [lo, hi), by trial
// division, the same algorithm as count_primes_star in script.
func countPrimes(lo, hi int) int {
	n := 0
	for x := max(lo, 2); x < hi; x++ {
		prime := true
		for d := 2; d*d <= x; d++ {
			if x%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			n++
		}
	}
	return n
}

// count_primes(lo, hi) is countPrimes for scripts.
var countPrimesBuiltin = starlark.NewBuiltin("count_primes", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lo, hi int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &lo, &hi); err != nil {
		return nil, err
	}
	return starlark.MakeInt(countPrimes(lo, hi)), nil
})

// hostOptions go to both Dispatch and New, so the workers have the builtin.
func hostOptions() []runtime.Option {
	return []runtime.Option{
		runtime.WithPredeclared(starlark.StringDict{"count_primes": countPrimesBuiltin}),
	}
}

const script = `load("time", "perf_counter")

def count_primes_star(lo, hi):
    n = 0
    for x in range(max(lo, 2), hi):
        prime = True
        d = 2
        while d * d <= x:
            if x % d == 0:
                prime = False
                break
            d += 1
        if prime:
            n += 1
    return n

def star_chunk(bounds):
    return count_primes_star(bounds[0], bounds[1])

def go_chunk(bounds):
    return count_primes(bounds[0], bounds[1])

def timed(pool, fn, chunks):
    t0 = perf_counter()
    n = sum(pool.map(fn, chunks))
    return n, (perf_counter() - t0) * 1000

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300000
    step = max(n // 16, 1)
    chunks = [(lo, min(lo + step, n)) for lo in range(0, n, step)]
    pool = Pool(2)
    pool.map(go_chunk, [(0, 1), (0, 1)])  # both workers up before the clocks
    star, star_ms = timed(pool, star_chunk, chunks)
    go, go_ms = timed(pool, go_chunk, chunks)
    pool.close()
    pool.join()
    if star != go:
        fail("Starlark counted %d primes, Go %d" % (star, go))
    print("primes below %d: %d" % (n, go))
    print("starlark_ms %.1f" % star_ms)
    print("go_ms %.1f" % go_ms)
    print("speedup %.0fx" % (star_ms / max(go_ms, 0.001)))
`

func main() {
	runtime.Dispatch(hostOptions()...) // first: in a worker it never returns

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := append(hostOptions(), runtime.WithArgv(append([]string{"gobuiltin.star"}, os.Args[1:]...)))
	if err := runtime.New(opts...).ExecSource(ctx, "gobuiltin.star", []byte(script)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
