package fnmatchmod

import "testing"

// TestTranslate: CPython 3.12's texts, including the atomic groups of a
// star between fixed parts (3.11 wrote them differently, so the pydiff
// test leaves them out).
func TestTranslate(t *testing.T) {
	for pat, want := range map[string]string{
		"*.py":     `(?s:.*\.py)\Z`,
		"a*b*c":    `(?s:a(?>.*?b).*c)\Z`,
		"*a*":      `(?s:(?>.*?a).*)\Z`,
		"[!a-c]x?": `(?s:[^a-c]x.)\Z`,
		"[z-a]":    `(?s:(?!))\Z`,
		"[!]":      `(?s:\[!\])\Z`,
		"x[&~]":    `(?s:x[\&\~])\Z`,
	} {
		if got := Translate(pat); got != want {
			t.Errorf("Translate(%q) = %q, want %q", pat, got, want)
		}
	}
}
