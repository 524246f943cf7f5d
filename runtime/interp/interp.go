// Package interp runs Starlark source for procstar: it compiles every file
// with the one dialect, resolves load() relative to the loading file (or to
// builtin modules), gives each module its __name__, and names functions by
// (module, name) so another process can find the same function.
package interp

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pymethods"
)

// Module keys for function references that are not in a source file.
const (
	UniverseModule    = "<builtin>"     // Starlark's universe (len, str, ...)
	PredeclaredModule = "<predeclared>" // procstar's top-level builtins (catch, open, Process, ...)
)

// Config is what an Interp needs.
type Config struct {
	// Predeclared names every module sees (besides __name__).
	Predeclared starlark.StringDict
	// Modules are the builtin modules load() can name ("os", "multiprocessing").
	Modules map[string]starlark.Value
	// FS, if set, is where load() and the main script are read from; paths are
	// then slash-separated and relative to its root. Otherwise the OS file system.
	FS fs.FS
	// Dir is the directory relative OS paths are resolved against ("" = cwd).
	Dir string
	// MaxSteps bounds Starlark execution steps per thread (0 = unlimited).
	MaxSteps uint64
	// Env is the environment of threads the Interp starts on its own (to load
	// the module of a function received from another process).
	Env *procenv.Env
	// SetupThread, if set, prepares every thread the Interp makes (for a
	// loaded module's top level too), e.g. attaching the process's node.
	SetupThread func(*starlark.Thread)
	// Handle rebuilds a shared object from its handle (see codec.Resolver).
	Handle func(kind string, data []byte) (starlark.Value, error)
}

// Interp holds the modules of one process.
type Interp struct {
	cfg         Config
	mainFile    string
	mainGlobals starlark.StringDict
	cache       map[string]*loadEntry
	builtinRefs map[*starlark.Builtin][2]string
	// replMain: the main module is an interactive session's (see REPLFile);
	// replBroken holds the session's defs a child could not rebuild.
	// mainThread runs the main module's top level while it is running: its
	// outermost frame is that module's top-level function, whose globals are
	// live (a function received while the top level runs is found there).
	mainThread *starlark.Thread
	// mainProg is the main module's program as compiled (or decoded) here,
	// mainNames the key of the predeclared names it was resolved with.
	mainProg  *starlark.Program
	mainNames uint64
	mainEnc   struct {
		once sync.Once
		prog []byte
	}
	replMain   bool
	replBroken map[string]error
	// replDefining holds the names the running chunk of a session defines
	// with def (the session's globals get them when the chunk ends).
	replDefining map[string]bool

	// sources holds the text of every file loaded, by load() key: a child
	// placed on another machine is shipped them (see Sources).
	srcMu   sync.Mutex
	sources map[string][]byte
}

type loadEntry struct {
	globals starlark.StringDict
	err     error
	loading bool
}

// CompileError is a syntax or resolve error: the script never started.
type CompileError struct{ Err error }

func (e *CompileError) Error() string { return e.Err.Error() }
func (e *CompileError) Unwrap() error { return e.Err }

// New returns an interpreter for cfg.
func New(cfg Config) *Interp {
	pymethods.InstallNative()
	return &Interp{cfg: cfg, cache: make(map[string]*loadEntry)}
}

// Config returns the configuration the Interp was built with.
func (in *Interp) Config() Config { return in.cfg }

// MaxStepsLocal is the thread-local holding the thread's limit of steps
// (uint64), for whoever chains its own OnMaxSteps (pysignal).
const MaxStepsLocal = "procstar.maxsteps"

// MaxStepsReason starts the cancellation reason of a thread that reached
// Config.MaxSteps.
const MaxStepsReason = "too many steps: reached the limit of Starlark execution steps"

// NewThread returns a thread whose print and load go through in and env.
func (in *Interp) NewThread(name string, env *procenv.Env) *starlark.Thread {
	t := &starlark.Thread{
		Name: name,
		Print: func(t *starlark.Thread, msg string) {
			// One write per print, so lines of different processes never mix.
			procenv.Get(t).Stdout.Write([]byte(msg + "\n"))
		},
		Load: in.load,
	}
	procenv.Set(t, env)
	if in.cfg.SetupThread != nil {
		in.cfg.SetupThread(t)
	}
	if max := in.cfg.MaxSteps; max > 0 {
		t.SetLocal(MaxStepsLocal, max)
		t.SetMaxExecutionSteps(max)
		t.OnMaxSteps = func(t *starlark.Thread) {
			if t.ExecutionSteps() < max {
				t.SetMaxExecutionSteps(max) // a new run began (NewRun)
				return
			}
			t.Cancel(fmt.Sprintf("%s (%d)", MaxStepsReason, max))
		}
	}
	return t
}

