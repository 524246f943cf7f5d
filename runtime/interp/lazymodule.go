package interp

import (
	"fmt"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// LazyModule is a builtin module built on its first use. Every process
// builds its predeclared names at start, children included, so a module
// that is built eagerly is paid for at every start() whether or not the
// script touches it; a lazy one costs a pointer until then.
//
// A missing member is Python's AttributeError ("module 'os' has no
// attribute 'x'"), where starlarkstruct.Module gives Starlark's text.
type LazyModule struct {
	name  string
	build func() *starlarkstruct.Module
	built atomic.Pointer[starlarkstruct.Module]

	mu     sync.Mutex // serializes the build with Freeze
	frozen bool
}

var _ starlark.HasAttrs = (*LazyModule)(nil)

// NewLazyModule returns the module called name whose members build makes
// on first use.
func NewLazyModule(name string, build func() *starlarkstruct.Module) *LazyModule {
	return &LazyModule{name: name, build: build}
}

// Module is the built module.
func (l *LazyModule) Module() *starlarkstruct.Module {
	if m := l.built.Load(); m != nil {
		return m
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if m := l.built.Load(); m != nil {
		return m
	}
	m := l.build()
	if l.frozen {
		m.Freeze()
	}
	l.built.Store(m)
	return m
}

// Attr implements starlark.HasAttrs.
func (l *LazyModule) Attr(name string) (starlark.Value, error) {
	if v := l.Module().Members[name]; v != nil {
		return v, nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("module '%s' has no attribute '%s'", l.name, name))
}

// AttrNames implements starlark.HasAttrs.
func (l *LazyModule) AttrNames() []string { return l.Module().AttrNames() }

// Freeze implements starlark.Value; a module not built yet is frozen when
// it is.
func (l *LazyModule) Freeze() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.frozen = true
	if m := l.built.Load(); m != nil {
		m.Freeze()
	}
}

func (l *LazyModule) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: module") }
func (l *LazyModule) String() string        { return fmt.Sprintf("<module %q>", l.name) }
func (l *LazyModule) Truth() starlark.Bool  { return true }
func (l *LazyModule) Type() string          { return "module" }
