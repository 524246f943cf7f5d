package pyformat

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/procstar/procstar/runtime/pyerr"
	"go.starlark.net/starlark"
)

// Auto-numbering states of a format string (CPython's AutoNumberState).
const (
	autoInit = iota
	autoAuto
	autoManual
)

// formatter is the state of one str.format call.
type formatter struct {
	args      starlark.Tuple
	kwargs    []starlark.Tuple
	mapping   starlark.Value // format_map's: names are looked up in it
	autoState int
	autoNext  int
}

// Format returns format.format(*args, **kwargs) with CPython's semantics:
// replacement fields {name!conversion:spec} with automatic or explicit
// numbering, keyword names, .attribute and [index] access, nested fields in
// the spec, and the format-spec mini-language for str, int, bool and float.
// kwargs holds (name, value) pairs as a Starlark builtin receives them.
func Format(format string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	f := &formatter{args: args, kwargs: kwargs}
	var b strings.Builder
	if err := f.build(&b, format, 2); err != nil {
		return "", err
	}
	return b.String(), nil
}

// FormatMap returns format.format_map(mapping): names are looked up in
// mapping as they come (a defaultdict's missing key gets its default), and
// a positional field is an error.
func FormatMap(format string, mapping starlark.Value) (string, error) {
	f := &formatter{mapping: mapping}
	var b strings.Builder
	if err := f.build(&b, format, 2); err != nil {
		return "", err
	}
	return b.String(), nil
}

// build appends the expansion of s to b; depth bounds the nesting of
// fields within format specs.
func (f *formatter) build(b *strings.Builder, s string, depth int) error {
	if depth <= 0 {
		return valueError("Max string recursion exceeded")
	}
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && s[j] != '{' && s[j] != '}' {
			j++
		}
		b.WriteString(s[i:j])
		if j == len(s) {
			break
		}
		c := s[j]
		i = j + 1
		if c == '}' {
			if i < len(s) && s[i] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return valueError("Single '}' encountered in format string")
		}
		if i >= len(s) {
			return valueError("Single '{' encountered in format string")
		}
		if s[i] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		fld, next, err := parseField(s, i)
		if err != nil {
			return err
		}
		i = next
		if err := f.field(b, fld, depth); err != nil {
			return err
		}
	}
	return nil
}

// field is one parsed replacement field.
type field struct {
	name       string
	conversion rune // 0 if none
	spec       string
	expand     bool // spec holds nested fields
}

// parseField parses the replacement field whose text starts at s[i], just
// after its '{', and returns the index after its '}' (CPython's parse_field).
func parseField(s string, i int) (fld field, next int, err error) {
	start := i
	var c byte
	terminated := false
scan:
	for i < len(s) {
		c = s[i]
		i++
		switch c {
		case '{':
			return fld, 0, valueError("unexpected '{' in field name")
		case '[':
			for i < len(s) && s[i] != ']' {
				i++
			}
		case '}', ':', '!':
			terminated = true
			break scan
		}
	}
	if !terminated {
		return fld, 0, valueError("expected '}' before end of string")
	}
	fld.name = s[start : i-1]
	if c == '}' {
		return fld, i, nil
	}
	if c == '!' {
		if i >= len(s) {
			return fld, 0, valueError("end of string while looking for conversion specifier")
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		fld.conversion = r
		i += size
		if i < len(s) {
			c = s[i]
			i++
			if c == '}' {
				return fld, i, nil
			}
			if c != ':' {
				return fld, 0, valueError("expected ':' after conversion specifier")
			}
		}
	}
	specStart := i
	depth := 1
	for i < len(s) {
		c = s[i]
		i++
		switch c {
		case '{':
			fld.expand = true
			depth++
		case '}':
			depth--
			if depth == 0 {
				fld.spec = s[specStart : i-1]
				return fld, i, nil
			}
		}
	}
	return fld, 0, valueError("unmatched '{' in format spec")
}

// field formats one replacement field onto b.
func (f *formatter) field(b *strings.Builder, fld field, depth int) error {
	v, err := f.lookup(fld.name)
	if err != nil {
		return err
	}
	if fld.conversion != 0 {
		if err := CheckText(v); err != nil {
			return err
		}
	}
	switch fld.conversion {
	case 0:
	case 's':
		v = starlark.String(str(v))
	case 'r':
		v = starlark.String(repr(v))
	case 'a':
		v = starlark.String(ascii(v))
	default:
		c := fld.conversion
		if c > 32 && c < 127 {
			return valueError("Unknown conversion specifier %c", c)
		}
		return valueError("Unknown conversion specifier \\x%x", c)
	}
	spec := fld.spec
	if fld.expand {
		var sb strings.Builder
		if err := f.build(&sb, spec, depth-1); err != nil {
			return err
		}
		spec = sb.String()
	}
	s, err := formatValue(v, spec)
	if err != nil {
		return err
	}
	b.WriteString(s)
	return nil
}

// getInteger is CPython's get_integer for field names: the value of an
// all-ASCII-digit string, or -1.
func getInteger(s string) (int, error) {
	if s == "" {
		return -1, nil
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return -1, nil
		}
		d := int(s[i] - '0')
		if n > (math.MaxInt64-d)/10 {
			return -1, valueError("Too many decimal digits in format string")
		}
		n = n*10 + d
	}
	return n, nil
}

