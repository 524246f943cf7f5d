package runtime

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/argparsemod"
	"github.com/procstar/procstar/builtins/base64mod"
	"github.com/procstar/procstar/builtins/bisectmod"
	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/collectionsmod"
	"github.com/procstar/procstar/builtins/copymod"
	"github.com/procstar/procstar/builtins/csvmod"
	"github.com/procstar/procstar/builtins/datetimemod"
	"github.com/procstar/procstar/builtins/fnmatchmod"
	"github.com/procstar/procstar/builtins/functoolsmod"
	"github.com/procstar/procstar/builtins/futuresmod"
	"github.com/procstar/procstar/builtins/globmod"
	"github.com/procstar/procstar/builtins/gzipmod"
	"github.com/procstar/procstar/builtins/hashlibmod"
	"github.com/procstar/procstar/builtins/heapqmod"
	"github.com/procstar/procstar/builtins/iomod"
	"github.com/procstar/procstar/builtins/itertoolsmod"
	"github.com/procstar/procstar/builtins/jsonmod"
	"github.com/procstar/procstar/builtins/logging"
	"github.com/procstar/procstar/builtins/mathmod"
	"github.com/procstar/procstar/builtins/operatormod"
	"github.com/procstar/procstar/builtins/osmod"
	"github.com/procstar/procstar/builtins/pathlibmod"
	"github.com/procstar/procstar/builtins/platformmod"
	"github.com/procstar/procstar/builtins/pprintmod"
	"github.com/procstar/procstar/builtins/randommod"
	"github.com/procstar/procstar/builtins/remod"
	"github.com/procstar/procstar/builtins/shlexmod"
	"github.com/procstar/procstar/builtins/shutilmod"
	"github.com/procstar/procstar/builtins/signalmod"
	"github.com/procstar/procstar/builtins/statisticsmod"
	"github.com/procstar/procstar/builtins/stringmod"
	"github.com/procstar/procstar/builtins/subprocessmod"
	"github.com/procstar/procstar/builtins/sysmod"
	"github.com/procstar/procstar/builtins/tempfilemod"
	"github.com/procstar/procstar/builtins/textwrapmod"
	"github.com/procstar/procstar/builtins/timemod"
	"github.com/procstar/procstar/builtins/urllibmod"
	"github.com/procstar/procstar/builtins/uuidmod"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
)

// The modules' values that cross processes as copies (codec.Type): every
// process registers them all, since a value may come from a module its own
// script never loaded. The modules list them in tables rather than register
// themselves, so that a module's package runs no code at a process's start.
func init() {
	for _, ts := range [][]codec.Type{
		catch.CodecTypes, collectionsmod.CodecTypes, datetimemod.CodecTypes, functoolsmod.CodecTypes,
		operatormod.CodecTypes, osmod.CodecTypes, pathlibmod.CodecTypes,
		stringmod.CodecTypes, timemod.CodecTypes, uuidmod.CodecTypes,
	} {
		codec.RegisterTypes(ts)
	}
}

