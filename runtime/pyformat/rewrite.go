package pyformat

import (
	"strconv"

	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/pymethods"
)

// Names of the builtins that rewritten code calls.
const (
	percentName     = "__percent__"
	nameAttrName    = "__name_attr__"
	methodAttrName  = "__attr__"
	iterName        = "__iter__"
	formatName      = "__format__"
	formatAttrName  = "__format_attr__"
	percentItemName = "__percent_item__"
	percentAttrName = "__percent_attr__"
	imulName        = "__imul__"
	iaddName        = "__iadd__"
)

// Rewrite replaces, throughout f, the % operator and method calls named
// format with calls of the Builtins, so that they get Python's semantics:
//
//	X % Y           ->  __percent__(X, Y)
//	X.format(args)  ->  __format__(X, args)
//	x %= Y          ->  x = __percent__(x, Y)   (x an identifier)
//	a[i] %= Y       ->  __percent_item__(a, i, Y)
//	o.f %= Y        ->  __percent_attr__(o, "f", Y)
//	x *= Y          ->  x = __imul__(x, Y)      (x an identifier: a Manager
//	                    list proxy repeats in place, as Python's *=)
//	x += Y          ->  x += __iadd__(x, Y)     (x an identifier: a Manager
//	                    list proxy extends in place, as Python's +=; any
//	                    other x keeps Starlark's +=)
//	X.format        ->  __format_attr__(X)      (not called there)
//
// The new calls take the
// position of the operator (of the call's parentheses for format), so
// errors point at the original expression. Run Rewrite after parsing and
// before resolving.
func Rewrite(f *syntax.File) {
	(&rewriter{}).stmts(f.Stmts)
}

// RewriteModule is Rewrite for a whole module (not a REPL chunk, whose names
// may hold values of earlier chunks) in which range is the builtin (not
// predeclared otherwise), and it keeps Starlark's own % where the left
// operand is surely an int: there both give Python's result, and the
// operator costs a fraction of a builtin call. An operand is surely an int
// when it is an int literal, a name whose only bindings in its function (or
// at top level) are loops `for name in range(...)` and assignments of int
// arithmetic (see intNames), or -, +, ~ or + - * // % & | ^ << >> of such
// operands. Likewise x += Y keeps Starlark's += where x surely holds no
// list proxy (see plainNames). A file that binds the name range
// anywhere gets Rewrite.
func RewriteModule(f *syntax.File) {
	if bindsRange(f) {
		Rewrite(f)
		return
	}
	r := &rewriter{infer: true, ints: intNames(f.Stmts, nil), plain: plainNames(f.Stmts, nil)}
	r.stmts(f.Stmts)
}

// RewriteExpr is Rewrite for a lone expression (a REPL's expression, say):
// it rewrites e in place and returns e or its replacement.
func RewriteExpr(e syntax.Expr) syntax.Expr {
	return (&rewriter{}).expr(e)
}

// rewriter rewrites the statements of one scope (a module's top level or a
// function's body).
type rewriter struct {
	infer bool            // work out each scope's ints (RewriteModule)
	ints  map[string]bool // names of this scope that surely hold ints
	plain map[string]bool // names of this scope that surely hold no InPlaceAdder
	// intBinary memoizes surelyInt of the binary expressions rewritten so
	// far (with infer), which keeps rewriting linear in the file's size.
	intBinary map[*syntax.BinaryExpr]bool
}

func (r *rewriter) stmts(list []syntax.Stmt) {
	for i, s := range list {
		list[i] = r.stmt(s)
	}
}