// lookup evaluates a field name: an argument then .attr and [key] accesses.
func (f *formatter) lookup(name string) (starlark.Value, error) {
	k := strings.IndexAny(name, ".[")
	if k < 0 {
		k = len(name)
	}
	first, rest := name[:k], name[k:]
	idx, err := getInteger(first)
	if err != nil {
		return nil, err
	}
	empty := first == ""
	if f.mapping != nil && (empty || idx >= 0) {
		return nil, valueError("Format string contains positional fields")
	}
	if empty || idx >= 0 {
		if f.autoState == autoInit {
			if empty {
				f.autoState = autoAuto
			} else {
				f.autoState = autoManual
			}
		}
		if f.autoState == autoManual && empty {
			return nil, valueError("cannot switch from manual field specification to automatic field numbering")
		}
		if f.autoState == autoAuto && !empty {
			return nil, valueError("cannot switch from automatic field numbering to manual field specification")
		}
		if empty {
			idx = f.autoNext
			f.autoNext++
		}
	}

	var v starlark.Value
	if f.mapping != nil {
		if v, err = getItem(f.mapping, starlark.String(first)); err != nil {
			return nil, err
		}
	} else if idx < 0 {
		for _, kv := range f.kwargs {
			if kn, ok := kv[0].(starlark.String); ok && string(kn) == first {
				v = kv[1]
				break
			}
		}
		if v == nil {
			return nil, pyerr.New(pyerr.KeyError, "%s", pyQuote(first))
		}
	} else {
		if idx >= len(f.args) {
			return nil, pyerr.New(pyerr.IndexError, "Replacement index %d out of range for positional args tuple", idx)
		}
		v = f.args[idx]
	}

	for rest != "" {
		c := rest[0]
		rest = rest[1:]
		var key string
		switch c {
		case '.':
			k := strings.IndexAny(rest, ".[")
			if k < 0 {
				k = len(rest)
			}
			key, rest = rest[:k], rest[k:]
		case '[':
			k := strings.IndexByte(rest, ']')
			if k < 0 {
				return nil, valueError("Missing ']' in format string")
			}
			key, rest = rest[:k], rest[k+1:]
		default:
			return nil, valueError("Only '.' or '[' may follow ']' in format field specifier")
		}
		if key == "" {
			return nil, valueError("Empty attribute in format string")
		}
		n, err := getInteger(key)
		if err != nil {
			return nil, err
		}
		if c == '.' {
			v, err = getAttr(v, key)
		} else if n >= 0 {
			v, err = getItem(v, starlark.MakeInt(n))
		} else {
			v, err = getItem(v, starlark.String(key))
		}
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

func getAttr(v starlark.Value, name string) (starlark.Value, error) {
	if h, ok := v.(starlark.HasAttrs); ok {
		a, err := h.Attr(name)
		if err != nil {
			var nsa starlark.NoSuchAttrError
			if !errors.As(err, &nsa) {
				return nil, err
			}
		} else if a != nil {
			return a, nil
		}
	}
	return nil, pyerr.New(attributeError, "'%s' object has no attribute '%s'", typeName(v), name)
}

// getItem is Python's v[key] for a key that is an int or a str.
func getItem(v, key starlark.Value) (starlark.Value, error) {
	if m, ok := v.(starlark.Mapping); ok {
		x, found, err := m.Get(key)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, pyerr.New(pyerr.KeyError, "%s", keyRepr(key))
		}
		return x, nil
	}
	seq, ok := v.(starlark.Indexable)
	if !ok {
		return nil, typeError("'%s' object is not subscriptable", typeName(v))
	}
	n, isInt := key.(starlark.Int)
	if s, ok := v.(starlark.String); ok {
		if !isInt {
			return nil, typeError("string indices must be integers, not '%s'", typeName(key))
		}
		// Index by code point, as Python does.
		i, _ := n.Int64()
		for _, r := range string(s) {
			if i == 0 {
				return starlark.String(string(r)), nil
			}
			i--
		}
		return nil, pyerr.New(pyerr.IndexError, "string index out of range")
	}
	if !isInt {
		return nil, typeError("%s indices must be integers or slices, not %s", typeName(v), typeName(key))
	}
	i, ok := n.Int64()
	if ok && i < 0 {
		i += int64(seq.Len()) // a[-1] %= y
	}
	if !ok || i < 0 || i >= int64(seq.Len()) {
		return nil, pyerr.New(pyerr.IndexError, "%s index out of range", typeName(v))
	}
	return seq.Index(int(i)), nil
}

// formatSpec is a parsed format spec:
// [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type].
type formatSpec struct {
	fill   rune
	align  rune
	sign   rune // 0, '+', '-' or ' '
	noNeg0 bool
	alt    bool
	width  int  // -1 if absent
	sep    rune // 0, ',' or '_'
	group  int  // digits per group: 3, or 4 for '_' with b, o, x, X
	prec   int  // -1 if absent
	typ    rune // 0 if absent
}

func isAlign(r rune) bool { return r == '<' || r == '>' || r == '=' || r == '^' }

// parseSpec is CPython's parse_internal_render_format_spec.
func parseSpec(spec, typ string, defaultType, defaultAlign rune) (*formatSpec, error) {
	r := []rune(spec)
	sp := &formatSpec{fill: ' ', align: defaultAlign, width: -1, prec: -1, typ: defaultType}
	pos := 0
	fillSpecified, alignSpecified := false, false
	if len(r) >= 2 && isAlign(r[1]) {
		sp.align, sp.fill = r[1], r[0]
		fillSpecified, alignSpecified = true, true
		pos = 2
	} else if len(r) >= 1 && isAlign(r[0]) {
		sp.align = r[0]
		alignSpecified = true
		pos = 1
	}
	if pos < len(r) && (r[pos] == '+' || r[pos] == '-' || r[pos] == ' ') {
		sp.sign = r[pos]
		pos++
	}
	if pos < len(r) && r[pos] == 'z' {
		sp.noNeg0 = true
		pos++
	}
	if pos < len(r) && r[pos] == '#' {
		sp.alt = true
		pos++
	}
	if !fillSpecified && pos < len(r) && r[pos] == '0' {
		sp.fill = '0'
		if !alignSpecified && defaultAlign == '>' {
			sp.align = '='
		}
		pos++
	}
	n, consumed, err := specInteger(r, &pos)
	if err != nil {
		return nil, err
	}
	if consumed > 0 {
		sp.width = n
	}
	if pos < len(r) && r[pos] == ',' {
		sp.sep = ','
		pos++
	}
	if pos < len(r) && r[pos] == '_' {
		if sp.sep != 0 {
			return nil, valueError("Cannot specify both ',' and '_'.")
		}
		sp.sep = '_'
		pos++
	}
	if pos < len(r) && r[pos] == ',' && sp.sep == '_' {
		return nil, valueError("Cannot specify both ',' and '_'.")
	}
	if pos < len(r) && r[pos] == '.' {
		pos++
		n, consumed, err := specInteger(r, &pos)
		if err != nil {
			return nil, err
		}
		if consumed == 0 {
			return nil, valueError("Format specifier missing precision")
		}
		sp.prec = n
	}
	if len(r)-pos > 1 {
		return nil, valueError("Invalid format specifier '%s' for object of type '%s'", spec, typ)
	}
	if len(r)-pos == 1 {
		sp.typ = r[pos]
	}
	if sp.sep != 0 {
		sp.group = 3
		switch sp.typ {
		case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0:
		case 'b', 'o', 'x', 'X':
			if sp.sep == '_' {
				sp.group = 4
				break
			}
			fallthrough
		default:
			if sp.typ > 32 && sp.typ < 128 {
				return nil, valueError("Cannot specify '%c' with '%c'.", sp.sep, sp.typ)
			}
			return nil, valueError("Cannot specify '%c' with '\\x%x'.", sp.sep, sp.typ)
		}
	}
	return sp, nil
}

// specInteger parses a width or precision.
func specInteger(r []rune, pos *int) (n, consumed int, err error) {
	for *pos < len(r) && r[*pos] >= '0' && r[*pos] <= '9' {
		d := int(r[*pos] - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, 0, valueError("Too many decimal digits in format string")
		}
		n = n*10 + d
		*pos++
		consumed++
	}
	if n > maxWidth {
		return 0, 0, pyerr.New(memoryError, "")
	}
	return n, consumed, nil
}

func unknownCode(typ rune, typeName string) error {
	if typ > 32 && typ < 128 {
		return valueError("Unknown format code '%c' for object of type '%s'", typ, typeName)
	}
	return valueError("Unknown format code '\\x%x' for object of type '%s'", typ, typeName)
}

// formatValue is Python's format(v, spec).
func formatValue(v starlark.Value, spec string) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		if spec == "" {
			return string(v), nil
		}
		return formatString(string(v), spec)
	case starlark.Int, starlark.Bool:
		if spec == "" {
			if i, ok := v.(starlark.Int); ok {
				if err := CheckIntText(i); err != nil {
					return "", err
				}
			}
			return str(v), nil
		}
		x, _ := toBig(v)
		return formatInt(x, spec, typeName(v))
	case starlark.Float:
		if spec == "" {
			return formatFloat(float64(v), 'r', 0, floatFlags{addDot0: true}), nil
		}
		sp, err := parseSpec(spec, "float", 0, '>')
		if err != nil {
			return "", err
		}
		switch sp.typ {
		case 0, 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%':
			return formatFloatSpec(float64(v), sp), nil
		}
		return "", unknownCode(sp.typ, "float")
	}
	if f, ok := v.(Formatter); ok && spec != "" {
		return f.PyFormat(spec)
	}
	if spec == "" {
		if err := CheckText(v); err != nil {
			return "", err
		}
		return str(v), nil
	}
	return "", typeError("unsupported format string passed to %s.__format__", typeName(v))
}