// NewRun gives thread the whole of its limit of steps (Config.MaxSteps)
// again, for a new run of a process's code on the same thread: a child's
// target after its top level, each Pool task of a worker. The limit bounds
// each run, not their sum, as it bounds each Script.Call.
func NewRun(t *starlark.Thread) {
	if _, ok := t.Local(MaxStepsLocal).(uint64); !ok {
		return
	}
	t.Steps = 0
	// The next step calls OnMaxSteps, which sets the next limit from the
	// count now at zero: this package's, or one chained to it (pysignal's,
	// which also looks at signals every few thousand steps).
	t.SetMaxExecutionSteps(1)
}

func (in *Interp) predeclared(name string) starlark.StringDict {
	d := make(starlark.StringDict, len(in.cfg.Predeclared)+1)
	for k, v := range in.cfg.Predeclared {
		d[k] = v
	}
	for k, v := range pyformat.Builtins {
		d[k] = v
	}
	d["__name__"] = starlark.String(name)
	return d
}

// ReadSource reads a script the way load() would (from FS or the OS).
func (in *Interp) ReadSource(name string) ([]byte, error) {
	if in.cfg.FS != nil {
		return fs.ReadFile(in.cfg.FS, strings.TrimPrefix(path.Clean(name), "/"))
	}
	if in.cfg.Dir != "" && !filepath.IsAbs(name) {
		name = filepath.Join(in.cfg.Dir, name)
	}
	return os.ReadFile(name)
}

// Compile parses and resolves src as a module with the given __name__.
func (in *Interp) Compile(filename string, src []byte, name string) (*starlark.Program, starlark.StringDict, error) {
	pre := in.predeclared(name)
	pyerr.RegisterSource(filename, src) // for the source lines of tracebacks
	if p := precompiled; p != nil {
		precompiled = nil
		if p.filename == filename && bytes.Equal(p.src, src) && sameNames(p.pre, pre) {
			return p.prog, pre, nil
		}
	}
	if p := shipped; p != nil {
		shipped = nil
		if p.filename == filename && bytes.Equal(p.src, src) && p.names == NamesKey(pre) {
			if prog, err := starlark.CompiledProgram(bytes.NewReader(p.prog)); err == nil {
				return prog, pre, nil
			}
		}
	}
	f, err := dialect.Options.Parse(filename, src, 0)
	if err == nil {
		err = dialect.CheckDepth(f)
	}
	if err != nil {
		return nil, nil, &CompileError{dialect.Explain(err, src)}
	}
	// Python's % and str.format (widths, precisions, format specs) instead
	// of Starlark's narrower ones: scripts are rewrites of Python programs.
	// An int % int keeps Starlark's operator, unless a host predeclared a
	// range of its own.
	if pre.Has("range") {
		pyformat.Rewrite(f)
	} else {
		pyformat.RewriteModule(f)
	}
	prog, err := starlark.FileProgram(f, pre.Has)
	if err != nil {
		return nil, nil, &CompileError{dialect.Explain(err, src)}
	}
	return prog, pre, nil
}

// precompiled is the main module Precompile compiled ahead of time, for
// the next Compile of the same file and source with the same predeclared
// names (which alone decide the resolution of a program).
var precompiled *struct {
	filename string
	src      []byte
	pre      starlark.StringDict // its names are what counts
	prog     *starlark.Program
}

// shipped is the main module as the parent compiled it (OfferCompiled),
// for the next Compile of the same file and source with predeclared names
// of the same key: decoding it costs a child a tenth of compiling it, and
// the parser and the compiler are never paged in.
var shipped *offer

// offer is a program OfferCompiled gave: filename and src as the parent
// compiled them, prog encoded, names the key of its predeclared names.
type offer struct {
	filename string
	src      []byte
	prog     []byte
	names    uint64
}

// OfferCompiled gives the next Compile of filename with src the program
// the parent compiled from it (MainProgram's), resolved with predeclared
// names of key names. Compile uses it if its own names have that key and
// it decodes, and compiles src otherwise.
func OfferCompiled(filename string, src, prog []byte, names uint64) {
	if len(prog) == 0 || filename == REPLFile {
		shipped = nil
		return
	}
	shipped = &offer{filename, src, prog, names}
}

