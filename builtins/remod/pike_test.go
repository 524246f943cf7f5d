package remod

import (
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestPikeAgreesWithRegexp: on ASCII text, where Unicode and ASCII word
// boundaries coincide, the VM finds exactly the match and groups Go's
// regexp finds (and the successive matches, where none is empty), for every pattern here (alternation priorities, lazy and
// greedy repeats, empty matches, anchors, flags).
func TestPikeAgreesWithRegexp(t *testing.T) {
	patterns := []string{
		`\b`, `\B`, `\b\w+\b`, `\w+\b`, `\b(\w)(\w*)\b`, `(a|ab)(c|bcd)(d*)`, `(a+?)(b*)\b`,
		`x*`, `\bx*`, `(?m)^\b\w+$`, `(?i)\bAB`, `(?s)a.b\B`, `\A\b\w`, `\w\b\z`, `(?:(a)|b)+\b`,
		`[^ ]*\b`, `(\b)|(\B)`, `a+`, `\w+\b`, `(a|b)c?`, `\b\d+(?:\.\d+)?\b`, `a{2,3}\B`, `(?U)\w+\b`, `()`, `\bfoo|foobar\b`,
	}
	texts := []string{"", "a", "ab abc", "  x  ", "xx yx x", "abcd abd", "AB ab aB", "a\nb\nab\n", "1.5 22 3.", "foobar foo"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		b := make([]byte, rng.Intn(12))
		for j := range b {
			b[j] = "ab x1_.\n"[rng.Intn(8)]
		}
		texts = append(texts, string(b))
	}
	for _, pat := range patterns {
		re := regexp.MustCompile(pat)
		vm, err := newPike(pat, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			if s == "" && strings.Contains(pat, `\B`) {
				continue // Python's \B fails in an empty text, Go's holds
			}
			if got, want := vm.find(s, 0, false, false), re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Errorf("find %q in %q: %v, regexp %v", pat, s, got, want)
			}
			// Without empty matches, the successive matches are Go's.
			p := &Pattern{vm: vm, vmOnly: true}
			if got, want := p.findAll(s, 0, len(s), -1), re.FindAllStringSubmatchIndex(s, -1); !vm.empty && !reflect.DeepEqual(got, want) {
				t.Errorf("findAll %q in %q: %v, regexp %v", pat, s, got, want)
			}
		}
	}
}

// TestUnicodeBoundary: a letter or number of any script is a word
// character for \b and \B (RE2's are ASCII), unless re.ASCII.
func TestUnicodeBoundary(t *testing.T) {
	for _, c := range []struct {
		pat, s string
		flags  int
		want   []string
	}{
		{`\bcafé\b`, "café cafés", 0, []string{"café"}},
		{`\b\w+\b`, "naïve ٣٤ 日本", 0, []string{"naïve", "٣٤", "日本"}},
		{`\w\B\w`, "éé", 0, []string{"éé"}},
		{`\b\w+\b`, "naïve", flagA, []string{"na", "ve"}},
	} {
		p, err := compile(starlarkString(c.pat), c.flags)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, loc := range p.findAll(c.s, 0, len(c.s), -1) {
			got = append(got, c.s[loc[0]:loc[1]])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q in %q (flags %d): %q, want %q", c.pat, c.s, c.flags, got, c.want)
		}
	}
}

func starlarkString(s string) starlark.String { return starlark.String(s) }

// TestPythonEmptyMatches: after an empty match, the next may start at the
// same place if it is not empty, and an empty match may follow a match
// (Python 3.7+); the VM's matches are Python's, also from a position.
func TestPythonEmptyMatches(t *testing.T) {
	for _, c := range []struct {
		pat, s string
		pos    int
		want   []string
	}{
		{`x*`, "abxd", 0, []string{"", "", "x", "", ""}},
		{`|a`, "a", 0, []string{"", "a", ""}},
		{`\b`, "a b", 0, []string{"", "", "", ""}},
		{`a*`, "baa", 1, []string{"aa", ""}},
		{`$`, "ab\n", 0, []string{"", ""}},
		{`(?m)$`, "a\nb", 0, []string{"", ""}},
		{`\d+`, "1 22", 1, []string{"22"}},
	} {
		p, err := compile(starlarkString(c.pat), 0)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, loc := range p.findAll(c.s, c.pos, len(c.s), -1) {
			got = append(got, c.s[loc[0]:loc[1]])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q in %q from %d: %q, want %q", c.pat, c.s, c.pos, got, c.want)
		}
	}
}

// TestBoundaryEmptyText: in an empty text (up to endpos) Python's sre
// finds neither \b nor \B, with Unicode and ASCII patterns alike.
func TestBoundaryEmptyText(t *testing.T) {
	for _, flags := range []int{0, flagA} {
		for _, pat := range []string{`\B`, `\b`, `x*\B`} {
			p, err := compile(starlark.String(pat), flags)
			if err != nil {
				t.Fatal(err)
			}
			if loc := p.find("", 0, 0, modeSearch); loc != nil {
				t.Errorf("search %q (flags %d) in \"\": %v, want no match", pat, flags, loc)
			}
			if loc := p.find("ab", 0, 0, modeSearch); loc != nil {
				t.Errorf("search %q (flags %d) in \"ab\" up to 0: %v, want no match", pat, flags, loc)
			}
		}
	}
}
