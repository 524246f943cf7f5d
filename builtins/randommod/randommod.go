// Package randommod is procstar's "random" module: CPython's random, the
// same generator (MT19937), seeding and algorithms, so that a script
// seeded with random.seed(x) draws the numbers a Python program seeded
// with x draws (the float distributions up to the last bit of libm).
//
// Each Module() value owns one generator, seeded on first use from the Go
// runtime's generator (itself seeded by the kernel at every process start),
// so every process starts from its own seed and a child that never draws
// pays nothing. random.Random(x) makes generators of their own. A
// generator is safe for concurrent use.
package randommod

import (
	"fmt"
	"math"
	"math/big"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "random" module with its own generator.
func Module() *starlarkstruct.Module {
	g := &generator{}
	members := starlark.StringDict{
		"Random": starlark.NewBuiltin("Random", newRandom),
	}
	for name, fn := range methods.Get() {
		members[name] = g.method(name, fn)
	}
	return &starlarkstruct.Module{Name: "random", Members: members}
}

// A generator is the state behind the module's functions or a Random.
type generator struct {
	mu     sync.Mutex
	mt     mt
	seeded bool
}

// lock locks g, seeding it first if nothing has.
func (g *generator) lock() {
	g.mu.Lock()
	if !g.seeded {
		g.mt.seedRandom()
		g.seeded = true
	}
}

type methodFunc func(g *generator, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// methods are Random's methods, which the module exports bound to its own
// generator, as CPython's does.
var methods = lazy.Value[map[string]methodFunc]{New: func() map[string]methodFunc {
	return map[string]methodFunc{
		"seed":            (*generator).seed,
		"getstate":        (*generator).getstate,
		"setstate":        (*generator).setstate,
		"random":          (*generator).random,
		"getrandbits":     (*generator).getrandbits,
		"randbytes":       (*generator).randbytes,
		"randrange":       (*generator).randrange,
		"randint":         (*generator).randint,
		"choice":          (*generator).choice,
		"choices":         (*generator).choices,
		"shuffle":         (*generator).shuffle,
		"sample":          (*generator).sample,
		"uniform":         (*generator).uniform,
		"triangular":      (*generator).triangular,
		"gauss":           (*generator).gauss,
		"normalvariate":   (*generator).normalvariate,
		"lognormvariate":  (*generator).lognormvariate,
		"expovariate":     (*generator).expovariate,
		"vonmisesvariate": (*generator).vonmisesvariate,
		"gammavariate":    (*generator).gammavariate,
		"betavariate":     (*generator).betavariate,
		"paretovariate":   (*generator).paretovariate,
		"weibullvariate":  (*generator).weibullvariate,
		"binomialvariate": (*generator).binomialvariate,
	}
}}

func (g *generator) method(name string, fn methodFunc) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(g, b, args, kwargs)
	})
}

// Random is a generator of its own, random.Random(x=None).
type Random struct {
	g  *generator
	id uint32 // its hash: Python hashes such objects by identity
}

var randoms atomic.Uint32

var _ starlark.HasAttrs = (*Random)(nil)

func newRandom(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := &Random{g: &generator{}, id: randoms.Add(1)}
	if _, err := r.g.seed(b, args, kwargs); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Random) String() string        { return fmt.Sprintf("<random.Random object at %p>", r) }
func (r *Random) Type() string          { return "Random" }
func (r *Random) Freeze()               {} // its state is the generator's, locked
func (r *Random) Truth() starlark.Bool  { return true }
func (r *Random) Hash() (uint32, error) { return r.id, nil }
func (r *Random) AttrNames() []string {
	names := make([]string, 0, len(methods.Get()))
	for name := range methods.Get() {
		names = append(names, name)
	}
	return names
}

func (r *Random) Attr(name string) (starlark.Value, error) {
	if fn, ok := methods.Get()[name]; ok {
		return r.g.method(name, fn), nil
	}
	return nil, nil
}

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

func noArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return typeError(err)
	}
	return nil
}

