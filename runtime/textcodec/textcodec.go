// Package textcodec is Python's text codecs procstar has (UTF-8, Latin-1,
// ASCII, UTF-16, UTF-32, utf-8-sig and cp1252, by any of Python's names for
// them), with CPython's error handlers and messages: subprocess's text
// mode, bytes.decode and str.encode use it.
package textcodec

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/procstar/procstar/runtime/pyerr"
)

// A Starlark string is bytes,
// UTF-8 by convention; where Python would hold a lone surrogate (a byte
// that surrogateescape kept), the string holds that byte itself, so that
// writing it back with surrogateescape gives the byte again, as in Python.

// Codec is one encoding: limit is the first code point it cannot encode
// (0: all, UTF-8).
type Codec struct {
	name  string // Python's canonical name, as its messages show it
	limit rune
	kind  kind // the codecs of more.go
	big   bool // UTF-16 or UTF-32 big-endian
	bom   bool // utf-16 or utf-32: a BOM gives the byte order
}

// The codecs.
var (
	UTF8   = &Codec{name: "utf-8"}
	Latin1 = &Codec{name: "latin-1", limit: 0x100}
	ASCII  = &Codec{name: "ascii", limit: 0x80}
)

// Name is the codec's name as Python's messages show it.
func (c *Codec) Name() string { return c.name }

// Lookup is the codec named name, as Python's codecs.lookup spells
// its names and aliases, or LookupError.
func Lookup(name string) (*Codec, error) {
	norm := normalize(name)
	switch norm {
	case "utf_8", "utf8", "u8", "utf", "utf8_ucs2", "utf8_ucs4", "cp65001":
		return UTF8, nil
	case "latin_1", "latin1", "latin", "l1", "iso_8859_1", "iso8859_1", "8859", "cp819", "ibm819",
		"iso_ir_100", "csisolatin1", "iso_8859_1_1987":
		return Latin1, nil
	case "ascii", "us_ascii", "us", "646", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986",
		"cp367", "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6":
		return ASCII, nil
	}
	if c := lookupMore(norm); c != nil {
		return c, nil
	}
	return nil, pyerr.New("LookupError", "unknown encoding: %s", name)
}

// normalize is encodings.normalize_encoding, lower-cased: runs of other
// characters than letters, digits and "." are one "_".
func normalize(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.') {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
		} else {
			sep = true
		}
	}
	return b.String()
}

// handler checks an error handler's name when an error needs it (Python
// looks it up lazily too: b"abc".decode("utf-8", "nope") is "abc").
func handler(errors string, decoding bool) error {
	switch errors {
	case "strict", "replace", "ignore", "surrogateescape", "backslashreplace":
		return nil
	case "xmlcharrefreplace", "namereplace":
		if decoding {
			return pyerr.New(pyerr.TypeError, "don't know how to handle UnicodeDecodeError in error callback")
		}
		if errors == "xmlcharrefreplace" {
			return nil
		}
	}
	return pyerr.New("LookupError", "unknown error handler name '%s'", errors)
}

// utf8Error is the invalid UTF-8 at the start of b: how many bytes Python's
// decoder takes as one error (the maximal subpart of a sequence) and why.
func utf8Error(b []byte) (n int, reason string) {
	b0 := b[0]
	lo, hi, need := byte(0x80), byte(0xBF), 0
	switch {
	case b0 >= 0xC2 && b0 <= 0xDF:
		need = 1
	case b0 == 0xE0:
		lo, need = 0xA0, 2
	case b0 == 0xED:
		hi, need = 0x9F, 2
	case b0 >= 0xE1 && b0 <= 0xEF:
		need = 2
	case b0 == 0xF0:
		lo, need = 0x90, 3
	case b0 >= 0xF1 && b0 <= 0xF3:
		need = 3
	case b0 == 0xF4:
		hi, need = 0x8F, 3
	default:
		return 1, "invalid start byte"
	}
	n = 1
	for ; n <= need; n++ {
		if n >= len(b) {
			return n, "unexpected end of data"
		}
		if b[n] < lo || b[n] > hi {
			return n, "invalid continuation byte"
		}
		lo, hi = 0x80, 0xBF
	}
	return n, "" // valid: not reached for what utf8.DecodeRune rejects
}

