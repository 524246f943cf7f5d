package timeoutarg

import (
	"math"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestDuration(t *testing.T) {
	for _, c := range []struct {
		v    starlark.Value
		want time.Duration
	}{
		{nil, -1},
		{starlark.None, -1},
		{starlark.MakeInt(0), 0},
		{starlark.MakeInt(-5), 0},
		{starlark.Float(-0.5), 0},
		{starlark.Float(0.25), 250 * time.Millisecond},
		{starlark.Float(1e-12), 1}, // waits, however little
		{starlark.MakeInt(2), 2 * time.Second},
		{starlark.Float(1e300), -1},
		{starlark.True, time.Second}, // a bool is an int in Python
		{starlark.False, 0},
	} {
		got, err := Duration("f", c.v)
		if err != nil || got != c.want {
			t.Errorf("Duration(%v) = %v, %v; want %v", c.v, got, err, c.want)
		}
	}
	for v, want := range map[starlark.Value]string{
		starlark.String("1"):         "TypeError: f: timeout must be a number or None, not string",
		starlark.Float(math.Inf(-1)): "",
		starlark.Float(math.NaN()):   "ValueError: f: timeout must not be NaN",
	} {
		_, err := Duration("f", v)
		if want == "" {
			if err != nil {
				t.Errorf("Duration(%v): %v", v, err)
			}
			continue
		}
		if err == nil || err.Error() != want {
			t.Errorf("Duration(%v) = %v, want %s", v, err, want)
		}
	}
	if _, err := Duration("", starlark.String("1")); err == nil || err.Error() != "TypeError: timeout must be a number or None, not string" {
		t.Errorf(`Duration("", "1") = %v`, err)
	}
}