// Formatter is a value with a __format__ of its own for a non-empty spec
// (an empty one is str(v), as for every type): datetime's date, time and
// datetime format with strftime.
type Formatter interface {
	starlark.Value
	PyFormat(spec string) (string, error)
}

func formatString(s, spec string) (string, error) {
	sp, err := parseSpec(spec, "str", 's', '<')
	if err != nil {
		return "", err
	}
	if sp.typ != 's' {
		return "", unknownCode(sp.typ, "str")
	}
	switch {
	case sp.sign == ' ':
		return "", valueError("Space not allowed in string format specifier")
	case sp.sign != 0:
		return "", valueError("Sign not allowed in string format specifier")
	case sp.noNeg0:
		return "", valueError("Negative zero coercion (z) not allowed in string format specifier")
	case sp.alt:
		return "", valueError("Alternate form (#) not allowed in string format specifier")
	case sp.align == '=':
		return "", valueError("'=' alignment not allowed in string format specifier")
	}
	if sp.prec >= 0 {
		s = truncate(s, sp.prec)
	}
	var b strings.Builder
	pad(&b, s, sp.width, byte(sp.align), sp.fill)
	return b.String(), nil
}

func formatInt(x *big.Int, spec, typeName string) (string, error) {
	sp, err := parseSpec(spec, typeName, 'd', '>')
	if err != nil {
		return "", err
	}
	switch sp.typ {
	case 'd', 'n':
		if max := IntMaxStrDigits(); max > 0 {
			if err := checkBigText(x, max); err != nil {
				return "", err
			}
		}
	case 'b', 'c', 'o', 'x', 'X':
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		f, err := bigToFloat(x)
		if err != nil {
			return "", err
		}
		return formatFloatSpec(f, sp), nil
	default:
		return "", unknownCode(sp.typ, typeName)
	}
	if sp.prec >= 0 {
		return "", valueError("Precision not allowed in integer format specifier")
	}
	if sp.noNeg0 {
		return "", valueError("Negative zero coercion (z) not allowed in integer format specifier")
	}
	if sp.typ == 'c' {
		if sp.sign != 0 {
			return "", valueError("Sign not allowed with integer format specifier 'c'")
		}
		if sp.alt {
			return "", valueError("Alternate form (#) not allowed with integer format specifier 'c'")
		}
		if !x.IsInt64() {
			return "", pyerr.New(overflowError, "Python int too large to convert to C long")
		}
		c, err := chr(x)
		if err != nil {
			return "", err
		}
		return renderNumber(sp, false, "", "", false, c), nil
	}
	base, prefix := 10, ""
	switch sp.typ {
	case 'b':
		base, prefix = 2, "0b"
	case 'o':
		base, prefix = 8, "0o"
	case 'x':
		base, prefix = 16, "0x"
	case 'X':
		base, prefix = 16, "0X"
	case 'n':
		sp.sep = 0 // the C locale has no grouping
	}
	if !sp.alt {
		prefix = ""
	}
	digits := new(big.Int).Abs(x).Text(base)
	if sp.typ == 'X' {
		digits = strings.ToUpper(digits)
	}
	return renderNumber(sp, x.Sign() < 0, prefix, digits, false, ""), nil
}

