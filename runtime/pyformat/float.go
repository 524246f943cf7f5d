package pyformat

import (
	"math"
	"strconv"
	"strings"
)

// floatFlags are the options of formatFloat (CPython's Py_DTSF_* flags).
type floatFlags struct {
	sign    bool // always write a sign
	addDot0 bool // an integral result in fixed notation gets ".0"
	alt     bool // '#': keep the decimal point and trailing zeros
	noNeg0  bool // 'z': a result that rounds to zero has no minus sign
}

// formatFloat is CPython's PyOS_double_to_string: code is one of e E f F g G,
// or 'r' for repr (shortest round-tripping digits, exponent from 1e16 and
// below 1e-4). Rounding is exact, half to even, as in CPython's dtoa.
func formatFloat(x float64, code byte, prec int, fl floatFlags) string {
	upper := false
	switch code {
	case 'E', 'F', 'G':
		upper = true
		code += 'a' - 'A'
	}
	neg := math.Signbit(x)
	var b strings.Builder
	if math.IsNaN(x) || math.IsInf(x, 0) {
		word := "inf"
		if math.IsNaN(x) {
			word = "nan"
			neg = false // Python ignores the sign of a NaN
		}
		if upper {
			word = strings.ToUpper(word)
		}
		if neg {
			b.WriteByte('-')
		} else if fl.sign {
			b.WriteByte('+')
		}
		b.WriteString(word)
		return b.String()
	}
	ax := math.Abs(x)

	var digits string
	var decpt int
	switch code {
	case 'e':
		prec++ // significant digits
		digits, decpt = sigDigits(ax, prec)
	case 'f':
		digits, decpt = fixedDigits(ax, prec)
	case 'g':
		if prec == 0 {
			prec = 1
		}
		digits, decpt = sigDigits(ax, prec)
	case 'r':
		digits, decpt = sigDigits(ax, -1)
	}
	if fl.noNeg0 && neg && digits == "0" {
		neg = false
	}

	// What follows is CPython's format_float_short: output the slice
	// [vstart, vend) of the digits padded with zeros on both sides, with the
	// decimal point at decpt.
	vend := len(digits)
	useExp := false
	switch code {
	case 'e':
		useExp = true
		vend = prec
	case 'f':
		vend = decpt + prec
	case 'g':
		limit := prec
		if fl.addDot0 {
			limit = prec - 1
		}
		if decpt <= -4 || decpt > limit {
			useExp = true
		}
		if fl.alt {
			vend = prec
		}
	case 'r':
		if decpt <= -4 || decpt > 16 {
			useExp = true
		}
	}
	exp := 0
	if useExp {
		exp = decpt - 1
		decpt = 1
	}
	vstart := 0
	if decpt <= 0 {
		vstart = decpt - 1
	}
	if !useExp && fl.addDot0 {
		vend = max(vend, decpt+1)
	} else {
		vend = max(vend, decpt)
	}

	if neg {
		b.WriteByte('-')
	} else if fl.sign {
		b.WriteByte('+')
	}
	zeros := func(n int) {
		for ; n > 0; n-- {
			b.WriteByte('0')
		}
	}
	if decpt <= 0 {
		zeros(decpt - vstart)
		b.WriteByte('.')
		zeros(-decpt)
	} else {
		zeros(-vstart)
	}
	if 0 < decpt && decpt <= len(digits) {
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	} else {
		b.WriteString(digits)
	}
	if len(digits) < decpt {
		zeros(decpt - len(digits))
		b.WriteByte('.')
		zeros(vend - decpt)
	} else {
		zeros(vend - len(digits))
	}
	s := b.String()
	if strings.HasSuffix(s, ".") && !fl.alt {
		s = s[:len(s)-1]
	}
	if useExp {
		e := "e"
		if upper {
			e = "E"
		}
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		s += e + sign + es
	}
	return s
}

// sigDigits returns the decimal digits of x >= 0 rounded to n significant
// digits (n < 0: the shortest that round-trip), without trailing zeros, and
// the position of the decimal point relative to them ("0", 1 for zero).
func sigDigits(x float64, n int) (digits string, decpt int) {
	prec := n - 1
	if n < 0 {
		prec = -1
	}
	s := strconv.FormatFloat(x, 'e', prec, 64)
	e := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[e+1:])
	mant := s[:e]
	if len(mant) > 1 {
		mant = mant[:1] + mant[2:] // drop the '.'
	}
	return trimDigits(mant, exp+1)
}

// fixedDigits is sigDigits for x rounded to n digits after the point.
func fixedDigits(x float64, n int) (digits string, decpt int) {
	s := strconv.FormatFloat(x, 'f', n, 64)
	decpt = len(s)
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		decpt = dot
		s = s[:dot] + s[dot+1:]
	}
	return trimDigits(s, decpt)
}

// trimDigits removes leading and trailing zeros from a digit string whose
// decimal point is at decpt.
func trimDigits(s string, decpt int) (string, int) {
	i := 0
	for i < len(s) && s[i] == '0' {
		i++
	}
	if i == len(s) {
		return "0", 1
	}
	s = strings.TrimRight(s[i:], "0")
	return s, decpt - i
}
