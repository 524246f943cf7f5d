package pyformat

import (
	"math/big"
	"testing"

	"go.starlark.net/starlark"
)

// TestCheckIntText: exactly the ints of more than 4300 decimal digits are
// refused, whichever side of the bit-length estimate they fall.
func TestCheckIntText(t *testing.T) {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(DefaultIntMaxStrDigits), nil) // 4301 digits
	one := big.NewInt(1)
	for _, c := range []struct {
		x  *big.Int
		ok bool
	}{
		{new(big.Int).Sub(p, one), true},
		{p, false},
		{new(big.Int).Neg(new(big.Int).Sub(p, one)), true},
		{new(big.Int).Neg(p), false},
		{new(big.Int).Lsh(one, 14284), true},  // 4300 digits
		{new(big.Int).Lsh(one, 14285), false}, // 4301 digits
		{big.NewInt(-1 << 62), true},
	} {
		err := CheckIntText(starlark.MakeBigInt(c.x))
		if (err == nil) != c.ok {
			t.Errorf("%d digits: got %v, want ok %v", len(c.x.Text(10)), err, c.ok)
		}
	}
	if err := CheckParseDigits(4301); err == nil {
		t.Error("4301 digits parsed")
	}
}
