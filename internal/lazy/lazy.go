// Package lazy holds package-level values computed on first use.
//
// Every procstar process is the binary re-executed, and each one
// initializes every package the binary links before its script runs. A
// package-level variable whose initializer calls a function (a map literal,
// sync.OnceValue, regexp.MustCompile) is computed in that initialization:
// the package's init code runs, and its pages are read in, at every start,
// even in a child whose script never loads the module. A Value declared as
//
//	var table = lazy.Value[map[string]method]{New: buildTable}
//
// is laid out by the compiler with no init code, and buildTable runs the
// first time table.Get() is called.
package lazy

import "sync"

// Value is a value that New computes on the first Get. Its zero value
// with New set is ready to use; it must not be copied after first use.
type Value[T any] struct {
	New  func() T
	once sync.Once
	v    T
}

// Get returns the value, computing it on the first call; concurrent
// callers wait for that one.
func (l *Value[T]) Get() T {
	l.once.Do(l.compute)
	return l.v
}

func (l *Value[T]) compute() { l.v = l.New() }
