package pymethods

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// Python's str case methods. Go's unicode tables give each code point's
// simple case mapping (UnicodeData.txt); Python maps with the full ones
// (SpecialCasing.txt's unconditional mappings, "ß".upper() is "SS"),
// lowers a capital sigma by its context, folds with CaseFolding.txt's full
// foldings and tells cased letters by the Uppercase and Lowercase
// properties, not only by the Lu and Ll categories. The tables below are
// what CPython gives where Go's mapping differs (generated from CPython
// 3.11's str methods over every code point; testdata/pydiff/str_case
// compares all of them). Go's unicode is Unicode 15 (CPython 3.12's),
// CPython 3.11's is 14: they differ only on the characters Unicode 15 added
// and on the lower case of U+10FC, U+A7F2-A7F4 and U+AB69, as CPython 3.12.
//
// The tables are array literals of constants, laid out by the compiler:
// nothing runs at start-up. An ASCII string takes the fast paths of
// strings.ToUpper and ToLower, or a loop over its bytes.

// special is a code point's full case mapping, where Go's simple mapping
// of it is not Python's.
type special struct {
	r rune
	s string
}

// lookup is r's mapping in table (sorted by r), if any.
func lookup(table []special, r rune) (string, bool) {
	lo, hi := 0, len(table)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case table[m].r < r:
			lo = m + 1
		case table[m].r > r:
			hi = m
		default:
			return table[m].s, true
		}
	}
	return "", false
}

// The code points whose upper and title case are more than one code point
// (SpecialCasing.txt): the simple mapping of the others is Python's.
var specialUpper = [...]special{
	{0xDF, "SS"}, {0x149, "\u02BCN"}, {0x1F0, "J\u030C"}, {0x390, "\u0399\u0308\u0301"},
	{0x3B0, "\u03A5\u0308\u0301"}, {0x587, "\u0535\u0552"}, {0x1E96, "H\u0331"}, {0x1E97, "T\u0308"},
	{0x1E98, "W\u030A"}, {0x1E99, "Y\u030A"}, {0x1E9A, "A\u02BE"}, {0x1F50, "\u03A5\u0313"},
	{0x1F52, "\u03A5\u0313\u0300"}, {0x1F54, "\u03A5\u0313\u0301"}, {0x1F56, "\u03A5\u0313\u0342"},
	{0x1F80, "\u1F08\u0399"}, {0x1F81, "\u1F09\u0399"}, {0x1F82, "\u1F0A\u0399"}, {0x1F83, "\u1F0B\u0399"},
	{0x1F84, "\u1F0C\u0399"}, {0x1F85, "\u1F0D\u0399"}, {0x1F86, "\u1F0E\u0399"}, {0x1F87, "\u1F0F\u0399"},
	{0x1F88, "\u1F08\u0399"}, {0x1F89, "\u1F09\u0399"}, {0x1F8A, "\u1F0A\u0399"}, {0x1F8B, "\u1F0B\u0399"},
	{0x1F8C, "\u1F0C\u0399"}, {0x1F8D, "\u1F0D\u0399"}, {0x1F8E, "\u1F0E\u0399"}, {0x1F8F, "\u1F0F\u0399"},
	{0x1F90, "\u1F28\u0399"}, {0x1F91, "\u1F29\u0399"}, {0x1F92, "\u1F2A\u0399"}, {0x1F93, "\u1F2B\u0399"},
	{0x1F94, "\u1F2C\u0399"}, {0x1F95, "\u1F2D\u0399"}, {0x1F96, "\u1F2E\u0399"}, {0x1F97, "\u1F2F\u0399"},
	{0x1F98, "\u1F28\u0399"}, {0x1F99, "\u1F29\u0399"}, {0x1F9A, "\u1F2A\u0399"}, {0x1F9B, "\u1F2B\u0399"},
	{0x1F9C, "\u1F2C\u0399"}, {0x1F9D, "\u1F2D\u0399"}, {0x1F9E, "\u1F2E\u0399"}, {0x1F9F, "\u1F2F\u0399"},
	{0x1FA0, "\u1F68\u0399"}, {0x1FA1, "\u1F69\u0399"}, {0x1FA2, "\u1F6A\u0399"}, {0x1FA3, "\u1F6B\u0399"},
	{0x1FA4, "\u1F6C\u0399"}, {0x1FA5, "\u1F6D\u0399"}, {0x1FA6, "\u1F6E\u0399"}, {0x1FA7, "\u1F6F\u0399"},
	{0x1FA8, "\u1F68\u0399"}, {0x1FA9, "\u1F69\u0399"}, {0x1FAA, "\u1F6A\u0399"}, {0x1FAB, "\u1F6B\u0399"},
	{0x1FAC, "\u1F6C\u0399"}, {0x1FAD, "\u1F6D\u0399"}, {0x1FAE, "\u1F6E\u0399"}, {0x1FAF, "\u1F6F\u0399"},
	{0x1FB2, "\u1FBA\u0399"}, {0x1FB3, "\u0391\u0399"}, {0x1FB4, "\u0386\u0399"}, {0x1FB6, "\u0391\u0342"},
	{0x1FB7, "\u0391\u0342\u0399"}, {0x1FBC, "\u0391\u0399"}, {0x1FC2, "\u1FCA\u0399"},
	{0x1FC3, "\u0397\u0399"}, {0x1FC4, "\u0389\u0399"}, {0x1FC6, "\u0397\u0342"},
	{0x1FC7, "\u0397\u0342\u0399"}, {0x1FCC, "\u0397\u0399"}, {0x1FD2, "\u0399\u0308\u0300"},
	{0x1FD3, "\u0399\u0308\u0301"}, {0x1FD6, "\u0399\u0342"}, {0x1FD7, "\u0399\u0308\u0342"},
	{0x1FE2, "\u03A5\u0308\u0300"}, {0x1FE3, "\u03A5\u0308\u0301"}, {0x1FE4, "\u03A1\u0313"},
	{0x1FE6, "\u03A5\u0342"}, {0x1FE7, "\u03A5\u0308\u0342"}, {0x1FF2, "\u1FFA\u0399"},
	{0x1FF3, "\u03A9\u0399"}, {0x1FF4, "\u038F\u0399"}, {0x1FF6, "\u03A9\u0342"},
	{0x1FF7, "\u03A9\u0342\u0399"}, {0x1FFC, "\u03A9\u0399"}, {0xFB00, "FF"}, {0xFB01, "FI"}, {0xFB02, "FL"},
	{0xFB03, "FFI"}, {0xFB04, "FFL"}, {0xFB05, "ST"}, {0xFB06, "ST"}, {0xFB13, "\u0544\u0546"},
	{0xFB14, "\u0544\u0535"}, {0xFB15, "\u0544\u053B"}, {0xFB16, "\u054E\u0546"}, {0xFB17, "\u0544\u053D"},
}

