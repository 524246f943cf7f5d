package pyformat

import (
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/syntax"

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

// BenchmarkRewriteChain rewrites `x = 7 % 7 % … % 7` of n terms: the time per
// op grows linearly with n (it was quadratic: 20,000 terms took 2.7 s).
func BenchmarkRewriteChain(b *testing.B) {
	for _, n := range []int{10_000, 20_000, 40_000} {
		src := "x = " + strings.Repeat("7 % ", n-1) + "7\n"
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				f, err := syntax.Parse("chain.star", src, 0)
				if err != nil {
					b.Fatal(err)
				}
				RewriteModule(f)
			}
		})
	}
}
