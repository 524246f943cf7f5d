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

// scopeNames walks the bindings of a scope (the statements of a module's
// top level or of a function's body, and the function's parameters),
// without entering nested functions and lambdas, which are scopes of their
// own. A name bound by a loop `for name in range(...)` stays a candidate,
// and so does one bound by an assignment `name = E` or `name op= E` that
// keep accepts; any other binding (a parameter, a def, a load, another
// loop's or a comprehension's variable, keep's refusal) rules the name
// out. It returns the names bound in the scope, and those ruled out.
func scopeNames(body []syntax.Stmt, params []syntax.Expr, keep func(name string, s *syntax.AssignStmt) bool) (bound, other map[string]bool) {
	bound, other = map[string]bool{}, map[string]bool{}
	bindOther := func(e syntax.Expr) {
		forEachName(e, func(id *syntax.Ident) { bound[id.Name], other[id.Name] = true, true })
	}
	for _, p := range params {
		bindOther(p)
	}
	for _, s := range body {
		syntax.Walk(s, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.DefStmt:
				bound[n.Name.Name], other[n.Name.Name] = true, true
				return false
			case *syntax.LambdaExpr:
				return false
			case *syntax.AssignStmt:
				if id, ok := n.LHS.(*syntax.Ident); ok {
					bound[id.Name] = true
					if !keep(id.Name, n) {
						other[id.Name] = true
					}
				} else {
					bindOther(n.LHS)
				}
			case *syntax.LoadStmt:
				for _, id := range n.To {
					bound[id.Name], other[id.Name] = true, true
				}
			case *syntax.ForStmt:
				if id, ok := n.Vars.(*syntax.Ident); ok && isRangeCall(n.X) {
					bound[id.Name] = true
				} else {
					bindOther(n.Vars)
				}
			case *syntax.ForClause:
				bindOther(n.Vars)
			}
			return true
		})
	}
	return bound, other
}

// intNames returns the names of a scope (the statements of a module's top
// level or of a function's body, and the function's parameters) that surely
// hold ints where they are read in it: names bound in the scope itself only
// by loops `for name in range(...)` and by assignments `name = E` or
// `name op= E` (op one of + - * // % & | ^ << >>) where E is int arithmetic
// (see surelyInt) of int literals and such names. An accumulator
// (`t = 0` … `t = (t * 31 + i) % m`) is one. Any other binding of the name in
// the scope, a comprehension's included, rules it out. Nested functions and
// lambdas are scopes of their own and are not entered.
//
// The names are the greatest set closed under those rules: every store into
// one of them stores an int as long as every read of one of them gives an
// int, which holds from the first store on (a name read before it is bound
// fails).
func intNames(body []syntax.Stmt, params []syntax.Expr) map[string]bool {
	// readers[x] lists the names whose int binding reads x.
	readers := map[string][]string{}
	bound, other := scopeNames(body, params, func(name string, s *syntax.AssignStmt) bool {
		if s.Op != syntax.EQ && !intAssignOps[s.Op] {
			return false
		}
		return intLeaves(s.RHS, func(leaf string) { readers[leaf] = append(readers[leaf], name) })
	})
	// A name read by an int binding that the scope does not bind (a global,
	// a builtin) is not known to be an int.
	for leaf, names := range readers {
		if !bound[leaf] {
			for _, name := range names {
				other[name] = true
			}
		}
	}
	// Whatever reads a non-int name may be a non-int: spread from the
	// non-ints along readers, each name once.
	queue := make([]string, 0, len(other))
	for name := range other {
		queue = append(queue, name)
	}
	for len(queue) > 0 {
		x := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, name := range readers[x] {
			if !other[name] {
				other[name] = true
				queue = append(queue, name)
			}
		}
	}
	ints := map[string]bool{}
	for name := range bound {
		if !other[name] {
			ints[name] = true
		}
	}
	return ints
}

// plainNames returns the names of a scope (as intNames) that surely never
// hold an InPlaceAdder (a Manager's list proxy), so that their += keeps
// Starlark's own operator: names bound in the scope only by loops
// `for name in range(...)`, by assignments `name = E` where E makes a new
// value that cannot be one (see freshValue), and by augmented assignments,
// which keep a name that is not an adder one (x op y of a non-adder x is
// never an adder). A float or string accumulator (`t = 0.0` … `t += x`) is
// one.
func plainNames(body []syntax.Stmt, params []syntax.Expr) map[string]bool {
	bound, other := scopeNames(body, params, func(_ string, s *syntax.AssignStmt) bool {
		return s.Op != syntax.EQ || freshValue(s.RHS)
	})
	plain := map[string]bool{}
	for name := range bound {
		if !other[name] {
			plain[name] = true
		}
	}
	return plain
}

// freshValue reports whether e surely makes a new value that is not an
// InPlaceAdder: a literal, a list, dict, tuple or comprehension, or a unary
// or binary operation other than and/or (which give an operand; a list
// proxy's + and * give lists).
func freshValue(e syntax.Expr) bool {
	switch e := e.(type) {
	case *syntax.Literal, *syntax.ListExpr, *syntax.DictExpr, *syntax.TupleExpr, *syntax.Comprehension, *syntax.UnaryExpr:
		return true
	case *syntax.ParenExpr:
		return freshValue(e.X)
	case *syntax.BinaryExpr:
		return e.Op != syntax.AND && e.Op != syntax.OR
	}
	return false
}

// intAssignOps are the augmented assignments that give an int when both
// operands are ints (not /=, which gives a float).
var intAssignOps = map[syntax.Token]bool{
	syntax.PLUS_EQ: true, syntax.MINUS_EQ: true, syntax.STAR_EQ: true, syntax.SLASHSLASH_EQ: true,
	syntax.PERCENT_EQ: true, syntax.AMP_EQ: true, syntax.PIPE_EQ: true, syntax.CIRCUMFLEX_EQ: true,
	syntax.LTLT_EQ: true, syntax.GTGT_EQ: true,
}

// intLeaves reports whether e has the shape of int arithmetic that surelyInt
// accepts (int literals and names combined by - + ~ and the int binary
// operators), calling leaf for each name in it: e is surely an int if those
// names are.
func intLeaves(e syntax.Expr, leaf func(string)) bool {
	switch e := e.(type) {
	case *syntax.Literal:
		return e.Token == syntax.INT
	case *syntax.Ident:
		leaf(e.Name)
		return true
	case *syntax.ParenExpr:
		return intLeaves(e.X, leaf)
	case *syntax.UnaryExpr:
		switch e.Op {
		case syntax.MINUS, syntax.PLUS, syntax.TILDE:
			return intLeaves(e.X, leaf)
		}
	case *syntax.BinaryExpr:
		switch e.Op {
		case syntax.PLUS, syntax.MINUS, syntax.STAR, syntax.SLASHSLASH, syntax.PERCENT,
			syntax.AMP, syntax.PIPE, syntax.CIRCUMFLEX, syntax.LTLT, syntax.GTGT:
			return intLeaves(e.X, leaf) && intLeaves(e.Y, leaf)
		}
	}
	return false
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