var specialTitle = [...]special{
	{0xDF, "Ss"}, {0x149, "\u02BCN"}, {0x1F0, "J\u030C"}, {0x390, "\u0399\u0308\u0301"},
	{0x3B0, "\u03A5\u0308\u0301"}, {0x587, "\u0535\u0582"}, {0x1E96, "H\u0331"}, {0x1E97, "T\u0308"},
	{0x1E98, "W\u030A"}, {0x1E99, "Y\u030A"}, {0x1E9A, "A\u02BE"}, {0x1F50, "\u03A5\u0313"},
	{0x1F52, "\u03A5\u0313\u0300"}, {0x1F54, "\u03A5\u0313\u0301"}, {0x1F56, "\u03A5\u0313\u0342"},
	{0x1FB2, "\u1FBA\u0345"}, {0x1FB4, "\u0386\u0345"}, {0x1FB6, "\u0391\u0342"},
	{0x1FB7, "\u0391\u0342\u0345"}, {0x1FC2, "\u1FCA\u0345"}, {0x1FC4, "\u0389\u0345"},
	{0x1FC6, "\u0397\u0342"}, {0x1FC7, "\u0397\u0342\u0345"}, {0x1FD2, "\u0399\u0308\u0300"},
	{0x1FD3, "\u0399\u0308\u0301"}, {0x1FD6, "\u0399\u0342"}, {0x1FD7, "\u0399\u0308\u0342"},
	{0x1FE2, "\u03A5\u0308\u0300"}, {0x1FE3, "\u03A5\u0308\u0301"}, {0x1FE4, "\u03A1\u0313"},
	{0x1FE6, "\u03A5\u0342"}, {0x1FE7, "\u03A5\u0308\u0342"}, {0x1FF2, "\u1FFA\u0345"},
	{0x1FF4, "\u038F\u0345"}, {0x1FF6, "\u03A9\u0342"}, {0x1FF7, "\u03A9\u0342\u0345"}, {0xFB00, "Ff"},
	{0xFB01, "Fi"}, {0xFB02, "Fl"}, {0xFB03, "Ffi"}, {0xFB04, "Ffl"}, {0xFB05, "St"}, {0xFB06, "St"},
	{0xFB13, "\u0544\u0576"}, {0xFB14, "\u0544\u0565"}, {0xFB15, "\u0544\u056B"}, {0xFB16, "\u054E\u0576"},
	{0xFB17, "\u0544\u056D"},
}

