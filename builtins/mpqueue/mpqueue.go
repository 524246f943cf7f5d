// Package mpqueue provides multiprocessing's Queue, JoinableQueue, SimpleQueue and Pipe over the tree's shared memory.
package mpqueue

import "go.starlark.net/starlark"

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{}
}
