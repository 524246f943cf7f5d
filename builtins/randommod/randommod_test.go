package randommod

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

func runWith(mod *starlarkstruct.Module, src string, extra starlark.StringDict) (starlark.StringDict, error) {
	var out bytes.Buffer
	thread := &starlark.Thread{Name: "test"}
	procenv.Set(thread, &procenv.Env{Ctx: context.Background(), Stdout: &out, Stderr: &out})
	pre := starlark.StringDict{"random": mod}
	for k, v := range extra {
		pre[k] = v
	}
	return starlark.ExecFileOptions(dialect.Options, thread, "test.star", src, pre)
}

func mustRun(t *testing.T, mod *starlarkstruct.Module, src string) starlark.StringDict {
	t.Helper()
	g, err := runWith(mod, src, nil)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return g
}

func wantErr(t *testing.T, src, typ, msg string) {
	t.Helper()
	_, err := runWith(Module(), src, nil)
	if err == nil {
		t.Fatalf("%s: no error, want %s: %s", src, typ, msg)
	}
	gotTyp, gotMsg := pyerr.Classify(err)
	if gotTyp != typ || gotMsg != msg {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", src, gotTyp, gotMsg, typ, msg)
	}
}

const sequence = `
def seq():
    l = list(range(20))
    random.shuffle(l)
    return [random.random(), random.randint(1, 1000000), random.uniform(-5, 5),
            random.choice("abcdefghij"), random.choice([1, 2, 3, 4, 5, 6]), l,
            random.randint(0, 1 << 100)]
`

func TestSeedReproducible(t *testing.T) {
	g := mustRun(t, Module(), sequence+`
random.seed(1)
a = seq()
b = seq()
random.seed(1)
c = seq()
random.seed("abc")
d = seq()
random.seed(b"abc")
e = seq()
random.seed(-7)
f = seq()
random.seed(7)
h = seq()
random.seed(7.0)
i = seq()
random.seed(a=2)
j = seq()
random.seed(True)
k = seq()
random.seed(1)
m = seq()
random.seed()
n = seq()
random.seed(None)
o = seq()
`)
	eq := func(x, y string) bool { return g[x].String() == g[y].String() }
	if !eq("a", "c") || !eq("a", "m") {
		t.Errorf("seed(1) not reproducible:\n%s\n%s", g["a"], g["c"])
	}
	if eq("a", "b") {
		t.Error("consecutive sequences are equal")
	}
	if !eq("d", "e") {
		t.Error(`seed("abc") != seed(b"abc")`)
	}
	if !eq("f", "h") || !eq("h", "i") {
		t.Error("seed(-7), seed(7) and seed(7.0) differ")
	}
	if !eq("k", "a") {
		t.Error("seed(True) != seed(1)")
	}
	if eq("a", "d") || eq("a", "j") || eq("a", "h") || eq("n", "o") || eq("a", "n") {
		t.Error("different seeds gave equal sequences")
	}

	// A fresh module with the same seed gives the same sequence.
	g2 := mustRun(t, Module(), sequence+"random.seed(1)\na = seq()")
	if g2["a"].String() != g["a"].String() {
		t.Error("seed(1) differs between module instances")
	}
}

func TestEachModuleHasItsOwnSeed(t *testing.T) {
	a := mustRun(t, Module(), sequence+"a = seq()")
	b := mustRun(t, Module(), sequence+"a = seq()")
	if a["a"].String() == b["a"].String() {
		t.Error("two modules produced the same sequence without seeding")
	}
}

