package interp

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// REPLFile is the file name of an interactive session's main module: every
// chunk of input is compiled under it, so a function defined in a session is
// named (REPLFile, name) in other processes.
//
// A child of a session cannot re-run the session (its statements may have
// started processes, slept, printed). Its main source is instead the
// session's def and load statements, in the order they were entered (see
// REPLSource), and ExecMain replays them one chunk at a time, each chunk on
// the lines it was typed on, so positions in tracebacks match the session's.
const REPLFile = "<repl>"

// REPLOptions is the dialect for interactive input: as in go.starlark.net's
// REPL, load binds its names globally, so they outlive the chunk they were
// loaded in.
var REPLOptions = func() *syntax.FileOptions {
	o := *dialect.Options
	o.LoadBindsGlobally = true
	return &o
}()

const replMagic = "#procstar-repl-v1\n"

// REPLSource packs the replay chunks of a session (see ReplayChunk) into a
// main source for children.
func REPLSource(chunks [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString(replMagic)
	for _, c := range chunks {
		fmt.Fprintf(&b, "%d\n", len(c))
		b.Write(c)
	}
	return b.Bytes()
}

func decodeREPLSource(src []byte) ([][]byte, error) {
	if !bytes.HasPrefix(src, []byte(replMagic)) {
		return nil, errors.New("not an interactive session's source")
	}
	src = src[len(replMagic):]
	var chunks [][]byte
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return nil, errors.New("truncated interactive session source")
		}
		n, err := strconv.Atoi(string(src[:i]))
		if err != nil || n < 0 || n > len(src)-i-1 {
			return nil, errors.New("corrupt interactive session source")
		}
		chunks = append(chunks, src[i+1:i+1+n])
		src = src[i+1+n:]
	}
	return chunks, nil
}

