package itertoolsmod

import (
	"testing"

	"go.starlark.net/starlark"
)

func eval(t *testing.T, src string) starlark.StringDict {
	t.Helper()
	thread := &starlark.Thread{Name: "test"}
	g, err := starlark.ExecFile(thread, "test.star", src, starlark.StringDict{"itertools": Module()})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A list half read by an iterator is not left "being iterated": the
// script may still change it.
func TestHalfReadListStaysMutable(t *testing.T) {
	g := eval(t, `
xs = [1, 2, 3]
first = list(itertools.islice(xs, 1))
xs.append(4)
c = itertools.chain(xs)
c.next()
xs.append(5)
rest = list(c)
`)
	if got := g["first"].String() + g["rest"].String(); got != "[1][2, 3, 4, 5]" {
		t.Errorf("got %s", got)
	}
}

// tee's copies share one buffer, trimmed to what the slowest has not read.
func TestTeeBuffer(t *testing.T) {
	g := eval(t, `
a, b = itertools.tee(itertools.count(), 2)
xs = [a.next() for _ in range(100)]
ys = [b.next() for _ in range(3)]
zs = [a.next() for _ in range(2)]
`)
	if g["ys"].String() != "[0, 1, 2]" || g["zs"].String() != "[100, 101]" {
		t.Errorf("ys %s zs %s", g["ys"], g["zs"])
	}
}

// The combinatorics against counts: n!/(n-r)!, C(n, r), C(n+r-1, r).
func TestCombinatoricsCounts(t *testing.T) {
	g := eval(t, `
p = len(list(itertools.permutations(range(6), 3)))
c = len(list(itertools.combinations(range(6), 3)))
cr = len(list(itertools.combinations_with_replacement(range(6), 3)))
pr = len(list(itertools.product(range(3), range(4), repeat=2)))
`)
	for name, want := range map[string]string{"p": "120", "c": "20", "cr": "56", "pr": "144"} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}