func TestRanges(t *testing.T) {
	mustRun(t, Module(), `
seen = {}
for _ in range(2000):
    x = random.randint(1, 3)
    if x < 1 or x > 3:
        fail("randint out of range", x)
    seen[x] = True
    r = random.random()
    if type(r) != "float" or r < 0 or r >= 1:
        fail("random out of range", r)
    u = random.uniform(2, 4)
    if type(u) != "float" or u < 2 or u > 4:
        fail("uniform out of range", u)
    u = random.uniform(4.5, 2)
    if u < 2 or u > 4.5:
        fail("uniform reversed out of range", u)
    c = random.choice((10, 20))
    if c not in (10, 20):
        fail(c)
    big = random.randint(1 << 70, (1 << 70) + 1)
    if big != (1 << 70) and big != (1 << 70) + 1:
        fail(big)
    huge = random.randint(-(1 << 200), 1 << 200)
    if huge < -(1 << 200) or huge > 1 << 200:
        fail(huge)
if sorted(seen.keys()) != [1, 2, 3]:
    fail("randint missed values", seen)
if random.randint(5, 5) != 5:
    fail("randint(5, 5)")
if random.randint(a=-2, b=-2) != -2:
    fail("randint kwargs")
if random.choice("x") != "x":
    fail("choice str")
l = [1, 2, 3, 4, 5, 6, 7, 8]
for _ in range(50):
    random.shuffle(l)
if sorted(l) != [1, 2, 3, 4, 5, 6, 7, 8]:
    fail("shuffle lost elements", l)
empty = []
random.shuffle(empty)
one = [1]
random.shuffle(one)
if random.shuffle([2, 1]) != None:
    fail("shuffle returns None")
`)
}

func TestErrors(t *testing.T) {
	wantErr(t, `random.choice([])`, pyerr.IndexError, "Cannot choose from an empty sequence")
	wantErr(t, `random.choice("")`, pyerr.IndexError, "Cannot choose from an empty sequence")
	wantErr(t, `random.choice(())`, pyerr.IndexError, "Cannot choose from an empty sequence")
	wantErr(t, `random.choice({1: 2})`, pyerr.TypeError, "choice: got dict, want sequence")
	wantErr(t, `random.choice(1)`, pyerr.TypeError, "choice: got int, want sequence")
	wantErr(t, `random.randint(5, 1)`, pyerr.ValueError, "empty range in randrange(5, 2)")
	wantErr(t, `random.randint(1.5, 2)`, pyerr.TypeError, "randint: for parameter a: got float, want int")
	wantErr(t, `random.randint(1)`, pyerr.TypeError, "randint: missing argument for b")
	wantErr(t, `random.uniform("a", 2)`, pyerr.TypeError, "uniform: for parameter a: got string, want float or int")
	wantErr(t, `random.shuffle((1, 2))`, pyerr.TypeError, "shuffle: for parameter x: got tuple, want list")
	wantErr(t, `random.seed([1])`, pyerr.TypeError, "The only supported seed types are: None, int, float, str, bytes, and bytearray.")
	wantErr(t, `random.random(1)`, pyerr.TypeError, "random: got 1 arguments, want 0")
	wantErr(t, "l = [1, 2, 3]\nfor x in l:\n    random.shuffle(l)", pyerr.TypeError, "cannot assign to element of list during iteration")

	frozen := starlark.NewList([]starlark.Value{starlark.MakeInt(1), starlark.MakeInt(2)})
	frozen.Freeze()
	_, err := runWith(Module(), `random.shuffle(l)`, starlark.StringDict{"l": frozen})
	if typ, msg := pyerr.Classify(err); typ != pyerr.TypeError || msg != "cannot assign to element of frozen list" {
		t.Errorf("shuffle(frozen) = %s: %s", typ, msg)
	}
	if frozen.Index(0) != starlark.MakeInt(1) || frozen.Index(1) != starlark.MakeInt(2) {
		t.Error("frozen list was modified")
	}
}

// One module value used by concurrent threads (go test -race).
func TestConcurrent(t *testing.T) {
	mod := Module()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := runWith(mod, `
for _ in range(200):
    random.random()
    random.randint(1, 10)
    random.choice([1, 2])
    random.seed(3)
`, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
