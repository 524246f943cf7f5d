// Package dialect fixes the Starlark language options procstar uses for every
// file it compiles: main scripts, loaded modules, children and the REPL.
package dialect

import (
	"fmt"

	"go.starlark.net/syntax"
)

// Options is the one FileOptions value used everywhere. Children recompile the
// same sources with it, so a script means the same thing in every process.
var Options = &syntax.FileOptions{
	Set:             true,
	While:           true,
	TopLevelControl: true,
	GlobalReassign:  true,
	Recursion:       true,
}

// MaxDepth bounds how deeply a file's syntax tree may nest. go.starlark.net's
// parser already refuses deep parentheses and brackets, but builds long
// operator chains (1+1+…, a.b.c…, f()()…) as trees as deep as they are long,
// which its resolver and compiler (and procstar's rewriting) then walk
// recursively: a chain of millions of terms would overflow the Go stack.
const MaxDepth = 100_000

// CheckDepth returns an error at the position of the first node of f nested
// deeper than MaxDepth, like Python's "too many nested parentheses". It walks
// the tree with an explicit stack, so the check itself cannot overflow.
func CheckDepth(f *syntax.File) error {
	type item struct {
		n     syntax.Node
		depth int
	}
	stack := []item{{f, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth > MaxDepth {
			pos, _ := it.n.Span()
			return syntax.Error{Pos: pos, Msg: fmt.Sprintf("expression nested too deeply (more than %d levels: split a long chain of operators or calls into several statements)", MaxDepth)}
		}
		self := true
		syntax.Walk(it.n, func(c syntax.Node) bool {
			switch {
			case self:
				self = false
				return true
			case c != nil: // nil marks the end of it.n's children
				stack = append(stack, item{c, it.depth + 1})
			}
			return false
		})
	}
	return nil
}
