package pyformat

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/procstar/procstar/runtime/pyerr"
	"go.starlark.net/starlark"
)

// Conversion flags of a % directive.
const (
	fLJust = 1 << iota // '-'
	fSign              // '+'
	fBlank             // ' '
	fAlt               // '#'
	fZero              // '0'
)

// percentState is CPython's unicode_formatter_t: the argument being consumed.
type percentState struct {
	args   starlark.Value // the current argument source
	tuple  starlark.Tuple // args, when it is a tuple
	arglen int            // len(tuple), or -1 for a single value
	argidx int            // next index; -2 when a single value is unused
	dict   starlark.Value // args, when it is a mapping
}

func (st *percentState) next() (starlark.Value, error) {
	if st.argidx < st.arglen {
		i := st.argidx
		st.argidx++
		if st.arglen < 0 {
			return st.args, nil
		}
		return st.tuple[i], nil
	}
	return nil, typeError("not enough arguments for format string")
}

// isMapping reports whether v counts as a mapping for %: Python tests for
// __getitem__, so lists and other indexables count, strings and tuples not.
func isMapping(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Tuple, starlark.String:
		return false
	case starlark.Mapping, starlark.Indexable:
		return true
	}
	return false
}

// Percent returns format % args with CPython's semantics (printf-style
// formatting). args is a tuple of arguments, a mapping for %(name)s
// directives, or any other value as the single argument.
func Percent(format string, args starlark.Value) (string, error) {
	st := &percentState{args: args, arglen: -1, argidx: -2}
	if t, ok := args.(starlark.Tuple); ok {
		st.tuple = t
		st.arglen = len(t)
		st.argidx = 0
	}
	if isMapping(args) {
		st.dict = args
	}
	var b strings.Builder
	b.Grow(len(format) + 16)
	i := 0
	for i < len(format) {
		j := strings.IndexByte(format[i:], '%')
		if j < 0 {
			b.WriteString(format[i:])
			break
		}
		b.WriteString(format[i : i+j])
		i += j + 1
		if i < len(format) && format[i] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		var err error
		i, err = st.directive(&b, format, i)
		if err != nil {
			return "", err
		}
	}
	if st.argidx < st.arglen && st.dict == nil {
		return "", typeError("not all arguments converted during string formatting")
	}
	return b.String(), nil
}

