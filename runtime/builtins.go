package runtime

// The builtins every process sets up at its start, whatever its script
// loads: the predeclared functions and multiprocessing's names.
//
// Their packages are imported here, in the file of the package the
// compiler reads first, and the linker lays out the code of the packages
// in the order it first meets their imports: so their code lies together,
// ahead of the modules that few scripts load, and a child's start reads
// fewer pages of the binary. So do the packages imported for their
// initialization alone, which runs at every start: the hashes hashlib
// registers and lib/json's module. An idle child's resident set was 0.5 MB
// smaller with this file (bench/compare.sh idle_rss). Only speed and
// memory depend on that order.

import (
	"context"

	_ "crypto/md5" // for their initialization (see above)
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha3"
	_ "crypto/sha512"

	_ "go.starlark.net/lib/json"
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/fileio"
	"github.com/procstar/procstar/builtins/logging"
	"github.com/procstar/procstar/builtins/manager"
	"github.com/procstar/procstar/builtins/mp"
	"github.com/procstar/procstar/builtins/mpqueue"
	"github.com/procstar/procstar/builtins/mpsync"
	"github.com/procstar/procstar/builtins/pool"
	"github.com/procstar/procstar/builtins/pyfuncs"
	"github.com/procstar/procstar/builtins/sharedctypes"
	"github.com/procstar/procstar/builtins/sysmod"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
)

// The shared objects' decoders and the kinds of child of multiprocessing's
// packages (node.Registration): they list them in tables rather than
// register themselves, so that a package runs no code at a process's start.
func init() {
	for _, rs := range [][]node.Registration{
		logging.Registrations, manager.Registrations, mpqueue.Registrations,
		mpsync.Registrations, pool.Registrations, sharedctypes.Registrations,
	} {
		node.Register(rs)
	}
}

// builtinNames are the predeclared functions of every process (Python's
// builtins and catch), without multiprocessing's.
func builtinNames(stdin *procenv.Input) starlark.StringDict {
	d := pyfuncs.Names()
	d["catch"] = starlark.NewBuiltin("catch", catch.Catch)
	d["open"] = fileio.Builtin()
	d["input"] = sysmod.Input(stdin)
	return d
}

// multiprocessingNames merges the builtin packages that make up Python's
// multiprocessing module.
func multiprocessingNames() starlark.StringDict {
	d := mp.Names()
	for _, more := range []starlark.StringDict{mpsync.Names(), mpqueue.Names(), sharedctypes.Names(), manager.Names(), pool.Names()} {
		for k, v := range more {
			d[k] = v
		}
	}
	d["get_logger"] = starlark.NewBuiltin("get_logger", logging.GetLogger)
	d["log_to_stderr"] = starlark.NewBuiltin("log_to_stderr", logging.LogToStderr)
	for k, v := range mp.ContextNames(d) {
		d[k] = v
	}
	return d
}

// Context returns the context of the run or call that thread executes: it
// is done when the run is stopped (the host's context, Ctrl-C, a cancelled
// Script.Call or Session statement). A host builtin that blocks (a network
// call, a wait on a channel) should give it up then, as procstar's own
// blocking builtins do, or the run cannot stop before the builtin returns.
// Outside a procstar run it is context.Background().
func Context(thread *starlark.Thread) context.Context { return procenv.Context(thread) }
