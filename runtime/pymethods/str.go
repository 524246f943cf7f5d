package pymethods

import (
	"encoding/hex"
	"math"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/textcodec"
)

func strMethod(name string) builtinFn {
	switch name {
	case "ljust", "rjust", "center":
		return strJustify
	case "zfill":
		return strZfill
	case "expandtabs":
		return strExpandtabs
	case "upper", "lower", "casefold", "capitalize", "title", "swapcase", "isupper", "islower", "istitle":
		return strCaseMethod // go.starlark.net's own upper... map with Go's simple case mappings
	case "isdecimal", "isnumeric", "isascii", "isidentifier", "isprintable":
		return strIs
	case "encode":
		return codecMethod
	case "translate":
		return strTranslate
	case "maketrans":
		return strMaketrans
	}
	return nil
}

func recvStr(b *starlark.Builtin) string { return string(b.Receiver().(starlark.String)) }

// width is an int argument that Python takes through __index__ (a bool is
// an int).
func width(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, ok := v.Int64()
		if !ok {
			return 0, pyerr.New("OverflowError", "Python int too large to convert to C ssize_t")
		}
		return int(n), nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	}
	return 0, typeError("'%s' object cannot be interpreted as an integer", typeName(v))
}

// maxResult bounds the bytes of a string a method pads out (ljust, zfill,
// expandtabs), as go.starlark.net bounds "a" * n: a width such as 1 << 40
// fails with CPython's error, not an out-of-memory crash of the process.
const maxResult = 1 << 30

func checkResult(n int) error {
	if n > maxResult || n < 0 {
		return pyerr.New("MemoryError", "")
	}
	return nil
}

// strJustify is str.ljust, str.rjust and str.center(width, fillchar=" ").
func strJustify(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var w starlark.Value
	var fill starlark.Value = starlark.String(" ")
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &w, &fill); err != nil {
		return nil, typeError("%s", err)
	}
	n, err := width(w)
	if err != nil {
		return nil, err
	}
	f, ok := fill.(starlark.String)
	if !ok {
		return nil, typeError("%s() argument 2 must be str, not %s", b.Name(), typeName(fill))
	}
	if utf8.RuneCountInString(string(f)) != 1 {
		return nil, typeError("The fill character must be exactly one character long")
	}
	s := recvStr(b)
	marg := n - utf8.RuneCountInString(s)
	if marg <= 0 {
		return starlark.String(s), nil
	}
	if err := checkResult(len(s) + marg*len(f)); err != nil {
		return nil, err
	}
	var left int
	switch b.Name() {
	case "ljust":
		left = 0
	case "rjust":
		left = marg
	default:
		// CPython's pad: the odd space goes left when the width is odd.
		left = marg/2 + (marg & n & 1)
	}
	return starlark.String(strings.Repeat(string(f), left) + s + strings.Repeat(string(f), marg-left)), nil
}

func strZfill(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var w starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &w); err != nil {
		return nil, typeError("%s", err)
	}
	n, err := width(w)
	if err != nil {
		return nil, err
	}
	s := recvStr(b)
	fill := n - utf8.RuneCountInString(s)
	if fill <= 0 {
		return starlark.String(s), nil
	}
	if err := checkResult(len(s) + fill); err != nil {
		return nil, err
	}
	sign := ""
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign, s = s[:1], s[1:]
	}
	return starlark.String(sign + strings.Repeat("0", fill) + s), nil
}

func strExpandtabs(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ts starlark.Value = starlark.MakeInt(8)
	if err := unpack(b, args, kwargs, "tabsize?", &ts); err != nil {
		return nil, err
	}
	size, err := width(ts)
	if err != nil {
		return nil, err
	}
	if int64(size) != int64(int32(size)) {
		return nil, pyerr.New("OverflowError", "Python int too large to convert to C int") // tabsize is a C int
	}
	var out strings.Builder
	col := 0
	for _, r := range recvStr(b) {
		switch r {
		case '\t':
			if size > 0 {
				k := size - col%size
				if out.Len()+k > maxResult {
					return nil, pyerr.New("OverflowError", "new string is too long") // CPython's
				}
				out.WriteString(strings.Repeat(" ", k))
				col += k
			}
		case '\n', '\r':
			out.WriteRune(r)
			col = 0
		default:
			out.WriteRune(r)
			col++
		}
	}
	return starlark.String(out.String()), nil
}