// directive formats the directive that starts at format[i], just after its
// '%', and returns the index after it.
func (st *percentState) directive(b *strings.Builder, format string, i int) (int, error) {
	incomplete := func() (int, error) { return 0, valueError("incomplete format") }

	// Mapping key: %(name)s.
	if i < len(format) && format[i] == '(' {
		if st.dict == nil {
			return 0, typeError("format requires a mapping")
		}
		i++
		start := i
		depth := 1
		for ; i < len(format); i++ {
			if format[i] == ')' {
				depth--
				if depth == 0 {
					break
				}
			} else if format[i] == '(' {
				depth++
			}
		}
		if depth > 0 {
			return 0, valueError("incomplete format key")
		}
		v, err := getKey(st.dict, format[start:i])
		if err != nil {
			return 0, err
		}
		i++ // ')'
		st.args, st.tuple, st.arglen, st.argidx = v, nil, -1, -2
	}

	flags := 0
flagLoop:
	for ; i < len(format); i++ {
		switch format[i] {
		case '-':
			flags |= fLJust
		case '+':
			flags |= fSign
		case ' ':
			flags |= fBlank
		case '#':
			flags |= fAlt
		case '0':
			flags |= fZero
		default:
			break flagLoop
		}
	}

	width, prec := -1, -1
	if i < len(format) && format[i] == '*' {
		i++
		v, err := st.next()
		if err != nil {
			return 0, err
		}
		n, err := starArg(v)
		if err != nil {
			return 0, err
		}
		if n < 0 {
			flags |= fLJust
			n = -n
		}
		width = n
	} else if i < len(format) && isDigit(format[i]) {
		var err error
		width, i, err = digits(format, i, "width too big")
		if err != nil {
			return 0, err
		}
	}

	if i < len(format) && format[i] == '.' {
		i++
		prec = 0
		if i < len(format) && format[i] == '*' {
			i++
			v, err := st.next()
			if err != nil {
				return 0, err
			}
			n, err := starArg(v)
			if err != nil {
				return 0, err
			}
			prec = max(n, 0)
		} else if i < len(format) && isDigit(format[i]) {
			var err error
			prec, i, err = digits(format, i, "precision too big")
			if err != nil {
				return 0, err
			}
		}
	}

	if i < len(format) && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L') {
		i++
	}
	if i >= len(format) {
		return incomplete()
	}
	conv, size := utf8.DecodeRuneInString(format[i:])
	convIndex := i
	i += size

	v, err := st.next()
	if err != nil {
		return 0, err
	}
	d := directive{flags: flags, width: width, prec: prec, conv: byte(conv)}
	if conv >= utf8.RuneSelf {
		d.conv = 0
	}
	var s string
	switch d.conv {
	case 's', 'r', 'a':
		if err := CheckText(v); err != nil {
			return 0, err
		}
	}
	switch d.conv {
	case 's':
		s = str(v)
	case 'r':
		s = repr(v)
	case 'a':
		s = ascii(v)
	case 'c':
		s, err = percentChar(v)
	case 'd', 'i', 'u', 'o', 'x', 'X':
		d.numeric = true
		if n, ok := smallInt(v); ok && prec < 0 {
			// Most arguments fit in an int64: format them without big.Int,
			// in a buffer that output copies from.
			var buf [64]byte
			digits := int64Digits(&buf, n, d.conv)
			d.sign, d.prefix = intSignPrefix(n < 0, d.conv, flags&fAlt != 0)
			d.output(b, unsafe.String(&digits[0], len(digits)))
			return i, nil
		}
		var x *big.Int
		x, err = percentInt(v, d.conv)
		if err == nil && (d.conv == 'd' || d.conv == 'i' || d.conv == 'u') && IntMaxStrDigits() > 0 {
			err = checkBigText(x, IntMaxStrDigits())
		}
		if err == nil {
			d.sign, d.prefix, s = intDigits(x, d.conv, flags&fAlt != 0, prec)
		}
	case 'e', 'E', 'f', 'F', 'g', 'G':
		f, ok, ferr := toFloat(v)
		if ferr != nil {
			return 0, ferr
		}
		if !ok {
			return 0, typeError("must be real number, not %s", typeName(v))
		}
		if prec < 0 {
			prec = 6
		}
		d.numeric = true
		s = formatFloat(f, d.conv, prec, floatFlags{alt: flags&fAlt != 0})
		if strings.HasPrefix(s, "-") {
			d.sign, s = "-", s[1:]
		}
	default:
		return 0, valueError("unsupported format character %s at index %d",
			charDesc(conv), runeCount(format[:convIndex]))
	}
	if err != nil {
		return 0, err
	}
	d.output(b, s)
	return i, nil
}

// directive is one parsed % conversion ready for output.
type directive struct {
	flags       int
	width, prec int
	conv        byte
	numeric     bool   // a number: sign, '0' padding
	sign        string // "-" or "", for numbers
	prefix      string // "0x", "0X" or "0o" for '#'
}