// formatFloatSpec is CPython's format_float_internal; sp.typ is one of
// e E f F g G n % or 0.
func formatFloatSpec(f float64, sp *formatSpec) string {
	typ := sp.typ
	prec := sp.prec
	fl := floatFlags{alt: sp.alt, noNeg0: sp.noNeg0}
	defaultPrec := 6
	if typ == 0 {
		// Like repr without a precision, else like 'g' but always with a
		// digit after the point in fixed notation.
		fl.addDot0 = true
		typ = 'r'
		defaultPrec = 0
	}
	if typ == 'n' {
		typ = 'g'
		sp.sep = 0 // the C locale has no grouping
	}
	pct := false
	if typ == '%' {
		typ = 'f'
		f *= 100
		pct = true
	}
	if prec < 0 {
		prec = defaultPrec
	} else if typ == 'r' {
		typ = 'g'
	}
	s := formatFloat(f, byte(typ), prec, fl)
	if pct {
		s += "%"
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	k := 0
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	digits, rest := s[:k], s[k:]
	hasDecimal := strings.HasPrefix(rest, ".")
	if hasDecimal {
		rest = rest[1:]
	}
	return renderNumber(sp, neg, "", digits, hasDecimal, rest)
}

// renderNumber lays a number out per sp (CPython's calc_number_widths and
// fill_number): padding, sign, prefix, padding, grouped digits, decimal
// point, remainder, padding.
func renderNumber(sp *formatSpec, neg bool, prefix, digits string, hasDecimal bool, remainder string) string {
	sign := ""
	switch {
	case neg:
		sign = "-"
	case sp.sign == '+':
		sign = "+"
	case sp.sign == ' ':
		sign = " "
	}
	nDecimal := 0
	if hasDecimal {
		nDecimal = 1
	}
	nonDigit := len(sign) + len(prefix) + nDecimal + runeCount(remainder)
	minWidth := 0
	if sp.fill == '0' && sp.align == '=' {
		minWidth = sp.width - nonDigit
	}
	grouped := ""
	if digits != "" {
		sep, group := "", 0
		if sp.sep != 0 {
			sep, group = string(sp.sep), sp.group
		}
		grouped = groupDigits(digits, minWidth, sep, group)
	}
	var lpad, spad, rpad int
	if n := sp.width - nonDigit - len(grouped); n > 0 {
		switch sp.align {
		case '<':
			rpad = n
		case '^':
			lpad = n / 2
			rpad = n - lpad
		case '=':
			spad = n
		default:
			lpad = n
		}
	}
	var b strings.Builder
	writeFill(&b, sp.fill, lpad)
	b.WriteString(sign)
	b.WriteString(prefix)
	writeFill(&b, sp.fill, spad)
	b.WriteString(grouped)
	if hasDecimal {
		b.WriteByte('.')
	}
	b.WriteString(remainder)
	writeFill(&b, sp.fill, rpad)
	return b.String()
}

// groupDigits inserts sep every group digits from the right (no grouping
// if group is 0) and pads with zeros to at least minWidth characters, as
// CPython's _PyUnicode_InsertThousandsGrouping does.
func groupDigits(digits string, minWidth int, sep string, group int) string {
	var pieces []string // right to left
	remaining := len(digits)
	end := len(digits)
	useSep := false
	emit := func(l int) {
		nZeros := max(0, l-remaining)
		nChars := max(0, min(remaining, l))
		p := strings.Repeat("0", nZeros) + digits[end-nChars:end]
		if useSep {
			p += sep
		}
		pieces = append(pieces, p)
		end -= nChars
		remaining -= nChars
	}
	done := false
	if group > 0 {
		for {
			l := min(group, max(remaining, minWidth, 1))
			emit(l)
			useSep = true
			minWidth -= l
			if remaining <= 0 && minWidth <= 0 {
				done = true
				break
			}
			minWidth -= len(sep)
		}
	}
	if !done {
		emit(max(remaining, minWidth, 1))
	}
	var b strings.Builder
	for i := len(pieces) - 1; i >= 0; i-- {
		b.WriteString(pieces[i])
	}
	return b.String()
}
