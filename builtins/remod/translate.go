package remod

import (
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Flags, with Python's values.
const (
	flagI = 2
	flagL = 4
	flagM = 8
	flagS = 16
	flagU = 32
	flagX = 64
	flagA = 256
)

// inlineFlag is the flag of an inline flag letter ((?aiLmsux)), or 0.
func inlineFlag(c byte) int {
	switch c {
	case 'a':
		return flagA
	case 'i':
		return flagI
	case 'L':
		return flagL
	case 'm':
		return flagM
	case 's':
		return flagS
	case 'u':
		return flagU
	case 'x':
		return flagX
	}
	return 0
}

// unicodeClass is, for \d \D \w \W \s \S, Python's Unicode class in RE2
// syntax: alone, and inside a [...] class ("" where a negated class cannot
// join a class: negatedRanges spells it out there).
var unicodeClass = [256][2]string{
	'd': {`\p{Nd}`, `\p{Nd}`},
	'D': {`\P{Nd}`, `\P{Nd}`},
	'w': {`[\p{L}\p{N}_]`, `\p{L}\p{N}_`},
	'W': {`[^\p{L}\p{N}_]`, ""},
	's': {`[\t\n\v\f\r\x1c-\x1f\x85\p{Z}]`, `\t\n\v\f\r\x1c-\x1f\x85\p{Z}`},
	'S': {`[^\t\n\v\f\r\x1c-\x1f\x85\p{Z}]`, ""},
}

// negatedRanges are Python's Unicode \W and \S as the ranges of an RE2
// class, which can join other items in a class ([^\W\d], letters):
// RE2's own \W and \S there are ASCII, and [^...] cannot nest.
var negatedRanges = lazy.Value[map[byte]string]{New: func() map[byte]string {
	m := map[byte]string{}
	for _, c := range []byte("WS") {
		re, err := syntax.Parse(unicodeClass[c][0], syntax.Perl)
		if err != nil {
			panic(err)
		}
		var b strings.Builder
		for k := 0; k+1 < len(re.Rune); k += 2 {
			fmt.Fprintf(&b, `\x{%x}-\x{%x}`, re.Rune[k], re.Rune[k+1])
		}
		m[c] = b.String()
	}
	return m
}}

// translation is a Python pattern in RE2's syntax.
type translation struct {
	// fast is for Go's regexp, vm for the VM (pike.go): they differ only
	// in Python's $ outside MULTILINE, \z in fast (exact unless the text
	// ends in a newline) and dollarMark in vm.
	fast, vm strings.Builder
	flags    int  // the flags argument with the leading inline flags
	boundary bool // a \b or \B
	dollar   bool // a $ outside MULTILINE
	groups   int
	// closeRank[g] orders groups by where their ")" is: of two groups
	// ending at the same place, the one closed later is Match.lastindex.
	closeRank []int
	names     []string // by group number, "" unnamed
	bytes     bool     // a bytes pattern: no \u, \U, \N escapes
}

func (t *translation) name(g int) string {
	if g < len(t.names) {
		return t.names[g]
	}
	return ""
}

func (t *translation) setName(g int, name string) {
	for len(t.names) <= g {
		t.names = append(t.names, "")
	}
	t.names[g] = name
}

func (t *translation) emit(s string) {
	t.fast.WriteString(s)
	t.vm.WriteString(s)
}

// scope is what a group's flags change ((?x:...)), and the group itself.
type scope struct {
	verbose, ascii, multi, icase bool
	group                        int // its number, 0 if it does not capture
	at                           int // where its ( is
}

// foldASCII tells whether IGNORECASE is on with ASCII matching (re.A, or
// a bytes pattern): Python then folds A-Z and a-z only, where RE2's (?i)
// folds Unicode (k matching the Kelvin sign, é matching É), so RE2's flag
// is off there and the translation spells the two cases out.
func (s scope) foldASCII() bool { return s.icase && s.ascii }

// foldAtom is the RE2 atom out (one character, or anything else, left as
// it is) as IGNORECASE matches it in this scope, where RE2's own folding
// is not Python's.
func (s scope) foldAtom(out string) string {
	switch {
	case s.foldASCII():
		return atomWith(out, asciiCases)
	case s.icase:
		return atomWith(out, pythonFolds)
	}
	return out
}

// foldClass is what a class body needs added in this scope, or nil.
func (s scope) foldClass() func(rune) []rune {
	switch {
	case s.foldASCII():
		return asciiCases
	case s.icase:
		return pythonFolds
	}
	return nil
}

// pythonFolds is, for a character, the characters Python's IGNORECASE
// matches it with and RE2's Unicode folding does not (İ and ı with i: sre
// compares lowercases, and adds its _ignorecase_fixes), or nil.
func pythonFolds(r rune) []rune {
	for _, set := range [][]rune{{'I', 'i', 0x130, 0x131}, {0x390, 0x1fd3}, {0x3b0, 0x1fe3}, {0xfb05, 0xfb06}} {
		for _, c := range set {
			if c == r {
				return set
			}
		}
	}
	return nil
}

// foldable are the characters asciiCases and pythonFolds know.
var foldable = []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u0130\u0131\u0390\u1fd3\u03b0\u1fe3\ufb05\ufb06")

// asciiCases is an ASCII letter with its other case, or nil.
func asciiCases(r rune) []rune {
	switch {
	case 'a' <= r && r <= 'z':
		return []rune{r, r - 'a' + 'A'}
	case 'A' <= r && r <= 'Z':
		return []rune{r - 'A' + 'a', r}
	}
	return nil
}

// What precedes a repeat operator: Python refuses one after nothing (or an
// anchor) and after another repeat.
const (
	prevNone = iota
	prevAtom
	prevRepeat
	prevLazy
)

// translate turns Python's syntax into RE2's, refusing what RE2 lacks
// with re.error as Python words its own errors where it has one.
func translate(src string, flags int, bytesPattern bool) (*translation, error) {
	t := &translation{closeRank: []int{0}, bytes: bytesPattern}
	pos := func(i int) int { return utf8.RuneCountInString(src[:i]) }
	fail := func(i int, format string, args ...any) error {
		return reError(src, bytesPattern, pos(i), format, args...)
	}
	refuse := func(what string, at int) error {
		return reError(src, bytesPattern, pos(at), "%s is not supported by procstar's linear-time engine (RE2)", what)
	}
	// Global inline flags, which Python takes only at the start (in
	// verbose mode, after whitespace and comments).
	i := 0
	for {
		if flags&flagX != 0 {
			i = skipVerbose(src, i)
		}
		if !strings.HasPrefix(src[i:], "(?") || i+2 == len(src) || inlineFlag(src[i+2]) == 0 {
			break
		}
		on, _, end, global, err := inlineFlags(src, i, bytesPattern, fail)
		if err != nil {
			return nil, err
		}
		if !global {
			break
		}
		flags |= on
		i = end + 1
	}
	if flags&flagL != 0 {
		return nil, pyerr.New(pyerr.ValueError, "cannot use LOCALE flag with a str pattern")
	}
	if bytesPattern {
		if flags&flagU != 0 {
			return nil, pyerr.New(pyerr.ValueError, "cannot use UNICODE flag with a bytes pattern")
		}
	} else if flags&flagA != 0 && flags&flagU != 0 {
		return nil, pyerr.New(pyerr.ValueError, "ASCII and UNICODE flags are incompatible")
	}
	t.flags = flags
	goFlags := ""
	for _, f := range []struct {
		bit int
		c   string
	}{{flagI, "i"}, {flagM, "m"}, {flagS, "s"}} {
		if flags&f.bit != 0 {
			goFlags += f.c
		}
	}
	st := scope{verbose: flags&flagX != 0, ascii: flags&flagA != 0 || bytesPattern, multi: flags&flagM != 0, icase: flags&flagI != 0}
	if st.foldASCII() {
		goFlags = strings.TrimPrefix(goFlags, "i")
	}
	if goFlags != "" {
		t.emit("(?" + goFlags + ")")
	}
	var stack []scope
	prev := prevNone
	closes := 0
	for ; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\':
			out, n, kind, err := t.escapeSeq(src, i, false, st.ascii, fail, refuse)
			if err != nil {
				return nil, err
			}
			if kind == escAtom {
				out = st.foldAtom(out)
			}
			t.emit(out)
			i += n - 1
			prev = prevAtom
			if kind == escAnchor {
				prev = prevNone
			}
			if kind == escBoundary {
				t.boundary = true
				prev = prevNone
			}
		case c == '[':
			n, err := t.class(src, i, st.ascii, st.foldClass(), fail, refuse)
			if err != nil {
				return nil, err
			}
			i += n - 1
			prev = prevAtom
		case c == '(':
			rest := src[i+1:]
			open := scope{verbose: st.verbose, ascii: st.ascii, multi: st.multi, icase: st.icase, at: i}
			switch {
			case !strings.HasPrefix(rest, "?"):
				t.groups++
				open.group = t.groups
				t.emit("(")
			case strings.HasPrefix(rest, "?#"):
				j := strings.IndexByte(rest, ')')
				if j < 0 {
					return nil, fail(i, "missing ), unterminated comment")
				}
				i += j + 1
				continue // a comment is nothing: prev stays
			case strings.HasPrefix(rest, "?="), strings.HasPrefix(rest, "?!"):
				return nil, refuse("a lookahead assertion ("+src[i:i+3]+"...)", i)
			case strings.HasPrefix(rest, "?<="), strings.HasPrefix(rest, "?<!"):
				return nil, refuse("a lookbehind assertion ("+src[i:i+4]+"...)", i)
			case strings.HasPrefix(rest, "?P="):
				return nil, refuse("a named backreference ((?P=...))", i)
			case strings.HasPrefix(rest, "?("):
				return nil, refuse("a conditional group ((?(...)...))", i)
			case strings.HasPrefix(rest, "?>"):
				return nil, refuse("an atomic group ((?>...))", i)
			case strings.HasPrefix(rest, "?P<"):
				// As Python's getuntil and checkgroupname: the errors are
				// at the name's start.
				at := i + 4
				j := strings.IndexByte(src[at:], '>')
				switch {
				case at == len(src) || j == 0:
					return nil, fail(at, "missing group name")
				case j < 0:
					return nil, fail(at, "missing >, unterminated name")
				}
				name := src[at : at+j]
				if err := checkGroupName(name, bytesPattern, func(msg string) error { return fail(at, "%s", msg) }); err != nil {
					return nil, err
				}
				for g, n := range t.names {
					if n == name {
						return nil, fail(at, "redefinition of group name %s as group %d; was group %d", pyerr.QuoteStr(name), t.groups+1, g)
					}
				}
				t.groups++
				open.group = t.groups
				t.setName(t.groups, name)
				t.emit("(")
				i = at + j
			case rest == "?P", rest == "?<":
				return nil, fail(i+3, "unexpected end of pattern")
			case strings.HasPrefix(rest, "?P"), strings.HasPrefix(rest, "?<"):
				// (?<name>...) is not Python's syntax (3.11 to 3.13).
				_, n := utf8.DecodeRuneInString(rest[2:])
				return nil, fail(i+1, "unknown extension %s", rest[:2+n])
			case strings.HasPrefix(rest, "?:"):
				t.emit("(?:")
				i += 2
			default:
				// Scoped flags, (?imsx-imsx:...): Go's regexp knows i m
				// s; x and a are this translation's.
				switch {
				case i+2 >= len(src):
					return nil, fail(i+2, "unexpected end of pattern")
				case src[i+2] != '-' && inlineFlag(src[i+2]) == 0:
					return nil, fail(i+1, "unknown extension ?%s", src[i+2:i+3])
				}
				on, off, end, global, err := inlineFlags(src, i, bytesPattern, fail)
				switch {
				case err != nil:
					return nil, err
				case global:
					return nil, fail(i, "global flags not at the start of the expression")
				}
				j := end - i
				set := func(b *bool, bit int) {
					if on&bit != 0 {
						*b = true
					}
					if off&bit != 0 {
						*b = false
					}
				}
				set(&open.verbose, flagX)
				set(&open.ascii, flagA)
				if on&flagU != 0 { // (?u:...) in a str pattern
					open.ascii = false
				}
				set(&open.multi, flagM)
				set(&open.icase, flagI)
				// RE2's i is on where IGNORECASE is and ASCII is not.
				re2On, re2Off := on&^flagI, off&^flagI
				if open.icase && !open.foldASCII() {
					re2On |= flagI
				} else if st.icase && !st.foldASCII() {
					re2Off |= flagI
				}
				g := ""
				for _, f := range []struct {
					bit int
					c   string
				}{{flagI, "i"}, {flagM, "m"}, {flagS, "s"}} {
					if re2On&f.bit != 0 {
						g += f.c
					}
				}
				if re2Off&(flagI|flagM|flagS) != 0 {
					g += "-"
					for _, f := range []struct {
						bit int
						c   string
					}{{flagI, "i"}, {flagM, "m"}, {flagS, "s"}} {
						if re2Off&f.bit != 0 {
							g += f.c
						}
					}
				}
				t.emit("(?" + g + ":")
				i += j
			}
			stack = append(stack, st)
			st = open
			prev = prevNone
		case c == ')':
			if len(stack) == 0 {
				return nil, fail(i, "unbalanced parenthesis")
			}
			if st.group > 0 {
				closes++
				for len(t.closeRank) <= st.group {
					t.closeRank = append(t.closeRank, 0)
				}
				t.closeRank[st.group] = closes
			}
			st = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			t.emit(")")
			prev = prevAtom
		case c == '|':
			t.emit("|")
			prev = prevNone
		case c == '^':
			t.emit("^")
			prev = prevNone
		case c == '$':
			if st.multi {
				t.emit("$")
			} else {
				t.dollar = true
				t.fast.WriteString(`\z`)
				t.vm.WriteString(dollarMark)
			}
			prev = prevNone
		case st.verbose && strings.IndexByte(" \t\n\r\v\f", c) >= 0:
		case st.verbose && c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '*' || c == '+' || c == '?' || c == '{':
			n, out := 1, string(c)
			if c == '{' {
				lo, hi, k, ok := repeat(src[i:])
				if !ok { // not a repeat: a literal {
					t.emit(`\{`)
					prev = prevAtom
					continue
				}
				if lo >= maxRepeat || hi >= maxRepeat {
					// Python's limit (sre's MAXREPEAT), before RE2's.
					return nil, pyerr.New("OverflowError", "the repetition number is too large")
				}
				if hi >= 0 && lo > hi {
					return nil, fail(i+1, "min repeat greater than max repeat")
				}
				if lo > 1000 || hi > 1000 {
					return nil, refuse("a repeat count above 1000 ("+src[i:i+k]+")", i)
				}
				n, out = k, "{"+strconv.Itoa(lo)+","
				if hi >= 0 {
					out += strconv.Itoa(hi)
				}
				out += "}"
				if hi == lo {
					out = "{" + strconv.Itoa(lo) + "}"
				}
			}
			switch {
			case prev == prevNone:
				return nil, fail(i, "nothing to repeat")
			case prev == prevRepeat && c == '?':
				prev = prevLazy
			case prev == prevRepeat && c == '+':
				return nil, refuse("a possessive quantifier ("+src[i-1:i+1]+")", i-1)
			case prev == prevRepeat || prev == prevLazy:
				return nil, fail(i, "multiple repeat")
			default:
				prev = prevRepeat
			}
			t.emit(out)
			i += n - 1
		default:
			_, n := utf8.DecodeRuneInString(src[i:])
			t.emit(st.foldAtom(src[i : i+n]))
			i += n - 1
			prev = prevAtom
		}
	}
	if len(stack) > 0 {
		return nil, fail(st.at, "missing ), unterminated subpattern")
	}
	for len(t.closeRank) <= t.groups {
		t.closeRank = append(t.closeRank, 0)
	}
	t.setName(t.groups, t.name(t.groups))
	return t, nil
}