func (g *generator) seed(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.None
	version := 2
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a?", &x, "version?", &version); err != nil {
		return nil, typeError(err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seeded = true
	switch x := x.(type) {
	case starlark.NoneType:
		g.mt.seedRandom()
	case starlark.Bool: // an int in Python
		if x {
			g.mt.seedInt(big.NewInt(1))
		} else {
			g.mt.seedInt(new(big.Int))
		}
	case starlark.Int:
		g.mt.seedInt(new(big.Int).Abs(x.BigInt()))
	case starlark.Float:
		if math.IsNaN(float64(x)) { // hashed by identity in CPython: any seed
			g.mt.seedRandom()
		} else {
			g.mt.seedInt(new(big.Int).SetUint64(hashFloat(float64(x))))
		}
	case starlark.String:
		if version == 1 {
			g.mt.seedInt(seedV1([]rune(string(x))))
		} else {
			g.mt.seedBytes([]byte(x))
		}
	case starlark.Bytes:
		if version == 1 {
			runes := make([]rune, len(x)) // latin-1
			for i := 0; i < len(x); i++ {
				runes[i] = rune(x[i])
			}
			g.mt.seedInt(seedV1(runes))
		} else {
			g.mt.seedBytes([]byte(x))
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.")
	}
	return starlark.None, nil
}

// seedV1 is seed(s, version=1)'s integer for a string, Python 2's hash.
func seedV1(s []rune) *big.Int {
	var x uint64
	if len(s) > 0 {
		x = uint64(s[0]) << 7
	}
	for _, c := range s {
		x = (1000003 * x) ^ uint64(c)
	}
	x ^= uint64(len(s))
	return new(big.Int).SetUint64(x) // abs of a value that is never -1 here
}

const stateVersion = 3

func (g *generator) getstate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	g.lock()
	defer g.mu.Unlock()
	words := make(starlark.Tuple, 625)
	for i, w := range g.mt.state {
		words[i] = starlark.MakeUint64(uint64(w))
	}
	words[624] = starlark.MakeInt(g.mt.index)
	var gauss starlark.Value = starlark.None
	if g.mt.hasGauss {
		gauss = starlark.Float(g.mt.gaussNext)
	}
	return starlark.Tuple{starlark.MakeInt(stateVersion), words, gauss}, nil
}

func (g *generator) setstate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var state starlark.Tuple
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &state); err != nil {
		return nil, typeError(err)
	}
	// Python's Random.setstate: version 3, or 2 (words taken modulo 2**32).
	version, _ := firstOr(state).(starlark.Int)
	v, _ := version.Int64()
	if len(state) != 3 || (v != 2 && v != 3) {
		return nil, pyerr.New(pyerr.ValueError, "state with version %s passed to Random.setstate() of version %d", firstOr(state), stateVersion)
	}
	words, ok := state[1].(starlark.Tuple)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "state vector must be a tuple")
	}
	if v == 2 {
		mod := starlark.MakeInt64(1 << 32)
		w2 := make(starlark.Tuple, len(words))
		for i, w := range words {
			r, err := starlark.Binary(syntax.PERCENT, w, mod)
			if err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			w2[i] = r
		}
		words = w2
	}
	if len(words) != 625 {
		return nil, pyerr.New(pyerr.ValueError, "state vector is the wrong size")
	}
	var next mt
	for i, w := range words {
		n, ok := w.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", w.Type())
		}
		v, ok := n.Int64()
		if i < 624 {
			if !ok || v < 0 || v > math.MaxUint32 {
				return nil, pyerr.New("OverflowError", "Python int too large to convert to C unsigned long")
			}
			next.state[i] = uint32(v)
		} else if !ok || v < 0 || v > 624 {
			return nil, pyerr.New(pyerr.ValueError, "invalid state")
		} else {
			next.index = int(v)
		}
	}
	switch gn := state[2].(type) {
	case starlark.NoneType:
	case starlark.Float:
		next.gaussNext, next.hasGauss = float64(gn), true
	default:
		f, ok := starlark.AsFloat(gn)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "gauss_next must be a float or None")
		}
		next.gaussNext, next.hasGauss = f, true
	}
	g.mu.Lock()
	g.mt, g.seeded = next, true
	g.mu.Unlock()
	return starlark.None, nil
}

func firstOr(t starlark.Tuple) starlark.Value {
	if len(t) > 0 {
		return t[0]
	}
	return starlark.None
}

func (g *generator) random(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	g.lock()
	defer g.mu.Unlock()
	return starlark.Float(g.mt.random()), nil
}

// intArg is an int argument as Python's operator.index takes it.
func intArg(v starlark.Value) (*big.Int, error) {
	switch v := v.(type) {
	case starlark.Int:
		return v.BigInt(), nil
	case starlark.Bool:
		if v {
			return big.NewInt(1), nil
		}
		return new(big.Int), nil
	}
	return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", pyType(v))
}

// pyType is the Python name of v's type, for messages.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.Float:
		return "float"
	case starlark.NoneType:
		return "NoneType"
	case *starlark.Dict:
		return "dict"
	case *starlark.List:
		return "list"
	case starlark.Tuple:
		return "tuple"
	case starlark.Bytes:
		return "bytes"
	case starlark.Int:
		return "int"
	}

	return v.Type()
}

