package pyerr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// pyQuote is Python's repr of the string s: single quotes unless s holds a
// single quote and no double one, and escapes for what is not printable.
func pyQuote(s string) string {
	var b strings.Builder
	writeQuoted(&b, s, false)
	return b.String()
}

// QuoteStr is Python's repr of a str.
func QuoteStr(s string) string { return pyQuote(s) }

// QuoteBytes is Python's repr of a bytes value (b'..').
func QuoteBytes(s string) string {
	var b strings.Builder
	writeQuoted(&b, s, true)
	return b.String()
}

func writeQuoted(b *strings.Builder, s string, bytes bool) {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	if bytes {
		b.WriteByte('b')
	}
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if bytes {
			r, size = rune(s[i]), 1
		}
		i += size
		switch {
		case r == '\\' || r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case bytes && (r < 0x20 || r >= 0x7f), r == utf8.RuneError && size == 1:
			fmt.Fprintf(b, `\x%02x`, s[i-1])
		case r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			fmt.Fprintf(b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
}

// pyRepr turns the text go.starlark.net writes for a value (a dict's key:
// "k", (1, "a"), 1e+16, +inf) into Python's repr of it ('k', (1, 'a'),
// 1e+16, inf): its string and bytes literals and its floats.
func pyRepr(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == 'b' && i+1 < len(s) && s[i+1] == '"' && (i == 0 || !isWordByte(s[i-1])):
			bytes := c == 'b'
			start := i
			if bytes {
				i++
			}
			end := literalEnd(s, i)
			if end < 0 {
				b.WriteString(s[start:])
				return b.String()
			}
			text, err := strconv.Unquote(s[i:end])
			if err != nil {
				b.WriteString(s[start:end])
			} else {
				writeQuoted(&b, text, bytes)
			}
			i = end
		case (c >= '0' && c <= '9' || c == '+' || c == '-') && (i == 0 || !isWordByte(s[i-1])):
			j := i + 1
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.' || (s[j] == '+' || s[j] == '-') && (s[j-1] == 'e')) {
				j++
			}
			b.WriteString(floatRepr(s[i:j]))
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// literalEnd is the index just past the string literal that starts with
// the double quote at s[i], or -1.
func literalEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// floatRepr is Python's repr of the float Starlark wrote as tok (1.5,
// 1.234567e+06, +inf), or tok itself if it is no float (an int, a name).
func floatRepr(tok string) string {
	switch tok {
	case "+inf":
		return "inf"
	case "-inf", "nan":
		return tok
	}
	if !strings.ContainsAny(tok, ".e") || strings.ContainsAny(tok, "xXoObB_") {
		return tok
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil {
		return tok
	}
	// Python writes a float in positional notation when its decimal
	// exponent is in [-4, 16), and so shortest digits.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	p := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(p, ".") {
		p += ".0"
	}
	return p
}

// Repr is Python's repr of v, as far as messages need it: a key in a
// KeyError's message ('k', (1, 'a'), 1e+16).
func Repr(v starlark.Value) string { return pyRepr(v.String()) }
