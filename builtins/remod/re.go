// Package remod is procstar's "re" module on Go's regexp (RE2: linear
// time, no catastrophic backtracking). Python's syntax is translated
// ((?P<name>...), \Z, flags I M S X A); what RE2 cannot run
// (backreferences, lookaround, possessive forms) fails at compile with
// re.error naming it. Positions are Python's, in characters.
package remod

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Flags, with Python's values.
const (
	flagI = 2
	flagM = 8
	flagS = 16
	flagX = 64
	flagA = 256
)

// Module returns a new "re" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{
		"I": starlark.MakeInt(flagI), "IGNORECASE": starlark.MakeInt(flagI),
		"M": starlark.MakeInt(flagM), "MULTILINE": starlark.MakeInt(flagM),
		"S": starlark.MakeInt(flagS), "DOTALL": starlark.MakeInt(flagS),
		"X": starlark.MakeInt(flagX), "VERBOSE": starlark.MakeInt(flagX),
		"A": starlark.MakeInt(flagA), "ASCII": starlark.MakeInt(flagA),
		"compile": starlark.NewBuiltin("compile", compileBuiltin),
		"escape":  starlark.NewBuiltin("escape", escape),
		"purge":   starlark.NewBuiltin("purge", purge),
	}
	for _, name := range patternMethods {
		name := name
		m[name] = starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			// re.f(pattern, *args, flags=0): compile (cached), then Pattern.f.
			if len(args) == 0 {
				return nil, pyerr.New(pyerr.TypeError, "%s() missing required argument 'pattern'", name)
			}
			flags := 0
			var rest []starlark.Tuple
			for _, kv := range kwargs {
				if kv[0] == starlark.String("flags") {
					if err := starlark.UnpackArgs(name, starlark.Tuple{kv[1]}, nil, "flags", &flags); err != nil {
						return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
					}
					continue
				}
				rest = append(rest, kv)
			}
			pargs := args[1:]
			if name != "sub" && name != "subn" && name != "split" && len(pargs) > 1 {
				// match(pattern, string, flags)
				if f, ok := pargs[1].(starlark.Int); ok {
					v, _ := f.Int64()
					flags, pargs = int(v), pargs[:1]
				}
			}
			p, err := compile(args[0], flags)
			if err != nil {
				return nil, err
			}
			return p.call(thread, name, pargs, rest)
		})
	}
	return &starlarkstruct.Module{Name: "re", Members: m}
}

var patternMethods = []string{"match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split"}

// cache of compiled patterns, as Python's (re.purge empties it).
var cache sync.Map // key{pattern, flags} -> *Pattern

type key struct {
	pattern string
	flags   int
}

func purge(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	cache.Range(func(k, _ any) bool { cache.Delete(k); return true })
	return starlark.None, nil
}

func compileBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pat starlark.Value
	flags := 0
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pat, "flags?", &flags); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return compile(pat, flags)
}

// Pattern is a compiled regular expression (re.Pattern).
type Pattern struct {
	src   string
	flags int
	re    *regexp.Regexp // searching
	full  *regexp.Regexp // fullmatch: anchored at both ends
	// vm and vmFull replace re and full for matching when the pattern has
	// \b or \B and is not re.ASCII: Unicode word boundaries.
	vm, vmFull *pike
	names      map[string]int
}

// find is the leftmost match of s (fullmatch: of all of s), or nil.
func (p *Pattern) find(s string, full bool) []int {
	switch {
	case p.vm == nil && full:
		return p.full.FindStringSubmatchIndex(s)
	case p.vm == nil:
		return p.re.FindStringSubmatchIndex(s)
	case full:
		return p.vmFull.find(s, 0)
	}
	return p.vm.find(s, 0)
}

// findAll is the successive matches of s.
func (p *Pattern) findAll(s string) [][]int {
	if p.vm != nil {
		return p.vm.findAll(s)
	}
	return p.re.FindAllStringSubmatchIndex(s, -1)
}