func (g *generator) getrandbits(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var kv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &kv); err != nil {
		return nil, typeError(err)
	}
	k, err := intArg(kv)
	if err != nil {
		return nil, err
	}
	if k.Sign() < 0 {
		return nil, pyerr.New(pyerr.ValueError, "number of bits must be non-negative")
	}
	if !k.IsInt64() || k.Int64() > 1<<31 {
		return nil, pyerr.New("OverflowError", "getrandbits: too many bits")
	}
	g.lock()
	defer g.mu.Unlock()
	return starlark.MakeBigInt(g.mt.getrandbits(int(k.Int64()))), nil
}

func (g *generator) randbytes(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &n); err != nil {
		return nil, typeError(err)
	}
	if n < 0 {
		return nil, pyerr.New(pyerr.ValueError, "number of bits must be non-negative")
	}
	g.lock()
	v := g.mt.getrandbits(n * 8)
	g.mu.Unlock()
	buf := make([]byte, n)
	v.FillBytes(buf) // big-endian; Python's is to_bytes(n, "little")
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		buf[i], buf[j] = buf[j], buf[i]
	}
	return starlark.Bytes(buf), nil
}

func (g *generator) randrange(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, stop, step starlark.Value = nil, starlark.None, nil
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "start", &start, "stop?", &stop, "step?", &step); err != nil {
		return nil, typeError(err)
	}
	istart, err := intArg(start)
	if err != nil {
		return nil, err
	}
	if stop == starlark.None {
		if step != nil {
			return nil, pyerr.New(pyerr.TypeError, "Missing a non-None stop argument")
		}
		if istart.Sign() > 0 {
			g.lock()
			defer g.mu.Unlock()
			return starlark.MakeBigInt(g.mt.below(istart)), nil
		}
		return nil, pyerr.New(pyerr.ValueError, "empty range for randrange()")
	}
	istop, err := intArg(stop)
	if err != nil {
		return nil, err
	}
	width := new(big.Int).Sub(istop, istart)
	istep := big.NewInt(1)
	if step != nil {
		if istep, err = intArg(step); err != nil {
			return nil, err
		}
	}
	if istep.Cmp(big.NewInt(1)) == 0 {
		if width.Sign() > 0 {
			g.lock()
			defer g.mu.Unlock()
			r := g.mt.below(width)
			return starlark.MakeBigInt(r.Add(r, istart)), nil
		}
		return nil, pyerr.New(pyerr.ValueError, "empty range in randrange(%s, %s)", start, stop)
	}
	var n *big.Int
	switch istep.Sign() {
	case 1:
		n = new(big.Int).Add(width, istep)
		n.Sub(n, big.NewInt(1))
	case -1:
		n = new(big.Int).Add(width, istep)
		n.Add(n, big.NewInt(1))
	default:
		return nil, pyerr.New(pyerr.ValueError, "zero step for randrange()")
	}
	n = floorDiv(n, istep)
	if n.Sign() <= 0 {
		return nil, pyerr.New(pyerr.ValueError, "empty range in randrange(%s, %s, %s)", start, stop, step)
	}
	g.lock()
	r := g.mt.below(n)
	g.mu.Unlock()
	return starlark.MakeBigInt(r.Mul(r, istep).Add(r, istart)), nil
}

// floorDiv is Python's a // b.
func floorDiv(a, b *big.Int) *big.Int {
	q, m := new(big.Int).DivMod(a, b, new(big.Int)) // Euclidean: m >= 0
	if m.Sign() != 0 && b.Sign() < 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

func (g *generator) randint(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lo, hi starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &lo, "b", &hi); err != nil {
		return nil, typeError(err)
	}
	a, err := intArg(lo)
	if err != nil {
		return nil, err
	}
	c, err := intArg(hi)
	if err != nil {
		return nil, err
	}
	stop := new(big.Int).Add(c, big.NewInt(1))
	width := new(big.Int).Sub(stop, a)
	if width.Sign() <= 0 {
		return nil, pyerr.New(pyerr.ValueError, "empty range in randrange(%s, %s)", a, stop)
	}
	g.lock()
	v := g.mt.below(width)
	g.mu.Unlock()
	return starlark.MakeBigInt(v.Add(v, a)), nil
}

// seqArg is a Python seqArg argument: a list, tuple, range or string
// (by character, as Python indexes it), or false if v is none.
type seqArg struct {
	idx   starlark.Indexable
	runes []rune // v's characters when v is a string
	kind  string // Python's type name, for index errors
}