// output writes the converted text s, padded per the flags and width.
func (d *directive) output(b *strings.Builder, s string) {
	switch d.conv {
	case 's', 'r', 'a':
		if d.prec >= 0 {
			s = truncate(s, d.prec)
		}
	}
	sign := d.sign
	if d.numeric && sign == "" {
		if d.flags&fSign != 0 {
			sign = "+"
		} else if d.flags&fBlank != 0 {
			sign = " "
		}
	}
	width := len(s) // digits are ASCII
	if !d.numeric {
		width = runeCount(s)
	}
	n := d.width - width - len(sign) - len(d.prefix)
	switch {
	case n <= 0:
		b.WriteString(sign)
		b.WriteString(d.prefix)
		b.WriteString(s)
	case d.flags&fLJust != 0:
		b.WriteString(sign)
		b.WriteString(d.prefix)
		b.WriteString(s)
		writeFill(b, ' ', n)
	case d.numeric && d.flags&fZero != 0:
		b.WriteString(sign)
		b.WriteString(d.prefix)
		writeFill(b, '0', n)
		b.WriteString(s)
	default:
		writeFill(b, ' ', n)
		b.WriteString(sign)
		b.WriteString(d.prefix)
		b.WriteString(s)
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits parses the decimal number at format[i:].
func digits(format string, i int, tooBig string) (n, next int, err error) {
	for ; i < len(format) && isDigit(format[i]); i++ {
		d := int(format[i] - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, 0, valueError("%s", tooBig)
		}
		n = n*10 + d
	}
	if n > maxWidth {
		return 0, 0, pyerr.New(memoryError, "")
	}
	return n, i, nil
}

// starArg is the value of a '*' width or precision.
func starArg(v starlark.Value) (int, error) {
	x, ok := toBig(v)
	if !ok {
		return 0, typeError("* wants int")
	}
	if !x.IsInt64() {
		return 0, pyerr.New(overflowError, "Python int too large to convert to C ssize_t")
	}
	if x.Int64() > maxWidth || x.Int64() < -maxWidth {
		return 0, pyerr.New(memoryError, "")
	}
	return int(x.Int64()), nil
}

// getKey looks key up in the mapping of a %(key)s directive.
func getKey(dict starlark.Value, key string) (starlark.Value, error) {
	k := starlark.String(key)
	m, ok := dict.(starlark.Mapping)
	if !ok {
		return nil, typeError("%s indices must be integers or slices, not str", typeName(dict))
	}
	v, found, err := m.Get(k)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, pyerr.New(pyerr.KeyError, "%s", keyRepr(k))
	}
	return v, nil
}

// percentChar converts the argument of %c.
func percentChar(v starlark.Value) (string, error) {
	if s, ok := v.(starlark.String); ok {
		if runeCount(string(s)) == 1 {
			return string(s), nil
		}
	} else if x, ok := toBig(v); ok {
		return chr(x)
	}
	return "", typeError("%%c requires int or char")
}

// percentInt converts the argument of %d, %x and the like to an integer:
// %d accepts any real number, %x and %o only integers.
func percentInt(v starlark.Value, conv byte) (*big.Int, error) {
	if x, ok := toBig(v); ok {
		return x, nil
	}
	if f, ok := v.(starlark.Float); ok {
		switch conv {
		case 'd', 'i', 'u':
			return floatToBig(float64(f))
		}
		return nil, typeError("%%%c format: an integer is required, not float", conv)
	}
	what := "a real number"
	switch conv {
	case 'o', 'x', 'X':
		what = "an integer"
	}
	return nil, typeError("%%%c format: %s is required, not %s", conv, what, typeName(v))
}

// smallInt returns v as an int64 if it is an int (or bool) that fits one.
func smallInt(v starlark.Value) (int64, bool) {
	switch v := v.(type) {
	case starlark.Int:
		return v.Int64()
	case starlark.Bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// int64Digits writes the digits of |n| for %d, %o, %x or %X into buf.
func int64Digits(buf *[64]byte, n int64, conv byte) []byte {
	base := 10
	switch conv {
	case 'o':
		base = 8
	case 'x', 'X':
		base = 16
	}
	u := uint64(n)
	if n < 0 {
		u = -u // also right for math.MinInt64
	}
	digits := strconv.AppendUint(buf[:0], u, base)
	if conv == 'X' {
		for i, c := range digits {
			if 'a' <= c && c <= 'f' {
				digits[i] = c - 'a' + 'A'
			}
		}
	}
	return digits
}

// intSignPrefix is the sign and the '#' prefix of an integer directive.
func intSignPrefix(negative bool, conv byte, alt bool) (sign, prefix string) {
	if negative {
		sign = "-"
	}
	if alt {
		switch conv {
		case 'o':
			prefix = "0o"
		case 'x':
			prefix = "0x"
		case 'X':
			prefix = "0X"
		}
	}
	return sign, prefix
}

// intDigits renders x for %d, %o, %x or %X: the sign, the '#' prefix and the
// digits, zero-padded to prec.
func intDigits(x *big.Int, conv byte, alt bool, prec int) (sign, prefix, s string) {
	base := 10
	switch conv {
	case 'o':
		base = 8
		prefix = "0o"
	case 'x':
		base = 16
		prefix = "0x"
	case 'X':
		base = 16
		prefix = "0X"
	}
	if !alt {
		prefix = ""
	}
	if x.Sign() < 0 {
		sign = "-"
	}
	s = new(big.Int).Abs(x).Text(base)
	if conv == 'X' {
		s = strings.ToUpper(s)
	}
	if len(s) < prec {
		s = strings.Repeat("0", prec-len(s)) + s
	}
	return sign, prefix, s
}
