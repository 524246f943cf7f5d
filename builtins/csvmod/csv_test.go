package csvmod

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestReader: quoted fields across lines, doubled quotes, an empty line
// and line_num counting input lines, not rows.
func TestReader(t *testing.T) {
	lines := starlark.NewList([]starlark.Value{starlark.String("a,\"b\n"), starlark.String("c\"\"d\",e\n"), starlark.String("\n"), starlark.String("x")})
	r, err := makeReader(nil, lines, excel())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		row, err := r.next()
		if err == errStop {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row.String())
	}
	want := []string{`["a", "b\nc\"d", "e"]`, `[]`, `["x"]`}
	if len(got) != len(want) || r.lineNum != 4 {
		t.Fatalf("rows %q, line_num %d", got, r.lineNum)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %s, want %s", i, got[i], want[i])
		}
	}
}

// TestWriterField: quoting of the characters that need it, in each style.
func TestWriterField(t *testing.T) {
	w := &Writer{dialect: excel()}
	for in, want := range map[string]string{"a": "a", "a,b": `"a,b"`, `a"b`: `"a""b"`, "a\rb": "\"a\rb\"", "a\nb": "\"a\nb\"", "": ""} {
		if got, err := w.field(in, false); err != nil || got != want {
			t.Errorf("field(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	w.dialect.quoting = quoteNone
	if _, err := w.field("a,b", false); err == nil {
		t.Error("QUOTE_NONE without escapechar: no error")
	}
}