// stmt rewrites s in place and returns s or its replacement.
func (r *rewriter) stmt(s syntax.Stmt) syntax.Stmt {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		r.lhs(s.LHS)
		s.RHS = r.expr(s.RHS)
		if s.Op == syntax.PERCENT_EQ {
			switch lhs := s.LHS.(type) {
			case *syntax.Ident:
				if r.surelyInt(lhs) {
					break // an int accumulator keeps Starlark's %=
				}
				x := &syntax.Ident{NamePos: lhs.NamePos, Name: lhs.Name}
				s.RHS = call(percentName, s.OpPos, s.OpPos, s.OpPos, x, s.RHS)
				s.Op = syntax.EQ
			case *syntax.IndexExpr:
				// x[i] %= y evaluates x and i once, so it becomes one call
				// that reads, formats and stores.
				return &syntax.ExprStmt{X: call(percentItemName, s.OpPos, s.OpPos, s.OpPos, lhs.X, lhs.Y, s.RHS)}
			case *syntax.DotExpr:
				name := &syntax.Literal{Token: syntax.STRING, TokenPos: lhs.NamePos, Raw: strconv.Quote(lhs.Name.Name), Value: lhs.Name.Name}
				return &syntax.ExprStmt{X: call(percentAttrName, s.OpPos, s.OpPos, s.OpPos, lhs.X, name, s.RHS)}
			}
		}
		if s.Op == syntax.PLUS_EQ {
			if lhs, ok := s.LHS.(*syntax.Ident); ok && !r.plain[lhs.Name] {
				x := &syntax.Ident{NamePos: lhs.NamePos, Name: lhs.Name}
				s.RHS = call(iaddName, s.OpPos, s.OpPos, s.OpPos, x, s.RHS)
			}
		}
		if s.Op == syntax.STAR_EQ {
			if lhs, ok := s.LHS.(*syntax.Ident); ok {
				x := &syntax.Ident{NamePos: lhs.NamePos, Name: lhs.Name}
				s.RHS = call(imulName, s.OpPos, s.OpPos, s.OpPos, x, s.RHS)
				s.Op = syntax.EQ
			}
		}
	case *syntax.DefStmt:
		r.exprs(s.Params) // defaults belong to the enclosing scope
		body := &rewriter{infer: r.infer}
		if r.infer {
			body.ints = intNames(s.Body, s.Params)
			body.plain = plainNames(s.Body, s.Params)
		}
		body.stmts(s.Body)
	case *syntax.ExprStmt:
		s.X = r.expr(s.X)
	case *syntax.IfStmt:
		s.Cond = r.expr(s.Cond)
		r.stmts(s.True)
		r.stmts(s.False)
	case *syntax.ForStmt:
		r.lhs(s.Vars)
		s.X = iterable(r.expr(s.X))
		r.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = r.expr(s.Cond)
		r.stmts(s.Body)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = r.expr(s.Result)
		}
	case *syntax.LoadStmt, *syntax.BranchStmt:
		// no expressions to rewrite
	}
	return s
}

// lhs rewrites the subexpressions of an assignment target, leaving the
// target itself assignable.
func (r *rewriter) lhs(e syntax.Expr) {
	switch e := e.(type) {
	case *syntax.IndexExpr:
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
	case *syntax.DotExpr:
		e.X = r.expr(e.X)
	case *syntax.TupleExpr:
		for _, x := range e.List {
			r.lhs(x)
		}
	case *syntax.ListExpr:
		for _, x := range e.List {
			r.lhs(x)
		}
	case *syntax.ParenExpr:
		r.lhs(e.X)
	case *syntax.SliceExpr:
		// Not assignable, but its parts are expressions all the same.
		e.X = r.expr(e.X)
		e.Lo = r.optExpr(e.Lo)
		e.Hi = r.optExpr(e.Hi)
		e.Step = r.optExpr(e.Step)
	}
}

func (r *rewriter) exprs(list []syntax.Expr) {
	for i, x := range list {
		list[i] = r.expr(x)
	}
}

func (r *rewriter) optExpr(e syntax.Expr) syntax.Expr {
	if e == nil {
		return nil
	}
	return r.expr(e)
}

