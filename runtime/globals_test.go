package runtime

import (
	"testing"

	"github.com/procstar/procstar/runtime/procenv"
)

// BenchmarkGlobals measures what every process pays at its start to build
// its modules and predeclared names (modules themselves are built on first
// use).
func BenchmarkGlobals(b *testing.B) {
	c := defaults()
	in := procenv.NewInput(nil)
	b.ReportAllocs()
	for b.Loop() {
		c.globals([]string{"script.star"}, in)
	}
}
