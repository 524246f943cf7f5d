// Package mp provides the Process half of Python's multiprocessing module:
// Process, current_process, parent_process, active_children, cpu_count and
// freeze_support. The runtime merges these with the other builtin packages
// (queues, synchronization, Pool) into the multiprocessing module.
package mp

import (
	"sync"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/cpus"
	"github.com/procstar/procstar/runtime/node"
)

// Names returns the builtins this package contributes, by name.
func Names() starlark.StringDict {
	return starlark.StringDict{
		"Process":         starlark.NewBuiltin("Process", newProcess),
		"current_process": starlark.NewBuiltin("current_process", currentProcess),
		"parent_process":  starlark.NewBuiltin("parent_process", parentProcess),
		"active_children": starlark.NewBuiltin("active_children", activeChildren),
		"cpu_count":       starlark.NewBuiltin("cpu_count", cpuCount),
		"freeze_support":  starlark.NewBuiltin("freeze_support", freezeSupport),
	}
}

// current_process() returns the same object every time, as in Python.
var selves sync.Map // *node.Node -> *Process

func currentProcess(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	n, err := nodeOf(thread, b.Name())
	if err != nil {
		return nil, err
	}
	p, _ := selves.LoadOrStore(n, &Process{kind: kindCurrent, node: n, identity: n.Identity})
	return p.(*Process), nil
}

func parentProcess(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	n, err := nodeOf(thread, b.Name())
	if err != nil {
		return nil, err
	}
	if n.Root {
		return starlark.None, nil
	}
	return &Process{kind: kindParent, node: n, name: n.ParentName, pid: n.ParentPid}, nil
}

func activeChildren(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	n, err := nodeOf(thread, b.Name())
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, c := range n.Children() {
		if !c.Alive() {
			n.Forget(c)
			continue
		}
		if v, ok := c.Obj.(starlark.Value); ok {
			out = append(out, v)
		} else {
			out = append(out, spawnedView(n, c))
		}
	}
	return starlark.NewList(out), nil
}

func cpuCount(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(cpus.Online()), nil // os.cpu_count(), as CPython's
}

func freezeSupport(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// Bootstrapping reports the error Process.start gives while a child re-runs
// the main module (exported for other spawning builtins, such as Pool).
func Bootstrapping(thread *starlark.Thread) error {
	if n := node.FromThread(thread); n != nil && n.Bootstrapping {
		return bootstrapError(thread)
	}
	return nil
}
