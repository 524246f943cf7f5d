package intarg

import (
	"math"
	"math/big"
	"testing"

	"go.starlark.net/starlark"
)

func TestConversions(t *testing.T) {
	huge := starlark.MakeBigInt(new(big.Int).Lsh(big.NewInt(1), 70))
	type conv func(starlark.Value) (int, error)
	for _, c := range []struct {
		name string
		f    conv
		v    starlark.Value
		want int
		err  string
	}{
		{"Arg", Arg, starlark.MakeInt(7), 7, ""},
		{"Arg", Arg, starlark.True, 1, ""},
		{"Arg", Arg, starlark.MakeInt64(math.MaxInt32 + 1), 0, "OverflowError: signed integer is greater than maximum"},
		{"Arg", Arg, starlark.MakeInt64(math.MinInt32 - 1), 0, "OverflowError: signed integer is less than minimum"},
		{"Arg", Arg, huge, 0, "OverflowError: Python int too large to convert to C long"},
		{"Arg", Arg, starlark.String("1"), 0, "TypeError: 'str' object cannot be interpreted as an integer"},
		{"CInt", CInt, starlark.MakeInt64(math.MaxInt32 + 1), 0, "OverflowError: Python int too large to convert to C int"},
		{"CInt", CInt, starlark.False, 0, ""},
		{"Ssize", Ssize, starlark.MakeInt64(1 << 40), 1 << 40, ""},
		{"Ssize", Ssize, huge, 0, "OverflowError: Python int too large to convert to C ssize_t"},
		{"Clamp", Clamp, huge, math.MaxInt, ""},
		{"Clamp", Clamp, starlark.MakeBigInt(new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 70))), math.MinInt, ""},
		{"Clamp", Clamp, starlark.Float(1), 0, "TypeError: 'float' object cannot be interpreted as an integer"},
	} {
		got, err := c.f(c.v)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s(%v) = %d, %v; want %s", c.name, c.v, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s(%v) = %d, %v; want %d", c.name, c.v, got, err, c.want)
		}
	}
}

func TestBoolAsInt(t *testing.T) {
	for v, want := range map[starlark.Value]starlark.Value{
		starlark.True:           starlark.MakeInt(1),
		starlark.False:          starlark.MakeInt(0),
		starlark.MakeInt(5):     starlark.MakeInt(5),
		starlark.Float(2.5):     starlark.Float(2.5),
		starlark.String("True"): starlark.String("True"),
	} {
		if got := BoolAsInt(v); got != want {
			if eq, err := starlark.Equal(got, want); err != nil || !eq || got.Type() != want.Type() {
				t.Errorf("BoolAsInt(%v) = %v (%s), want %v", v, got, got.Type(), want)
			}
		}
	}
}
