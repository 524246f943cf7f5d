package pyformat

import (
	"testing"

	"go.starlark.net/starlark"
)

func BenchmarkPercentInt(b *testing.B) {
	v := starlark.MakeInt(1234567)
	for b.Loop() {
		if _, err := Percent("%08d", v); err != nil {
			b.Fatal(err)
		}
	}
}