// globals builds the builtin modules and the predeclared names of a process.
// Every process of a tree builds the same set, so a builtin named by
// (module, name) in one process is found in another.
func (c *config) globals(argv []string, stdin *procenv.Input) (modules map[string]starlark.Value, predeclared starlark.StringDict) {
	// Modules are built on first use (interp.LazyModule): a child pays at
	// its start for what its script touches.
	lazy := func(name string, build func() *starlarkstruct.Module) starlark.Value {
		return interp.NewLazyModule(name, build)
	}
	futures := lazy("concurrent.futures", futuresmod.Module)
	urlparse := lazy("urllib.parse", urllibmod.Module)
	modules = map[string]starlark.Value{
		"sys":                lazy("sys", func() *starlarkstruct.Module { return sysmod.Module(argv, stdin) }),
		"time":               lazy("time", timemod.Module),
		"random":             lazy("random", randommod.Module),
		"json":               lazy("json", jsonmod.Module),
		"hashlib":            lazy("hashlib", hashlibmod.Module),
		"base64":             lazy("base64", base64mod.Module),
		"shlex":              lazy("shlex", shlexmod.Module),
		"shutil":             lazy("shutil", func() *starlarkstruct.Module { return shutilmod.Module(func() starlark.Value { return modules["os"] }) }),
		"glob":               lazy("glob", globmod.Module),
		"subprocess":         lazy("subprocess", subprocessmod.Module),
		"re":                 lazy("re", remod.Module),
		"concurrent.futures": futures,
		"concurrent":         lazy("concurrent", func() *starlarkstruct.Module { return futuresmod.Concurrent(futures) }),
		"math":               lazy("math", mathmod.Module),
		"logging":            lazy("logging", logging.Module),
		"os":                 lazy("os", osmod.Module),
		"pathlib":            lazy("pathlib", pathlibmod.Module),
		"functools":          lazy("functools", functoolsmod.Module),
		"collections":        lazy("collections", collectionsmod.Module),
		"itertools":          lazy("itertools", itertoolsmod.Module),
		"operator":           lazy("operator", operatormod.Module),
		"fnmatch":            lazy("fnmatch", fnmatchmod.Module),
		"string":             lazy("string", stringmod.Module),
		"csv":                lazy("csv", csvmod.Module),
		"textwrap":           lazy("textwrap", textwrapmod.Module),
		"datetime":           lazy("datetime", datetimemod.Module),
		"zoneinfo":           lazy("zoneinfo", datetimemod.ZoneinfoModule),
		"tempfile":           lazy("tempfile", tempfilemod.Module),
		"uuid":               lazy("uuid", uuidmod.Module),
		"copy":               lazy("copy", copymod.Module),
		"heapq":              lazy("heapq", heapqmod.Module),
		"bisect":             lazy("bisect", bisectmod.Module),
		"statistics":         lazy("statistics", statisticsmod.Module),
		"platform":           lazy("platform", platformmod.Platform),
		"socket":             lazy("socket", platformmod.Socket),
		"getpass":            lazy("getpass", platformmod.Getpass),
		"signal":             lazy("signal", signalmod.Module),
		"io":                 lazy("io", iomod.Module),
		"pprint":             lazy("pprint", pprintmod.Module),
		"gzip":               lazy("gzip", gzipmod.Module),
		"urllib.parse":       urlparse,
		"urllib":             lazy("urllib", func() *starlarkstruct.Module { return urllibmod.Urllib(urlparse) }),
		"argparse": lazy("argparse", func() *starlarkstruct.Module {
			return argparsemod.Module(func() []string { return sysArgv(modules["sys"]) })
		}),
	}
	if c.disabled["subprocess"] {
		// os.system and os.popen start programs through subprocess: a host
		// that drops process spawning drops them too.
		modules["os"] = lazy("os", func() *starlarkstruct.Module {
			m := osmod.Module()
			delete(m.Members, "system")
			delete(m.Members, "popen")
			return m
		})
	}
	predeclared = builtinNames(stdin)
	if !c.disabled["multiprocessing"] {
		names := multiprocessingNames()
		modules["multiprocessing"] = lazy("multiprocessing", func() *starlarkstruct.Module {
			return &starlarkstruct.Module{Name: "multiprocessing", Members: names}
		})
		for k, v := range names {
			predeclared[k] = v
		}
	}
	for name := range c.disabled {
		delete(modules, name)
		delete(predeclared, name)
		if name == "concurrent" || name == "multiprocessing" {
			// concurrent.futures starts processes through the Pool: it goes
			// with multiprocessing.
			delete(modules, "concurrent")
			delete(modules, "concurrent.futures")
		}
		if name == "urllib" {
			delete(modules, "urllib.parse") // a package goes with its modules
		}
	}
	for name, m := range c.modules {
		modules[name] = m
	}
	for name, m := range modules {
		predeclared[name] = m
	}
	for k, v := range c.predeclared {
		predeclared[k] = v
	}
	return modules, predeclared
}

// checkDisabled fails for a name given to WithoutModules that names no
// builtin: a misspelt "subproces" would leave what the host meant to drop.
func (c *config) checkDisabled() error {
	if len(c.disabled) == 0 {
		return nil
	}
	all := *c // a copy: a Runtime may start runs concurrently
	all.disabled = map[string]bool{}
	mods, pre := all.globals(nil, procenv.NewInput(nil))
	var unknown []string
	for name := range c.disabled {
		if mods[name] == nil && pre[name] == nil {
			unknown = append(unknown, strconv.Quote(name))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	return fmt.Errorf("WithoutModules: no builtin named %s", strings.Join(unknown, ", "))
}

// handleDecoder rebuilds shared objects received from another process.
func handleDecoder(n *node.Node) func(kind string, data []byte) (starlark.Value, error) {
	return n.DecodeHandle
}

// sysArgv is the script's sys.argv now (argparse reads it at parse time,
// as Python's does).
func sysArgv(sys starlark.Value) []string {
	m, ok := sys.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	v, err := m.Attr("argv")
	if err != nil {
		return nil
	}
	var out []string
	if it := starlark.Iterate(v); it != nil {
		var x starlark.Value
		for it.Next(&x) {
			if s, ok := x.(starlark.String); ok {
				out = append(out, string(s))
			}
		}
		it.Done()
	}
	return out
}