func asSequence(v starlark.Value) (seqArg, bool) {
	switch v := v.(type) {
	case starlark.String:
		return seqArg{runes: []rune(string(v)), kind: "string"}, true
	case starlark.Bytes:
		return seqArg{idx: v, kind: "index"}, true // Python: "index out of range"

	case *starlark.List:
		return seqArg{idx: v, kind: "list"}, true
	case starlark.Tuple:
		return seqArg{idx: v, kind: "tuple"}, true
	case starlark.Indexable:
		kind := pyType(v)
		if kind == "range" {
			kind = "range object"
		}
		return seqArg{idx: v, kind: kind}, true
	}
	return seqArg{}, false
}

func (s seqArg) Len() int {
	if s.idx == nil {
		return len(s.runes)
	}
	return s.idx.Len()
}

func (s seqArg) Index(i int) starlark.Value {
	if s.idx == nil {
		return starlark.String(s.runes[i])
	}
	if b, ok := s.idx.(starlark.Bytes); ok {
		return starlark.MakeInt(int(b[i])) // Python's bytes index to ints
	}
	return s.idx.Index(i)
}

func (s seqArg) outOfRange() error {
	return pyerr.New(pyerr.IndexError, "%s index out of range", s.kind)
}

func (g *generator) choice(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "seq", &v); err != nil {
		return nil, typeError(err)
	}
	seq, ok := asSequence(v)
	if !ok {
		// Python's choice is len, then an index: a dict is looked up.
		sized, ok := v.(starlark.Sequence)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "object of type '%s' has no len()", pyType(v))
		}
		d, ok := v.(*starlark.Dict)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", pyType(v))
		}
		if sized.Len() == 0 {
			return nil, pyerr.New(pyerr.IndexError, "Cannot choose from an empty sequence")
		}
		g.lock()
		key := starlark.MakeInt(g.mt.belowInt(sized.Len()))
		g.mu.Unlock()
		if x, found, _ := d.Get(key); found {
			return x, nil
		}
		return nil, pyerr.New(pyerr.KeyError, "%s", key)
	}
	n := seq.Len()
	if n == 0 {
		return nil, pyerr.New(pyerr.IndexError, "Cannot choose from an empty sequence")
	}
	g.lock()
	i := g.mt.belowInt(n)
	g.mu.Unlock()
	return seq.Index(i), nil
}

func (g *generator) shuffle(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &v); err != nil {
		return nil, typeError(err)
	}
	list, ok := v.(*starlark.List)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object does not support item assignment", pyType(v))
	}
	n := list.Len()
	if n == 0 {
		return starlark.None, nil
	}
	// Fail before touching anything if the list is frozen or being iterated.
	if err := list.SetIndex(0, list.Index(0)); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	g.lock()
	perm := make([]int, n)
	for i := n - 1; i > 0; i-- {
		perm[i] = g.mt.belowInt(i + 1)
	}
	g.mu.Unlock()
	for i := n - 1; i > 0; i-- {
		j := perm[i]
		vi, vj := list.Index(i), list.Index(j)
		list.SetIndex(i, vj)
		list.SetIndex(j, vi)
	}
	return starlark.None, nil
}

func (g *generator) sample(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pop, counts starlark.Value = nil, starlark.None
	var k int
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "population", &pop, "k", &k, "counts?", &counts); err != nil {
		return nil, typeError(err)
	}
	seq, ok := asSequence(pop)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).")
	}
	n := seq.Len()
	if counts != starlark.None {
		cum, err := cumulate(counts)
		if err != nil {
			return nil, err
		}
		if len(cum) != n {
			return nil, pyerr.New(pyerr.ValueError, "The number of counts does not match the population")
		}
		if n == 0 {
			return nil, pyerr.New(pyerr.IndexError, "pop from empty list")
		}
		t, ok := cum[n-1].(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "Counts must be integers")
		}
		if t.Sign() <= 0 {
			return nil, pyerr.New(pyerr.ValueError, "Total of counts must be greater than zero")
		}
		total, ok := t.Int64()
		if !ok || total > math.MaxInt32 {
			return nil, pyerr.New("OverflowError", "Python int too large to convert to C ssize_t")
		}
		cum = cum[:n-1]
		picks, err := g.sampleIndexes(int(total), k)
		if err != nil {
			return nil, err
		}
		out := make([]starlark.Value, k)
		for i, s := range picks {
			j, err := bisectRight(cum, starlark.MakeInt(s))
			if err != nil {
				return nil, err
			}
			out[i] = seq.Index(j)
		}
		return starlark.NewList(out), nil
	}
	picks, err := g.sampleIndexes(n, k)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, k)
	for i, j := range picks {
		out[i] = seq.Index(j)
	}
	return starlark.NewList(out), nil
}