// specialFold is CaseFolding.txt's full foldings (statuses C and F) where
// they are not the code point's lower case, except Cherokee's (foldCase).
var specialFold = [...]special{
	{0xB5, "\u03BC"}, {0xDF, "ss"}, {0x149, "\u02BCn"}, {0x17F, "s"}, {0x1F0, "j\u030C"}, {0x345, "\u03B9"},
	{0x390, "\u03B9\u0308\u0301"}, {0x3B0, "\u03C5\u0308\u0301"}, {0x3C2, "\u03C3"}, {0x3D0, "\u03B2"},
	{0x3D1, "\u03B8"}, {0x3D5, "\u03C6"}, {0x3D6, "\u03C0"}, {0x3F0, "\u03BA"}, {0x3F1, "\u03C1"},
	{0x3F5, "\u03B5"}, {0x587, "\u0565\u0582"}, {0x1C80, "\u0432"}, {0x1C81, "\u0434"}, {0x1C82, "\u043E"},
	{0x1C83, "\u0441"}, {0x1C84, "\u0442"}, {0x1C85, "\u0442"}, {0x1C86, "\u044A"}, {0x1C87, "\u0463"},
	{0x1C88, "\uA64B"}, {0x1E96, "h\u0331"}, {0x1E97, "t\u0308"}, {0x1E98, "w\u030A"}, {0x1E99, "y\u030A"},
	{0x1E9A, "a\u02BE"}, {0x1E9B, "\u1E61"}, {0x1E9E, "ss"}, {0x1F50, "\u03C5\u0313"},
	{0x1F52, "\u03C5\u0313\u0300"}, {0x1F54, "\u03C5\u0313\u0301"}, {0x1F56, "\u03C5\u0313\u0342"},
	{0x1F80, "\u1F00\u03B9"}, {0x1F81, "\u1F01\u03B9"}, {0x1F82, "\u1F02\u03B9"}, {0x1F83, "\u1F03\u03B9"},
	{0x1F84, "\u1F04\u03B9"}, {0x1F85, "\u1F05\u03B9"}, {0x1F86, "\u1F06\u03B9"}, {0x1F87, "\u1F07\u03B9"},
	{0x1F88, "\u1F00\u03B9"}, {0x1F89, "\u1F01\u03B9"}, {0x1F8A, "\u1F02\u03B9"}, {0x1F8B, "\u1F03\u03B9"},
	{0x1F8C, "\u1F04\u03B9"}, {0x1F8D, "\u1F05\u03B9"}, {0x1F8E, "\u1F06\u03B9"}, {0x1F8F, "\u1F07\u03B9"},
	{0x1F90, "\u1F20\u03B9"}, {0x1F91, "\u1F21\u03B9"}, {0x1F92, "\u1F22\u03B9"}, {0x1F93, "\u1F23\u03B9"},
	{0x1F94, "\u1F24\u03B9"}, {0x1F95, "\u1F25\u03B9"}, {0x1F96, "\u1F26\u03B9"}, {0x1F97, "\u1F27\u03B9"},
	{0x1F98, "\u1F20\u03B9"}, {0x1F99, "\u1F21\u03B9"}, {0x1F9A, "\u1F22\u03B9"}, {0x1F9B, "\u1F23\u03B9"},
	{0x1F9C, "\u1F24\u03B9"}, {0x1F9D, "\u1F25\u03B9"}, {0x1F9E, "\u1F26\u03B9"}, {0x1F9F, "\u1F27\u03B9"},
	{0x1FA0, "\u1F60\u03B9"}, {0x1FA1, "\u1F61\u03B9"}, {0x1FA2, "\u1F62\u03B9"}, {0x1FA3, "\u1F63\u03B9"},
	{0x1FA4, "\u1F64\u03B9"}, {0x1FA5, "\u1F65\u03B9"}, {0x1FA6, "\u1F66\u03B9"}, {0x1FA7, "\u1F67\u03B9"},
	{0x1FA8, "\u1F60\u03B9"}, {0x1FA9, "\u1F61\u03B9"}, {0x1FAA, "\u1F62\u03B9"}, {0x1FAB, "\u1F63\u03B9"},
	{0x1FAC, "\u1F64\u03B9"}, {0x1FAD, "\u1F65\u03B9"}, {0x1FAE, "\u1F66\u03B9"}, {0x1FAF, "\u1F67\u03B9"},
	{0x1FB2, "\u1F70\u03B9"}, {0x1FB3, "\u03B1\u03B9"}, {0x1FB4, "\u03AC\u03B9"}, {0x1FB6, "\u03B1\u0342"},
	{0x1FB7, "\u03B1\u0342\u03B9"}, {0x1FBC, "\u03B1\u03B9"}, {0x1FBE, "\u03B9"}, {0x1FC2, "\u1F74\u03B9"},
	{0x1FC3, "\u03B7\u03B9"}, {0x1FC4, "\u03AE\u03B9"}, {0x1FC6, "\u03B7\u0342"},
	{0x1FC7, "\u03B7\u0342\u03B9"}, {0x1FCC, "\u03B7\u03B9"}, {0x1FD2, "\u03B9\u0308\u0300"},
	{0x1FD3, "\u03B9\u0308\u0301"}, {0x1FD6, "\u03B9\u0342"}, {0x1FD7, "\u03B9\u0308\u0342"},
	{0x1FE2, "\u03C5\u0308\u0300"}, {0x1FE3, "\u03C5\u0308\u0301"}, {0x1FE4, "\u03C1\u0313"},
	{0x1FE6, "\u03C5\u0342"}, {0x1FE7, "\u03C5\u0308\u0342"}, {0x1FF2, "\u1F7C\u03B9"},
	{0x1FF3, "\u03C9\u03B9"}, {0x1FF4, "\u03CE\u03B9"}, {0x1FF6, "\u03C9\u0342"},
	{0x1FF7, "\u03C9\u0342\u03B9"}, {0x1FFC, "\u03C9\u03B9"}, {0xFB00, "ff"}, {0xFB01, "fi"}, {0xFB02, "fl"},
	{0xFB03, "ffi"}, {0xFB04, "ffl"}, {0xFB05, "st"}, {0xFB06, "st"}, {0xFB13, "\u0574\u0576"},
	{0xFB14, "\u0574\u0565"}, {0xFB15, "\u0574\u056B"}, {0xFB16, "\u057E\u0576"}, {0xFB17, "\u0574\u056D"},
}

