package runtime

import (
	"context"
	"io"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Session is an interactive session, the engine of procstar's REPL and of
// any host that runs statements one at a time in the same globals, as at
// Python's ">>>" prompt.
//
// Each statement runs as __main__ in the session's globals, where every
// predeclared name is too. Functions defined by a top-level def statement of
// the session work as Process targets: a child cannot re-run the session,
// so it re-runs only the session's def and load statements, in the order
// they were entered, then calls its target. A function that uses a global
// assigned by any other kind of statement (x = 1, for, ...) therefore fails
// in the child, with a NameError that says so; pass such values as
// arguments.
//
// A Session runs one statement at a time: concurrent calls are serialized.
type Session struct {
	mu      sync.Mutex
	s       *session
	globals starlark.StringDict
	chunks  [][]byte // what children replay: the def and load statements so far
	closed  bool
	display func(starlark.Value) // see SetDisplay
}

// displayVar names, in a session's globals, the function through which
// expression statements reach SetDisplay's function. It is not an
// identifier, so no script can name it.
const displayVar = "<display>"

// NewSession starts an interactive session. sys.argv is [""] unless
// WithArgv says otherwise.
//
// ctx is the session's lifetime: cancelling it stops the running statement,
// kills every process of the tree, and makes later statements fail.
func (r *Runtime) NewSession(ctx context.Context) (*Session, error) {
	cfg := *r.cfg
	if cfg.argv == nil {
		cfg.argv = []string{""}
	}
	s, err := (&Runtime{cfg: &cfg}).newRoot(ctx, interp.REPLFile, interp.REPLSource(nil))
	if err != nil {
		return nil, err
	}
	s.killOnCancel()
	return &Session{s: s, globals: s.interp.StartREPL("__main__")}, nil
}

// ReadChunk reads one unit of interactive input by calling readLine once per
// line: a line of simple statements, or a compound statement (def, if, for,
// while) ended by a blank line, with as many lines as open brackets need, as
// go.starlark.net's REPL does. A front end shows its primary prompt before
// the first call and its continuation prompt before the others.
//
// It returns the text read, ready for Exec. A syntax error is a
// *SourceError; an error of readLine is returned as is, unless the text read
// before it (up to an io.EOF) is a complete statement.
func (ss *Session) ReadChunk(readLine func() (string, error)) (string, error) {
	var buf strings.Builder
	var rerr error
	_, err := interp.REPLOptions.ParseCompoundStmt(interp.REPLFile, func() ([]byte, error) {
		if rerr != nil {
			return nil, rerr
		}
		line, err := readLine()
		if err != nil {
			rerr = err
			return nil, err
		}
		line = strings.TrimSuffix(line, "\n") + "\n"
		buf.WriteString(line)
		return []byte(line), nil
	})
	switch {
	case rerr != nil && (err != nil || rerr != io.EOF || strings.TrimSpace(buf.String()) == ""):
		return buf.String(), rerr
	case err != nil:
		return buf.String(), &SourceError{Err: dialect.Explain(err, []byte(buf.String()))}
	}
	return buf.String(), nil
}

// Exec runs src, one or more statements, in the session's globals. If the
// last statement is an expression, Exec returns its value (and binds it to
// _ unless it is None); otherwise None.
//
// ctx bounds the statement: cancelling it (Ctrl-C) cancels the running
// Starlark code, kills the processes the statement started, their
// descendants included, and returns a KeyboardInterrupt *ScriptError for
// which errors.Is(err, context.Canceled) holds. The session goes on with its
// globals as the statement left them.
//
// A syntax or resolve error is a *SourceError (nothing ran); an uncaught
// error a *ScriptError with its traceback; sys.exit, even sys.exit(0), an
// *ExitError: a REPL ends there.
func (ss *Session) Exec(ctx context.Context, src string) (starlark.Value, error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed {
		return nil, ErrClosed
	}
	f, err := interp.PrepareChunk([]byte(src), ss.globals)
	if err != nil {
		return nil, &SourceError{Err: err}
	}
	stmts := f.Stmts
	var last syntax.Expr
	if n := len(stmts); n > 0 {
		if es, ok := stmts[n-1].(*syntax.ExprStmt); ok {
			last, stmts = es.X, stmts[:n-1]
		}
	}
	if len(stmts) == 0 && last == nil {
		return starlark.None, nil
	}
	if ss.display != nil {
		displayExprs(stmts)
	}
	replay := interp.ReplayChunk(src, stmts)
	var v starlark.Value = starlark.None
	lines := interp.SessionLines(ss.globals)
	err = ss.s.runOp(ctx, func(thread *starlark.Thread) error {
		if len(stmts) > 0 {
			if replay != nil {
				// Children started by this very chunk need its definitions.
				all := append(ss.chunks[:len(ss.chunks):len(ss.chunks)], replay)
				ss.s.node.SetMainSrc(interp.REPLSource(all))
			}
			chunk := &syntax.File{Options: f.Options, Path: f.Path, Stmts: stmts}
			ss.s.interp.SetREPLDefining(stmts)
			err := starlark.ExecREPLChunk(chunk, thread, ss.globals)
			ss.s.interp.SetREPLDefining(nil)
			if interp.IsResolveError(err) {
				if replay != nil {
					ss.s.node.SetMainSrc(interp.REPLSource(ss.chunks))
				}
				return &SourceError{Err: err}
			}
			if replay != nil {
				// Kept even if the chunk failed later on: its defs ran.
				ss.chunks = append(ss.chunks, replay)
			}
			if err != nil {
				return pyerr.WithLines(err, lines)
			}
		}
		if last != nil {
			val, err := starlark.EvalExprOptions(f.Options, thread, last, ss.globals)
			if interp.IsResolveError(err) {
				return &SourceError{Err: err}
			}
			if err != nil {
				return pyerr.WithLines(err, lines)
			}
			v = val
		}
		return nil
	})
	if err != nil {
		return nil, convertOp(err)
	}
	if v != starlark.None {
		ss.globals["_"] = v
	}
	return v, nil
}

// SetDisplay makes Exec show, as the chunk runs, the value of each
// expression statement but a last one (whose value Exec returns), as
// Python's interactive mode shows the value of every expression statement
// that is not in a function: those at the chunk's top level and in its if,
// for and while blocks (1; 2 shows 1, for i in range(3): i shows 0, 1, 2).
// display gets each value that is not None, which is also bound to _.
func (ss *Session) SetDisplay(display func(starlark.Value)) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.display = display
	ss.globals[displayVar] = starlark.NewBuiltin(displayVar, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		if v := args[0]; v != starlark.None {
			ss.globals["_"] = v
			ss.display(v)
		}
		return starlark.None, nil
	})
}

