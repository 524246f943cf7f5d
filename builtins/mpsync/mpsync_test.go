package mpsync

import (
	"math"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestTimeoutArg(t *testing.T) {
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
		{starlark.MakeInt(2), 2 * time.Second},
		{starlark.Float(1e300), -1},
		{starlark.True, time.Second}, // a bool is an int in Python
		{starlark.False, 0},
	} {
		got, err := TimeoutArg("f", c.v)
		if err != nil || got != c.want {
			t.Errorf("TimeoutArg(%v) = %v, %v; want %v", c.v, got, err, c.want)
		}
	}
	for _, v := range []starlark.Value{starlark.String("1"), starlark.Float(math.NaN())} {
		if _, err := TimeoutArg("f", v); err == nil {
			t.Errorf("TimeoutArg(%v) accepted", v)
		}
	}
}
