package pymethods

import "testing"

// TestCaseTables: lookup's binary search needs each table sorted.
func TestCaseTables(t *testing.T) {
	for name, table := range map[string][]special{"upper": specialUpper[:], "title": specialTitle[:], "fold": specialFold[:]} {
		for i := 1; i < len(table); i++ {
			if table[i-1].r >= table[i].r {
				t.Errorf("%s: U+%04X before U+%04X", name, table[i-1].r, table[i].r)
			}
		}
		for _, e := range table {
			if m, ok := lookup(table, e.r); !ok || m != e.s {
				t.Errorf("%s: lookup(U+%04X) = %q, %v", name, e.r, m, ok)
			}
		}
	}
	for _, c := range []struct{ in, upper, lower, title, fold string }{
		{"ß", "SS", "ß", "Ss", "ss"},
		{"ΣΑΣ", "ΣΑΣ", "σας", "Σας", "σασ"},
		{"İ", "İ", "i\u0307", "İ", "i\u0307"},
		{"a\xffb", "A\xffB", "a\xffb", "A\xffb", "a\xffb"}, // a byte that is not UTF-8 is kept, and skipped
		{"é\xff", "É\xff", "é\xff", "É\xff", "é\xff"},
	} {
		if u, l, ti, f := Upper(c.in), Lower(c.in), Title(c.in), Casefold(c.in); u != c.upper || l != c.lower || ti != c.title || f != c.fold {
			t.Errorf("%q: %q %q %q %q, want %q %q %q %q", c.in, u, l, ti, f, c.upper, c.lower, c.title, c.fold)
		}
	}
}