// sampleIndexes is sample(range(n), k): CPython's two ways, a pool for a
// small population and a set of picks for a large one, each drawing its
// own numbers.
func (g *generator) sampleIndexes(n, k int) ([]int, error) {
	if k < 0 || k > n {
		return nil, pyerr.New(pyerr.ValueError, "Sample larger than population or is negative")
	}
	out := make([]int, k)
	setsize := 21
	if k > 5 {
		setsize += int(math.Pow(4, math.Ceil(math.Log(float64(k*3))/math.Log(4))))
	}
	g.lock()
	defer g.mu.Unlock()
	if n <= setsize {
		pool := make([]int, n)
		for i := range pool {
			pool[i] = i
		}
		for i := 0; i < k; i++ {
			j := g.mt.belowInt(n - i)
			out[i] = pool[j]
			pool[j] = pool[n-i-1]
		}
		return out, nil
	}
	selected := make(map[int]bool, k)
	for i := 0; i < k; i++ {
		j := g.mt.belowInt(n)
		for selected[j] {
			j = g.mt.belowInt(n)
		}
		selected[j] = true
		out[i] = j
	}
	return out, nil
}

// cumulate is list(itertools.accumulate(xs)) for ints and floats.
func cumulate(xs starlark.Value) ([]starlark.Value, error) {
	iter := pyiter.Iterate(xs) // an iterator that can fail: its error is ours
	if iter == nil {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyType(xs))
	}
	defer iter.Done()
	var out []starlark.Value
	var sum, x starlark.Value
	for iter.Next(&x) {
		x = intarg.BoolAsInt(x)
		if sum == nil {
			sum = x
		} else {
			s, err := starlark.Binary(syntax.PLUS, sum, x)
			if err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			sum = s
		}
		out = append(out, sum)
	}
	return out, iter.Err()
}

// bisectRight is bisect.bisect_right(xs, x).
func bisectRight(xs []starlark.Value, x starlark.Value) (int, error) {
	lo, hi := 0, len(xs)
	for lo < hi {
		mid := (lo + hi) / 2
		less, err := starlark.Compare(syntax.LT, x, xs[mid])
		if err != nil {
			return 0, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		if less {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, nil
}

func (g *generator) choices(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pop, weights, cumWeights starlark.Value = nil, starlark.None, starlark.None
	var kv starlark.Value = starlark.MakeInt(1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "population", &pop, "weights?", &weights, "cum_weights?", &cumWeights, "k?", &kv); err != nil {
		return nil, typeError(err)
	}
	seq, ok := asSequence(pop)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "object of type '%s' has no len()", pyType(pop))
	}
	kb, err := intArg(kv)
	if err != nil {
		return nil, err
	}
	k := 0
	if kb.Sign() > 0 {
		if !kb.IsInt64() || kb.Int64() > 1<<31 {
			return nil, pyerr.New("MemoryError", "")
		}
		k = int(kb.Int64())
	}
	n := seq.Len()
	out := make([]starlark.Value, k)
	var cum []float64
	if cumWeights == starlark.None {
		if weights == starlark.None {
			g.lock()
			picks := make([]int, k)
			for i := range picks {
				picks[i] = int(math.Floor(g.mt.random() * float64(n)))
			}
			g.mu.Unlock()
			for i, j := range picks {
				if j >= n {
					return nil, seq.outOfRange()
				}
				out[i] = seq.Index(j)
			}
			return starlark.NewList(out), nil
		}
		if w, ok := weights.(starlark.Int); ok {
			return nil, pyerr.New(pyerr.TypeError, "The number of choices must be a keyword argument: k=%s", w)
		}
		vals, err := cumulate(weights)
		if err != nil {
			return nil, err
		}
		if cum, err = floats(vals); err != nil {
			return nil, err
		}
	} else {
		if weights != starlark.None {
			return nil, pyerr.New(pyerr.TypeError, "Cannot specify both weights and cumulative weights")
		}
		var vals []starlark.Value
		iter := starlark.Iterate(cumWeights)
		if iter == nil {
			return nil, pyerr.New(pyerr.TypeError, "object of type '%s' has no len()", pyType(cumWeights))
		}
		var x starlark.Value
		for iter.Next(&x) {
			vals = append(vals, x)
		}
		iter.Done()
		if cum, err = floats(vals); err != nil {
			return nil, err
		}
	}
	if len(cum) != n {
		return nil, pyerr.New(pyerr.ValueError, "The number of weights does not match the population")
	}
	if n == 0 {
		return nil, pyerr.New(pyerr.IndexError, "list index out of range") // cum_weights[-1]
	}
	total := cum[n-1]
	if total <= 0 {
		return nil, pyerr.New(pyerr.ValueError, "Total of weights must be greater than zero")
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return nil, pyerr.New(pyerr.ValueError, "Total of weights must be finite")
	}
	g.lock()
	for i := range out {
		x := g.mt.random() * total
		lo, hi := 0, n-1 // bisect(cum_weights, x, 0, n-1)
		for lo < hi {
			mid := (lo + hi) / 2
			if x < cum[mid] {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		out[i] = seq.Index(lo)
	}
	g.mu.Unlock()
	return starlark.NewList(out), nil
}

func floats(vals []starlark.Value) ([]float64, error) {
	out := make([]float64, len(vals))
	for i, v := range vals {
		f, ok := starlark.AsFloat(intarg.BoolAsInt(v))
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "unsupported operand type(s) for +: '%s' and 'float'", pyType(v))
		}
		out[i] = f
	}
	return out, nil
}

// number is a real argument, an int or a float.
type number float64

func (f *number) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.Int, starlark.Float:
		x, _ := starlark.AsFloat(v)
		*f = number(x)
		return nil
	case starlark.Bool: // an int in Python
		*f = 0
		if v {
			*f = 1
		}
		return nil
	}
	return fmt.Errorf("must be real number, not %s", pyType(v))
}