// strIs is str.isdecimal, isnumeric, isascii, isidentifier, isprintable.
func strIs(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(b, args, kwargs); err != nil {
		return nil, err
	}
	s := recvStr(b)
	var each func(i int, r rune) bool
	empty := false // the result for ""
	switch b.Name() {
	case "isdecimal":
		each = func(_ int, r rune) bool { return unicode.Is(unicode.Nd, r) }
	case "isnumeric":
		each = func(_ int, r rune) bool { return unicode.IsNumber(r) }
	case "isascii":
		empty = true
		each = func(_ int, r rune) bool { return r < utf8.RuneSelf }
	case "isidentifier":
		each = identRune
	case "isprintable":
		empty = true
		each = func(_ int, r rune) bool { return unicode.IsPrint(r) }
	}
	if s == "" {
		return starlark.Bool(empty), nil
	}
	i := 0
	for _, r := range s {
		if !each(i, r) {
			return starlark.False, nil
		}
		i++
	}
	return starlark.True, nil
}

// identRune reports whether r may be the i-th code point of an
// identifier.
func identRune(i int, r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r))
}

// IsIdentifier is Python's str.isidentifier.
func IsIdentifier(s string) bool {
	for i, r := range s {
		if !identRune(i, r) {
			return false
		}
	}
	return s != ""
}

func bytesMethod(name string) builtinFn {
	switch name {
	case "hex":
		return bytesHex
	case "decode":
		return codecMethod
	case "count":
		return bytesCount
	}
	return bytesMoreMethod(name)
}

// bytesHex is bytes.hex(sep=None, bytes_per_sep=1) for a one-character sep
// and groups counted from the right, as Python's default.
func bytesHex(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sep starlark.Value = starlark.None
	per := 1
	if err := unpack(b, args, kwargs, "sep?", &sep, "bytes_per_sep?", &per); err != nil {
		return nil, err
	}
	data := []byte(b.Receiver().(starlark.Bytes))
	h := hex.EncodeToString(data)
	if sep == starlark.None || len(data) == 0 {
		return starlark.String(h), nil
	}
	var s string
	switch sep := sep.(type) {
	case starlark.String:
		s = string(sep)
	case starlark.Bytes:
		s = string(sep)
	default:
		return nil, typeError("sep must be str or bytes.")
	}
	if len(s) != 1 {
		return nil, pyerr.New(pyerr.ValueError, "sep must be length 1.")
	}
	if per == 0 {
		return starlark.String(h), nil
	}
	group, fromLeft := per, false
	if per < 0 {
		group, fromLeft = -per, true
	}
	var parts []string
	n := len(data)
	if fromLeft {
		for i := 0; i < n; i += group {
			parts = append(parts, h[2*i:2*min(i+group, n)])
		}
	} else {
		first := n % group
		if first > 0 {
			parts = append(parts, h[:2*first])
		}
		for i := first; i < n; i += group {
			parts = append(parts, h[2*i:2*(i+group)])
		}
	}
	return starlark.String(strings.Join(parts, s)), nil
}

// bytesCount is bytes.count(sub) of a bytes or an int sub (a byte).
func bytesCount(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sub starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &sub); err != nil {
		return nil, typeError("%s", err)
	}
	data := string(b.Receiver().(starlark.Bytes))
	switch sub := sub.(type) {
	case starlark.Bytes:
		if len(sub) == 0 {
			return starlark.MakeInt(len(data) + 1), nil
		}
		return starlark.MakeInt(strings.Count(data, string(sub))), nil
	case starlark.Int:
		c, ok := sub.Int64()
		if !ok || c < 0 || c > 255 {
			return nil, pyerr.New(pyerr.ValueError, "byte must be in range(0, 256)")
		}
		return starlark.MakeInt(strings.Count(data, string([]byte{byte(c)}))), nil
	}
	return nil, typeError("argument should be integer or bytes-like object, not '%s'", typeName(sub))
}

