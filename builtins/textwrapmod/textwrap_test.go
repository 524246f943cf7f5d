package textwrapmod

import (
	"reflect"
	"testing"
)

// TestSplit: the chunks of CPython's wordsep_re for its docstring example.
func TestSplit(t *testing.T) {
	w := Defaults()
	var got []string
	for _, c := range w.split([]rune("Hello there -- you goof-ball, use the -b option!")) {
		got = append(got, string(c))
	}
	want := []string{"Hello", " ", "there", " ", "--", " ", "you", " ", "goof-", "ball,", " ", "use", " ", "the", " ", "-b", " ", "option!"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("split = %q, want %q", got, want)
	}
}

func TestDedent(t *testing.T) {
	if got := Dedent("  a\n\t\n    b\n"); got != "a\n\n  b\n" {
		t.Errorf("Dedent = %q", got)
	}
}