// MainProgram returns the main module's program, encoded, and the key of
// the predeclared names it was resolved with, for a child to use in place
// of compiling the same source (OfferCompiled); nil before the main module
// is compiled, and for an interactive session.
func (in *Interp) MainProgram() ([]byte, uint64) {
	if in.mainProg == nil {
		return nil, 0
	}
	in.mainEnc.once.Do(func() {
		var buf bytes.Buffer
		if in.mainProg.Write(&buf) == nil {
			in.mainEnc.prog = buf.Bytes()
		}
	})
	return in.mainEnc.prog, in.mainNames
}

// NamesKey is a key of the set of names of pre, whatever their order (a
// sum of their FNV-1a hashes and their count), computed without sorting
// them: a child compares its own with the parent's at every start.
func NamesKey(pre starlark.StringDict) uint64 {
	sum := uint64(len(pre))
	for k := range pre {
		h := uint64(14695981039346656037)
		for i := 0; i < len(k); i++ {
			h ^= uint64(k[i])
			h *= 1099511628211
		}
		sum += h
	}
	return sum
}

// sameNames reports whether a and b have the same keys (without sorting
// them: this is on every warm start's path).
func sameNames(a, b starlark.StringDict) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// Precompile compiles src as ExecMain would, for a later ExecMain in this
// process (by any Interp with the same predeclared names): a warm spare
// compiles the script while it waits for its bootstrap.
func (in *Interp) Precompile(filename string, src []byte, name string) {
	if filename == REPLFile {
		return
	}
	prog, pre, err := in.Compile(filename, src, name)
	if err != nil {
		return // the real compile reports it
	}
	precompiled = &struct {
		filename string
		src      []byte
		pre      starlark.StringDict
		prog     *starlark.Program
	}{filename, src, pre, prog}
}

// ExecMain runs the main module's top level as __name__ and returns its
// globals, unfrozen: a child calls its target afterwards, and the target may
// mutate globals as in Python.
func (in *Interp) ExecMain(thread *starlark.Thread, filename string, src []byte, name string) (starlark.StringDict, error) {
	if filename == REPLFile {
		return in.execREPL(thread, src, name)
	}
	prog, pre, err := in.Compile(filename, src, name)
	if err != nil {
		return nil, err
	}
	in.mainFile = filename
	in.mainProg, in.mainNames = prog, NamesKey(pre)
	in.mainThread = thread
	globals, err := prog.Init(thread, pre)
	in.mainGlobals = globals
	in.mainThread = nil
	return globals, err
}

// MainFile is the file name the main module was compiled under.
func (in *Interp) MainFile() string { return in.mainFile }

// liveMainGlobals returns the main module's globals, also while its top
// level is still running.
func (in *Interp) liveMainGlobals() starlark.StringDict {
	if t := in.mainThread; t != nil && t.CallStackDepth() > 0 {
		if fn, ok := t.DebugFrame(t.CallStackDepth() - 1).Callable().(*starlark.Function); ok {
			return fn.Globals()
		}
	}
	return in.mainGlobals
}

// SetMain records globals as the main module's (the REPL's session).
func (in *Interp) SetMain(filename string, globals starlark.StringDict) {
	in.mainFile = filename
	in.mainGlobals = globals
	in.replMain = filename == REPLFile
}

func (in *Interp) resolvePath(from, module string) string {
	if in.cfg.FS != nil {
		if strings.HasPrefix(module, "/") {
			return path.Clean(module[1:])
		}
		return path.Join(path.Dir(from), module)
	}
	if filepath.IsAbs(module) {
		return filepath.Clean(module)
	}
	return filepath.Join(filepath.Dir(from), module)
}

func (in *Interp) load(thread *starlark.Thread, module string) (starlark.StringDict, error) {
	if m, ok := in.cfg.Modules[module]; ok {
		return moduleDict(m), nil
	}
	if !strings.HasSuffix(module, ".star") {
		return nil, fmt.Errorf("no builtin module %q (loaded files end in .star; builtin modules: %s)",
			module, strings.Join(in.moduleNames(), ", "))
	}
	from := thread.CallFrame(0).Pos.Filename()
	return in.loadFile(thread, in.resolvePath(from, module))
}

