package pathlibmod

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Parsing normalises as CPython's _parse_path: "." and empty parts go,
// ".." stays, a leading "//" (and only two) is kept.
func TestParse(t *testing.T) {
	for in, want := range map[string]string{
		"": ".", ".": ".", "a//b/./c": "a/b/c", "a/..": "a/..", "//a": "//a", "///a": "/a",
		"/a/b/": "/a/b", "./a/./b/.": "a/b",
	} {
		if got := parse(in, false).str(); got != want {
			t.Errorf("parse(%q) = %q, want %q", in, got, want)
		}
	}
}

// Ordering is by the text split at "/" (3.12's _parts_normcase): "/z"
// comes before "." and "a".
func TestOrder(t *testing.T) {
	less := func(a, b string) bool {
		ok, err := parse(a, false).CompareSameType(syntax.LT, parse(b, false), 1)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !less("/z", ".") || !less("a", "a/b") || !less("A", "a") || less("b", "a/c") {
		t.Error("wrong order")
	}
}

// A path crosses processes as its text and kind.
func TestCodecState(t *testing.T) {
	typ, state := parse("/a/b", true).CodecState()
	if typ != pathType || state.(starlark.Tuple)[0] != starlark.String("/a/b") || state.(starlark.Tuple)[1] != starlark.True {
		t.Errorf("CodecState = %s %v", typ, state)
	}
}