// displayExprs makes each expression statement of stmts and of their if,
// for and while blocks pass its value to displayVar's function.
func displayExprs(stmts []syntax.Stmt) {
	for i, st := range stmts {
		switch st := st.(type) {
		case *syntax.ExprStmt:
			start, end := st.X.Span()
			stmts[i] = &syntax.ExprStmt{X: &syntax.CallExpr{
				Fn:     &syntax.Ident{NamePos: start, Name: displayVar},
				Lparen: start,
				Args:   []syntax.Expr{st.X},
				Rparen: end,
			}}
		case *syntax.IfStmt:
			displayExprs(st.True)
			displayExprs(st.False)
		case *syntax.ForStmt:
			displayExprs(st.Body)
		case *syntax.WhileStmt:
			displayExprs(st.Body)
		}
	}
}

// Globals returns the session's globals (predeclared names included). They
// are live: do not use them while a statement runs.
func (ss *Session) Globals() starlark.StringDict { return ss.globals }

// Stdout is where the session's print writes; a front end that writes there
// too (expression values) keeps its output in order with the scripts'.
func (ss *Session) Stdout() io.Writer { return ss.s.env.Stdout }

// Stderr is where the session's errors and logging go.
func (ss *Session) Stderr() io.Writer { return ss.s.env.Stderr }

// Exit ends the session as Python's interpreter exits: the exit function
// runs (Pools terminated, daemonic children terminated, the others joined)
// until ctx is done, when every child still running is killed; then Close.
func (ss *Session) Exit(ctx context.Context) error {
	ss.mu.Lock()
	closed := ss.closed
	ss.mu.Unlock()
	if !closed {
		ss.s.opMu.Lock() // not with the kill of a cancelled lifetime (killOnCancel)
		ss.s.node.Shutdown(ctx.Done())
		ss.s.opMu.Unlock()
	}
	return ss.Close()
}

// Close ends the session. Unlike the end of a script (or Script.Close), it
// does not wait for the children still running: it kills them (their
// descendants follow); Exit lets them finish.
func (ss *Session) Close() error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed {
		return nil
	}
	ss.closed = true
	ss.s.node.KillAll()
	ss.s.close()
	return nil
}
