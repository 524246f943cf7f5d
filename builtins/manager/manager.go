// Package manager provides multiprocessing's Manager: a server process holding shared dicts, lists and namespaces, and factories for the other shared objects.
package manager

import "go.starlark.net/starlark"

// Names returns the builtins this package contributes to multiprocessing.
func Names() starlark.StringDict {
	return starlark.StringDict{}
}
