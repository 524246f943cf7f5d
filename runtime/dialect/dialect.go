// Package dialect fixes the Starlark language options procstar uses for every
// file it compiles: main scripts, loaded modules, children and the REPL.
package dialect

import "go.starlark.net/syntax"

// Options is the one FileOptions value used everywhere. Children recompile the
// same sources with it, so a script means the same thing in every process.
var Options = &syntax.FileOptions{
	Set:             true,
	While:           true,
	TopLevelControl: true,
	GlobalReassign:  true,
	Recursion:       true,
}
