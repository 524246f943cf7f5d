package pyformat

import "go.starlark.net/syntax"

// Names of the builtins that rewritten code calls.
const (
	percentName = "__percent__"
	formatName  = "__format__"
)

// Rewrite replaces, throughout f, the % operator and method calls named
// format with calls of the Builtins, so that they get Python's semantics:
//
//	X % Y           ->  __percent__(X, Y)
//	X.format(args)  ->  __format__(X, args)
//	x %= Y          ->  x = __percent__(x, Y)   (x an identifier)
//
// An augmented assignment x %= Y whose target is not a plain identifier
// (a[i] %= Y, o.f %= Y) keeps Starlark's own %. The new calls take the
// position of the operator (of the call's parentheses for format), so
// errors point at the original expression. Run Rewrite after parsing and
// before resolving.
func Rewrite(f *syntax.File) {
	stmts(f.Stmts)
}

// RewriteExpr is Rewrite for a lone expression (a REPL's expression, say):
// it rewrites e in place and returns e or its replacement.
func RewriteExpr(e syntax.Expr) syntax.Expr {
	return expr(e)
}

func stmts(list []syntax.Stmt) {
	for _, s := range list {
		stmt(s)
	}
}

func stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		lhs(s.LHS)
		s.RHS = expr(s.RHS)
		if s.Op == syntax.PERCENT_EQ {
			if id, ok := s.LHS.(*syntax.Ident); ok {
				x := &syntax.Ident{NamePos: id.NamePos, Name: id.Name}
				s.RHS = call(percentName, s.OpPos, s.OpPos, s.OpPos, x, s.RHS)
				s.Op = syntax.EQ
			}
		}
	case *syntax.DefStmt:
		exprs(s.Params)
		stmts(s.Body)
	case *syntax.ExprStmt:
		s.X = expr(s.X)
	case *syntax.IfStmt:
		s.Cond = expr(s.Cond)
		stmts(s.True)
		stmts(s.False)
	case *syntax.ForStmt:
		lhs(s.Vars)
		s.X = expr(s.X)
		stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = expr(s.Cond)
		stmts(s.Body)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = expr(s.Result)
		}
	case *syntax.LoadStmt, *syntax.BranchStmt:
		// no expressions to rewrite
	}
}

// lhs rewrites the subexpressions of an assignment target, leaving the
// target itself assignable.
func lhs(e syntax.Expr) {
	switch e := e.(type) {
	case *syntax.IndexExpr:
		e.X = expr(e.X)
		e.Y = expr(e.Y)
	case *syntax.DotExpr:
		e.X = expr(e.X)
	case *syntax.TupleExpr:
		for _, x := range e.List {
			lhs(x)
		}
	case *syntax.ListExpr:
		for _, x := range e.List {
			lhs(x)
		}
	case *syntax.ParenExpr:
		lhs(e.X)
	case *syntax.SliceExpr:
		// Not assignable, but its parts are expressions all the same.
		e.X = expr(e.X)
		e.Lo = optExpr(e.Lo)
		e.Hi = optExpr(e.Hi)
		e.Step = optExpr(e.Step)
	}
}

func exprs(list []syntax.Expr) {
	for i, x := range list {
		list[i] = expr(x)
	}
}

func optExpr(e syntax.Expr) syntax.Expr {
	if e == nil {
		return nil
	}
	return expr(e)
}

// expr rewrites e's subexpressions and returns e or its replacement.
func expr(e syntax.Expr) syntax.Expr {
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		e.X = expr(e.X)
		e.Y = expr(e.Y)
		if e.Op == syntax.PERCENT {
			return call(percentName, e.OpPos, e.OpPos, e.OpPos, e.X, e.Y)
		}
	case *syntax.CallExpr:
		e.Fn = expr(e.Fn)
		exprs(e.Args)
		if dot, ok := e.Fn.(*syntax.DotExpr); ok && dot.Name.Name == "format" {
			return call(formatName, dot.NamePos, e.Lparen, e.Rparen, append([]syntax.Expr{dot.X}, e.Args...)...)
		}
	case *syntax.Comprehension:
		e.Body = expr(e.Body)
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				lhs(c.Vars)
				c.X = expr(c.X)
			case *syntax.IfClause:
				c.Cond = expr(c.Cond)
			}
		}
	case *syntax.CondExpr:
		e.Cond = expr(e.Cond)
		e.True = expr(e.True)
		e.False = expr(e.False)
	case *syntax.DictExpr:
		exprs(e.List)
	case *syntax.DictEntry:
		e.Key = expr(e.Key)
		e.Value = expr(e.Value)
	case *syntax.DotExpr:
		e.X = expr(e.X)
	case *syntax.IndexExpr:
		e.X = expr(e.X)
		e.Y = expr(e.Y)
	case *syntax.LambdaExpr:
		exprs(e.Params)
		e.Body = expr(e.Body)
	case *syntax.ListExpr:
		exprs(e.List)
	case *syntax.ParenExpr:
		e.X = expr(e.X)
	case *syntax.SliceExpr:
		e.X = expr(e.X)
		e.Lo = optExpr(e.Lo)
		e.Hi = optExpr(e.Hi)
		e.Step = optExpr(e.Step)
	case *syntax.TupleExpr:
		exprs(e.List)
	case *syntax.UnaryExpr:
		e.X = optExpr(e.X)
	case *syntax.Ident, *syntax.Literal:
		// leaves
	}
	return e
}

// call builds the call fn(args...) with the given positions.
func call(fn string, namePos, lparen, rparen syntax.Position, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{
		Fn:     &syntax.Ident{NamePos: namePos, Name: fn},
		Lparen: lparen,
		Args:   args,
		Rparen: rparen,
	}
}