// isUpper and isLower are Unicode's Uppercase and Lowercase properties
// (Python's Py_UNICODE_ISUPPER, ISLOWER): "ª", "ʰ" and "Ⓐ" have a case.
func isUpper(r rune) bool {
	return unicode.IsUpper(r) || r >= utf8.RuneSelf && unicode.Is(unicode.Other_Uppercase, r)
}

func isLower(r rune) bool {
	return unicode.IsLower(r) || r >= utf8.RuneSelf && unicode.Is(unicode.Other_Lowercase, r)
}

func isCased(r rune) bool { return isUpper(r) || isLower(r) || unicode.IsTitle(r) }

// isCaseIgnorable is Unicode's Case_Ignorable: the categories Mn, Me, Cf,
// Lm and Sk, and the Word_Break classes MidLetter, MidNumLet and
// Single_Quote.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return r >= utf8.RuneSelf && unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// finalSigma reports whether the capital sigma at s[i:] ends a word, so
// that it lowers to "ς" (Unicode's Final_Sigma: a cased letter before it
// and none after it, skipping case-ignorable ones), as CPython's
// handle_capital_sigma.
func finalSigma(s string, i int) bool {
	before := s[:i]
	for before != "" {
		r, n := utf8.DecodeLastRuneInString(before)
		if !isCaseIgnorable(r) {
			if !isCased(r) {
				return false
			}
			break
		}
		before = before[:len(before)-n]
	}
	if before == "" {
		return false
	}
	for _, r := range s[i+len("Σ"):] {
		if !isCaseIgnorable(r) {
			return !isCased(r)
		}
	}
	return true
}

func writeUpper(b *strings.Builder, r rune) {
	if m, ok := lookup(specialUpper[:], r); ok {
		b.WriteString(m)
		return
	}
	b.WriteRune(unicode.ToUpper(r))
}

func writeTitle(b *strings.Builder, r rune) {
	if m, ok := lookup(specialTitle[:], r); ok {
		b.WriteString(m)
		return
	}
	b.WriteRune(unicode.ToTitle(r))
}

// writeLower writes the lower case of r, at s[i:].
func writeLower(b *strings.Builder, s string, i int, r rune) {
	switch r {
	case 'Σ':
		if finalSigma(s, i) {
			b.WriteRune('ς')
			return
		}
	case 'İ':
		b.WriteString("i\u0307") // SpecialCasing's one lower case of two code points
		return
	}
	b.WriteRune(unicode.ToLower(r))
}

