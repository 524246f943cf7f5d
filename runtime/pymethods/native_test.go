package pymethods

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestInstallNative: Python's methods become the core types' own, and
// go.starlark.net's stay (a str's split, a bytes' elems, a list's append).
func TestInstallNative(t *testing.T) {
	InstallNative()
	InstallNative() // once
	for _, c := range []struct {
		v     starlark.HasAttrs
		names []string
	}{
		{starlark.String("x"), []string{"ljust", "zfill", "encode", "translate", "splitlines", "split", "upper", "elems"}},
		{starlark.Bytes("x"), []string{"strip", "split", "decode", "hex", "startswith", "elems"}},
		{starlark.NewList(nil), []string{"sort", "copy", "count", "append", "index"}},
		{starlark.NewDict(0), []string{"copy", "get", "items"}},
	} {
		for _, name := range c.names {
			if m, err := c.v.Attr(name); m == nil || err != nil {
				t.Errorf("%s.%s: %v, %v", c.v.Type(), name, m, err)
			}
		}
	}
	// Python's splitlines, not Starlark's (which splits at "\n" only).
	m, _ := starlark.String("a\rb").Attr("splitlines")
	v, err := starlark.Call(new(starlark.Thread), m, nil, nil)
	if err != nil || v.(*starlark.List).Len() != 2 {
		t.Errorf("splitlines: %v, %v", v, err)
	}
}
