// Package randommod is procstar's "random" module: random, randint,
// uniform, choice, shuffle and seed.
//
// Each Module() value owns one generator (math/rand/v2 PCG) seeded from
// crypto/rand when the module is created, so every process starts from its
// own seed; seed(x) makes the sequence reproducible within a process (it is
// not the sequence CPython produces for the same seed). The generator is
// safe for concurrent use.
package randommod

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
)

type generator struct {
	mu  sync.Mutex
	pcg *rand.PCG
	r   *rand.Rand
}

// Module returns a new "random" module with its own generator.
func Module() *starlarkstruct.Module {
	g := &generator{pcg: rand.NewPCG(0, 0)}
	g.r = rand.New(g.pcg)
	g.seedRandom()
	return &starlarkstruct.Module{
		Name: "random",
		Members: starlark.StringDict{
			"random":  starlark.NewBuiltin("random", g.random),
			"randint": starlark.NewBuiltin("randint", g.randint),
			"uniform": starlark.NewBuiltin("uniform", g.uniform),
			"choice":  starlark.NewBuiltin("choice", g.choice),
			"shuffle": starlark.NewBuiltin("shuffle", g.shuffle),
			"seed":    starlark.NewBuiltin("seed", g.seed),
		},
	}
}

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

// seedRandom seeds from the Go runtime's generator, which the kernel's
// entropy seeds at every process start (crypto/rand's first read costs a
// starting child tens of microseconds). Callers hold g.mu or own g.
func (g *generator) seedRandom() {
	g.pcg.Seed(rand.Uint64(), rand.Uint64())
}

// seedBytes seeds deterministically from a tag and data.
func (g *generator) seedBytes(tag byte, data []byte) {
	h := sha256.New()
	h.Write([]byte{tag})
	h.Write(data)
	sum := h.Sum(nil)
	g.pcg.Seed(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16]))
}

func (g *generator) seed(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a?", &x); err != nil {
		return nil, typeError(err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	// Like CPython, seed(n) == seed(-n), seed(True) == seed(1),
	// seed(2.0) == seed(2) and seed("s") == seed(b"s").
	switch x := x.(type) {
	case starlark.NoneType:
		g.seedRandom()
	case starlark.Bool:
		if x {
			g.seedBytes('i', []byte{1})
		} else {
			g.seedBytes('i', nil)
		}
	case starlark.Int:
		g.seedBytes('i', new(big.Int).Abs(x.BigInt()).Bytes())
	case starlark.Float:
		f := float64(x)
		if f == math.Trunc(f) && !math.IsInf(f, 0) {
			bf, _ := big.NewFloat(math.Abs(f)).Int(nil)
			g.seedBytes('i', bf.Bytes())
		} else {
			var buf [8]byte
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(f))
			g.seedBytes('f', buf[:])
		}
	case starlark.String:
		g.seedBytes('s', []byte(x))
	case starlark.Bytes:
		g.seedBytes('s', []byte(x))
	default:
		return nil, pyerr.New(pyerr.TypeError, "The only supported seed types are: None, int, float, str, bytes, and bytearray.")
	}
	return starlark.None, nil
}

func (g *generator) random(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return starlark.Float(g.r.Float64()), nil
}

// below returns a uniformly random integer in [0, n), n > 0. Callers hold g.mu.
func (g *generator) below(n *big.Int) *big.Int {
	if n.IsUint64() {
		return new(big.Int).SetUint64(g.r.Uint64N(n.Uint64()))
	}
	// Rejection sampling on n.BitLen() random bits, as CPython's _randbelow.
	k := n.BitLen()
	buf := make([]byte, (k+7)/8)
	for {
		for i := 0; i < len(buf); i += 8 {
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], g.r.Uint64())
			copy(buf[i:], w[:])
		}
		if extra := len(buf)*8 - k; extra > 0 {
			buf[0] &= byte(0xFF >> extra)
		}
		v := new(big.Int).SetBytes(buf)
		if v.Cmp(n) < 0 {
			return v
		}
	}
}

func (g *generator) randint(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lo, hi starlark.Int
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &lo, "b", &hi); err != nil {
		return nil, typeError(err)
	}
	a, c := lo.BigInt(), hi.BigInt()
	width := new(big.Int).Sub(c, a)
	width.Add(width, big.NewInt(1))
	if width.Sign() <= 0 {
		stop := new(big.Int).Add(c, big.NewInt(1))
		return nil, pyerr.New(pyerr.ValueError, "empty range in randrange(%s, %s)", a, stop)
	}
	g.mu.Lock()
	v := g.below(width)
	g.mu.Unlock()
	return starlark.MakeBigInt(v.Add(v, a)), nil
}

// float unpacks an int or a float argument.
type float float64

func (f *float) Unpack(v starlark.Value) error {
	switch v.(type) {
	case starlark.Int, starlark.Float:
		x, _ := starlark.AsFloat(v)
		*f = float(x)
		return nil
	}
	return fmt.Errorf("got %s, want float or int", v.Type())
}

func (g *generator) uniform(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, c float
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &a, "b", &c); err != nil {
		return nil, typeError(err)
	}
	g.mu.Lock()
	r := g.r.Float64()
	g.mu.Unlock()
	return starlark.Float(float64(a) + (float64(c)-float64(a))*r), nil
}

func (g *generator) choice(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "seq", &seq); err != nil {
		return nil, typeError(err)
	}
	idx, ok := seq.(starlark.Indexable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "choice: got %s, want sequence", seq.Type())
	}
	n := idx.Len()
	if n == 0 {
		return nil, pyerr.New(pyerr.IndexError, "Cannot choose from an empty sequence")
	}
	g.mu.Lock()
	i := g.r.IntN(n)
	g.mu.Unlock()
	return idx.Index(i), nil
}

func (g *generator) shuffle(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var list *starlark.List
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &list); err != nil {
		return nil, typeError(err)
	}
	n := list.Len()
	if n == 0 {
		return starlark.None, nil
	}
	// Fail before touching anything if the list is frozen or being iterated.
	if err := list.SetIndex(0, list.Index(0)); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	g.mu.Lock()
	perm := make([]int, n)
	for i := n - 1; i > 0; i-- {
		perm[i] = g.r.IntN(i + 1)
	}
	g.mu.Unlock()
	for i := n - 1; i > 0; i-- {
		j := perm[i]
		vi, vj := list.Index(i), list.Index(j)
		if err := list.SetIndex(i, vj); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		if err := list.SetIndex(j, vi); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
	}
	return starlark.None, nil
}