// reError is Python's re.error for msg (a format and its args) at pos
// (in characters) of pattern (a bytes pattern's text decoded as Latin-1):
// its text ends with the position, and the line and column where the
// pattern has several lines; it carries re.error's attributes msg,
// pattern, pos, lineno and colno.
func reError(pattern string, isBytes bool, pos int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	runes := []rune(pattern)
	before := string(runes[:min(pos, len(runes))])
	lineno, colno := strings.Count(before, "\n")+1, pos+1
	if k := strings.LastIndex(before, "\n"); k >= 0 {
		colno = pos - utf8.RuneCountInString(before[:k])
	}
	text := fmt.Sprintf("%s at position %d", msg, pos)
	if strings.Contains(pattern, "\n") {
		text += fmt.Sprintf(" (line %d, column %d)", lineno, colno)
	}
	var pv starlark.Value = starlark.String(pattern)
	if isBytes {
		pv = starlark.Bytes(unlatin1(pattern))
	}
	e := pyerr.New("re.error", "%s", text)
	e.Attrs = starlark.StringDict{
		"msg": starlark.String(msg), "pattern": pv, "pos": starlark.MakeInt(pos),
		"lineno": starlark.MakeInt(lineno), "colno": starlark.MakeInt(colno),
	}
	return e
}