// unpack unpacks real arguments (pairs of name and *number, as UnpackArgs).
func unpack(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return typeError(err)
	}
	return nil
}

// draw runs f with g locked, its random() at hand.
func (g *generator) draw(f func(random func() float64) float64) starlark.Value {
	g.lock()
	defer g.mu.Unlock()
	return starlark.Float(f(g.mt.random))
}

func (g *generator) uniform(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var av, bv starlark.Value
	var a, c number
	if err := unpack(b, args, kwargs, "a", &av, "b", &bv); err != nil {
		return nil, err
	}
	if a.Unpack(av) != nil || c.Unpack(bv) != nil { // Python fails at b - a
		return nil, pyerr.New(pyerr.TypeError, "unsupported operand type(s) for -: '%s' and '%s'", pyType(bv), pyType(av))
	}
	width := float64(c) - float64(a)
	ai, aok := av.(starlark.Int)
	ci, cok := bv.(starlark.Int)
	if aok && cok { // Python subtracts the ints exactly, then converts
		width, _ = new(big.Float).SetInt(new(big.Int).Sub(ci.BigInt(), ai.BigInt())).Float64()
	}
	return g.draw(func(random func() float64) float64 { return float64(a) + width*random() }), nil
}

func (g *generator) triangular(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	low, high := number(0), number(1)
	var lowV, modeV starlark.Value = nil, starlark.None
	var highV starlark.Value
	if err := unpack(b, args, kwargs, "low?", &lowV, "high?", &highV, "mode?", &modeV); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		v starlark.Value
		n *number
	}{{lowV, &low}, {highV, &high}} {
		if p.v != nil {
			if err := p.n.Unpack(p.v); err != nil {
				return nil, typeError(err)
			}
		}
	}
	c := 0.5
	if modeV != starlark.None {
		var mode number
		if err := mode.Unpack(modeV); err != nil {
			return nil, typeError(err)
		}
		if high == low {
			g.lock() // random() was drawn before the division failed
			g.mt.random()
			g.mu.Unlock()
			if lowV == nil {
				return starlark.Float(0), nil
			}
			return lowV, nil
		}
		c = (float64(mode) - float64(low)) / (float64(high) - float64(low))
	}
	return g.draw(func(random func() float64) float64 {
		u := random()
		lo, hi, c := float64(low), float64(high), c
		if u > c {
			u, c, lo, hi = 1-u, 1-c, hi, lo
		}
		return lo + (hi-lo)*math.Sqrt(u*c)
	}), nil
}

func (g *generator) gauss(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mu, sigma := number(0), number(1)
	if err := unpack(b, args, kwargs, "mu?", &mu, "sigma?", &sigma); err != nil {
		return nil, err
	}
	g.lock()
	defer g.mu.Unlock()
	z := g.mt.gaussNext
	if !g.mt.hasGauss {
		x2pi := g.mt.random() * 2 * math.Pi
		g2rad := math.Sqrt(-2.0 * math.Log(1.0-g.mt.random()))
		z = math.Cos(x2pi) * g2rad
		g.mt.gaussNext = math.Sin(x2pi) * g2rad
		g.mt.hasGauss = true
	} else {
		g.mt.hasGauss = false
	}
	return starlark.Float(float64(mu) + z*float64(sigma)), nil
}

