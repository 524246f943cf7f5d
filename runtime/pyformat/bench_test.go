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

// BenchmarkRewriteNameChain rewrites a function of n assignments
// a1 = a0 + 1, a2 = a1 + 1, … from a parameter a0, whose non-int spreads
// along the whole chain: the time per op grows linearly with n.
func BenchmarkRewriteNameChain(b *testing.B) {
	for _, n := range []int{10_000, 20_000, 40_000} {
		var src strings.Builder
		src.WriteString("def f(a0):\n")
		for i := 1; i < n; i++ {
			// Backwards, so that each name is found non-int only after
			// the one it reads.
			j := n - i
			src.WriteString("    a" + strconv.Itoa(j) + " = a" + strconv.Itoa(j-1) + " + 1\n")
		}
		src.WriteString("    return a" + strconv.Itoa(n-1) + " % 2\n")
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				f, err := syntax.Parse("chain.star", src.String(), 0)
				if err != nil {
					b.Fatal(err)
				}
				RewriteModule(f)
			}
		})
	}
}
