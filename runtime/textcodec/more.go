package textcodec

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/procstar/procstar/runtime/pyerr"
)

// The codecs beyond UTF-8, Latin-1 and ASCII: CPython's UTF-16 and UTF-32
// (utf-16 and utf-32 read a BOM for the byte order, little-endian without
// one, and write one, little-endian, as CPython does on every machine
// procstar runs on), utf-8-sig and cp1252, with CPython's messages.
var (
	utf16Codec   = &Codec{name: "utf-16", kind: kindUTF16, bom: true}
	utf16LE      = &Codec{name: "utf-16-le", kind: kindUTF16}
	utf16BE      = &Codec{name: "utf-16-be", kind: kindUTF16, big: true}
	utf32Codec   = &Codec{name: "utf-32", kind: kindUTF32, bom: true}
	utf32LE      = &Codec{name: "utf-32-le", kind: kindUTF32}
	utf32BE      = &Codec{name: "utf-32-be", kind: kindUTF32, big: true}
	utf8Sig      = &Codec{name: "utf-8-sig", kind: kindUTF8Sig}
	cp1252Codec  = &Codec{name: "cp1252", kind: kindCP1252}
	cp1252Layout = [32]rune{ // bytes 0x80-0x9F; the others are Latin-1
		0x20AC, 0xFFFE, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFE, 0x017D, 0xFFFE,
		0xFFFE, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFE, 0x017E, 0x0178,
	}
)

const (
	utf8BOM     = "\xef\xbb\xbf"
	cp1252Undef = rune(0xFFFE) // in cp1252Layout: a byte cp1252 leaves undefined
)

// kind is how a codec works.
type kind uint8

const (
	kindSingle  kind = iota // UTF-8, Latin-1, ASCII (textcodec.go)
	kindUTF16               // 2-byte units, surrogate pairs
	kindUTF32               // 4-byte code points
	kindUTF8Sig             // UTF-8 after an optional BOM
	kindCP1252              // a byte each, through cp1252Layout
)

// lookupMore is the codec of a normalized name beyond UTF-8, Latin-1 and
// ASCII (the names and aliases of CPython's encodings package), or nil.
func lookupMore(norm string) *Codec {
	switch norm {
	case "utf_16", "utf16", "u16":
		return utf16Codec
	case "utf_16_le", "utf_16le", "unicodelittleunmarked":
		return utf16LE
	case "utf_16_be", "utf_16be", "unicodebigunmarked":
		return utf16BE
	case "utf_32", "utf32", "u32":
		return utf32Codec
	case "utf_32_le", "utf_32le":
		return utf32LE
	case "utf_32_be", "utf_32be":
		return utf32BE
	case "utf_8_sig":
		return utf8Sig
	case "cp1252", "windows_1252", "1252":
		return cp1252Codec
	}
	return nil
}

// Stream reports whether a text stream (a file, a pipe, a log) can use the
// codec a piece at a time as procstar's streams do: one that has a byte
// per character or is UTF-8, and no BOM.
func (c *Codec) Stream() bool { return c.kind == kindSingle || c.kind == kindCP1252 }

// LookupStream is Lookup for a text stream: a codec that is not Stream is
// a LookupError (procstar's files and pipes read lines and characters byte
// by byte, and would write a BOM with every write), which says to decode
// the bytes instead.
func LookupStream(name string) (*Codec, error) {
	c, err := Lookup(name)
	if err == nil && !c.Stream() {
		return nil, pyerr.New("LookupError", "encoding %s is not supported for text files and pipes "+
			"(read and write bytes, and decode or encode them)", name)
	}
	return c, err
}

// decodeFailed applies errors to the bytes b[i:i+n] that the codec named
// name cannot decode, for reason: out grows by their replacement, and next
// is where decoding goes on. surrogateescape escapes the leading bytes of
// 0x80 and above and goes on after them, and fails if there are none, as
// CPython's handler does.
func decodeFailed(out, b []byte, i, n int, name, reason, errors string) (_ []byte, next int, err error) {
	if err := handler(errors, true); err != nil {
		return nil, 0, err
	}
	switch errors {
	case "ignore":
	case "replace":
		out = append(out, "\uFFFD"...)
	case "backslashreplace":
		for _, y := range b[i : i+n] {
			out = fmt.Appendf(out, "\\x%02x", y)
		}
	case "surrogateescape":
		k := 0
		for k < n && b[i+k] >= 0x80 {
			k++
		}
		if k > 0 {
			// The bytes stand for their surrogates.
			return append(out, b[i:i+k]...), i + k, nil
		}
		fallthrough
	default: // strict
		if n == 1 {
			return nil, 0, pyerr.New("UnicodeDecodeError", "'%s' codec can't decode byte 0x%02x in position %d: %s", name, b[i], i, reason)
		}
		return nil, 0, pyerr.New("UnicodeDecodeError", "'%s' codec can't decode bytes in position %d-%d: %s", name, i, i+n-1, reason)
	}
	return out, i + n, nil
}

