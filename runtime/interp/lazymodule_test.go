package interp

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

func TestLazyModule(t *testing.T) {
	var builds atomic.Int32
	l := NewLazyModule("m", func() *starlarkstruct.Module {
		builds.Add(1)
		return &starlarkstruct.Module{Name: "m", Members: starlark.StringDict{
			"x": starlark.MakeInt(1),
			"l": starlark.NewList(nil),
		}}
	})
	if got := l.String(); got != `<module "m">` {
		t.Errorf("String() = %s", got)
	}
	if l.Type() != "module" || builds.Load() != 0 {
		t.Fatalf("built before use: %d builds", builds.Load())
	}

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := l.Attr("x"); err != nil || v.String() != "1" {
				t.Errorf("Attr(x) = %v, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds, want 1", n)
	}

	_, err := l.Attr("nope")
	var nsa starlark.NoSuchAttrError
	if !errors.As(err, &nsa) || err.Error() != "module 'm' has no attribute 'nope'" {
		t.Errorf("Attr(nope) error = %v (%T)", err, err)
	}
	if names := l.AttrNames(); len(names) != 2 {
		t.Errorf("AttrNames() = %v", names)
	}
	if d := moduleDict(l); d["x"] == nil {
		t.Errorf("moduleDict = %v", d)
	}
}

// A module frozen before its first use is frozen once built, as an
// eagerly built one would have been.
func TestLazyModuleFrozenBeforeUse(t *testing.T) {
	l := NewLazyModule("m", func() *starlarkstruct.Module {
		return &starlarkstruct.Module{Name: "m", Members: starlark.StringDict{"l": starlark.NewList(nil)}}
	})
	l.Freeze()
	v, err := l.Attr("l")
	if err != nil {
		t.Fatal(err)
	}
	if err := v.(*starlark.List).Append(starlark.None); err == nil {
		t.Error("a member of a frozen module could be changed")
	}
}
