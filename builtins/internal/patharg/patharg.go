// Package patharg checks path arguments the way CPython does, so that a
// script passing None (an unset os.getenv, say) or a number where a path
// belongs gets Python's TypeError text, not Starlark's "for parameter"
// wording; and joins paths as Python does.
package patharg

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// PathLike is a value with os.fspath's str (a pathlib path): accepted
// wherever a path string is.
type PathLike interface {
	starlark.Value
	FSPath() string
}

// AsPath is v's path text if v is a str or a PathLike.
func AsPath(v starlark.Value) (string, bool) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), true
	case PathLike:
		return v.FSPath(), true
	}
	return "", false
}

// TypeName is the name Python gives the type of v.
func TypeName(v starlark.Value) string {
	if t := v.Type(); t != "string" {
		return t // NoneType, int, list... are Python's names too
	}
	return "str"
}

// FSPath is os.fspath's check, which the os.path functions (and the
// library functions built on them: makedirs, walk, copytree) apply:
// "expected str, bytes or os.PathLike object, not NoneType".
func FSPath(v starlark.Value) (string, error) {
	if s, ok := AsPath(v); ok {
		return s, nil
	}
	return "", pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", TypeName(v))
}

// Sys is the check of an argument of an os function implemented in C
// (posixmodule's path_converter): "stat: path should be string, bytes,
// os.PathLike or integer, not NoneType", where fd says whether the function
// also takes a file descriptor. procstar has no file descriptors: an int
// is refused, with the text of a function that takes none.
func Sys(fn, arg string, v starlark.Value, fd bool) (string, error) {
	if s, ok := AsPath(v); ok {
		return s, nil
	}
	kinds := "string, bytes or os.PathLike"
	if _, isInt := v.(starlark.Int); fd && !isInt {
		kinds = "string, bytes, os.PathLike or integer"
	}
	return "", pyerr.New(pyerr.TypeError, "%s: %s should be %s, not %s", fn, arg, kinds, TypeName(v))
}

// Join is posixpath.join of two parts: unlike filepath.Join it cleans
// nothing ("a//b", "x/" and ".." stay as written, as Python's results do).
func Join(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

// SysOrNone is Sys for a path that may be None as well (listdir, scandir:
// "path should be string, bytes, os.PathLike, integer or None, not list").
func SysOrNone(fn, arg string, v starlark.Value) (string, error) {
	if s, ok := AsPath(v); ok {
		return s, nil
	}
	kinds := "string, bytes, os.PathLike, integer or None"
	if _, isInt := v.(starlark.Int); isInt {
		kinds = "string, bytes, os.PathLike or None" // procstar takes no file descriptor
	}
	return "", pyerr.New(pyerr.TypeError, "%s: %s should be %s, not %s", fn, arg, kinds, TypeName(v))
}