// expr rewrites e's subexpressions and returns e or its replacement.
func (r *rewriter) expr(e syntax.Expr) syntax.Expr {
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
		if r.infer {
			if r.intBinary == nil {
				r.intBinary = make(map[*syntax.BinaryExpr]bool)
			}
			r.intBinary[e] = r.surelyInt(e)
		}
		if e.Op == syntax.PERCENT && !r.surelyInt(e.X) {
			return call(percentName, e.OpPos, e.OpPos, e.OpPos, e.X, e.Y)
		}
	case *syntax.CallExpr:
		if dot, ok := e.Fn.(*syntax.DotExpr); ok && dot.Name.Name == "format" {
			dot.X = r.expr(dot.X)
			r.exprs(e.Args)
			return call(formatName, dot.NamePos, e.Lparen, e.Rparen, append([]syntax.Expr{dot.X}, e.Args...)...)
		}
		e.Fn = r.expr(e.Fn)
		r.exprs(e.Args)
	case *syntax.Comprehension:
		e.Body = r.expr(e.Body)
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				r.lhs(c.Vars)
				c.X = iterable(r.expr(c.X))
			case *syntax.IfClause:
				c.Cond = r.expr(c.Cond)
			}
		}
	case *syntax.CondExpr:
		e.Cond = r.expr(e.Cond)
		e.True = r.expr(e.True)
		e.False = r.expr(e.False)
	case *syntax.DictExpr:
		r.exprs(e.List)
	case *syntax.DictEntry:
		e.Key = r.expr(e.Key)
		e.Value = r.expr(e.Value)
	case *syntax.DotExpr:
		e.X = r.expr(e.X)
		switch e.Name.Name {
		case "format":
			// A bound s.format kept for later: f = "{:>5}".format; f(1).
			return call(formatAttrName, e.NamePos, e.NamePos, e.NamePos, e.X)
		case "__name__":
			// f.__name__: Starlark's functions have no attributes.
			return call(nameAttrName, e.NamePos, e.NamePos, e.NamePos, e.X)
		}
		if pymethods.Has(e.Name.Name) || isTypeName(e.X) {
			// A method Python's str, list... have and Starlark's lack.
			name := &syntax.Literal{Token: syntax.STRING, TokenPos: e.NamePos, Raw: strconv.Quote(e.Name.Name), Value: e.Name.Name}
			return call(methodAttrName, e.NamePos, e.NamePos, e.NamePos, e.X, name)
		}
	case *syntax.IndexExpr:
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
	case *syntax.LambdaExpr:
		r.exprs(e.Params) // defaults belong to the enclosing scope
		// The body is a scope of its own, whose names are not worked out.
		e.Body = (&rewriter{infer: r.infer}).expr(e.Body)
	case *syntax.ListExpr:
		r.exprs(e.List)
	case *syntax.ParenExpr:
		e.X = r.expr(e.X)
	case *syntax.SliceExpr:
		e.X = r.expr(e.X)
		e.Lo = r.optExpr(e.Lo)
		e.Hi = r.optExpr(e.Hi)
		e.Step = r.optExpr(e.Step)
	case *syntax.TupleExpr:
		r.exprs(e.List)
	case *syntax.UnaryExpr:
		e.X = r.optExpr(e.X)
	case *syntax.Ident, *syntax.Literal:
		// leaves
	}
	return e
}

// call builds the call fn(args...) with the given positions.
// isTypeName reports whether x names one of the core types, whose
// attributes are Python's unbound methods (str.lower, dict.fromkeys).
func isTypeName(x syntax.Expr) bool {
	id, ok := x.(*syntax.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case "str", "bytes", "list", "dict", "tuple", "int", "float", "set":
		return true
	}
	return false
}

// iterable is a for loop's x as Python iterates it: __iter__(x), which
// gives a str's characters and a bytes' ints (Starlark iterates neither),
// except where x is surely neither (a list, a range...).
func iterable(x syntax.Expr) syntax.Expr {
	switch x := x.(type) {
	case *syntax.ListExpr, *syntax.TupleExpr, *syntax.DictExpr, *syntax.Comprehension:
		return x
	case *syntax.CallExpr:
		switch fn := x.Fn.(type) {
		case *syntax.Ident:
			switch fn.Name {
			case "range", "enumerate", "zip", "sorted", "reversed", "list", "tuple", "dict", "set", iterName:
				return x
			}
		case *syntax.DotExpr:
			switch fn.Name.Name {
			case "items", "keys", "values", "split", "splitlines", "elems", "readlines":
				return x
			}
		}
	}
	start, _ := x.Span()
	return call(iterName, start, start, start, x)
}

func call(fn string, namePos, lparen, rparen syntax.Position, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{
		Fn:     &syntax.Ident{NamePos: namePos, Name: fn},
		Lparen: lparen,
		Args:   args,
		Rparen: rparen,
	}
}
