package mathmod

import (
	"fmt"
	"math"
	"sort"
	"testing"

	starmath "go.starlark.net/lib/math"
	"go.starlark.net/starlark"
)

// TestSameAsLibMath: the module is go.starlark.net's lib/math (SPEC): the
// same names, and for each function the same result or error text for
// ints, floats, the special floats, wrong types and wrong arities.
func TestSameAsLibMath(t *testing.T) {
	ours, theirs := Module().Members, starmath.Module.Members
	if got, want := names(ours), names(theirs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("names:\n got %v\nwant %v", got, want)
	}
	vals := []starlark.Value{
		starlark.MakeInt(0), starlark.MakeInt(1), starlark.MakeInt(-3), starlark.MakeInt(7),
		starlark.MakeInt64(1 << 62), starlark.Float(0.5), starlark.Float(-2.5), starlark.Float(2.5),
		starlark.Float(1e308), starlark.Float(math.Inf(1)), starlark.Float(math.Inf(-1)),
		starlark.Float(math.NaN()), starlark.String("x"), starlark.None,
	}
	var argLists []starlark.Tuple
	argLists = append(argLists, starlark.Tuple{})
	for _, a := range vals {
		argLists = append(argLists, starlark.Tuple{a})
		for _, b := range vals {
			argLists = append(argLists, starlark.Tuple{a, b})
		}
	}
	argLists = append(argLists, starlark.Tuple{starlark.MakeInt(1), starlark.MakeInt(2), starlark.MakeInt(3)})
	thread := &starlark.Thread{}
	for _, name := range names(theirs) {
		fn, ok := theirs[name].(*starlark.Builtin)
		if !ok {
			if got, want := ours[name], theirs[name]; got != want {
				t.Errorf("%s = %v, want %v", name, got, want)
			}
			continue
		}
		for _, args := range argLists {
			want, werr := starlark.Call(thread, fn, args, nil)
			got, gerr := starlark.Call(thread, ours[name], args, nil)
			if fmt.Sprint(got, gerr) != fmt.Sprint(want, werr) {
				t.Errorf("%s%v = %v, %v; want %v, %v", name, args, got, gerr, want, werr)
			}
		}
		kw := []starlark.Tuple{{starlark.String("x"), starlark.MakeInt(1)}}
		_, werr := starlark.Call(thread, fn, nil, kw)
		_, gerr := starlark.Call(thread, ours[name], nil, kw)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("%s(x=1): %v, want %v", name, gerr, werr)
		}
	}
}

func names(d starlark.StringDict) []string {
	var out []string
	for k := range d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
