package pyformat

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"
)

func TestZZFuzz(t *testing.T) {
	data, err := os.ReadFile("/tmp/fuzz.json")
	if err != nil {
		t.Skip()
	}
	var cases [][]*string
	json.Unmarshal(data, &cases)
	bad := 0
	for _, c := range cases {
		var got string
		var err error
		if c[2] == nil {
			got, err = Percent(*c[0], eval(t, *c[1]))
		} else {
			l := eval(t, *c[1]).(*starlark.List)
			got, err = Format(*c[0], starlark.Tuple{l.Index(0)}, nil)
		}
		if err != nil {
			got = errText(err)
		}
		if got != *c[3] {
			bad++
			if bad < 40 {
				t.Errorf("%s %% %s: got %q want %q", *c[0], *c[1], got, *c[3])
			}
		}
	}
	t.Logf("%d bad of %d", bad, len(cases))
}