// codecMethod is str.encode and bytes.decode(encoding="utf-8",
// errors="strict"), with textcodec's codecs.
func codecMethod(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var enc, errs starlark.Value = starlark.String("utf-8"), starlark.String("strict")
	if err := unpack(b, args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
		return nil, err
	}
	for i, v := range []starlark.Value{enc, errs} {
		if _, ok := v.(starlark.String); !ok {
			return nil, typeError("%s() argument '%s' must be str, not %s", b.Name(), []string{"encoding", "errors"}[i], typeName(v))
		}
	}
	if b, ok := b.Receiver().(starlark.Bytes); ok && len(b) == 0 {
		return starlark.String(""), nil // CPython looks no codec up for b""
	}
	name := string(enc.(starlark.String))
	c, err := textcodec.Lookup(name)
	if err != nil {
		return nil, err
	}
	if s, ok := b.Receiver().(starlark.String); ok {
		out, err := c.Encode(string(s), string(errs.(starlark.String)))
		if err != nil {
			return nil, textcodec.CodecFailed(name, false, err)
		}
		return starlark.Bytes(out), nil
	}
	out, err := c.Decode([]byte(b.Receiver().(starlark.Bytes)), string(errs.(starlark.String)))
	if err != nil {
		return nil, textcodec.CodecFailed(name, true, err)
	}
	return starlark.String(out), nil
}

// strSplitlines is str.splitlines(keepends=False): lines end at \n, \r\n,
// \r, \v, \f, \x1c, \x1d, \x1e, \x85, \u2028 and \u2029.
func strSplitlines(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	keep := false
	if err := unpack(b, args, kwargs, "keepends?", &keep); err != nil {
		return nil, err
	}
	s := recvStr(b)
	var lines []starlark.Value
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := i + size
		switch r {
		case '\r':
			if end < len(s) && s[end] == '\n' {
				end++
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		default:
			i = end
			continue
		}
		if keep {
			lines = append(lines, starlark.String(s[start:end]))
		} else {
			lines = append(lines, starlark.String(s[start:i]))
		}
		start, i = end, end
	}
	if start < len(s) {
		lines = append(lines, starlark.String(s[start:]))
	}
	return starlark.NewList(lines), nil
}

// bytesFromhex is bytes.fromhex(s): pairs of hex digits, spaces between
// pairs skipped.
func bytesFromhex(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
		return nil, typeError("%s", err)
	}
	var out []byte
	for i := 0; i < len(s); {
		if s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f' {
			i++
			continue
		}
		if i+1 >= len(s) {
			return nil, pyerr.New(pyerr.ValueError, "non-hexadecimal number found in fromhex() arg at position %d", i+1)
		}
		v, err := hex.DecodeString(s[i : i+2])
		if err != nil {
			pos := i
			if _, e := hex.DecodeString(s[i:i+1] + "0"); e == nil {
				pos = i + 1
			}
			return nil, pyerr.New(pyerr.ValueError, "non-hexadecimal number found in fromhex() arg at position %d", pos)
		}
		out = append(out, v...)
		i += 2
	}
	return starlark.Bytes(out), nil
}

func intBitLength(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(b, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(b.Receiver().(starlark.Int).BigInt().BitLen()), nil
}

// intToBytes is int.to_bytes(length=1, byteorder="big", *, signed=False).
func intToBytes(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	length, order, signed := 1, "big", false
	if err := unpack(b, args, kwargs, "length?", &length, "byteorder?", &order, "signed?", &signed); err != nil {
		return nil, err
	}
	if order != "big" && order != "little" {
		return nil, pyerr.New(pyerr.ValueError, "byteorder must be either 'little' or 'big'")
	}
	if length < 0 {
		return nil, pyerr.New(pyerr.ValueError, "length argument must be non-negative")
	}
	n := b.Receiver().(starlark.Int).BigInt()
	if n.Sign() < 0 && !signed {
		return nil, pyerr.New("OverflowError", "can't convert negative int to unsigned")
	}
	// Two's complement in length bytes.
	mod := new(big.Int).Lsh(big.NewInt(1), uint(8*length))
	v := new(big.Int).Set(n)
	if v.Sign() < 0 {
		v.Add(v, mod)
	}
	limit := mod
	if signed {
		limit = new(big.Int).Rsh(mod, 1)
		if n.Sign() < 0 && new(big.Int).Neg(n).Cmp(limit) > 0 || n.Sign() >= 0 && n.Cmp(limit) >= 0 {
			return nil, pyerr.New("OverflowError", "int too big to convert")
		}
	} else if v.Cmp(limit) >= 0 {
		return nil, pyerr.New("OverflowError", "int too big to convert")
	}
	out := v.FillBytes(make([]byte, length))
	if order == "little" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return starlark.Bytes(out), nil
}

func floatIsInteger(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpack(b, args, kwargs); err != nil {
		return nil, err
	}
	f := float64(b.Receiver().(starlark.Float))
	return starlark.Bool(!math.IsInf(f, 0) && f == math.Trunc(f)), nil
}
