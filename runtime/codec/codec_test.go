package codec

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/vmihailenco/msgpack/v5"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

var fileOptions = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true}

// fnsSrc defines the functions the fake resolver knows, and some it refuses.
const fnsSrc = `
def f(x):
    return x

lam = lambda: 1

def outer():
    def inner():
        pass
    return inner

nested = outer()
`

var (
	fnsOnce    sync.Once
	fnsGlobals starlark.StringDict
)

func fns(t testing.TB) starlark.StringDict {
	fnsOnce.Do(func() {
		g, err := starlark.ExecFileOptions(fileOptions, &starlark.Thread{}, "fns.star", fnsSrc, nil)
		if err != nil {
			panic(err)
		}
		g.Freeze()
		fnsGlobals = g
	})
	return fnsGlobals
}

// fakeShared stands for a procstar Queue: it travels as a handle.
type fakeShared struct {
	kind, id string
	closed   bool
}

func (q *fakeShared) String() string        { return "<Queue " + q.id + ">" }
func (q *fakeShared) Type() string          { return "Queue" }
func (q *fakeShared) Freeze()               {}
func (q *fakeShared) Truth() starlark.Bool  { return true }
func (q *fakeShared) Hash() (uint32, error) { return starlark.String(q.id).Hash() }
func (q *fakeShared) Handle() (string, []byte, error) {
	if q.closed {
		return "", nil, pyerr.New(pyerr.ValueError, "Queue %s is closed", q.id)
	}
	return q.kind, []byte(q.id), nil
}

// fakeProcess is a value that cannot be sent.
type fakeProcess struct{}

func (fakeProcess) String() string        { return "<Process>" }
func (fakeProcess) Type() string          { return "Process" }
func (fakeProcess) Freeze()               {}
func (fakeProcess) Truth() starlark.Bool  { return true }
func (fakeProcess) Hash() (uint32, error) { return 7, nil }

// testResolver knows the top-level functions of fns.star and the builtins.
type testResolver struct{ t testing.TB }

func (r testResolver) FuncRef(fn starlark.Value) (string, string, error) {
	switch fn := fn.(type) {
	case *starlark.Function:
		if fn.Name() == "lambda" {
			return "", "", fmt.Errorf("cannot send a lambda (defined at %s)", fn.Position())
		}
		if fns(r.t)[fn.Name()] != fn {
			return "", "", fmt.Errorf("cannot send nested function %s (defined at %s)", fn.Name(), fn.Position())
		}
		return fn.Position().Filename(), fn.Name(), nil
	case *starlark.Builtin:
		return "builtins", fn.Name(), nil
	}
	return "", "", fmt.Errorf("not a function: %s", fn.Type())
}

func (r testResolver) Func(module, name string) (starlark.Value, error) {
	var v starlark.Value
	switch module {
	case "fns.star":
		v = fns(r.t)[name]
	case "builtins":
		v = starlark.Universe[name]
	}
	if v == nil {
		return nil, fmt.Errorf("no function %s in %s", name, module)
	}
	return v, nil
}

func (r testResolver) Handle(kind string, data []byte) (starlark.Value, error) {
	if kind != "queue" {
		return nil, fmt.Errorf("unknown handle kind %q", kind)
	}
	return &fakeShared{kind: kind, id: string(data)}, nil
}