func (in *Interp) moduleNames() []string {
	var names []string
	for k := range in.cfg.Modules {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// isModule reports whether v is a module (a submodule among another
// module's members).
func isModule(v starlark.Value) bool {
	switch v.(type) {
	case *starlarkstruct.Module, *LazyModule:
		return true
	}
	return false
}

// moduleDict exposes a builtin module's members as load() bindings.
func moduleDict(m starlark.Value) starlark.StringDict {
	switch m := m.(type) {
	case *starlarkstruct.Module:
		return m.Members
	case *LazyModule:
		return m.Module().Members
	}
	d := starlark.StringDict{}
	if ha, ok := m.(starlark.HasAttrs); ok {
		for _, n := range ha.AttrNames() {
			if v, err := ha.Attr(n); err == nil && v != nil {
				d[n] = v
			}
		}
	}
	return d
}

func (in *Interp) loadFile(thread *starlark.Thread, key string) (starlark.StringDict, error) {
	if e, ok := in.cache[key]; ok {
		if e.loading {
			return nil, fmt.Errorf("cycle in load graph at %s", key)
		}
		return e.globals, e.err
	}
	e := &loadEntry{loading: true}
	in.cache[key] = e
	src, err := in.ReadSource(key)
	if err != nil {
		e.loading, e.err = false, err
		return nil, err
	}
	in.srcMu.Lock()
	if in.sources == nil {
		in.sources = make(map[string][]byte)
	}
	in.sources[key] = src
	in.srcMu.Unlock()
	name := strings.TrimSuffix(path.Base(filepath.ToSlash(key)), ".star")
	prog, pre, err := in.Compile(key, src, name)
	if err == nil {
		// A loaded module runs on its own thread, as go.starlark.net does, so a
		// failure in it reports its own stack; it shares the caller's env.
		t := in.NewThread(thread.Name, procenv.Get(thread))
		e.globals, err = prog.Init(t, pre)
		e.globals.Freeze()
	}
	e.loading, e.err = false, err
	return e.globals, err
}

// Sources returns the files loaded so far (the main module aside), by the
// key load() resolved them to: what a process on another machine needs to
// re-run the main module (see FilesFS).
func (in *Interp) Sources() map[string][]byte {
	in.srcMu.Lock()
	defer in.srcMu.Unlock()
	out := make(map[string][]byte, len(in.sources)+1)
	for k, v := range in.sources {
		out[k] = v
	}
	return out
}

// FilesFS serves files by the keys Sources gives (an absolute key also
// without its leading slash, as an FS-backed Interp asks for it), so that
// an Interp given it as its FS loads exactly what another process loaded.
type FilesFS map[string][]byte

// ReadFile implements fs.ReadFileFS.
func (f FilesFS) ReadFile(name string) ([]byte, error) {
	src, ok := f[name]
	if !ok {
		src, ok = f["/"+name]
	}
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return src, nil
}

// Open implements fs.FS.
func (f FilesFS) Open(name string) (fs.File, error) {
	src, err := f.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(src), name: path.Base(name), size: int64(len(src))}, nil
}

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Size() int64                { return f.size }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }

func (in *Interp) indexBuiltins() {
	in.builtinRefs = make(map[*starlark.Builtin][2]string)
	for name, v := range starlark.Universe {
		if b, ok := v.(*starlark.Builtin); ok {
			in.builtinRefs[b] = [2]string{UniverseModule, name}
		}
	}
	for mod, m := range in.cfg.Modules {
		for name, v := range moduleDict(m) {
			if b, ok := v.(*starlark.Builtin); ok {
				if _, dup := in.builtinRefs[b]; !dup {
					in.builtinRefs[b] = [2]string{mod, name}
				}
			}
		}
	}
	// A module's submodule that is not a module of its own (os.path) holds
	// builtins too: they are named "sub.name" in their module (Python
	// pickles os.path.join by reference as well). After the modules, so
	// that a submodule that is also a module (concurrent.futures) keeps
	// its own name.
	for mod, m := range in.cfg.Modules {
		for sub, sm := range moduleDict(m) {
			if !isModule(sm) {
				continue
			}
			for name, v := range moduleDict(sm) {
				if b, ok := v.(*starlark.Builtin); ok {
					if _, dup := in.builtinRefs[b]; !dup {
						in.builtinRefs[b] = [2]string{mod, sub + "." + name}
					}
				}
			}
		}
	}
	for name, v := range in.cfg.Predeclared {
		if b, ok := v.(*starlark.Builtin); ok {
			in.builtinRefs[b] = [2]string{PredeclaredModule, name}
		}
	}
}