// ReplayChunk returns what a child replays of a chunk of interactive input
// whose parsed statements are stmts: its top-level def statements on their
// own lines, its load statements, and blank lines for everything else (so
// line numbers are kept). It returns nil when the chunk has neither.
func ReplayChunk(src string, stmts []syntax.Stmt) []byte {
	lines := strings.SplitAfter(src, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	out := make([]string, len(lines))
	found := false
	for _, st := range stmts {
		start, end := st.Span()
		first, last := int(start.Line)-1, int(end.Line)-1
		if first < 0 || last >= len(lines) || last < first {
			continue
		}
		switch st := st.(type) {
		case *syntax.DefStmt:
			for i := first; i <= last; i++ {
				out[i] = lines[i]
			}
			found = true
		case *syntax.LoadStmt:
			text := loadText(st)
			if out[first] != "" {
				out[first] = strings.TrimSuffix(out[first], "\n") + "; " + text + "\n"
			} else {
				out[first] = text + "\n"
			}
			found = true
		}
	}
	if !found {
		return nil
	}
	var b strings.Builder
	for _, l := range out {
		if l == "" {
			l = "\n"
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}

// loadText writes a load statement back as source.
func loadText(st *syntax.LoadStmt) string {
	var b strings.Builder
	b.WriteString("load(")
	b.WriteString(st.Module.Raw)
	for i := range st.From {
		b.WriteString(", ")
		if st.To[i].Name != st.From[i].Name {
			b.WriteString(st.To[i].Name + " = ")
		}
		b.WriteString(strconv.Quote(st.From[i].Name))
	}
	b.WriteString(")")
	return b.String()
}

// IsResolveError reports whether err is a resolve error of a chunk (an
// undefined name, say): the chunk did not run at all.
func IsResolveError(err error) bool {
	var el resolve.ErrorList
	return errors.As(err, &el)
}

// StartREPL makes the main module an interactive session's and returns its
// globals: the predeclared names, __name__ and the session's own entry (see
// PrepareChunk), to which each chunk adds its bindings.
func (in *Interp) StartREPL(name string) starlark.StringDict {
	globals := in.predeclared(name)
	globals[sessionVar] = &sessionGlobals{globals: globals, sources: &chunkSources{defs: make(map[string][]string)}}
	in.SetMain(REPLFile, globals)
	return globals
}

// execREPL is ExecMain for a child of an interactive session: it replays the
// session's def and load chunks. A chunk that fails (typically a def using a
// global that a non-def statement assigned, which a child never sees) is
// replayed again statement by statement, and each def that still fails is
// remembered, so that looking it up gives the reason instead of "not found".
func (in *Interp) execREPL(thread *starlark.Thread, src []byte, name string) (starlark.StringDict, error) {
	chunks, err := decodeREPLSource(src)
	if err != nil {
		return nil, &CompileError{fmt.Errorf("%s: %v", REPLFile, err)}
	}
	globals := in.StartREPL(name)
	globals[sessionVar].(*sessionGlobals).child = true
	in.replBroken = make(map[string]error)
	for _, c := range chunks {
		in.replay(thread, globals, c)
	}
	return globals, nil
}

func (in *Interp) replay(thread *starlark.Thread, globals starlark.StringDict, chunk []byte) {
	f, err := PrepareChunk(chunk, globals)
	if err != nil {
		return // the session parsed it: cannot happen
	}
	if err := starlark.ExecREPLChunk(f, thread, globals); err == nil {
		for _, st := range f.Stmts {
			if d, ok := st.(*syntax.DefStmt); ok {
				delete(in.replBroken, d.Name.Name)
			}
		}
		return
	}
	// Again one statement at a time (from a fresh parse: a syntax tree is
	// resolved once), so one bad def does not take its neighbours with it.
	f, _ = PrepareChunk(chunk, globals)
	for _, st := range f.Stmts {
		one := &syntax.File{Options: f.Options, Path: f.Path, Stmts: []syntax.Stmt{st}}
		err := starlark.ExecREPLChunk(one, thread, globals)
		if d, ok := st.(*syntax.DefStmt); ok {
			if err != nil {
				in.replBroken[d.Name.Name] = err
			} else {
				delete(in.replBroken, d.Name.Name)
			}
		}
	}
}

// SetREPLDefining records the names that the chunk about to run defines
// with def (nil once it has run): a function the chunk defines can be sent
// to a child before the session's globals have it.
func (in *Interp) SetREPLDefining(stmts []syntax.Stmt) {
	if stmts == nil {
		in.replDefining = nil
		return
	}
	in.replDefining = make(map[string]bool)
	for _, st := range stmts {
		if d, ok := st.(*syntax.DefStmt); ok {
			in.replDefining[d.Name.Name] = true
		}
	}
}

// replError explains why a session's function could not be rebuilt here.
func replError(name string, err error) error {
	var el resolve.ErrorList
	if errors.As(err, &el) && strings.HasPrefix(el[0].Msg, "undefined: ") {
		global := strings.TrimPrefix(el[0].Msg, "undefined: ")
		return pyerr.New("NameError", "name '%s' is not defined in this process: function %s of the interactive session uses it (%s), but a process started from the session re-runs only the session's def and load statements, so a global that another statement assigned does not exist there; pass its value as an argument instead",
			global, name, el[0].Pos)
	}
	return pyerr.New(pyerr.RuntimeError, "function %s of the interactive session cannot be rebuilt in this process: %v", name, err)
}

// sessionVar names, in a session's globals, the value through which the
// session's functions read its globals. It is not an identifier, so no
// script can name it.
const sessionVar = "<session>"

// sessionGlobals gives a session's functions the current value of a global
// (see PrepareChunk).
type sessionGlobals struct {
	globals starlark.StringDict
	child   bool // in a child, which has only the session's definitions
	sources *chunkSources
}

var _ starlark.HasAttrs = (*sessionGlobals)(nil)

func (s *sessionGlobals) String() string        { return sessionVar }
func (s *sessionGlobals) Type() string          { return "session" }
func (s *sessionGlobals) Freeze()               {}
func (s *sessionGlobals) Truth() starlark.Bool  { return starlark.True }
func (s *sessionGlobals) Hash() (uint32, error) { return 0, errors.New("unhashable type: session") }
func (s *sessionGlobals) AttrNames() []string   { return nil }

func (s *sessionGlobals) Attr(name string) (starlark.Value, error) {
	if v := s.globals[name]; v != nil {
		return v, nil
	}
	if s.child {
		return nil, pyerr.New("NameError", "name '%s' is not defined in this process: a process started from an interactive session re-runs only the session's def and load statements, so a global that another statement assigned does not exist there; pass its value as an argument instead", name)
	}
	return nil, pyerr.New("NameError", "name '%s' is not defined", name)
}

// PrepareChunk parses a chunk of interactive input to run with
// starlark.ExecREPLChunk in a session's globals.
//
// go.starlark.net gives each chunk its own copy of the globals it uses, so a
// function would keep seeing the values of the time it was defined, and
// could not call a function defined after it. Python's functions read the
// module's current globals. So in the bodies of the chunk's functions (defs
// and lambdas), every read of a global that the chunk itself does not bind
// is rewritten to read the session's current value, and fails with a
// NameError at run time if there is none, as in Python. Globals the chunk
// binds are read from the chunk, so that the chunk's own top level sees its
// assignments at once.
func PrepareChunk(src []byte, globals starlark.StringDict) (*syntax.File, error) {
	f, err := parseChunk(src)
	if err != nil {
		return nil, err
	}
	if sg, ok := globals[sessionVar].(*sessionGlobals); ok {
		sg.sources.add(src, f.Stmts)
	}
	// Resolve a throwaway copy, every unknown name taken for a global, to
	// find the global reads of function bodies.
	isGlobal := func(name string) bool {
		_, ok := globals[name]
		return ok || !starlark.Universe.Has(name)
	}
	resolve.REPLChunk(f, isGlobal, func(string) bool { return false }, starlark.Universe.Has) // errors: reported by the real run
	bound := make(map[string]bool)
	topBindings(f.Stmts, bound)
	type pos struct{ line, col int32 }
	reads := make(map[pos]bool)
	inFunc := func(n syntax.Node) {
		syntax.Walk(n, func(n syntax.Node) bool {
			if id, ok := n.(*syntax.Ident); ok {
				if b, ok := id.Binding.(*resolve.Binding); ok && b.Scope == resolve.Global && !bound[id.Name] && pyformat.Builtins[id.Name] == nil {
					reads[pos{id.NamePos.Line, id.NamePos.Col}] = true
				}
			}
			return true
		})
	}
	var top func(n syntax.Node) bool
	top = func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.DefStmt:
			for _, p := range n.Params { // defaults are evaluated at top level
				syntax.Walk(p, top)
			}
			for _, st := range n.Body {
				inFunc(st)
			}
			return false
		case *syntax.LambdaExpr:
			for _, p := range n.Params {
				syntax.Walk(p, top)
			}
			inFunc(n.Body)
			return false
		}
		return true
	}
	syntax.Walk(f, top)
	// Rewrite a fresh parse (a syntax tree is resolved only once).
	f, err = parseChunk(src)
	if err != nil || len(reads) == 0 {
		return f, err
	}
	rewriteIdents(reflect.ValueOf(f), func(id *syntax.Ident) syntax.Expr {
		if !reads[pos{id.NamePos.Line, id.NamePos.Col}] {
			return nil
		}
		p := id.NamePos
		return &syntax.DotExpr{
			X:       &syntax.Ident{NamePos: p, Name: sessionVar},
			Dot:     p,
			NamePos: p,
			Name:    &syntax.Ident{NamePos: p, Name: id.Name},
		}
	})
	return f, nil
}

// chunkSources gives tracebacks the source lines of an interactive session,
// whose chunks are all compiled under REPLFile, each from line 1: a frame of
// a function is on a line of the chunk that defined the function (its
// latest definition), any other frame on a line of the last chunk. Each
// session has its own; the process's registry (pyerr.SourceLine) shows the
// session that compiled last (a child's only one), and a session's errors
// carry their own (SessionLines), since a host may run several sessions.
type chunkSources struct {
	mu   sync.Mutex
	last []string
	defs map[string][]string // function name -> lines of its chunk
}

func (c *chunkSources) add(src []byte, stmts []syntax.Stmt) {
	pyerr.RegisterSourceFunc(REPLFile, c.line)
	lines := strings.Split(string(src), "\n")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = lines
	for _, st := range stmts {
		if d, ok := st.(*syntax.DefStmt); ok {
			c.defs[d.Name.Name] = lines
		}
	}
}

func (c *chunkSources) line(frame string, n int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	lines, ok := c.defs[frame]
	if !ok {
		lines = c.last
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// SessionLines gives the source lines of tracebacks of the session whose
// globals these are (StartREPL), for pyerr.WithLines.
func SessionLines(globals starlark.StringDict) pyerr.Lines {
	sg, ok := globals[sessionVar].(*sessionGlobals)
	if !ok {
		return nil
	}
	return func(filename, frame string, line int) string {
		if filename == REPLFile {
			return strings.TrimSpace(sg.sources.line(frame, line))
		}
		return pyerr.SourceLine(filename, frame, line)
	}
}

// parseChunk parses a chunk as the main module's compiler does, with
// Python's % and str.format.
func parseChunk(src []byte) (*syntax.File, error) {
	f, err := REPLOptions.Parse(REPLFile, src, 0)
	if err == nil {
		err = dialect.CheckDepth(f)
	}
	if err != nil {
		return nil, dialect.Explain(err, src)
	}
	pyformat.Rewrite(f)
	return f, nil
}

// topBindings adds to bound the names that statements bind at top level.
func topBindings(stmts []syntax.Stmt, bound map[string]bool) {
	var lhs func(e syntax.Expr)
	lhs = func(e syntax.Expr) {
		switch e := e.(type) {
		case *syntax.Ident:
			bound[e.Name] = true
		case *syntax.ParenExpr:
			lhs(e.X)
		case *syntax.TupleExpr:
			for _, x := range e.List {
				lhs(x)
			}
		case *syntax.ListExpr:
			for _, x := range e.List {
				lhs(x)
			}
		}
	}
	for _, st := range stmts {
		switch st := st.(type) {
		case *syntax.AssignStmt:
			lhs(st.LHS)
		case *syntax.DefStmt:
			bound[st.Name.Name] = true
		case *syntax.LoadStmt:
			for _, id := range st.To {
				bound[id.Name] = true
			}
		case *syntax.ForStmt:
			lhs(st.Vars)
			topBindings(st.Body, bound)
		case *syntax.WhileStmt:
			topBindings(st.Body, bound)
		case *syntax.IfStmt:
			topBindings(st.True, bound)
			topBindings(st.False, bound)
		}
	}
}

var exprType = reflect.TypeOf((*syntax.Expr)(nil)).Elem()

// rewriteIdents replaces, in the syntax tree v, every identifier held as an
// expression (a read) for which repl returns an expression.
func rewriteIdents(v reflect.Value, repl func(*syntax.Ident) syntax.Expr) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			rewriteIdents(v.Elem(), repl)
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		if id, ok := v.Interface().(*syntax.Ident); ok && v.Type() == exprType && v.CanSet() {
			if e := repl(id); e != nil {
				v.Set(reflect.ValueOf(e))
			}
			return
		}
		rewriteIdents(v.Elem(), repl)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				rewriteIdents(f, repl)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			rewriteIdents(v.Index(i), repl)
		}
	}
}