// decodeMore is Decode for the codecs of this file.
func (c *Codec) decodeMore(b []byte, errors string) ([]byte, error) {
	switch c.kind {
	case kindUTF8Sig:
		// Positions in its errors count from after the BOM, as CPython's.
		if len(b) >= 3 && string(b[:3]) == utf8BOM {
			b = b[3:]
		}
		return UTF8.Decode(b, errors)
	case kindCP1252:
		out := make([]byte, 0, len(b)+len(b)/2)
		for i := 0; i < len(b); {
			x := b[i]
			r := rune(x)
			if x >= 0x80 && x < 0xA0 {
				r = cp1252Layout[x-0x80]
			}
			if r == cp1252Undef {
				var err error
				if out, i, err = decodeFailed(out, b, i, 1, "charmap", "character maps to <undefined>", errors); err != nil {
					return nil, err
				}
				continue
			}
			out = utf8.AppendRune(out, r)
			i++
		}
		return out, nil
	}
	width := 2
	if c.kind == kindUTF32 {
		width = 4
	}
	big, name, i := c.big, c.name, 0
	if c.bom {
		// A BOM picks the byte order and is not part of the text;
		// without one it is little-endian. Errors name the codec of
		// that order.
		switch {
		case width == 2 && len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF,
			width == 4 && len(b) >= 4 && string(b[:4]) == "\x00\x00\xfe\xff":
			big, i = true, width
		case width == 2 && len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE,
			width == 4 && len(b) >= 4 && string(b[:4]) == "\xff\xfe\x00\x00":
			i = width
		}
		name += "-le"
		if big {
			name = name[:len(name)-3] + "-be"
		}
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if big {
		order = binary.BigEndian
	}
	out := make([]byte, 0, len(b))
	for i < len(b) {
		n, reason := 0, ""
		switch {
		case len(b)-i < width:
			n, reason = len(b)-i, "truncated data"
		case width == 4:
			r := order.Uint32(b[i:])
			switch {
			case r > utf8.MaxRune:
				n, reason = 4, "code point not in range(0x110000)"
			case r >= 0xD800 && r < 0xE000:
				n, reason = 4, "code point in surrogate code point range(0xd800, 0xe000)"
			default:
				out = utf8.AppendRune(out, rune(r))
				i += 4
				continue
			}
		default:
			u := rune(order.Uint16(b[i:]))
			switch {
			case u < 0xD800 || u >= 0xE000:
				out = utf8.AppendRune(out, u)
				i += 2
				continue
			case u >= 0xDC00:
				n, reason = 2, "illegal encoding"
			case len(b)-i < 4:
				n, reason = len(b)-i, "unexpected end of data"
			default:
				u2 := rune(order.Uint16(b[i+2:]))
				if u2 < 0xDC00 || u2 >= 0xE000 {
					n, reason = 2, "illegal UTF-16 surrogate"
					break
				}
				out = utf8.AppendRune(out, utf16.DecodeRune(u, u2))
				i += 4
				continue
			}
		}
		var err error
		if out, i, err = decodeFailed(out, b, i, n, name, reason, errors); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// encodeMore is Encode for the codecs of this file.
func (c *Codec) encodeMore(s string, errors string) ([]byte, error) {
	switch c.kind {
	case kindUTF8Sig:
		out, err := UTF8.Encode(s, errors)
		if err != nil {
			return nil, err
		}
		return append([]byte(utf8BOM), out...), nil
	case kindCP1252:
		return c.encodeBytes(s, errors, "charmap", "character maps to <undefined>", func(r rune) (byte, bool) {
			if r < 0x80 || r >= 0xA0 && r < 0x100 {
				return byte(r), true
			}
			for k, m := range cp1252Layout {
				if m == r && r != cp1252Undef {
					return byte(0x80 + k), true
				}
			}
			return 0, false
		})
	}
	var order binary.AppendByteOrder = binary.LittleEndian
	if c.big {
		order = binary.BigEndian
	}
	var out []byte
	put := func(r rune) {
		switch {
		case c.kind == kindUTF32:
			out = order.AppendUint32(out, uint32(r))
		case r >= 0x10000:
			r1, r2 := utf16.EncodeRune(r)
			out = order.AppendUint16(order.AppendUint16(out, uint16(r1)), uint16(r2))
		default:
			out = order.AppendUint16(out, uint16(r))
		}
	}
	if c.bom {
		put(0xFEFF)
	}
	pos := 0 // in code points, as Python counts
	for i := 0; i < len(s); pos++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !(r == utf8.RuneError && size == 1) {
			put(r)
			continue
		}
		// A byte that is not UTF-8 is a lone surrogate (see textcodec.go),
		// which UTF-16 and UTF-32 cannot hold, surrogateescape or not.
		r = 0xDC00 + rune(s[i-1])
		if err := handler(errors, false); err != nil {
			return nil, err
		}
		switch errors {
		case "ignore":
		case "replace":
			put('?')
		case "backslashreplace", "xmlcharrefreplace":
			text := charEscape(r)
			if errors == "xmlcharrefreplace" {
				text = fmt.Sprintf("&#%d;", r)
			}
			for _, x := range text {
				put(x)
			}
		default:
			return nil, pyerr.New("UnicodeEncodeError", "'%s' codec can't encode character '%s' in position %d: surrogates not allowed", c.name, charEscape(r), pos)
		}
	}
	return out, nil
}

// encodeBytes encodes s a byte per character, with byteOf the byte of a
// character, errors the handler of the others, and name and reason as
// CPython's charmap codec shows them. Its errors span the run of
// characters it cannot encode, as CPython's; surrogateescape takes a run
// only if the whole run is escaped bytes.
func (c *Codec) encodeBytes(s, errors, name, reason string, byteOf func(rune) (byte, bool)) ([]byte, error) {
	// at is the character at s[i:] (a byte that is not UTF-8 escaped),
	// its size, and whether it is such a byte.
	at := func(i int) (rune, int, bool) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return 0xDC00 + rune(s[i]), 1, true
		}
		return r, size, false
	}
	out := make([]byte, 0, len(s))
	pos := 0 // in code points, as Python counts
	for i := 0; i < len(s); {
		r, size, escaped := at(i)
		if x, ok := byteOf(r); ok && !escaped {
			out = append(out, x)
			i += size
			pos++
			continue
		}
		if err := handler(errors, false); err != nil {
			return nil, err
		}
		// The run of characters it cannot encode: s[i:j], pos to end.
		j, end, allEscaped := i, pos, true
		for j < len(s) {
			r2, size2, escaped2 := at(j)
			if _, ok := byteOf(r2); ok && !escaped2 {
				break
			}
			allEscaped = allEscaped && escaped2
			j += size2
			end++
		}
		if errors == "surrogateescape" && allEscaped {
			out = append(out, s[i:j]...) // the bytes the surrogates stand for
			i, pos = j, end
			continue
		}
		if errors == "strict" || errors == "surrogateescape" {
			if end-pos == 1 {
				return nil, pyerr.New("UnicodeEncodeError", "'%s' codec can't encode character '%s' in position %d: %s", name, charEscape(r), pos, reason)
			}
			return nil, pyerr.New("UnicodeEncodeError", "'%s' codec can't encode characters in position %d-%d: %s", name, pos, end-1, reason)
		}
		for ; i < j; pos++ {
			r, size, _ := at(i)
			i += size
			switch errors {
			case "replace":
				out = append(out, '?')
			case "backslashreplace":
				out = append(out, charEscape(r)...)
			case "xmlcharrefreplace":
				out = fmt.Appendf(out, "&#%d;", r)
			}
		}
	}
	return out, nil
}

// CodecFailed is err as bytes.decode or str.encode give it with the
// encoding named name: CPython decodes and encodes in C by the names of
// UTF-8, UTF-16, UTF-32, Latin-1 and ASCII it knows there; by any other
// name the codecs registry runs the codec, and wraps the LookupError of an
// unknown error handler in one that names the codec as given.
func CodecFailed(name string, decoding bool, err error) error {
	e, ok := err.(*pyerr.Error)
	if !ok || e.Type != "LookupError" || !strings.HasPrefix(e.Message, "unknown error handler name") {
		return err
	}
	switch normalize(name) {
	case "utf_8", "utf8", "utf_16", "utf16", "utf_32", "utf32", "latin1", "latin_1", "iso_8859_1", "iso8859_1", "ascii", "us_ascii":
		return err
	}
	verb := "encoding"
	if decoding {
		verb = "decoding"
	}
	return pyerr.New("LookupError", "%s with '%s' codec failed (LookupError: %s)", verb, name, e.Message)
}