func compile(pv starlark.Value, flags int) (*Pattern, error) {
	if p, ok := pv.(*Pattern); ok {
		if flags != 0 {
			return nil, pyerr.New(pyerr.ValueError, "cannot process flags argument with a compiled pattern")
		}
		return p, nil
	}
	src, ok := starlark.AsString(pv)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "first argument must be string or compiled pattern")
	}
	if p, ok := cache.Load(key{src, flags}); ok {
		return p.(*Pattern), nil
	}
	goSrc, boundary, err := translate(src, flags)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(goSrc)
	if err != nil {
		return nil, pyerr.New("re.error", "%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	full := regexp.MustCompile(`\A(?:` + goSrc + `)\z`)
	p := &Pattern{src: src, flags: flags, re: re, full: full, names: map[string]int{}}
	if boundary && flags&flagA == 0 {
		// RE2's \b is ASCII; Python's is Unicode for str patterns.
		if p.vm, err = newPike(goSrc); err == nil {
			p.vmFull, err = newPike(`\A(?:` + goSrc + `)\z`)
		}
		if err != nil {
			return nil, pyerr.New("re.error", "%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
	}
	for i, n := range re.SubexpNames() {
		if n != "" {
			p.names[n] = i
		}
	}
	cache.Store(key{src, flags}, p)
	return p, nil
}

// unicodeClass is, for \d \D \w \W \s \S, Python's Unicode class in RE2
// syntax: alone, and inside a [...] class ("" where a negated class cannot
// join a class: RE2's ASCII \W or \S is kept there).
var unicodeClass = [256][2]string{
	'd': {`\p{Nd}`, `\p{Nd}`},
	'D': {`\P{Nd}`, `\P{Nd}`},
	'w': {`[\p{L}\p{N}_]`, `\p{L}\p{N}_`},
	'W': {`[^\p{L}\p{N}_]`, `\W`},
	's': {`[\t\n\v\f\r\x1c-\x1f\x85\p{Z}]`, `\t\n\v\f\r\x1c-\x1f\x85\p{Z}`},
	'S': {`[^\t\n\v\f\r\x1c-\x1f\x85\p{Z}]`, `\S`},
}

// translate turns Python's syntax into RE2's, refusing what RE2 lacks;
// boundary reports a \b or \B (a word boundary assertion) in it.
func translate(src string, flags int) (_ string, boundary bool, _ error) {
	var b strings.Builder
	prefix := ""
	if flags&flagI != 0 {
		prefix += "i"
	}
	if flags&flagM != 0 {
		prefix += "m"
	}
	if flags&flagS != 0 {
		prefix += "s"
	}
	if prefix != "" {
		b.WriteString("(?" + prefix + ")")
	}
	verbose := flags&flagX != 0
	inClass := false
	refuse := func(what string, at int) error {
		return pyerr.New("re.error", "%s is not supported by procstar's linear-time engine (RE2) at position %d", what, utf8.RuneCountInString(src[:at]))
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			n := src[i+1]
			switch {
			case n >= '1' && n <= '9' && !inClass:
				return "", false, refuse("a backreference (\\"+string(n)+")", i)
			case n == 'Z':
				b.WriteString(`\z`)
			case n == 'b' && inClass:
				b.WriteString(`\x08`) // Python's [\b] is a backspace
			case (n == 'b' || n == 'B') && !inClass:
				boundary = true
				b.WriteByte(c)
				b.WriteByte(n)
			case flags&flagA == 0 && unicodeClass[n][0] != "":
				// Python's str patterns: \d, \w, \s are Unicode classes
				// (RE2's are ASCII).
				if inClass {
					b.WriteString(unicodeClass[n][1])
				} else {
					b.WriteString(unicodeClass[n][0])
				}
			default:
				b.WriteByte(c)
				b.WriteByte(n)
			}
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			if i+1 < len(src) && src[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(src) && src[i+1] == ']' { // a leading ] is literal
				b.WriteString(`\]`)
				i++
			}
		case c == '(' && strings.HasPrefix(src[i:], "(?"):
			rest := src[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
				return "", false, refuse("a lookahead assertion ("+src[i:i+3]+"...)", i)
			case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return "", false, refuse("a lookbehind assertion ("+src[i:i+4]+"...)", i)
			case strings.HasPrefix(rest, "P="):
				return "", false, refuse("a named backreference ((?P=...))", i)
			case strings.HasPrefix(rest, "#"):
				j := strings.IndexByte(rest, ')')
				if j < 0 {
					return "", false, pyerr.New("re.error", "missing ), unterminated comment at position %d", i)
				}
				i += 2 + j
			case strings.HasPrefix(rest, "<") && !strings.HasPrefix(rest, "<="):
				b.WriteString("(?P<") // Python 3.12's (?<name>...) form
				i += 2
			default:
				b.WriteString("(?")
				i++
			}
		case verbose && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
		case verbose && c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case (c == '+' || c == '*' || c == '?' || c == '}') && i+1 < len(src) && src[i+1] == '+':
			return "", false, refuse("a possessive quantifier ("+src[i:i+2]+")", i)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), boundary, nil
}

func (p *Pattern) String() string {
	return "re.compile(" + pyformat.QuoteStr(p.src) + flagSuffix(p.flags) + ")"
}

func flagSuffix(flags int) string {
	var parts []string
	for _, f := range []struct {
		bit  int
		name string
	}{{flagI, "re.IGNORECASE"}, {flagM, "re.MULTILINE"}, {flagS, "re.DOTALL"}, {flagX, "re.VERBOSE"}, {flagA, "re.ASCII"}} {
		if flags&f.bit != 0 {
			parts = append(parts, f.name)
		}
	}
	if parts == nil {
		return ""
	}
	return ", " + strings.Join(parts, "|")
}

func (p *Pattern) Type() string          { return "re.Pattern" }
func (p *Pattern) Freeze()               {}
func (p *Pattern) Truth() starlark.Bool  { return starlark.True }
func (p *Pattern) Hash() (uint32, error) { return starlark.String(p.src).Hash() }
func (p *Pattern) AttrNames() []string {
	return append([]string{"flags", "groupindex", "groups", "pattern"}, patternMethods...)
}

func (p *Pattern) Attr(name string) (starlark.Value, error) {
	switch name {
	case "pattern":
		return starlark.String(p.src), nil
	case "flags":
		return starlark.MakeInt(p.flags | 32), nil // re.UNICODE, as Python's str patterns
	case "groups":
		return starlark.MakeInt(p.re.NumSubexp()), nil
	case "groupindex":
		d := starlark.NewDict(len(p.names))
		for n, i := range p.names {
			d.SetKey(starlark.String(n), starlark.MakeInt(i))
		}
		return d, nil
	}
	for _, m := range patternMethods {
		if m == name {
			return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return p.call(thread, name, args, kwargs)
			}).BindReceiver(p), nil
		}
	}
	return nil, nil
}

func (p *Pattern) call(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	typeErr := func(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }
	switch name {
	case "match", "fullmatch", "search":
		var s string
		if err := starlark.UnpackArgs(name, args, kwargs, "string", &s); err != nil {
			return nil, typeErr(err)
		}
		loc := p.find(s, name == "fullmatch")
		if loc == nil || name == "match" && loc[0] != 0 {
			return starlark.None, nil
		}
		return &Match{p: p, s: s, loc: loc}, nil
	case "findall", "finditer":
		var s string
		if err := starlark.UnpackArgs(name, args, kwargs, "string", &s); err != nil {
			return nil, typeErr(err)
		}
		var out []starlark.Value
		for _, loc := range p.findAll(s) {
			m := &Match{p: p, s: s, loc: loc}
			if name == "finditer" {
				out = append(out, m)
				continue
			}
			switch n := p.re.NumSubexp(); n {
			case 0:
				out = append(out, m.group(0, starlark.String("")))
			case 1:
				out = append(out, m.group(1, starlark.String("")))
			default:
				t := make(starlark.Tuple, n)
				for i := range t {
					t[i] = m.group(i+1, starlark.String(""))
				}
				out = append(out, t)
			}
		}
		return starlark.NewList(out), nil
	case "sub", "subn":
		var repl starlark.Value
		var s string
		count := 0
		if err := starlark.UnpackArgs(name, args, kwargs, "repl", &repl, "string", &s, "count?", &count); err != nil {
			return nil, typeErr(err)
		}
		out, n, err := p.sub(thread, repl, s, count)
		if err != nil {
			return nil, err
		}
		if name == "subn" {
			return starlark.Tuple{starlark.String(out), starlark.MakeInt(n)}, nil
		}
		return starlark.String(out), nil
	case "split":
		var s string
		maxsplit := 0
		if err := starlark.UnpackArgs(name, args, kwargs, "string", &s, "maxsplit?", &maxsplit); err != nil {
			return nil, typeErr(err)
		}
		var out []starlark.Value
		last := 0
		for i, loc := range p.findAll(s) {
			if maxsplit > 0 && i >= maxsplit {
				break
			}
			out = append(out, starlark.String(s[last:loc[0]]))
			m := &Match{p: p, s: s, loc: loc}
			for g := 1; g <= p.re.NumSubexp(); g++ {
				out = append(out, m.group(g, starlark.None))
			}
			last = loc[1]
		}
		out = append(out, starlark.String(s[last:]))
		return starlark.NewList(out), nil
	}
	return nil, fmt.Errorf("re: no method %s", name)
}

// sub replaces up to count matches (0: all) by repl: a template with \1,
// \g<1>, \g<name> and escapes, or a function of the match.
func (p *Pattern) sub(thread *starlark.Thread, repl starlark.Value, s string, count int) (string, int, error) {
	var b strings.Builder
	last, n := 0, 0
	tmpl, isStr := starlark.AsString(repl)
	if !isStr {
		if _, ok := repl.(starlark.Callable); !ok {
			return "", 0, pyerr.New(pyerr.TypeError, "expected str or callable, not %s", repl.Type())
		}
	}
	for _, loc := range p.findAll(s) {
		if count > 0 && n >= count {
			break
		}
		b.WriteString(s[last:loc[0]])
		m := &Match{p: p, s: s, loc: loc}
		if isStr {
			r, err := m.expand(tmpl)
			if err != nil {
				return "", 0, err
			}
			b.WriteString(r)
		} else {
			v, err := starlark.Call(thread, repl, starlark.Tuple{m}, nil)
			if err != nil {
				return "", 0, err
			}
			r, ok := starlark.AsString(v)
			if !ok {
				return "", 0, pyerr.New(pyerr.TypeError, "expected str instance, %s found", v.Type())
			}
			b.WriteString(r)
		}
		last = loc[1]
		n++
	}
	b.WriteString(s[last:])
	return b.String(), n, nil
}

// Match is a match (re.Match); loc holds byte offsets of s.
type Match struct {
	p   *Pattern
	s   string
	loc []int
}

func (m *Match) index(g starlark.Value) (int, error) {
	switch g := g.(type) {
	case starlark.Int:
		i, ok := g.Int64()
		if !ok || i < 0 || int(i) > m.p.re.NumSubexp() {
			return 0, pyerr.New(pyerr.IndexError, "no such group")
		}
		return int(i), nil
	case starlark.String:
		if i, ok := m.p.names[string(g)]; ok {
			return i, nil
		}
	}
	return 0, pyerr.New(pyerr.IndexError, "no such group")
}

// group is group i, or def if it did not take part in the match.
func (m *Match) group(i int, def starlark.Value) starlark.Value {
	if m.loc[2*i] < 0 {
		return def
	}
	return starlark.String(m.s[m.loc[2*i]:m.loc[2*i+1]])
}

// pos converts a byte offset to Python's character index.
func (m *Match) pos(off int) int {
	if off < 0 {
		return -1
	}
	return utf8.RuneCountInString(m.s[:off])
}

func (m *Match) String() string {
	return fmt.Sprintf("<re.Match object; span=(%d, %d), match=%s>", m.pos(m.loc[0]), m.pos(m.loc[1]), pyformat.QuoteStr(m.s[m.loc[0]:m.loc[1]]))
}
func (m *Match) Type() string         { return "re.Match" }
func (m *Match) Freeze()              {}
func (m *Match) Truth() starlark.Bool { return starlark.True }
func (m *Match) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 're.Match'")
}
func (m *Match) AttrNames() []string {
	return []string{"end", "expand", "group", "groupdict", "groups", "lastindex", "pos", "re", "span", "start", "string"}
}

func (m *Match) Attr(name string) (starlark.Value, error) {
	switch name {
	case "string":
		return starlark.String(m.s), nil
	case "re":
		return m.p, nil
	case "pos":
		return starlark.MakeInt(0), nil
	case "lastindex":
		last := starlark.Value(starlark.None)
		for i := 1; i <= m.p.re.NumSubexp(); i++ {
			if m.loc[2*i] >= 0 {
				last = starlark.MakeInt(i)
			}
		}
		return last, nil
	}
	f, ok := matchMethods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return f(m, args, kwargs)
	}).BindReceiver(m), nil
}

