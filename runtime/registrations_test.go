package runtime

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestModulesRegistered: a builtin package that lists codec types
// (CodecTypes) or node registrations (Registrations) is registered by an
// init of this package (globals.go, builtins.go); one left out would fail
// only when such a value first crossed processes.
func TestModulesRegistered(t *testing.T) {
	var globals []byte
	for _, f := range []string{"globals.go", "builtins.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		globals = append(globals, src...)
	}
	files, err := filepath.Glob("../builtins/*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)^var (CodecTypes|Registrations) = `)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pkg := filepath.Base(filepath.Dir(f))
		for _, m := range decl.FindAllSubmatch(src, -1) {
			found++
			if ref := pkg + "." + string(m[1]); !strings.Contains(string(globals), ref) {
				t.Errorf("%s declares %s, which the runtime does not register", f, ref)
			}
		}
	}
	if found < 10 {
		t.Fatalf("found %d tables: the test no longer sees them", found)
	}
}
