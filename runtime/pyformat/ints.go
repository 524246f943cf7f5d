package pyformat

import "go.starlark.net/syntax"

// surelyInt reports whether e surely evaluates to an int in r's scope (see
// RewriteModule), so that e % y may keep Starlark's own operator.
func (r *rewriter) surelyInt(e syntax.Expr) bool {
	if !r.infer {
		return false
	}
	switch e := e.(type) {
	case *syntax.Literal:
		return e.Token == syntax.INT
	case *syntax.Ident:
		return r.ints[e.Name]
	case *syntax.ParenExpr:
		return r.surelyInt(e.X)
	case *syntax.UnaryExpr:
		switch e.Op {
		case syntax.MINUS, syntax.PLUS, syntax.TILDE:
			return r.surelyInt(e.X)
		}
	case *syntax.BinaryExpr:
		// expr records every binary expression it has rewritten, so a long
		// chain 1 % 2 % 3 … is looked at once per operator, not once per
		// operator and operand below it.
		if v, ok := r.intBinary[e]; ok {
			return v
		}
		switch e.Op {
		case syntax.PLUS, syntax.MINUS, syntax.STAR, syntax.SLASHSLASH, syntax.PERCENT,
			syntax.AMP, syntax.PIPE, syntax.CIRCUMFLEX, syntax.LTLT, syntax.GTGT:
			return r.surelyInt(e.X) && r.surelyInt(e.Y)
		}
	}
	return false
}

// intNames returns the names of a scope (the statements of a module's top
// level or of a function's body, and the function's parameters) that surely
// hold ints where they are read in it: names bound in the scope itself only
// by loops `for name in range(...)`. Any other binding of the name in the
// scope, a comprehension's included, rules it out. Nested functions and
// lambdas are scopes of their own and are not entered.
func intNames(body []syntax.Stmt, params []syntax.Expr) map[string]bool {
	const (
		rangeLoop = 1 << iota // bound by a for statement over range(...)
		other                 // bound in any other way
	)
	seen := map[string]int{}
	bind := func(e syntax.Expr, how int) {
		forEachName(e, func(id *syntax.Ident) { seen[id.Name] |= how })
	}
	for _, p := range params {
		bind(p, other)
	}
	for _, s := range body {
		syntax.Walk(s, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.DefStmt:
				seen[n.Name.Name] |= other
				return false
			case *syntax.LambdaExpr:
				return false
			case *syntax.AssignStmt:
				bind(n.LHS, other)
			case *syntax.LoadStmt:
				for _, id := range n.To {
					seen[id.Name] |= other
				}
			case *syntax.ForStmt:
				if id, ok := n.Vars.(*syntax.Ident); ok && isRangeCall(n.X) {
					seen[id.Name] |= rangeLoop
				} else {
					bind(n.Vars, other)
				}
			case *syntax.ForClause:
				// A comprehension's variable is its own; a name bound there,
				// however, is not counted as an int of the scope.
				bind(n.Vars, other)
			}
			return true
		})
	}
	ints := map[string]bool{}
	for name, how := range seen {
		if how == rangeLoop {
			ints[name] = true
		}
	}
	return ints
}

// forEachName calls f for each name that the binding target e binds.
func forEachName(e syntax.Expr, f func(*syntax.Ident)) {
	switch e := e.(type) {
	case *syntax.Ident:
		f(e)
	case *syntax.ParenExpr:
		forEachName(e.X, f)
	case *syntax.TupleExpr:
		for _, x := range e.List {
			forEachName(x, f)
		}
	case *syntax.ListExpr:
		for _, x := range e.List {
			forEachName(x, f)
		}
	case *syntax.BinaryExpr: // a parameter with a default: name = value
		forEachName(e.X, f)
	case *syntax.UnaryExpr: // *args, **kwargs
		if e.X != nil {
			forEachName(e.X, f)
		}
	}
}

func isRangeCall(e syntax.Expr) bool {
	c, ok := e.(*syntax.CallExpr)
	if !ok {
		return false
	}
	id, ok := c.Fn.(*syntax.Ident)
	return ok && id.Name == "range"
}

// bindsRange reports whether f binds the name range anywhere, in any scope:
// then range(...) may not be the builtin.
func bindsRange(f *syntax.File) bool {
	found := false
	check := func(e syntax.Expr) {
		forEachName(e, func(id *syntax.Ident) {
			if id.Name == "range" {
				found = true
			}
		})
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.DefStmt:
			check(n.Name)
			for _, p := range n.Params {
				check(p)
			}
		case *syntax.LambdaExpr:
			for _, p := range n.Params {
				check(p)
			}
		case *syntax.AssignStmt:
			check(n.LHS)
		case *syntax.LoadStmt:
			for _, id := range n.To {
				check(id)
			}
		case *syntax.ForStmt:
			check(n.Vars)
		case *syntax.ForClause:
			check(n.Vars)
		}
		return !found
	})
	return found
}