// skipVerbose is the index of the first character at or after i that is
// not whitespace or in a comment, as Python's verbose mode reads them.
func skipVerbose(src string, i int) int {
	for i < len(src) {
		switch {
		case strings.IndexByte(" \t\n\r\v\f", src[i]) >= 0:
			i++
		case src[i] == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// inlineFlags parses the flags of (?aiLmsux) or (?aiLmsux-imsx:...) at
// src[i] ('(', and a flag or '-' at i+2) with Python's _parse_flags'
// errors: the flags turned on and off, the index of the ')' or ':' that
// ends them, and whether they are global flags ((?i)).
func inlineFlags(src string, i int, bytesPattern bool, fail func(int, string, ...any) error) (on, off, end int, global bool, err error) {
	const typeFlags = flagA | flagL | flagU
	// notFlag is Python's error for src[k], neither a flag nor expected.
	notFlag := func(k int, other string) error {
		if r, _ := utf8.DecodeRuneInString(src[k:]); unicode.IsLetter(r) {
			return fail(k, "unknown flag")
		}
		return fail(k, "%s", other)
	}
	k := i + 2
	if src[k] != '-' {
		for {
			f := inlineFlag(src[k])
			switch {
			case f == flagL && !bytesPattern:
				return 0, 0, 0, false, fail(k+1, "bad inline flags: cannot use 'L' flag with a str pattern")
			case f == flagU && bytesPattern:
				return 0, 0, 0, false, fail(k+1, "bad inline flags: cannot use 'u' flag with a bytes pattern")
			}
			on |= f
			if f&typeFlags != 0 && on&typeFlags != f {
				return 0, 0, 0, false, fail(k+1, "bad inline flags: flags 'a', 'u' and 'L' are incompatible")
			}
			if k++; k == len(src) {
				return 0, 0, 0, false, fail(k, "missing -, : or )")
			}
			if strings.IndexByte(")-:", src[k]) >= 0 {
				break
			}
			if inlineFlag(src[k]) == 0 {
				return 0, 0, 0, false, notFlag(k, "missing -, : or )")
			}
		}
	}
	if src[k] == ')' {
		return on, 0, k, true, nil
	}
	if src[k] == '-' {
		if k++; k == len(src) {
			return 0, 0, 0, false, fail(k, "missing flag")
		}
		if inlineFlag(src[k]) == 0 {
			return 0, 0, 0, false, notFlag(k, "missing flag")
		}
		for {
			f := inlineFlag(src[k])
			if f&typeFlags != 0 {
				return 0, 0, 0, false, fail(k+1, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
			}
			off |= f
			if k++; k == len(src) {
				return 0, 0, 0, false, fail(k, "missing :")
			}
			if src[k] == ':' {
				break
			}
			if inlineFlag(src[k]) == 0 {
				return 0, 0, 0, false, notFlag(k, "missing :")
			}
		}
	}
	if on&off != 0 {
		return 0, 0, 0, false, fail(k, "bad inline flags: flag turned on and off")
	}
	return on, off, k, false, nil
}

// maxRepeat is CPython's _sre.MAXREPEAT: a repeat count must be below it.
const maxRepeat = 1<<32 - 1

// repeat parses Python's {m}, {m,}, {,n}, {m,n} at the start of s: the
// bounds (hi -1: none) and the length, or ok false for a literal {.
func repeat(s string) (lo, hi, n int, ok bool) {
	j := strings.IndexByte(s, '}')
	if j < 0 {
		return 0, 0, 0, false
	}
	body := s[1:j]
	digits := func(d string) bool {
		for k := 0; k < len(d); k++ {
			if d[k] < '0' || d[k] > '9' {
				return false
			}
		}
		return true
	}
	a, b, comma := strings.Cut(body, ",")
	if !digits(a) || !digits(b) || a == "" && !comma {
		return 0, 0, 0, false
	}
	var err error
	if a != "" {
		if lo, err = strconv.Atoi(a); err != nil {
			lo = math.MaxInt
		}
	}
	hi = lo
	if comma {
		hi = -1
		if b != "" {
			if hi, err = strconv.Atoi(b); err != nil {
				hi = math.MaxInt
			}
		}
	}
	return lo, hi, j + 1, true
}

// What an escape is, for what may follow it.
const (
	escAtom = iota
	escAnchor
	escBoundary
)

// escapeSeq translates the escape at src[i] ('\\'), in a class or not: the
// RE2 text and the length of the escape.
func (t *translation) escapeSeq(src string, i int, inClass, ascii bool, fail func(int, string, ...any) error, refuse func(string, int) error) (string, int, int, error) {
	if i+1 == len(src) {
		return "", 0, 0, fail(i, "bad escape (end of pattern)")
	}
	c := src[i+1]
	char := func(r int64) string { return `\x{` + strconv.FormatInt(r, 16) + `}` }
	hex := func(n int) (string, int, int, error) {
		j := i + 2
		for j < len(src) && j < i+2+n && strings.IndexByte("0123456789abcdefABCDEF", src[j]) >= 0 {
			j++
		}
		if j-(i+2) != n {
			return "", 0, 0, fail(i, "incomplete escape %s", src[i:j])
		}
		v, _ := strconv.ParseInt(src[i+2:j], 16, 64)
		if v > utf8.MaxRune {
			return "", 0, 0, fail(i, "bad escape %s", src[i:j])
		}
		return char(v), j - i, escAtom, nil
	}
	octal := func(max int) (string, int, int, error) {
		j := i + 1
		for j < len(src) && j < i+1+max && src[j] >= '0' && src[j] <= '7' {
			j++
		}
		v, _ := strconv.ParseInt(src[i+1:j], 8, 64)
		if v > 0o377 {
			return "", 0, 0, fail(i, "octal escape value %s outside of range 0-0o377", src[i:j])
		}
		return char(v), j - i, escAtom, nil
	}
	isOct := func(k int) bool { return k < len(src) && src[k] >= '0' && src[k] <= '7' }
	switch {
	case c == 'x':
		return hex(2)
	case t.bytes && (c == 'u' || c == 'U' || c == 'N'):
		return "", 0, 0, fail(i, "bad escape %s", src[i:i+2]) // str patterns' only
	case c == 'u':
		return hex(4)
	case c == 'U':
		return hex(8)
	case c == '0':
		return octal(3)
	case c >= '1' && c <= '9' && inClass:
		if c > '7' {
			return "", 0, 0, fail(i, "bad escape %s", src[i:i+2])
		}
		return octal(3)
	case c >= '1' && c <= '9':
		// Three octal digits are a character, else a group reference.
		if isOct(i+1) && isOct(i+2) && isOct(i+3) {
			return octal(3)
		}
		return "", 0, 0, refuse("a backreference (\\"+string(c)+")", i)
	case c == 'b' && inClass:
		return `\x08`, 2, escAtom, nil // Python's [\b] is a backspace
	case (c == 'b' || c == 'B') && !inClass:
		return src[i : i+2], 2, escBoundary, nil
	case c == 'A' && !inClass:
		return `\A`, 2, escAnchor, nil
	case c == 'Z' && !inClass:
		return `\z`, 2, escAnchor, nil
	case strings.IndexByte("dDwWsS", c) >= 0:
		if ascii {
			// Python's ASCII \s has \v, RE2's has not.
			switch {
			case c == 's' && inClass:
				return `\t\n\v\f\r `, 2, escAtom, nil
			case c == 's':
				return `[\t\n\v\f\r ]`, 2, escAtom, nil
			case c == 'S' && !inClass:
				return `[^\t\n\v\f\r ]`, 2, escAtom, nil
			}
			return src[i : i+2], 2, escAtom, nil
		}
		// Python's str patterns: \d, \w, \s are Unicode classes (RE2's
		// are ASCII).
		if inClass {
			if c == 'W' || c == 'S' {
				return negatedRanges.Get()[c], 2, escAtom, nil
			}
			return unicodeClass[c][1], 2, escAtom, nil
		}
		return unicodeClass[c][0], 2, escAtom, nil
	case strings.IndexByte("afnrtv", c) >= 0:
		return src[i : i+2], 2, escAtom, nil
	case c == 'N':
		return "", 0, 0, fail(i, "named Unicode escapes (\\N{...}) are not supported by procstar")
	case c < utf8.RuneSelf && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
		// Python refuses escapes it does not know (Go's regexp knows \z,
		// \pL, \Q...: not Python's).
		return "", 0, 0, fail(i, "bad escape %s", src[i:i+2])
	case c < utf8.RuneSelf:
		if '0' <= c && c <= '9' || c < ' ' || c == 0x7f {
			return char(int64(c)), 2, escAtom, nil
		}
		return src[i : i+2], 2, escAtom, nil // escaped punctuation
	}
	r, n := utf8.DecodeRuneInString(src[i+1:])
	return regexp.QuoteMeta(string(r)), n + 1, escAtom, nil
}

// class translates the [...] at src[i]: its length. fold, if not nil,
// gives the characters to add for each one the class holds
// (scope.foldClass).
func (t *translation) class(src string, i int, ascii bool, fold func(rune) []rune, fail func(int, string, ...any) error, refuse func(string, int) error) (int, error) {
	start := i
	var body strings.Builder
	negated := false
	i++
	if i < len(src) && src[i] == '^' {
		negated = true
		i++
	}
	// item translates the item at src[k]: its RE2 text, its length, and
	// the character it is (ok false for a class such as \d).
	item := func(k int) (out string, n int, r rune, ok bool, err error) {
		switch src[k] {
		case '\\':
			out, n, _, err = t.escapeSeq(src, k, true, ascii, fail, refuse)
			if err != nil {
				return "", 0, 0, false, err
			}
		case '[', ']', '-':
			// Literal in Python (Go's regexp would read [:alpha:], and
			// ranges are written here).
			out, n = `\`+src[k:k+1], 1
		default:
			r, n = utf8.DecodeRuneInString(src[k:])
			return regexp.QuoteMeta(src[k : k+n]), n, r, true, nil
		}
		re, perr := syntax.Parse(out, syntax.Perl)
		if perr == nil && re.Op == syntax.OpLiteral && len(re.Rune) == 1 {
			return out, n, re.Rune[0], true, nil
		}
		return out, n, 0, false, nil
	}
	first := i // a ] there is literal
	for i < len(src) {
		if src[i] == ']' && i > first {
			out := body.String()
			if fold != nil {
				out = classWith(out, fold)
			}
			if negated {
				out = "^" + out
			}
			t.emit("[" + out + "]")
			return i + 1 - start, nil
		}
		out, n, lo, ok, err := item(i)
		if err != nil {
			return 0, err
		}
		if j := i + n; j+1 < len(src) && src[j] == '-' && src[j+1] != ']' {
			// A range, of two characters in order (Python's error, where
			// RE2 would take [\w-a] as a range from _).
			out2, n2, hi, ok2, err := item(j + 1)
			if err != nil {
				return 0, err
			}
			if !ok || !ok2 || hi < lo {
				// Python names an escape by its first two characters
				// (\x-\x for \x43-\x41), and counts back from the end.
				short := func(e string) string {
					if e[0] != '\\' {
						return e
					}
					_, w := utf8.DecodeRuneInString(e[1:])
					return e[:1+w]
				}
				this, that := short(src[i:j]), short(src[j+1:j+1+n2])
				end := j + 1 + n2
				return 0, fail(end-len(this+"-"+that), "bad character range %s-%s", this, that)
			}
			out += "-" + out2
			n += 1 + n2
		}
		body.WriteString(out)
		i += n
	}
	return 0, fail(start, "unterminated character set")
}

// atomWith is the RE2 atom out matching the characters fold gives for it
// too: k -> [kK]. Anything else is left as it is.
func atomWith(out string, fold func(rune) []rune) string {
	re, err := syntax.Parse(out, syntax.Perl)
	if err != nil || re.Op != syntax.OpLiteral || len(re.Rune) != 1 {
		return out
	}
	set := fold(re.Rune[0])
	if set == nil {
		return out
	}
	return "[" + string(set) + "]"
}

// classWith is the body of an RE2 class (without [ ^ ]) with the
// characters fold gives for those it holds added: a-c -> a-cA-C. It is
// written again from the class's ranges when it grows (a - may end the
// body).
func classWith(body string, fold func(rune) []rune) string {
	re, err := syntax.Parse("["+body+"]", syntax.Perl)
	if err != nil {
		return body // regexp.Compile reports it
	}
	var ranges []rune
	switch re.Op {
	case syntax.OpCharClass:
		ranges = re.Rune
	case syntax.OpLiteral:
		ranges = []rune{re.Rune[0], re.Rune[0]}
	default:
		return body
	}
	holds := func(r rune) bool {
		for k := 0; k+1 < len(ranges); k += 2 {
			if ranges[k] <= r && r <= ranges[k+1] {
				return true
			}
		}
		return false
	}
	var add []rune
	for _, r := range foldable {
		if holds(r) {
			for _, c := range fold(r) {
				if !holds(c) {
					add = append(add, c)
				}
			}
		}
	}
	if len(add) == 0 {
		return body
	}
	var out strings.Builder
	for k := 0; k+1 < len(ranges); k += 2 {
		fmt.Fprintf(&out, `\x{%x}-\x{%x}`, ranges[k], ranges[k+1])
	}
	for _, r := range add {
		fmt.Fprintf(&out, `\x{%x}`, r)
	}
	return out.String()
}
