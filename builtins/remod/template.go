package remod

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/procstar/procstar/runtime/pyerr"
)

// tmplItem is a piece of a parsed replacement template: literal text, or
// a group (group >= 0).
type tmplItem struct {
	lit   string
	group int
}

// parseTemplate parses a replacement template as Python's
// re._parser.parse_template does, with its errors and their positions
// (in characters): \1..\99, \g<n>, \g<name>, octal escapes, \a \b \f \n
// \r \t \v \\; other escapes of ASCII letters are errors, the rest stays
// as written (\- is "\-").
func (p *Pattern) parseTemplate(t string) ([]tmplItem, error) {
	var items []tmplItem
	var lit strings.Builder
	pos := func(i int) int { return utf8.RuneCountInString(t[:i]) }
	fail := func(i int, format string, args ...any) error {
		return reError(t, p.bytes, pos(i), format, args...)
	}
	addGroup := func(g, at int) error {
		if g > p.groups {
			return fail(at, "invalid group reference %d", g)
		}
		if lit.Len() > 0 {
			items = append(items, tmplItem{lit: lit.String(), group: -1})
			lit.Reset()
		}
		items = append(items, tmplItem{group: g})
		return nil
	}
	isDigit := func(k int) bool { return k < len(t) && '0' <= t[k] && t[k] <= '9' }
	isOct := func(k int) bool { return k < len(t) && '0' <= t[k] && t[k] <= '7' }
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '\\' {
			lit.WriteByte(c)
			continue
		}
		if i+1 == len(t) {
			return nil, fail(i, "bad escape (end of pattern)")
		}
		n := t[i+1]
		switch {
		case n == 'g':
			j := i + 2
			if j == len(t) || t[j] != '<' {
				return nil, fail(j, "missing <")
			}
			end := strings.IndexByte(t[j+1:], '>')
			if end < 0 {
				if j+1 == len(t) {
					return nil, fail(j+1, "missing group name")
				}
				return nil, fail(j+1, "missing >, unterminated name")
			}
			name := t[j+1 : j+1+end]
			if name == "" {
				return nil, fail(j+1, "missing group name")
			}
			g, err := strconv.Atoi(name)
			if err != nil || strings.ContainsAny(name, "+-") {
				// Not a number: a group name, checked as in the pattern.
				if err := checkGroupName(name, p.bytes, func(msg string) error { return fail(j+1, "%s", msg) }); err != nil {
					return nil, err
				}
				var ok bool
				if g, ok = p.names[name]; !ok {
					return nil, pyerr.New(pyerr.IndexError, "unknown group name %s", pyerr.QuoteStr(name))
				}
			}
			if err := addGroup(g, j+1); err != nil {
				return nil, err
			}
			i = j + 1 + end
		case n == '0':
			// \0 and up to two more octal digits: a character.
			j := i + 2
			for j < i+4 && isOct(j) {
				j++
			}
			v, _ := strconv.ParseInt(t[i+1:j], 8, 32)
			lit.WriteRune(rune(v & 0xff))
			i = j - 1
		case '1' <= n && n <= '9':
			// Three octal digits are a character, else a group (\1..\99).
			j := i + 2
			if isDigit(j) {
				j++
				if isOct(i+1) && isOct(i+2) && isOct(j) {
					v, _ := strconv.ParseInt(t[i+1:j+1], 8, 32)
					if v > 0o377 {
						return nil, fail(i, "octal escape value %s outside of range 0-0o377", t[i:j+1])
					}
					lit.WriteRune(rune(v))
					i = j
					continue
				}
			}
			g, _ := strconv.Atoi(t[i+1 : j])
			if err := addGroup(g, i+1); err != nil {
				return nil, err
			}
			i = j - 1
		default:
			if k := strings.IndexByte(`abfnrtv\`, n); k >= 0 {
				lit.WriteByte("\a\b\f\n\r\t\v\\"[k])
			} else if 'a' <= n && n <= 'z' || 'A' <= n && n <= 'Z' {
				return nil, fail(i, "bad escape %s", t[i:i+2])
			} else {
				lit.WriteByte('\\') // kept as written
				_, w := utf8.DecodeRuneInString(t[i+1:])
				lit.WriteString(t[i+1 : i+1+w])
				i += w - 1
			}
			i++
		}
	}
	if lit.Len() > 0 {
		items = append(items, tmplItem{lit: lit.String(), group: -1})
	}
	return items, nil
}

// checkGroupName is Python's checkgroupname: a group name is an
// identifier, and ASCII in a bytes pattern (name is then Latin-1 decoded,
// shown as Python's ascii() shows it). fail makes the error of a message.
func checkGroupName(name string, bytesPattern bool, fail func(string) error) error {
	if bytesPattern && unlatin1(name) != name {
		return fail("bad character in group name " + pyerr.QuoteBytes(unlatin1(name))[1:])
	}
	if !isIdentifier(name) {
		return fail("bad character in group name " + pyerr.QuoteStr(name))
	}
	return nil
}

// isIdentifier is Python's str.isidentifier, near enough for group names.
func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r))) {
			return false
		}
	}
	return s != ""
}

// apply expands a parsed template for m; a group that did not take part
// expands to "" (Python 3.5+).
func (m *Match) apply(items []tmplItem) string {
	var b strings.Builder
	for _, it := range items {
		if it.group < 0 {
			b.WriteString(it.lit)
		} else if m.loc[2*it.group] >= 0 {
			b.WriteString(m.s[m.loc[2*it.group]:m.loc[2*it.group+1]])
		}
	}
	return b.String()
}