var matchMethods = map[string]func(*Match, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
	"group": func(m *Match, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			args = starlark.Tuple{starlark.MakeInt(0)}
		}
		out := make(starlark.Tuple, len(args))
		for k, g := range args {
			i, err := m.index(g)
			if err != nil {
				return nil, err
			}
			out[k] = m.group(i, starlark.None)
		}
		if len(out) == 1 {
			return out[0], nil
		}
		return out, nil
	},
	"groups": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var def starlark.Value = starlark.None
		if err := starlark.UnpackArgs("groups", args, kwargs, "default?", &def); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		out := make(starlark.Tuple, m.p.re.NumSubexp())
		for i := range out {
			out[i] = m.group(i+1, def)
		}
		return out, nil
	},
	"groupdict": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var def starlark.Value = starlark.None
		if err := starlark.UnpackArgs("groupdict", args, kwargs, "default?", &def); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		d := starlark.NewDict(len(m.p.names))
		for i, n := range m.p.re.SubexpNames() {
			if n != "" {
				d.SetKey(starlark.String(n), m.group(i, def))
			}
		}
		return d, nil
	},
	"start": func(m *Match, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return m.bound(args, 0)
	},
	"end": func(m *Match, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return m.bound(args, 1)
	},
	"span": func(m *Match, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		s, err := m.bound(args, 0)
		if err != nil {
			return nil, err
		}
		e, _ := m.bound(args, 1)
		return starlark.Tuple{s, e}, nil
	},
	"expand": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var t string
		if err := starlark.UnpackPositionalArgs("expand", args, kwargs, 1, &t); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		r, err := m.expand(t)
		return starlark.String(r), err
	},
}

