// Package sharedctypes provides multiprocessing's Value and Array: typed values in the tree's shared memory.
package sharedctypes

import "go.starlark.net/starlark"

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{}
}