// Decode is b decoded (b itself when it needs no change), with errors the
// handler of bytes it cannot decode.
func (c *Codec) Decode(b []byte, errors string) ([]byte, error) {
	if c.kind != kindSingle {
		return c.decodeMore(b, errors)
	}
	i := 0
	switch c {
	case UTF8:
		if utf8.Valid(b) {
			return b, nil
		}
	case ASCII:
		for i < len(b) && b[i] < 0x80 {
			i++
		}
		if i == len(b) {
			return b, nil
		}
	}
	out := append(make([]byte, 0, len(b)+len(b)/2), b[:i]...)
	for i < len(b) {
		x := b[i]
		if x < 0x80 {
			out = append(out, x)
			i++
			continue
		}
		if c == Latin1 {
			out = utf8.AppendRune(out, rune(x))
			i++
			continue
		}
		n, reason := 1, "ordinal not in range(128)"
		if c == UTF8 {
			if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size > 1 {
				out = append(out, b[i:i+size]...)
				i += size
				continue
			}
			n, reason = utf8Error(b[i:])
		}
		if err := handler(errors, true); err != nil {
			return nil, err
		}
		switch errors {
		case "strict":
			if n == 1 {
				return nil, pyerr.New("UnicodeDecodeError", "'%s' codec can't decode byte 0x%02x in position %d: %s", c.name, x, i, reason)
			}
			return nil, pyerr.New("UnicodeDecodeError", "'%s' codec can't decode bytes in position %d-%d: %s", c.name, i, i+n-1, reason)
		case "replace":
			out = append(out, "\uFFFD"...)
		case "surrogateescape":
			out = append(out, b[i:i+n]...) // the bytes stand for their surrogates
		case "backslashreplace":
			for _, y := range b[i : i+n] {
				out = fmt.Appendf(out, "\\x%02x", y)
			}
		}
		i += n
	}
	return out, nil
}

// Encode is s encoded, with errors the handler of characters the codec
// cannot encode: a byte of s that is not UTF-8 is the surrogate
// surrogateescape made of it.
func (c *Codec) Encode(s string, errors string) ([]byte, error) {
	if c.kind != kindSingle {
		return c.encodeMore(s, errors)
	}
	if c == UTF8 && utf8.ValidString(s) {
		return []byte(s), nil
	}
	out := make([]byte, 0, len(s))
	pos := 0 // in code points, as Python counts
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		escaped := r == utf8.RuneError && size == 1
		if escaped {
			r = 0xDC00 + rune(s[i])
		}
		if !escaped && (c.limit == 0 || r < c.limit) {
			if c == UTF8 || r < 0x80 {
				out = append(out, s[i:i+size]...)
			} else {
				out = append(out, byte(r))
			}
			i += size
			pos++
			continue
		}
		if err := handler(errors, false); err != nil {
			return nil, err
		}
		switch errors {
		case "surrogateescape":
			if escaped {
				out = append(out, s[i])
				break
			}
			// CPython's error spans the rest of the run, as strict's.
			fallthrough
		case "strict":
			// Python's error spans the run of characters it cannot encode.
			end, j := pos+1, i+size
			for j < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[j:])
				if !(r2 == utf8.RuneError && size2 == 1) && (c.limit == 0 || r2 < c.limit) {
					break
				}
				j += size2
				end++
			}
			reason := fmt.Sprintf("ordinal not in range(%d)", c.limit)
			if c == UTF8 {
				reason = "surrogates not allowed"
			}
			if end-pos == 1 {
				return nil, pyerr.New("UnicodeEncodeError", "'%s' codec can't encode character '%s' in position %d: %s", c.name, charEscape(r), pos, reason)
			}
			return nil, pyerr.New("UnicodeEncodeError", "'%s' codec can't encode characters in position %d-%d: %s", c.name, pos, end-1, reason)
		case "replace":
			out = append(out, '?')
		case "backslashreplace":
			out = append(out, charEscape(r)...)
		case "xmlcharrefreplace":
			out = fmt.Appendf(out, "&#%d;", r)
		}
		i += size
		pos++
	}
	return out, nil
}

// charEscape is how Python's messages show a character: \xNN, \uNNNN or
// \UNNNNNNNN.
func charEscape(r rune) string {
	switch {
	case r < 0x100:
		return fmt.Sprintf("\\x%02x", r)
	case r < 0x10000:
		return fmt.Sprintf("\\u%04x", r)
	}
	return fmt.Sprintf("\\U%08x", r)
}
