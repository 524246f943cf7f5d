package pymethods

import (
	"sync"
	_ "unsafe" // go:linkname

	"go.starlark.net/starlark"
)

// go.starlark.net's table of bytes methods (it has only "elems"). Python's
// that bytes lacks are added to it, so that b.strip() is a method of the
// value itself: reached through the rewrite's __attr__ instead, as str's
// ljust is, every s.strip() of a str would pay a builtin call (about 60
// ns) to find out that s is not a bytes. If go.starlark.net renames the
// table, the link fails: nothing goes wrong quietly.
//
//go:linkname starlarkBytesMethods go.starlark.net/starlark.bytesMethods
var starlarkBytesMethods map[string]*starlark.Builtin

var nativeOnce sync.Once

// InstallNative adds bytes' Python methods to go.starlark.net's bytes, once
// per process, before any script runs (interp.New calls it).
func InstallNative() {
	nativeOnce.Do(func() {
		// A new table, sized once: growing the old one cost a child start
		// page faults of its own.
		m := make(map[string]*starlark.Builtin, len(starlarkBytesMethods)+len(bytesNativeNames))
		for name, b := range starlarkBytesMethods {
			m[name] = b
		}
		for _, name := range bytesNativeNames {
			m[name] = starlark.NewBuiltin(name, bytesMoreMethod(name))
		}
		starlarkBytesMethods = m
	})
}

// bytesNativeNames are the methods bytesMoreMethod gives bytes.
var bytesNativeNames = [...]string{"strip", "lstrip", "rstrip", "split", "rsplit", "startswith", "endswith",
	"join", "replace", "find", "rfind", "index", "rindex", "upper", "lower", "partition", "rpartition",
	"isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "splitlines", "removeprefix", "removesuffix"}
