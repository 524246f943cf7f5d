package pymethods

import (
	"sync"
	_ "unsafe" // go:linkname

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyiter"
)

// go.starlark.net's tables of the methods of its str, bytes, list and dict.
// Python's methods those types lack are added to them, so that s.ljust(9),
// b.strip(), l.sort() are methods of the values themselves: reached
// through the rewrite's __attr__ instead, every call of a method of that
// name would pay a builtin call (about 60 ns) to find out which type its
// receiver has (a loop of three str method calls: 215 ms, 275 through
// __attr__). If go.starlark.net renames a table, the link fails: nothing
// goes wrong quietly.
var (
	//go:linkname starlarkStringMethods go.starlark.net/starlark.stringMethods
	starlarkStringMethods map[string]*starlark.Builtin
	//go:linkname starlarkBytesMethods go.starlark.net/starlark.bytesMethods
	starlarkBytesMethods map[string]*starlark.Builtin
	//go:linkname starlarkListMethods go.starlark.net/starlark.listMethods
	starlarkListMethods map[string]*starlark.Builtin
	//go:linkname starlarkDictMethods go.starlark.net/starlark.dictMethods
	starlarkDictMethods map[string]*starlark.Builtin
	//go:linkname starlarkSetMethods go.starlark.net/starlark.setMethods
	starlarkSetMethods map[string]*starlark.Builtin
)

var nativeOnce sync.Once

// InstallNative adds Python's methods to go.starlark.net's types, once per
// process, before any script runs (interp.New calls it).
func InstallNative() {
	nativeOnce.Do(func() {
		starlarkStringMethods = extend(starlarkStringMethods, stringNativeNames[:], strMethod)
		// Starlark's splits at "\n" only; Python's at every line boundary.
		starlarkStringMethods["splitlines"] = starlark.NewBuiltin("splitlines", strSplitlines)
		starlarkBytesMethods = extend(starlarkBytesMethods, bytesNativeNames[:], bytesMethod)
		starlarkListMethods = extend(starlarkListMethods, listNativeNames[:], listMethod)
		starlarkDictMethods = extend(starlarkDictMethods, dictNativeNames[:], func(string) builtinFn { return dictCopy })
		installStepping()
	})
}

// extend returns a copy of table with names' methods from method added,
// sized once (growing it cost every process page faults) to stay under
// two thirds full: a fuller table probes more (the str table at 80% made
// every s.strip() lookup 15 ns slower).
func extend(table map[string]*starlark.Builtin, names []string, method func(string) builtinFn) map[string]*starlark.Builtin {
	n := len(table) + len(names)
	m := make(map[string]*starlark.Builtin, n+n/2)
	for name, b := range table {
		m[name] = b
	}
	for _, name := range names {
		m[name] = starlark.NewBuiltin(name, method(name))
	}
	return m
}

// The methods each type gets (strMethod, bytesMethod... give them).
var (
	stringNativeNames = [...]string{"ljust", "rjust", "center", "zfill", "expandtabs", "casefold", "swapcase",
		"upper", "lower", "capitalize", "title", "isupper", "islower", "istitle",
		"isdecimal", "isnumeric", "isascii", "isidentifier", "isprintable", "encode", "translate", "maketrans"}
	bytesNativeNames = [...]string{"decode", "hex", "count", "strip", "lstrip", "rstrip", "split", "rsplit",
		"startswith", "endswith", "join", "replace", "find", "rfind", "index", "rindex", "upper", "lower",
		"partition", "rpartition", "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper",
		"splitlines", "removeprefix", "removesuffix"}
	listNativeNames = [...]string{"sort", "reverse", "copy", "count"}
	dictNativeNames = [...]string{"copy"}
)

// go.starlark.net's methods that read iterables. An iterator that can
// fail (a Pool.imap whose task failed, iter(callable, sentinel), map())
// is read so that its error is the method's, as Python's
// ",".join(it) raises it (a Starlark iterator cannot fail, and read as
// one its error would end the script). Other iterables take the method
// itself, as before.
//
//go:linkname stringJoin go.starlark.net/starlark.string_join
func stringJoin(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname listExtend go.starlark.net/starlark.list_extend
func listExtend(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname dictUpdate go.starlark.net/starlark.dict_update
func dictUpdate(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setUpdate go.starlark.net/starlark.set_update
func setUpdate(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setUnion go.starlark.net/starlark.set_union
func setUnion(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setIntersection go.starlark.net/starlark.set_intersection
func setIntersection(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setDifference go.starlark.net/starlark.set_difference
func setDifference(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setSymmetricDifference go.starlark.net/starlark.set_symmetric_difference
func setSymmetricDifference(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setIssubset go.starlark.net/starlark.set_issubset
func setIssubset(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

//go:linkname setIssuperset go.starlark.net/starlark.set_issuperset
func setIssuperset(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// installStepping puts the stepping forms of those methods in their
// tables (replacing entries: the tables do not grow).
func installStepping() {
	starlarkStringMethods["join"] = starlark.NewBuiltin("join", stepping(stringJoin))
	starlarkListMethods["extend"] = starlark.NewBuiltin("extend", stepping(listExtend))
	starlarkDictMethods["update"] = starlark.NewBuiltin("update", stepping(dictUpdate))
	for _, m := range [...]struct {
		name string
		fn   builtinFn
	}{{"update", setUpdate}, {"union", setUnion}, {"intersection", setIntersection},
		{"difference", setDifference}, {"symmetric_difference", setSymmetricDifference},
		{"issubset", setIssubset}, {"issuperset", setIssuperset}} {
		starlarkSetMethods[m.name] = starlark.NewBuiltin(m.name, stepping(m.fn))
	}
}

// stepping is fn reading each positional argument that can fail by its
// Step: the method reads it up to its error (list.extend keeps what it
// appended, as Python's does) and the error is the method's.
func stepping(fn builtinFn) builtinFn {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		guarded, ok := pyiter.GuardArgs(args)
		if !ok {
			return fn(thread, b, args, kwargs)
		}
		v, err := fn(thread, b, guarded, kwargs)
		if gerr := pyiter.GuardErr(guarded); gerr != nil {
			return nil, gerr
		}
		return v, err
	}
}
