// Package nodetest gives tests of builtins a Starlark thread of a procstar
// process: a node named MainProcess with an arena of its own, and a
// background context, without spawning anything.
package nodetest

import (
	"context"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/shm"
)

// Thread returns a thread whose process has a new arena of arenaSize bytes,
// closed when tb ends.
func Thread(tb testing.TB, arenaSize int64) *starlark.Thread {
	tb.Helper()
	a, err := shm.Create(arenaSize)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	n := node.New("MainProcess")
	n.Arena = a
	th := &starlark.Thread{Name: tb.Name()}
	node.Set(th, n)
	procenv.Set(th, &procenv.Env{Ctx: context.Background()})
	return th
}
