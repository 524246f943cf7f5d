package methods

import (
	"fmt"
	"testing"

	"go.starlark.net/starlark"
)

type obj struct{ starlark.Bool }

func TestBindCachesAndCalls(t *testing.T) {
	calls := 0
	tab := Table[*obj]{{"m", func(o *obj, _ *starlark.Thread, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		calls++
		return starlark.MakeInt(len(args)), nil
	}}}
	var cache Cache
	o := &obj{}
	b := tab.Bind(o, &cache, "m")
	if b == nil || tab.Bind(o, &cache, "m") != b {
		t.Fatal("bound method not cached")
	}
	if b.Receiver() != o {
		t.Error("receiver not bound")
	}
	v, err := starlark.Call(new(starlark.Thread), b, starlark.Tuple{starlark.None, starlark.None}, nil)
	if err != nil || v != starlark.MakeInt(2) || calls != 1 {
		t.Errorf("call = %v, %v (calls %d)", v, err, calls)
	}
	if tab.Bind(o, &cache, "nope") != nil {
		t.Error("unknown method bound")
	}
	if n := tab.Names(); len(n) != 1 || n[0] != "m" {
		t.Errorf("Names = %v", n)
	}
}

func TestTooMany(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a table over Max did not panic")
		}
	}()
	Table[*obj](make([]Method[*obj], Max+1)).Bind(&obj{}, new(Cache), "m")
}

// BenchmarkBindLast: a bound method found by its name, the last of a full
// table (the scan's worst case; q.put in a loop takes this path, cached).
func BenchmarkBindLast(b *testing.B) {
	var tab Table[*obj]
	for i := 0; i < Max; i++ {
		tab = append(tab, Method[*obj]{fmt.Sprintf("method_%d", i), func(*obj, *starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}})
	}
	var cache Cache
	o := &obj{}
	name := tab[Max-1].Name
	for b.Loop() {
		if tab.Bind(o, &cache, name) == nil {
			b.Fatal("not found")
		}
	}
}