// bound is the start (which 0) or end (1) of a group, -1 if it did not
// take part.
func (m *Match) bound(args starlark.Tuple, which int) (starlark.Value, error) {
	i := 0
	if len(args) > 0 {
		var err error
		if i, err = m.index(args[0]); err != nil {
			return nil, err
		}
	}
	return starlark.MakeInt(m.pos(m.loc[2*i+which])), nil
}

// expand is Python's template expansion: \1..\99, \g<n>, \g<name>, and
// the escapes \n \t \\ ...; an unmatched group expands to "".
func (m *Match) expand(t string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '\\' || i+1 == len(t) {
			b.WriteByte(c)
			continue
		}
		i++
		n := t[i]
		switch {
		case n >= '0' && n <= '9':
			j := i + 1
			if j < len(t) && t[j] >= '0' && t[j] <= '9' {
				j++
			}
			g, _ := strconv.Atoi(t[i:j])
			if g > m.p.re.NumSubexp() {
				return "", pyerr.New("re.error", "invalid group reference %d at position %d", g, i-1)
			}
			if v, ok := m.group(g, starlark.String("")).(starlark.String); ok {
				b.WriteString(string(v))
			}
			i = j - 1
		case n == 'g':
			end := strings.IndexByte(t[i:], '>')
			if i+1 >= len(t) || t[i+1] != '<' || end < 0 {
				return "", pyerr.New("re.error", "missing < at position %d", i+1)
			}
			ref := t[i+2 : i+end]
			var idx starlark.Value = starlark.String(ref)
			if k, err := strconv.Atoi(ref); err == nil {
				idx = starlark.MakeInt(k)
			}
			g, err := m.index(idx)
			if err != nil {
				return "", pyerr.New(pyerr.IndexError, "unknown group name '%s'", ref)
			}
			if v, ok := m.group(g, starlark.String("")).(starlark.String); ok {
				b.WriteString(string(v))
			}
			i += end
		case n == 'n':
			b.WriteByte('\n')
		case n == 't':
			b.WriteByte('\t')
		case n == 'r':
			b.WriteByte('\r')
		case n == '\\':
			b.WriteByte('\\')
		default:
			b.WriteByte('\\')
			b.WriteByte(n)
		}
	}
	return b.String(), nil
}

// escape is re.escape: the characters special in a pattern, escaped.
func escape(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var out strings.Builder
	for _, r := range s {
		if strings.ContainsRune("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", r) {
			out.WriteByte('\\')
		}
		out.WriteRune(r)
	}
	return starlark.String(out.String()), nil
}
