// Package mpsync provides multiprocessing's synchronization primitives (Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier) over the tree's shared memory.
package mpsync

import "go.starlark.net/starlark"

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{}
}