// nvMagic is random.NV_MAGICCONST, 4 * exp(-0.5) / sqrt(2.0) as CPython
// computes it (a constant: the package runs no code at init).
const nvMagic = 1.7155277699214135

func normal(random func() float64, mu, sigma float64) float64 {
	for {
		u1 := random()
		u2 := 1.0 - random()
		z := nvMagic * (u1 - 0.5) / u2
		if z*z/4.0 <= -math.Log(u2) {
			return mu + z*sigma
		}
	}
}

func (g *generator) normalvariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mu, sigma := number(0), number(1)
	if err := unpack(b, args, kwargs, "mu?", &mu, "sigma?", &sigma); err != nil {
		return nil, err
	}
	return g.draw(func(random func() float64) float64 { return normal(random, float64(mu), float64(sigma)) }), nil
}

func (g *generator) lognormvariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mu, sigma number
	if err := unpack(b, args, kwargs, "mu", &mu, "sigma", &sigma); err != nil {
		return nil, err
	}
	return g.draw(func(random func() float64) float64 { return math.Exp(normal(random, float64(mu), float64(sigma))) }), nil
}

func (g *generator) expovariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	lambd := number(1)
	if err := unpack(b, args, kwargs, "lambd?", &lambd); err != nil {
		return nil, err
	}
	if lambd == 0 {
		return nil, pyerr.New("ZeroDivisionError", "float division by zero")
	}
	return g.draw(func(random func() float64) float64 { return -math.Log(1.0-random()) / float64(lambd) }), nil
}

func (g *generator) vonmisesvariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mu, kappa number
	if err := unpack(b, args, kwargs, "mu", &mu, "kappa", &kappa); err != nil {
		return nil, err
	}
	return g.draw(func(random func() float64) float64 {
		const twoPi = 2 * math.Pi
		if kappa <= 1e-6 {
			return twoPi * random()
		}
		s := 0.5 / float64(kappa)
		r := s + math.Sqrt(1.0+s*s)
		var z float64
		for {
			u1 := random()
			z = math.Cos(math.Pi * u1)
			d := z / (r + z)
			u2 := random()
			if u2 < 1.0-d*d || u2 <= (1.0-d)*math.Exp(d) {
				break
			}
		}
		q := 1.0 / r
		f := (q + z) / (1.0 + q*z)
		if random() > 0.5 {
			return pyMod(float64(mu)+math.Acos(f), twoPi)
		}
		return pyMod(float64(mu)-math.Acos(f), twoPi)
	}), nil
}

// pyMod is Python's float x % y.
func pyMod(x, y float64) float64 {
	m := math.Mod(x, y)
	if m != 0 {
		if (y < 0) != (m < 0) {
			m += y
		}
	} else {
		m = math.Copysign(0, y)
	}
	return m
}

func gamma(random func() float64, alpha, beta float64) float64 {
	switch {
	case alpha > 1.0:
		// R.C.H. Cheng, "The generation of Gamma variables with
		// non-integral shape parameters", Applied Statistics (1977).
		ainv := math.Sqrt(2.0*alpha - 1.0)
		bbb := alpha - math.Log(4.0)
		ccc := alpha + ainv
		sgMagic := 1.0 + math.Log(4.5)
		for {
			u1 := random()
			if !(1e-7 < u1 && u1 < 0.9999999) {
				continue
			}
			u2 := 1.0 - random()
			v := math.Log(u1/(1.0-u1)) / ainv
			x := alpha * math.Exp(v)
			z := u1 * u1 * u2
			r := bbb + ccc*v - x
			if r+sgMagic-4.5*z >= 0.0 || r >= math.Log(z) {
				return x * beta
			}
		}
	case alpha == 1.0:
		return -math.Log(1.0-random()) * beta
	default:
		// Algorithm GS of Statistical Computing, Kennedy & Gentle.
		var x float64
		for {
			u := random()
			b := (math.E + alpha) / math.E
			p := b * u
			if p <= 1.0 {
				x = math.Pow(p, 1.0/alpha)
			} else {
				x = -math.Log((b - p) / alpha)
			}
			u1 := random()
			if p > 1.0 {
				if u1 <= math.Pow(x, alpha-1.0) {
					break
				}
			} else if u1 <= math.Exp(-x) {
				break
			}
		}
		return x * beta
	}
}