// ErrNotTopLevel describes a function that cannot be named in another process.
var ErrNotTopLevel = errors.New("not a top-level function")

// FuncRef implements codec.Resolver: top-level functions of a module, and
// builtins, are named by (module, name); anything else is refused.
func (in *Interp) FuncRef(v starlark.Value) (string, string, error) {
	if v == nil {
		return "", "", errors.New("cannot send a nil value")
	}
	switch fn := v.(type) {
	case *starlark.Function:
		name := fn.Name()
		if name == "lambda" {
			return "", "", fmt.Errorf("cannot send a lambda (defined at %s): a function that runs in another process must be defined with def at the top level of a module", fn.Position())
		}
		if g := fn.Globals(); g[name] != fn {
			return "", "", fmt.Errorf("cannot send function %s (defined at %s): a function that runs in another process must be defined at the top level of a module", name, fn.Position())
		}
		if in.replMain && fn.Position().Filename() == in.mainFile && in.mainGlobals[name] != fn && !in.replDefining[name] {
			return "", "", fmt.Errorf("cannot send function %s (defined at %s): the session has redefined %s since, and only the current definition of a session's function can run in another process", name, fn.Position(), name)
		}
		return fn.Position().Filename(), name, nil
	case *starlark.Builtin:
		if in.builtinRefs == nil {
			in.indexBuiltins()
		}
		if ref, ok := in.builtinRefs[fn]; ok {
			return ref[0], ref[1], nil
		}
		if fn.Receiver() != nil {
			return "", "", fmt.Errorf("cannot send method %s of a %s: pass the object and call the method in the target", fn.Name(), fn.Receiver().Type())
		}
		return "", "", fmt.Errorf("cannot send builtin %s: it is not a procstar or Starlark builtin", fn.Name())
	}
	return "", "", fmt.Errorf("cannot send a %s", v.Type())
}

// Func implements codec.Resolver: it finds the function FuncRef named,
// loading its module if this process has not yet.
func (in *Interp) Func(module, name string) (starlark.Value, error) {
	var v starlark.Value
	switch {
	case module == UniverseModule:
		v = starlark.Universe[name]
	case module == PredeclaredModule:
		v = in.cfg.Predeclared[name]
	case in.cfg.Modules[module] != nil:
		d := moduleDict(in.cfg.Modules[module])
		if sub, member, ok := strings.Cut(name, "."); ok {
			// A builtin of a submodule (see indexBuiltins).
			if sm := d[sub]; isModule(sm) {
				v = moduleDict(sm)[member]
			}
		} else {
			v = d[name]
		}
	case module == in.mainFile:
		v = in.liveMainGlobals()[name]
	default:
		env := in.cfg.Env
		if env == nil {
			env = procenv.Default()
		}
		thread := in.NewThread("load", env)
		g, err := in.loadFile(thread, module)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", module, err)
		}
		v = g[name]
	}
	if v == nil && module == in.mainFile && in.replMain {
		if err, ok := in.replBroken[name]; ok {
			return nil, replError(name, err)
		}
		return nil, fmt.Errorf("function %s not found in the interactive session's definitions as this process got them when it started: a function defined later (after Pool(...) started its workers, say) is missing, so define functions before starting the processes that run them; and only a function defined by a def statement at the session's top level (not inside an if, for or while block) can run in another process", name)
	}
	if v == nil && module == in.mainFile {
		return nil, fmt.Errorf("function %s not found in %s: a child re-runs the main module's top level with __name__ == \"__mp_main__\", so a function defined under `if __name__ == \"__main__\":` does not exist there", name, module)
	}
	if v == nil {
		return nil, fmt.Errorf("function %s not found in %s", name, module)
	}
	return v, nil
}

// Handle implements codec.Resolver.
func (in *Interp) Handle(kind string, data []byte) (starlark.Value, error) {
	if in.cfg.Handle == nil {
		return nil, fmt.Errorf("cannot receive a %s here", kind)
	}
	return in.cfg.Handle(kind, data)
}

// PositionOf returns the position of the innermost Starlark frame of thread,
// skipping builtin frames (for error messages that name a script line).
func PositionOf(thread *starlark.Thread) syntax.Position {
	for i := 0; i < thread.CallStackDepth(); i++ {
		if p := thread.CallFrame(i).Pos; p.Filename() != "<builtin>" {
			return p
		}
	}
	return syntax.Position{}
}