// eval evaluates a Starlark expression, with fns.star's globals, q (a
// Queue) and p (a Process) in scope.
func eval(t testing.TB, expr string) starlark.Value {
	t.Helper()
	env := starlark.StringDict{"q": &fakeShared{kind: "queue", id: "q1"}, "p": fakeProcess{}}
	for k, v := range fns(t) {
		env[k] = v
	}
	v, err := starlark.EvalOptions(fileOptions, &starlark.Thread{}, "test.star", expr, env)
	if err != nil {
		t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// exec runs a script and returns its global named "x"; for cyclic values.
func exec(t testing.TB, src string) starlark.Value {
	t.Helper()
	g, err := starlark.ExecFileOptions(fileOptions, &starlark.Thread{}, "test.star", src, starlark.StringDict{"p": fakeProcess{}})
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	return g["x"]
}

func bigInt(s string) starlark.Value {
	x, ok := new(big.Int).SetString(s, 0)
	if !ok {
		panic(s)
	}
	return starlark.MakeBigInt(x)
}

// exact reports how got differs from want: types must match at every level,
// floats bit for bit, dicts and sets in order.
func exact(want, got starlark.Value) error {
	return exactAt("value", want, got)
}

func exactAt(path string, want, got starlark.Value) error {
	if want.Type() != got.Type() {
		return fmt.Errorf("%s: got %s %v, want %s %v", path, got.Type(), got, want.Type(), want)
	}
	switch w := want.(type) {
	case starlark.Float:
		if math.Float64bits(float64(w)) != math.Float64bits(float64(got.(starlark.Float))) {
			return fmt.Errorf("%s: got float bits %#x, want %#x", path, math.Float64bits(float64(got.(starlark.Float))), math.Float64bits(float64(w)))
		}
		return nil
	case *starlark.List, starlark.Tuple: // not String: it is Indexable too
		ws, gs := want.(starlark.Indexable), got.(starlark.Indexable)
		if ws.Len() != gs.Len() {
			return fmt.Errorf("%s: got len %d, want %d", path, gs.Len(), ws.Len())
		}
		for i := 0; i < ws.Len(); i++ {
			if err := exactAt(fmt.Sprintf("%s[%d]", path, i), ws.Index(i), gs.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case *starlark.Dict:
		wi, gi := w.Items(), got.(*starlark.Dict).Items()
		if len(wi) != len(gi) {
			return fmt.Errorf("%s: got %d entries, want %d", path, len(gi), len(wi))
		}
		for i := range wi {
			if err := exactAt(fmt.Sprintf("%s.keys()[%d]", path, i), wi[i][0], gi[i][0]); err != nil {
				return err
			}
			if err := exactAt(fmt.Sprintf("%s[%s]", path, wi[i][0]), wi[i][1], gi[i][1]); err != nil {
				return err
			}
		}
		return nil
	case *starlark.Set:
		return exactAt("list("+path+")", starlark.Tuple(setElems(w)), starlark.Tuple(setElems(got.(*starlark.Set))))
	case *fakeShared:
		if g := got.(*fakeShared); g.kind != w.kind || g.id != w.id {
			return fmt.Errorf("%s: got %v, want %v", path, g, w)
		}
		return nil
	case *starlark.Function, *starlark.Builtin:
		if want != got {
			return fmt.Errorf("%s: got another %s %v", path, got.Type(), got)
		}
		return nil
	}
	if eq, err := starlark.Equal(want, got); err != nil || !eq {
		return fmt.Errorf("%s: got %v, want %v", path, got, want)
	}
	return nil
}

func setElems(s *starlark.Set) []starlark.Value {
	var elems []starlark.Value
	for x := range s.Elements() {
		elems = append(elems, x)
	}
	return elems
}

// checkMutable fails if any container in v is frozen, by mutating it.
func checkMutable(t *testing.T, path string, v starlark.Value) {
	t.Helper()
	switch v := v.(type) {
	case *starlark.List:
		for i := 0; i < v.Len(); i++ {
			checkMutable(t, fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
		if err := v.Append(starlark.None); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	case starlark.Tuple:
		for i, x := range v {
			checkMutable(t, fmt.Sprintf("%s[%d]", path, i), x)
		}
	case *starlark.Dict:
		for _, kv := range v.Items() {
			checkMutable(t, fmt.Sprintf("%s[%s]", path, kv[0]), kv[1])
		}
		if err := v.SetKey(starlark.String("probe\x00"), starlark.None); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	case *starlark.Set:
		if err := v.Insert(starlark.String("probe\x00")); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

type roundTripCase struct {
	name string
	v    func(testing.TB) starlark.Value
}

func expr(s string) func(testing.TB) starlark.Value {
	return func(t testing.TB) starlark.Value { return eval(t, s) }
}

func val(v starlark.Value) func(testing.TB) starlark.Value {
	return func(testing.TB) starlark.Value { return v }
}

func roundTripCases() []roundTripCase {
	nested := func(depth int, mk func(starlark.Value) starlark.Value) func(testing.TB) starlark.Value {
		return func(testing.TB) starlark.Value {
			var v starlark.Value = starlark.MakeInt(1)
			for i := 0; i < depth; i++ {
				v = mk(v)
			}
			return v
		}
	}
	return []roundTripCase{
		{"None", expr("None")},
		{"True", expr("True")},
		{"False", expr("False")},
		{"int 0", expr("0")},
		{"int fixint max", expr("127")},
		{"int uint8", expr("128")},
		{"int uint8 max", expr("255")},
		{"int uint16", expr("256")},
		{"int uint16 max", expr("65535")},
		{"int uint32", expr("65536")},
		{"int 2**31-1", expr("(1 << 31) - 1")},
		{"int 2**31", expr("1 << 31")},
		{"int 2**32", expr("1 << 32")},
		{"int64 max", expr("(1 << 63) - 1")},
		{"int -1", expr("-1")},
		{"int negative fixint min", expr("-32")},
		{"int int8", expr("-33")},
		{"int int8 min", expr("-128")},
		{"int int16", expr("-129")},
		{"int int32", expr("-32769")},
		{"int int64", expr("-(1 << 31) - 1")},
		{"int64 min", expr("-(1 << 63)")},
		{"int 2**63", expr("1 << 63")},
		{"int 2**64-1", expr("(1 << 64) - 1")},
		{"int 2**64", expr("1 << 64")},
		{"int -2**63-1", expr("-(1 << 63) - 1")},
		{"int -2**100", expr("-(1 << 100)")},
		{"int 10**400", val(bigInt("1" + strings.Repeat("0", 400)))},
		{"int -10**400", val(bigInt("-1" + strings.Repeat("0", 400)))},
		{"float 0", expr("0.0")},
		{"float -0", val(starlark.Float(math.Copysign(0, -1)))},
		{"float 1.5", expr("1.5")},
		{"float 0.1", expr("0.1")},
		{"float 1e308", expr("1e308")},
		{"float denormal", val(starlark.Float(math.SmallestNonzeroFloat64))},
		{"float inf", expr("float('inf')")},
		{"float -inf", expr("float('-inf')")},
		{"float nan", expr("float('nan')")},
		{"float nan payload", val(starlark.Float(math.Float64frombits(0x7ff8000000000123)))},
		{"float signaling nan", val(starlark.Float(math.Float64frombits(0x7ff0000000000001)))},
		{"float negative nan", val(starlark.Float(math.Float64frombits(0xfff8dead0000beef)))},
		{"float integral", expr("3.0")},
		{"str empty", expr(`""`)},
		{"str", expr(`"hello"`)},
		{"str unicode", expr(`"héllo, 世界 🎉"`)},
		{"str invalid utf-8", val(starlark.String("\xff\xfe"))},
		{"str NUL", val(starlark.String("a\x00b"))},
		{"str 31", val(starlark.String(strings.Repeat("x", 31)))},
		{"str 32", val(starlark.String(strings.Repeat("x", 32)))},
		{"str 255", val(starlark.String(strings.Repeat("x", 255)))},
		{"str 256", val(starlark.String(strings.Repeat("x", 256)))},
		{"str 65535", val(starlark.String(strings.Repeat("x", 65535)))},
		{"str 65536", val(starlark.String(strings.Repeat("x", 65536)))},
		{"bytes empty", expr(`b""`)},
		{"bytes", expr(`b"\x00\x01\xff"`)},
		{"bytes 256", val(starlark.Bytes(strings.Repeat("\xff", 256)))},
		{"bytes 65536", val(starlark.Bytes(strings.Repeat("\x01", 65536)))},
		{"list empty", expr("[]")},
		{"list", expr("[1, 'a', None, 2.5]")},
		{"list 16", expr("list(range(16))")},
		{"list 65536", expr("list(range(65536))")},
		{"tuple empty", expr("()")},
		{"tuple 1", expr("(1,)")},
		{"tuple", expr("(1, 'a', b'b', None, True, 0.5)")},
		{"tuple 100", expr("tuple(range(100))")},
		{"tuple of lists", expr("([], [()], ([],))")},
		{"list of tuples", expr("[(), [()], ([],), [[(1,)]]]")},
		{"tuple/list alternating", expr("(1, [2, (3, [4, (5, [6])])])")},
		{"dict empty", expr("{}")},
		{"dict", expr(`{"b": 1, "a": 2, "c": 3}`)},
		{"dict mixed keys", expr(`{3: "three", (1, 2): "pair", True: "t", None: "n", "k": "s", -1: [], 2.5: (), b"b": {}, (): 0, ((1,), "x"): 1}`)},
		{"dict bool and int keys", expr(`{1: "one", True: "true", 0: "zero", False: "false"}`)},
		{"dict 16", expr("{str(i): i for i in range(16)}")},
		{"dict 1000 reversed", expr("{i: str(i) for i in range(1000, 0, -1)}")},
		{"dict nested", expr(`{"a": {"b": {"c": [1, (2, {3: set([4])})]}}}`)},
		{"set empty", expr("set()")},
		{"set", expr("set([3, 1, 2, 'x', (1, 2), None, True])")},
		{"set 100", expr("set([i * 7 % 100 for i in range(100)])")},
		{"set of tuples", expr("set([(1,), (2, (3,)), ()])")},
		{"function", expr("f")},
		{"builtin", expr("len")},
		{"functions nested", expr("[f, (len, {'k': f}), {f: len}]")},
		{"handle", expr("q")},
		{"handles nested", expr("[q, (q,), {q: q}, set([q])]")},
		{"shared substructure", func(t testing.TB) starlark.Value {
			return exec(t, "y = [1, {'a': (2,)}]\nx = [y, y, {'k': y, 'j': (y, y)}]")
		}},
		{"everything", expr(`[None, True, False, 0, -1, 1 << 70, 0.5, "s", b"b", [1], (2,), {3: 4}, set([5]), f, len, q, ([], {(): [set()]})]`)},
		{"lists 1000 deep", nested(MaxDepth, func(v starlark.Value) starlark.Value { return starlark.NewList([]starlark.Value{v}) })},
		{"tuples 1000 deep", nested(MaxDepth, func(v starlark.Value) starlark.Value { return starlark.Tuple{v} })},
		{"dicts and sets 1000 deep", nested(MaxDepth, func(v starlark.Value) starlark.Value {
			if _, err := v.Hash(); err == nil {
				s := starlark.NewSet(1)
				s.Insert(v)
				return s
			}
			d := starlark.NewDict(1)
			d.SetKey(starlark.MakeInt(0), v)
			return d
		})},
	}
}

func TestRoundTrip(t *testing.T) {
	r := testResolver{t}
	for _, tc := range roundTripCases() {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v(t)
			data, err := Encode(v, "v", r)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			got, err := Decode(data, r)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if err := exact(v, got); err != nil {
				t.Fatal(err)
			}
			// The bytes are valid msgpack to another implementation: a
			// sequence of whole objects (a tag and its value are two).
			dec := msgpack.NewDecoder(bytes.NewReader(data))
			for n := 0; ; n++ {
				if err := dec.Skip(); err != nil {
					if err.Error() != "EOF" || n == 0 {
						t.Fatalf("msgpack.Skip: %v", err)
					}
					break
				}
			}
			// Frozen input encodes the same, and decodes mutable.
			v.Freeze()
			data2, err := Encode(v, "v", r)
			if err != nil {
				t.Fatalf("Encode frozen: %v", err)
			}
			if !bytes.Equal(data, data2) {
				t.Fatalf("frozen value encodes differently")
			}
			got, err = Decode(data2, r)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			checkMutable(t, "decoded", got)
		})
	}
}

func TestSharedSubstructureArrivesAsCopies(t *testing.T) {
	v := exec(t, "y = [1]\nx = [y, y]")
	data, err := Encode(v, "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := got.(*starlark.List)
	l.Index(0).(*starlark.List).Append(starlark.MakeInt(2))
	if n := l.Index(1).(*starlark.List).Len(); n != 1 {
		t.Fatalf("copies share storage: second list has %d elements", n)
	}
}

func TestDictOrder(t *testing.T) {
	v := eval(t, `{"zebra": 1, 10: 2, None: 3, (2, 1): 4, True: 5, -7: 6, "apple": 7, False: 8, 0: 9}`)
	data, err := Encode(v, "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"zebra": 1, 10: 2, None: 3, (2, 1): 4, True: 5, -7: 6, "apple": 7, False: 8, 0: 9}`
	if got.String() != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestFloatBits(t *testing.T) {
	for _, bits := range []uint64{
		0x7ff8000000000000, 0x7ff8000000000001, 0x7ff4000000000000, 0xfff0000000000001,
		0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0x0000000000000001,
	} {
		data, err := Encode(starlark.Float(math.Float64frombits(bits)), "v", nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if g := math.Float64bits(float64(got.(starlark.Float))); g != bits {
			t.Errorf("%#x came back as %#x", bits, g)
		}
	}
}

// TestWireFormat pins the bytes of each kind, as the package doc describes.
func TestWireFormat(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want string // hex
	}{
		{"None", "c0"},
		{"False", "c2"},
		{"True", "c3"},
		{"1", "01"},
		{"-1", "ff"},
		{"200", "ccc8"},
		{"-200", "d1ff38"},
		{"1 << 40", "cf0000010000000000"},
		{"-(1 << 40)", "d3ffffff0000000000"},
		{"1 << 64", "c70a05" + "00" + "01" + "0000000000000000"},
		{"-(1 << 63) - 1", "c70905" + "01" + "8000000000000001"},
		{"1 << 119", "d805" + "00" + "80" + strings.Repeat("00", 14)},
		{"1.5", "cb3ff8000000000000"},
		{`"ab"`, "a26162"},
		{`b"ab"`, "c4026162"},
		{"[1]", "9101"},
		{"(1,)", "c700019101"},
		{"(1, [])", "c70001920190"},
		{`{"a": 1}`, "81a16101"},
		{"set([1])", "c700029101"},
		{"len", "c7000392a86275696c74696e73a36c656e"},
		{"q", "c7000492a57175657565c4027131"},
	} {
		data, err := Encode(eval(t, tc.expr), "v", testResolver{t})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", data); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.expr, got, tc.want)
		}
	}
}

// TestMsgpackInterop checks that plain values are plain msgpack both ways,
// against another implementation.
func TestMsgpackInterop(t *testing.T) {
	v := eval(t, `[None, True, 1, -200, 1 << 40, 1.5, "s", b"b", {"k": [1, "\u00ff"]}]`)
	data, err := Encode(v, "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := msgpack.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	// The library gives each int the Go type of its msgpack form.
	want := []any{nil, true, int8(1), int16(-200), uint64(1 << 40), 1.5, "s", []byte("b"), map[string]any{"k": []any{int8(1), "\u00ff"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("msgpack decoded %#v, want %#v", got, want)
	}

	// The other way: the library's wide int forms, float32 and str8 decode.
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	for _, x := range []any{int64(1), int8(-3), uint64(7), float32(2.5), float64(-0.25), "ab", []byte{1}, nil, false} {
		if err := enc.Encode(x); err != nil {
			t.Fatal(err)
		}
	}
	arr := append([]byte{0x99}, buf.Bytes()...) // an array of the 9 values
	got2, err := Decode(arr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[1, -3, 7, 2.5, -0.25, "ab", b"\x01", None, False]`; got2.String() != want {
		t.Fatalf("got %s, want %s", got2, want)
	}
	str8 := []byte{0xd9, 2, 'h', 'i'}
	if got, err := Decode(str8, nil); err != nil || got != starlark.String("hi") {
		t.Fatalf("str8: got %v, %v", got, err)
	}
}

func TestAppendEncode(t *testing.T) {
	buf := []byte("prefix")
	buf, err := AppendEncode(buf, eval(t, "(1, 'a')"), "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := len(buf)
	buf, err = AppendEncode(buf, eval(t, "[None]"), "b", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(buf[:6]) != "prefix" {
		t.Fatalf("prefix clobbered: %q", buf)
	}
	for _, part := range []struct {
		data []byte
		want string
	}{{buf[6:n], `(1, "a")`}, {buf[n:], `[None]`}} {
		v, err := Decode(part.data, nil)
		if err != nil || v.String() != part.want {
			t.Fatalf("got %v, %v; want %s", v, err, part.want)
		}
	}
	// On error the buffer keeps its length.
	out, err := AppendEncode(buf, eval(t, "[1, 2, p]"), "c", nil)
	if err == nil || len(out) != len(buf) {
		t.Fatalf("got len %d, %v; want len %d and an error", len(out), err, len(buf))
	}
}

func TestEncodeErrors(t *testing.T) {
	r := testResolver{t}
	for _, tc := range []struct {
		name, path string
		v          func(testing.TB) starlark.Value
		r          Resolver
		typ, msg   string
	}{
		{"unsendable", "args", expr(`(0, {"k": [0, 1, p]})`), r,
			pyerr.TypeError, `args[1]["k"][2]: cannot send a Process`},
		{"unsendable root", "result", expr("p"), r,
			pyerr.TypeError, `result: cannot send a Process`},
		{"unsendable int key", "args", expr(`[{3: [p]}]`), r,
			pyerr.TypeError, `args[0][3][0]: cannot send a Process`},
		{"unsendable tuple key", "args", expr(`{(1, "a"): p}`), r,
			pyerr.TypeError, `args[(1, "a")]: cannot send a Process`},
		{"unsendable dict key", "args", expr(`[{"a": 1, (1, p): 2}]`), r,
			pyerr.TypeError, `args[0].keys()[1][1]: cannot send a Process`},
		{"unsendable set element", "item", expr(`{"s": set([1, p])}`), r,
			pyerr.TypeError, `list(item["s"])[1]: cannot send a Process`},
		{"unsendable in set in set", "item", expr(`set([(1, (p,))])`), r,
			pyerr.TypeError, `list(item)[0][1][0]: cannot send a Process`},
		{"lambda", "result", expr("[1, lam]"), r,
			pyerr.TypeError, `result[1]: cannot send a lambda (defined at fns.star:5:7)`},
		{"nested def", "args", expr("(nested,)"), r,
			pyerr.TypeError, `args[0]: cannot send nested function inner (defined at fns.star:8:5)`},
		{"function without resolver", "args", expr("(f,)"), nil,
			pyerr.TypeError, `args[0]: cannot send a function here`},
		{"builtin without resolver", "args", expr("[len]"), nil,
			pyerr.TypeError, `args[0]: cannot send a function here`},
		{"shared without resolver", "item", expr("q"), nil,
			pyerr.TypeError, `item: cannot send a Queue here`},
		{"handle error", "item", val(starlark.Tuple{&fakeShared{kind: "queue", id: "q9", closed: true}}), r,
			pyerr.ValueError, `item[0]: Queue q9 is closed`},
		{"nil Go value", "item", val(starlark.Tuple{nil}), r,
			pyerr.TypeError, `item[0]: cannot send a nil Go value`},
		{"cycle list", "item", func(t testing.TB) starlark.Value { return exec(t, "x = [1]\nx.append(x)") }, r,
			pyerr.ValueError, `item[1]: cannot send a cyclic value`},
		{"cycle via tuple", "item", func(t testing.TB) starlark.Value { return exec(t, "x = []\nx.append((1, x))") }, r,
			pyerr.ValueError, `item[0][1]: cannot send a cyclic value`},
		{"cycle dict", "item", func(t testing.TB) starlark.Value { return exec(t, "x = {}\nx['self'] = [x]") }, r,
			pyerr.ValueError, `item["self"][0]: cannot send a cyclic value`},
		{"cycle indirect", "args", func(t testing.TB) starlark.Value {
			return exec(t, "a = []\nb = {'a': a}\na.append(b)\nx = (0, a)")
		}, r, pyerr.ValueError, `args[1][0]["a"]: cannot send a cyclic value`},
		{"cycle frozen", "item", func(t testing.TB) starlark.Value {
			v := exec(t, "x = [1]\nx.append(x)")
			v.Freeze()
			return v
		}, r, pyerr.ValueError, `item[1]: cannot send a cyclic value`},
		{"cycle deep", "v", func(t testing.TB) starlark.Value {
			// Deep enough for the cycle check to switch to its map.
			return exec(t, "x = []\ny = x\nfor i in range(100):\n    z = []\n    y.append(z)\n    y = z\ny.append(x)")
		}, r, pyerr.ValueError, `v` + strings.Repeat("[0]", 101) + `: cannot send a cyclic value`},
		{"too deep", "v", func(testing.TB) starlark.Value {
			var v starlark.Value = starlark.None
			for i := 0; i <= MaxDepth; i++ {
				v = starlark.NewList([]starlark.Value{v})
			}
			return v
		}, r, pyerr.ValueError, `v` + strings.Repeat("[0]", MaxDepth) + `: cannot send a value nested more than 1000 levels deep`},
		{"too deep tuples", "v", func(testing.TB) starlark.Value {
			var v starlark.Value = starlark.None
			for i := 0; i <= MaxDepth; i++ {
				v = starlark.Tuple{v}
			}
			return v
		}, r, pyerr.ValueError, `v` + strings.Repeat("[0]", MaxDepth) + `: cannot send a value nested more than 1000 levels deep`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Encode(tc.v(t), tc.path, tc.r)
			if err == nil {
				t.Fatalf("Encode succeeded: %x", data)
			}
			var pe *pyerr.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *pyerr.Error", err, err)
			}
			if pe.Type != tc.typ || pe.Message != tc.msg {
				t.Fatalf("got %s: %s\nwant %s: %s", pe.Type, pe.Message, tc.typ, tc.msg)
			}
		})
	}
}

func TestEncoderReuseAfterError(t *testing.T) {
	// A failed encode leaves its pooled encoder clean for the next one.
	for i := 0; i < 10; i++ {
		if _, err := Encode(exec(t, "x = [[1]]\nx[0].append(x)"), "v", nil); err == nil {
			t.Fatal("cycle not detected")
		}
		l := eval(t, "[[1]]")
		if _, err := Encode(starlark.NewList([]starlark.Value{l, l}), "v", nil); err != nil {
			t.Fatalf("shared substructure after a failure: %v", err)
		}
	}
}

func hexBytes(s string) []byte {
	var b []byte
	if _, err := fmt.Sscanf(s, "%x", &b); err != nil && s != "" {
		panic(err)
	}
	return b
}

func TestDecodeErrors(t *testing.T) {
	r := testResolver{t}
	nestedArrays := func(n int) []byte { return append(bytes.Repeat([]byte{0x91}, n), 0xc0) }
	for _, tc := range []struct {
		name string
		data []byte
		r    Resolver
		want string
	}{
		{"empty", nil, r, "codec: truncated input (0 bytes)"},
		{"trailing", []byte{0x01, 0x02}, r, "codec: 1 trailing bytes after the value"},
		{"never used code", []byte{0xc1}, r, "codec: invalid msgpack code 0xc1 (at byte 0)"},
		{"truncated str", []byte{0xa3, 'a'}, r, "codec: truncated input (2 bytes)"},
		{"truncated str32 length", []byte{0xdb, 0xff, 0xff, 0xff, 0xff, 'a'}, r, "codec: truncated input (6 bytes)"},
		{"array longer than input", []byte{0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0}, r,
			"codec: container of 4294967295 values is longer than the input (at byte 5)"},
		{"map longer than input", []byte{0x83, 0x01, 0x02, 0x03}, r,
			"codec: container of 6 values is longer than the input (at byte 1)"},
		{"nested claims", []byte{0x93, 0xdc, 0x00, 0x02, 0xc0}, r,
			"codec: container of 2 values is longer than the input (at byte 4)"},
		{"too deep", nestedArrays(MaxDepth + 1), r,
			"codec: containers nested more than 1000 levels deep (at byte 1001)"},
		{"unhashable dict key", []byte{0x81, 0x90, 0xc0}, r,
			"codec: bad dict key (at byte 1): unhashable type: list"},
		{"unhashable tuple dict key", hexBytes("81c700019190c0"), r,
			"codec: bad dict key (at byte 1): unhashable type: list"},
		{"unhashable set element", hexBytes("c70002928090"), r,
			"codec: bad set element (at byte 4): unhashable type: dict"},
		{"unknown tag", hexBytes("c7000991c0"), r, "codec: unknown tag 9 (at byte 3)"},
		{"unknown ext", hexBytes("d40901"), r, "codec: unknown ext type 9 with 1 bytes (at byte 2)"},
		{"tag with payload", hexBytes("d401019101"), r, "codec: tag 1 with a 1-byte payload (at byte 2)"},
		{"tag then non-array", hexBytes("c7000101"), r, "codec: tag followed by msgpack code 0x01, not an array (at byte 3)"},
		{"tag then tag", hexBytes("c70001c7000191c0"), r, "codec: tag followed by msgpack code 0xc7, not an array (at byte 3)"},
		{"tag at end", hexBytes("c70001"), r, "codec: truncated input (3 bytes)"},
		{"set tag then map", hexBytes("c7000280"), r, "codec: tag followed by msgpack code 0x80, not an array (at byte 3)"},
		{"func wrong arity", hexBytes("c7000391a0"), r, "codec: tag followed by an array of 1 values, not 2 (at byte 4)"},
		{"func name not str", hexBytes("c7000392a001"), r, "codec: msgpack code 0x01 where a str was expected (at byte 5)"},
		{"func unknown", hexBytes("c7000392a16da16e"), r, "codec: function m.n: no function n in m"},
		{"func without resolver", hexBytes("c7000392a86275696c74696e73a36c656e"), nil,
			"codec: cannot receive function builtins.len here"},
		{"handle data not bin", hexBytes("c7000492a57175657565a27131"), r,
			"codec: msgpack code 0xa2 where a bin was expected (at byte 10)"},
		{"handle unknown kind", hexBytes("c7000492a178c400"), r, `codec: x handle: unknown handle kind "x"`},
		{"handle without resolver", hexBytes("c7000492a57175657565c4027131"), nil,
			"codec: cannot receive a queue handle here"},
		{"big int empty", hexBytes("c70005"), r, "codec: bad big int sign (at byte 3)"},
		{"big int bad sign", hexBytes("d40502"), r, "codec: bad big int sign (at byte 3)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Decode(tc.data, tc.r)
			if err == nil {
				t.Fatalf("Decode succeeded: %v", v)
			}
			if err.Error() != tc.want {
				t.Fatalf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
	if _, err := Decode(nestedArrays(MaxDepth), nil); err != nil {
		t.Fatalf("%d nested arrays: %v", MaxDepth, err)
	}
}

func TestDecodeTruncatedAndExtended(t *testing.T) {
	r := testResolver{t}
	for _, tc := range roundTripCases() {
		data, err := Encode(tc.v(t), "v", r)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > 4096 {
			data = data[:4096] // prefixes of a prefix fail all the same
		} else if _, err := Decode(append(data, 0xc0), r); err == nil {
			t.Errorf("%s: trailing byte accepted", tc.name)
		}
		for i := 0; i < len(data); i++ {
			if v, err := Decode(data[:i], r); err == nil {
				t.Fatalf("%s: prefix of %d bytes decoded as %v", tc.name, i, v)
			} else if !strings.HasPrefix(err.Error(), "codec: ") {
				t.Fatalf("%s: error without prefix: %v", tc.name, err)
			}
		}
	}
}

func TestDecodeLimit(t *testing.T) {
	data, err := Encode(eval(t, `"0123456789"`), "v", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeLimit(data, nil, len(data)); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	_, err = DecodeLimit(data, nil, len(data)-1)
	if want := "codec: encoded value is 11 bytes, over the limit of 10 bytes"; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// TestDecodeAllocationBound feeds container headers that each announce as
// many elements as bytes remain: what they preallocate must stay O(input).
func TestDecodeAllocationBound(t *testing.T) {
	const size = 1 << 20
	var data []byte
	for len(data) < size-8 {
		rest := size - len(data) - 5
		data = append(data, 0xdd, byte(rest>>24), byte(rest>>16), byte(rest>>8), byte(rest))
	}
	data = append(data, make([]byte, size-len(data))...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Decode(data, nil)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("decoded")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*size {
		t.Fatalf("allocated %d bytes for %d bytes of input", alloc, size)
	}
}

func TestConcurrent(t *testing.T) {
	r := testResolver{t}
	v := eval(t, `[{"a": (1, 2.5, "x" * 50)}, set([1, 2]), [f, q], 1 << 80]`)
	v.Freeze()
	want, err := Encode(v, "v", r)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 64)
			for i := 0; i < 200; i++ {
				data, err := Encode(v, "v", r)
				if err != nil || !bytes.Equal(data, want) {
					t.Errorf("Encode: %v", err)
					return
				}
				buf, err = AppendEncode(buf[:0], v, "v", r)
				if err != nil || !bytes.Equal(buf, want) {
					t.Errorf("AppendEncode: %v", err)
					return
				}
				got, err := Decode(data, r)
				if err != nil {
					t.Errorf("Decode: %v", err)
					return
				}
				if err := exact(v, got); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEncodeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	v := smallTuple()
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		if buf, err = AppendEncode(buf[:0], v, "v", nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("AppendEncode of a small tuple: %v allocations", allocs)
	}
}

// fuzzResolver makes up any function or handle it is asked for, and names
// them back, so that fuzzed references survive re-encoding.
type fuzzResolver struct {
	refs  map[starlark.Value][2]string
	funcs map[[2]string]starlark.Value
}

func (r *fuzzResolver) FuncRef(fn starlark.Value) (string, string, error) {
	ref, ok := r.refs[fn]
	if !ok {
		return "", "", fmt.Errorf("unknown function %v", fn)
	}
	return ref[0], ref[1], nil
}

func (r *fuzzResolver) Func(module, name string) (starlark.Value, error) {
	if module == "" {
		return nil, errors.New("empty module")
	}
	ref := [2]string{module, name}
	if fn, ok := r.funcs[ref]; ok {
		return fn, nil
	}
	fn := starlark.NewBuiltin(name, nil)
	r.refs[fn] = ref
	r.funcs[ref] = fn
	return fn, nil
}

func (r *fuzzResolver) Handle(kind string, data []byte) (starlark.Value, error) {
	if kind == "" {
		return nil, errors.New("empty kind")
	}
	return &fakeShared{kind: kind, id: string(data)}, nil
}

func FuzzDecode(f *testing.F) {
	r := testResolver{f}
	for _, tc := range roundTripCases() {
		data, err := Encode(tc.v(f), "v", r)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 1<<12 {
			continue // keep seeds small; the big ones add no new shapes
		}
		f.Add(data)
		if len(data) > 1 {
			f.Add(data[:len(data)/2])
			f.Add(data[:len(data)-1])
			f.Add(append(data[1:len(data):len(data)], data[0]))
		}
	}
	for _, garbage := range []string{
		"", "c1", "ffff", "dc", "ddffffffff", "dfffffffff", "c7000101", "c70001c70002", "81 90c0", "d40502",
		"c7000392a001", "c7000492a57175657565a27131", "9191919191919191", "c9ffffffff05",
	} {
		f.Add(hexBytes(strings.ReplaceAll(garbage, " ", "")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzResolver{refs: map[starlark.Value][2]string{}, funcs: map[[2]string]starlark.Value{}}
		v, err := DecodeLimit(data, r, 1<<20)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "codec: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		// Whatever decodes re-encodes, and comes back the same. Encodings
		// are compared rather than values, since NaN != NaN.
		e1, err := Encode(v, "v", r)
		if err != nil {
			t.Fatalf("re-encoding %v: %v", v, err)
		}
		v2, err := Decode(e1, r)
		if err != nil {
			t.Fatalf("decoding re-encoding %x: %v", e1, err)
		}
		e2, err := Encode(v2, "v", r)
		if err != nil {
			t.Fatalf("re-encoding again: %v", err)
		}
		if !bytes.Equal(e1, e2) {
			t.Fatalf("encodings differ:\n%x\n%x", e1, e2)
		}
		if err := exact(v, v2); err != nil {
			t.Fatal(err)
		}
	})
}

func smallTuple() starlark.Value {
	return starlark.Tuple{starlark.MakeInt(42), starlark.String("key"), starlark.Float(2.5), starlark.None, starlark.True, starlark.Bytes("xy")}
}

var smallValues = []struct {
	name string
	v    starlark.Value
}{
	{"int", starlark.MakeInt(123456)},
	{"str100", starlark.String(strings.Repeat("s", 100))},
	{"tuple", smallTuple()},
}

func BenchmarkEncodeSmall(b *testing.B) {
	for _, bc := range smallValues {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Encode(bc.v, "item", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppendEncodeSmall(b *testing.B) {
	for _, bc := range smallValues {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 256)
			for b.Loop() {
				var err error
				if buf, err = AppendEncode(buf[:0], bc.v, "item", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeSmall(b *testing.B) {
	for _, bc := range smallValues {
		b.Run(bc.name, func(b *testing.B) {
			data, err := Encode(bc.v, "item", nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(data, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var bytes64KiB = starlark.Bytes(bytes.Repeat([]byte{0xa5}, 64<<10))

func BenchmarkEncode64KiB(b *testing.B) {
	b.SetBytes(64 << 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(bytes64KiB, "item", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode64KiB(b *testing.B) {
	data, err := Encode(bytes64KiB, "item", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(64 << 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRoundTripDict(b *testing.B) {
	v := starlark.NewDict(4)
	for _, k := range []string{"id", "name", "score", "tags"} {
		v.SetKey(starlark.String(k), starlark.MakeInt(len(k)))
	}
	b.ReportAllocs()
	buf := make([]byte, 0, 256)
	for b.Loop() {
		var err error
		if buf, err = AppendEncode(buf[:0], v, "item", nil); err != nil {
			b.Fatal(err)
		}
		if _, err := Decode(buf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMaxMessage: a value over the configured limit fails at the call site
// with its path, before the payload is copied; decoding refuses too.
func TestMaxMessage(t *testing.T) {
	SetMaxMessage(1000)
	defer SetMaxMessage(0)
	small := starlark.Tuple{starlark.String(strings.Repeat("x", 900))}
	if _, err := Encode(small, "item", nil); err != nil {
		t.Fatalf("900 bytes under a 1000-byte limit: %v", err)
	}
	for _, v := range []starlark.Value{
		starlark.NewList([]starlark.Value{starlark.MakeInt(1), starlark.Bytes(strings.Repeat("y", 2000))}),
		starlark.NewList(make([]starlark.Value, 0)),
	} {
		if l, ok := v.(*starlark.List); ok && l.Len() == 0 {
			for i := 0; i < 600; i++ {
				l.Append(starlark.MakeInt(100000))
			}
		}
		_, err := Encode(v, "item", nil)
		if err == nil || !strings.Contains(err.Error(), "the maximum message size is 1000 bytes") || !strings.HasPrefix(err.Error(), "ValueError: item") {
			t.Errorf("over the limit: err = %v", err)
		}
	}
	big := make([]byte, 1001)
	if _, err := Decode(big, nil); err == nil || !strings.Contains(err.Error(), "over the maximum message size of 1000 bytes") {
		t.Errorf("decode over the limit: err = %v", err)
	}
	SetMaxMessage(0)
	if MaxMessage() != DefaultMaxMessage {
		t.Errorf("SetMaxMessage(0) left %d", MaxMessage())
	}
}