func (g *generator) gammavariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var alpha, beta number
	if err := unpack(b, args, kwargs, "alpha", &alpha, "beta", &beta); err != nil {
		return nil, err
	}
	if alpha <= 0 || beta <= 0 {
		return nil, pyerr.New(pyerr.ValueError, "gammavariate: alpha and beta must be > 0.0")
	}
	return g.draw(func(random func() float64) float64 { return gamma(random, float64(alpha), float64(beta)) }), nil
}

func (g *generator) betavariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var alpha, beta number
	if err := unpack(b, args, kwargs, "alpha", &alpha, "beta", &beta); err != nil {
		return nil, err
	}
	if alpha <= 0 || beta <= 0 {
		return nil, pyerr.New(pyerr.ValueError, "gammavariate: alpha and beta must be > 0.0")
	}
	return g.draw(func(random func() float64) float64 {
		y := gamma(random, float64(alpha), 1.0)
		if y != 0 {
			return y / (y + gamma(random, float64(beta), 1.0))
		}
		return 0.0
	}), nil
}

func (g *generator) paretovariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var alpha number
	if err := unpack(b, args, kwargs, "alpha", &alpha); err != nil {
		return nil, err
	}
	if alpha == 0 {
		return nil, pyerr.New("ZeroDivisionError", "float division by zero")
	}
	return g.draw(func(random func() float64) float64 { return math.Pow(1.0-random(), -1.0/float64(alpha)) }), nil
}

func (g *generator) weibullvariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var alpha, beta number
	if err := unpack(b, args, kwargs, "alpha", &alpha, "beta", &beta); err != nil {
		return nil, err
	}
	if beta == 0 {
		return nil, pyerr.New("ZeroDivisionError", "float division by zero")
	}
	return g.draw(func(random func() float64) float64 {
		return float64(alpha) * math.Pow(-math.Log(1.0-random()), 1.0/float64(beta))
	}), nil
}

// binomialvariate is Python 3.12's: geometric for small n*p, BTRS
// (Hörmann's transformed rejection with squeeze) otherwise.
func (g *generator) binomialvariate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value = starlark.MakeInt(1)
	p := number(0.5)
	if err := unpack(b, args, kwargs, "n?", &nv, "p?", &p); err != nil {
		return nil, err
	}
	nb, err := intArg(nv)
	if err != nil {
		return nil, err
	}
	if nb.Sign() < 0 {
		return nil, pyerr.New(pyerr.ValueError, "n must be non-negative")
	}
	if p <= 0 || p >= 1 {
		switch p {
		case 0:
			return starlark.MakeInt(0), nil
		case 1:
			return starlark.MakeBigInt(nb), nil
		}
		return nil, pyerr.New(pyerr.ValueError, "p must be in the range 0.0 <= p <= 1.0")
	}
	if !nb.IsInt64() {
		return nil, pyerr.New("OverflowError", "n too large")
	}
	n := nb.Int64()
	g.lock()
	defer g.mu.Unlock()
	return starlark.MakeInt64(binomial(g.mt.random, n, float64(p))), nil
}

func binomial(random func() float64, n int64, p float64) int64 {
	if n == 1 {
		if random() < p {
			return 1
		}
		return 0
	}
	if p > 0.5 {
		return n - binomial(random, n, 1.0-p)
	}
	if float64(n)*p < 10.0 {
		var x, y int64
		c := math.Log2(1.0 - p)
		if c == 0 {
			return x
		}
		for {
			y += int64(math.Floor(math.Log2(random())/c)) + 1
			if y > n {
				return x
			}
			x++
		}
	}
	fn := float64(n)
	spq := math.Sqrt(fn * p * (1.0 - p))
	bb := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*bb + 0.01*p
	c := fn*p + 0.5
	vr := 0.92 - 4.2/bb
	setup := false
	var alpha, lpq, m, h float64
	for {
		u := random() - 0.5
		us := 0.5 - math.Abs(u)
		k := math.Floor((2.0*a/us+bb)*u + c)
		if k < 0 || k > fn {
			continue
		}
		v := random()
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if !setup {
			alpha = (2.83 + 5.1/bb) * spq
			lpq = math.Log(p / (1.0 - p))
			m = math.Floor((fn + 1) * p)
			h = lgamma(m+1) + lgamma(fn-m+1)
			setup = true
		}
		v *= alpha / (a/(us*us) + bb)
		if math.Log(v) <= h-lgamma(k+1)-lgamma(fn-k+1)+(k-m)*lpq {
			return int64(k)
		}
	}
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