func writeFold(b *strings.Builder, r rune) {
	if m, ok := lookup(specialFold[:], r); ok {
		b.WriteString(m)
		return
	}
	if 0x13A0 <= r && r <= 0x13FD || 0xAB70 <= r && r <= 0xABBF {
		// Cherokee folds to its upper case, the older letters.
		b.WriteRune(unicode.ToUpper(r))
		return
	}
	writeLower(b, "", 0, r) // "Σ" folds to "σ" wherever it is
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mapCase returns s with each code point at s[i:] replaced by what put
// writes for it; a byte that is not UTF-8 stays as it is.
func mapCase(s string, put func(b *strings.Builder, i int, r rune)) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteByte(s[i])
		} else {
			put(&b, i, r)
		}
		i += n
	}
	return b.String()
}

// Upper is Python's str.upper.
func Upper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	return mapCase(s, func(b *strings.Builder, _ int, r rune) { writeUpper(b, r) })
}

// Lower is Python's str.lower.
func Lower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return mapCase(s, func(b *strings.Builder, i int, r rune) { writeLower(b, s, i, r) })
}

// Casefold is Python's str.casefold.
func Casefold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return mapCase(s, func(b *strings.Builder, _ int, r rune) { writeFold(b, r) })
}

// Capitalize is Python's str.capitalize: the first code point in title
// case, the rest in lower case.
func Capitalize(s string) string {
	if isASCII(s) {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
	}
	return mapCase(s, func(b *strings.Builder, i int, r rune) {
		if i == 0 {
			writeTitle(b, r)
		} else {
			writeLower(b, s, i, r)
		}
	})
}

// Title is Python's str.title: a code point after a cased one in lower
// case, any other in title case.
func Title(s string) string {
	if isASCII(s) {
		out := []byte(s)
		prev := false
		for i, c := range out {
			lower, upper := 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z'
			switch {
			case prev && upper:
				out[i] = c + 'a' - 'A'
			case !prev && lower:
				out[i] = c - ('a' - 'A')
			}
			prev = lower || upper
		}
		return string(out)
	}
	prev := false
	return mapCase(s, func(b *strings.Builder, i int, r rune) {
		if prev {
			writeLower(b, s, i, r)
		} else {
			writeTitle(b, r)
		}
		prev = isCased(r) // of the code point, not of its mapping
	})
}

// Swapcase is Python's str.swapcase: upper case lowered, lower case
// uppered, the rest (a title case "ǅ") as it is.
func Swapcase(s string) string {
	if isASCII(s) {
		out := []byte(s)
		for i, c := range out {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				out[i] = c ^ ('a' - 'A')
			}
		}
		return string(out)
	}
	return mapCase(s, func(b *strings.Builder, i int, r rune) {
		switch {
		case isUpper(r):
			writeLower(b, s, i, r)
		case isLower(r):
			writeUpper(b, r)
		default:
			b.WriteRune(r)
		}
	})
}

// IsUpper, IsLower and IsTitle are Python's str.isupper, islower and
// istitle.
func IsUpper(s string) bool {
	cased := false
	for _, r := range s {
		if isLower(r) || unicode.IsTitle(r) {
			return false
		}
		cased = cased || isUpper(r)
	}
	return cased
}

func IsLower(s string) bool {
	cased := false
	for _, r := range s {
		if isUpper(r) || unicode.IsTitle(r) {
			return false
		}
		cased = cased || isLower(r)
	}
	return cased
}

// IsTitle: upper and title case only after an uncased code point, lower
// case only after a cased one, and a cased one somewhere.
func IsTitle(s string) bool {
	cased, prev := false, false
	for _, r := range s {
		switch {
		case isUpper(r) || unicode.IsTitle(r):
			if prev {
				return false
			}
			prev, cased = true, true
		case isLower(r):
			if !prev {
				return false
			}
			prev, cased = true, true
		default:
			prev = false
		}
	}
	return cased
}

// strCaseMethod is str's upper, lower, casefold, capitalize, title,
// swapcase, isupper, islower and istitle.
func strCaseMethod(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err // as go.starlark.net's own methods fail
	}
	s := recvStr(b)
	switch b.Name() {
	case "upper":
		return starlark.String(Upper(s)), nil
	case "lower":
		return starlark.String(Lower(s)), nil
	case "casefold":
		return starlark.String(Casefold(s)), nil
	case "capitalize":
		return starlark.String(Capitalize(s)), nil
	case "title":
		return starlark.String(Title(s)), nil
	case "swapcase":
		return starlark.String(Swapcase(s)), nil
	case "isupper":
		return starlark.Bool(IsUpper(s)), nil
	case "islower":
		return starlark.Bool(IsLower(s)), nil
	}
	return starlark.Bool(IsTitle(s)), nil
}
