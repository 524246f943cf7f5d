// Package remod is procstar's "re" module on Go's regexp (RE2: linear
// time, no catastrophic backtracking). Python's syntax is translated
// (translate.go: (?P<name>...), \Z, octal and \u escapes, inline and
// scoped flags, flags I M S X A); what RE2 cannot run (backreferences,
// lookaround, possessive forms) fails at compile with re.error naming it.
// Where Go's regexp and Python's re part (Unicode \b, $ before a final
// newline, empty matches after a match, searches from pos), a VM of our
// own runs the RE2 program with Python's rules (pike.go). Positions are
// Python's, in characters. bytes patterns run on the text decoded as
// Latin-1 (one rune a byte), so positions are byte offsets.
package remod

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "re" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{
		"I": starlark.MakeInt(flagI), "IGNORECASE": starlark.MakeInt(flagI),
		"M": starlark.MakeInt(flagM), "MULTILINE": starlark.MakeInt(flagM),
		"S": starlark.MakeInt(flagS), "DOTALL": starlark.MakeInt(flagS),
		"X": starlark.MakeInt(flagX), "VERBOSE": starlark.MakeInt(flagX),
		"A": starlark.MakeInt(flagA), "ASCII": starlark.MakeInt(flagA),
		"U": starlark.MakeInt(flagU), "UNICODE": starlark.MakeInt(flagU),
		"NOFLAG":  starlark.MakeInt(0),
		"compile": starlark.NewBuiltin("compile", compileBuiltin),
		"escape":  starlark.NewBuiltin("escape", escape),
		"purge":   starlark.NewBuiltin("purge", purge),
	}
	for _, name := range patternMethods {
		m[name] = starlark.NewBuiltin(name, moduleFunc)
	}
	return &starlarkstruct.Module{Name: "re", Members: m}
}

var patternMethods = []string{"match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split"}

// moduleFunc is re.f(pattern, ..., flags=0): compile (cached), then
// Pattern.f, with Python's signatures (flags may be positional).
func moduleFunc(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := b.Name()
	var pat, s, repl starlark.Value
	flags, n := 0, 0
	var err error
	switch name {
	case "sub", "subn":
		err = starlark.UnpackArgs(name, args, kwargs, "pattern", &pat, "repl", &repl, "string", &s, "count?", &n, "flags?", &flags)
	case "split":
		err = starlark.UnpackArgs(name, args, kwargs, "pattern", &pat, "string", &s, "maxsplit?", &n, "flags?", &flags)
	default:
		err = starlark.UnpackArgs(name, args, kwargs, "pattern", &pat, "string", &s, "flags?", &flags)
	}
	if err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	p, err := compile(pat, flags)
	if err != nil {
		return nil, err
	}
	switch name {
	case "sub", "subn":
		return p.sub(thread, name, repl, s, n)
	case "split":
		return p.split(s, n)
	}
	return p.search(name, s, 0, math.MaxInt)
}

// cache of compiled patterns, as Python's (re.purge empties it).
var cache sync.Map // key -> *Pattern

type key struct {
	pattern string
	flags   int
	bytes   bool
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
	src     string // bytes patterns: decoded as Latin-1
	bytes   bool
	flags   int // with the inline ones
	groups  int
	names   map[string]int
	byIndex []string // group names by number ("" unnamed)
	// closeRank orders the groups by their ")" (see Match.lastindex).
	closeRank []int
	// Go's regexp: searching, matching at the start, matching it all.
	re, anch, full *regexp.Regexp
	// The VM (pike.go): searching from a place, and matching up to the
	// end (anchored where the match starts).
	vm, vmFull *pike
	// vmOnly: Go's regexp is wrong for any text (Unicode \b, \B, a
	// repeat of what can match empty);
	// boundary: for the empty text (any \b, \B).
	vmOnly, boundary bool
	// dollar: a $ outside MULTILINE, where Go's regexp is wrong for a text
	// that ends in a newline.
	dollar bool
}

func compile(pv starlark.Value, flags int) (*Pattern, error) {
	if p, ok := pv.(*Pattern); ok {
		if flags != 0 {
			return nil, pyerr.New(pyerr.ValueError, "cannot process flags argument with a compiled pattern")
		}
		return p, nil
	}
	var src string
	isBytes := false
	switch v := pv.(type) {
	case starlark.String:
		src = string(v)
	case starlark.Bytes:
		src, isBytes = latin1(string(v)), true
	default:
		return nil, pyerr.New(pyerr.TypeError, "first argument must be string or compiled pattern")
	}
	k := key{src, flags, isBytes}
	if p, ok := cache.Load(k); ok {
		return p.(*Pattern), nil
	}
	t, err := translate(src, flags, isBytes)
	if err != nil {
		return nil, err
	}
	fast, vmSrc := t.fast.String(), t.vm.String()
	re, err := regexp.Compile(fast)
	if err != nil {
		return nil, pyerr.New("re.error", "%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	ascii := t.flags&flagA != 0 || isBytes
	p := &Pattern{
		src: src, bytes: isBytes, flags: t.flags, groups: re.NumSubexp(), names: map[string]int{},
		byIndex: t.names, closeRank: t.closeRank, re: re,
		anch:   regexp.MustCompile(`\A(?:` + fast + `)`),
		full:   regexp.MustCompile(`\A(?:` + fast + `)\z`),
		vmOnly: t.boundary && !ascii, boundary: t.boundary, dollar: t.dollar,
	}
	if p.vm, err = newPike(vmSrc, ascii); err == nil {
		p.vmFull, err = newPike(`(?:`+vmSrc+`)\z`, ascii)
	}
	if err != nil {
		return nil, pyerr.New("re.error", "%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	if p.vm.depth > 0 {
		// A repeat of what can match empty: Go's regexp drops the empty
		// iteration sre keeps (loops.go).
		p.vmOnly = true
	}
	for i, n := range p.byIndex {
		if n != "" {
			p.names[n] = i
		}
	}
	cache.Store(k, p)
	return p, nil
}

// latin1 decodes bytes as Latin-1: one rune a byte.
func latin1(b string) string {
	for i := 0; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			var sb strings.Builder
			for _, c := range []byte(b) {
				sb.WriteRune(rune(c))
			}
			return sb.String()
		}
	}
	return b
}

// unlatin1 encodes a text latin1 decoded back to bytes.
func unlatin1(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			b := make([]byte, 0, len(s))
			for _, r := range s {
				b = append(b, byte(r))
			}
			return string(b)
		}
	}
	return s
}

// text is the subject v as this pattern reads it, or Python's TypeError.
func (p *Pattern) text(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		if p.bytes {
			return "", pyerr.New(pyerr.TypeError, "cannot use a bytes pattern on a string-like object")
		}
		return string(v), nil
	case starlark.Bytes:
		if !p.bytes {
			return "", pyerr.New(pyerr.TypeError, "cannot use a string pattern on a bytes-like object")
		}
		return latin1(string(v)), nil
	}
	return "", pyerr.New(pyerr.TypeError, "expected string or bytes-like object, got '%s'", pyformat.TypeName(v))
}

// value is a piece of a text as the pattern's type: str, or bytes.
func (p *Pattern) value(s string) starlark.Value {
	if p.bytes {
		return starlark.Bytes(unlatin1(s))
	}
	return starlark.String(s)
}

// Kinds of search.
const (
	modeSearch = iota
	modeMatch
	modeFull
)

// fast tells whether Go's regexp finds in s (up to endpos) what Python
// does, where the VM is not needed.
func (p *Pattern) fast(s string) bool {
	return !p.vmOnly && !(p.boundary && s == "") && !(p.dollar && strings.HasSuffix(s, "\n"))
}

// find is the first match in s[:end] at pos or after (modeMatch: at pos;
// modeFull: at pos, up to end), in byte offsets, or nil.
func (p *Pattern) find(s string, pos, end, mode int) []int {
	s = s[:end]
	if pos == 0 && p.fast(s) {
		switch mode {
		case modeMatch:
			return p.anch.FindStringSubmatchIndex(s)
		case modeFull:
			return p.full.FindStringSubmatchIndex(s)
		}
		return p.re.FindStringSubmatchIndex(s)
	}
	if mode == modeFull {
		return p.vmFull.find(s, pos, true, false)
	}
	return p.vm.find(s, pos, mode == modeMatch, false)
}

// findAll is the successive matches in s[:end] from pos, at most limit
// (-1: all), as Python finds them: after an empty match, the next one may
// start at the same place but not be empty, and an empty match may follow
// a match at its end (Go's regexp skips that one and moves on a rune).
func (p *Pattern) findAll(s string, pos, end, limit int) [][]int {
	s = s[:end]
	if pos == 0 && p.fast(s) && !p.vm.empty {
		// Without empty matches, Go's regexp finds what Python does.
		return p.re.FindAllStringSubmatchIndex(s, limit)
	}
	var out [][]int
	mc := p.vm.machine()
	for mustAdvance := false; limit < 0 || len(out) < limit; {
		loc := mc.find(s, pos, false, mustAdvance)
		if loc == nil {
			break
		}
		out = append(out, loc)
		mustAdvance, pos = loc[0] == loc[1], loc[1]
	}
	return out
}

// bounds converts Python's pos and endpos (characters, clamped to the
// text) to byte offsets of s.
func bounds(s string, pos, endpos int) (int, int, int, int) {
	n := utf8.RuneCountInString(s)
	pos, endpos = min(max(pos, 0), n), min(max(endpos, 0), n)
	if n == len(s) {
		return pos, endpos, pos, endpos
	}
	off := func(k int) int {
		i := 0
		for ; k > 0; k-- {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
		return i
	}
	return off(pos), off(endpos), pos, endpos
}

// search is match, fullmatch, search, findall and finditer.
func (p *Pattern) search(name string, sv starlark.Value, pos, endpos int) (starlark.Value, error) {
	s, err := p.text(sv)
	if err != nil {
		return nil, err
	}
	bpos, bend, pos, endpos := bounds(s, pos, endpos)
	newMatch := func(loc []int) *Match {
		return &Match{p: p, s: s, orig: sv, loc: loc, pos: pos, endpos: endpos}
	}
	switch name {
	case "findall", "finditer":
		var out []starlark.Value
		if bpos <= bend {
			for _, loc := range p.findAll(s, bpos, bend, -1) {
				m := newMatch(loc)
				switch {
				case name == "finditer":
					out = append(out, m)
				case p.groups == 0:
					out = append(out, m.group(0, p.value("")))
				case p.groups == 1:
					out = append(out, m.group(1, p.value("")))
				default:
					t := make(starlark.Tuple, p.groups)
					for i := range t {
						t[i] = m.group(i+1, p.value(""))
					}
					out = append(out, t)
				}
			}
		}
		return starlark.NewList(out), nil
	}
	if bpos > bend {
		return starlark.None, nil
	}
	mode := map[string]int{"search": modeSearch, "match": modeMatch, "fullmatch": modeFull}[name]
	loc := p.find(s, bpos, bend, mode)
	if loc == nil {
		return starlark.None, nil
	}
	return newMatch(loc), nil
}

// sub is sub and subn: up to count matches (0: all) replaced by repl, a
// template with \1, \g<1>, \g<name> and escapes, or a function of the
// match.
func (p *Pattern) sub(thread *starlark.Thread, name string, repl, sv starlark.Value, count int) (starlark.Value, error) {
	s, err := p.text(sv)
	if err != nil {
		return nil, err
	}
	fn, isFunc := repl.(starlark.Callable)
	// A str template for a bytes pattern (or the reverse) is a piece of
	// the other type in Python's join: TypeError at the first match only.
	_, isStr := repl.(starlark.String)
	_, isBytes := repl.(starlark.Bytes)
	otherType := isStr && p.bytes || isBytes && !p.bytes
	var tmpl []tmplItem
	if !isFunc && !otherType {
		// Python parses the template first: its errors come even where
		// nothing matches.
		t, err := p.template(repl)
		if err != nil {
			return nil, err
		}
		if tmpl, err = p.parseTemplate(t); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	last, n, items := 0, 0, 0
	if count >= 0 { // Python replaces nothing for a negative count
		limit := count
		if count == 0 {
			limit = -1
		}
		endpos := utf8.RuneCountInString(s)
		for _, loc := range p.findAll(s, 0, len(s), limit) {
			if loc[0] > last {
				b.WriteString(s[last:loc[0]])
				items++
			}
			m := &Match{p: p, s: s, orig: sv, loc: loc, endpos: endpos}
			if otherType {
				_, err := p.piece(repl, items)
				return nil, err
			}
			if isFunc {
				v, err := starlark.Call(thread, fn, starlark.Tuple{m}, nil)
				if err != nil {
					return nil, err
				}
				// Python joins the pieces: None is no piece, and one of
				// another type fails the join, numbered as such.
				if v != starlark.None {
					r, err := p.piece(v, items)
					if err != nil {
						return nil, err
					}
					b.WriteString(r)
					items++
				}
			} else {
				b.WriteString(m.apply(tmpl))
				items++
			}
			last = loc[1]
			n++
		}
	}
	b.WriteString(s[last:])
	out := p.value(b.String())
	if name == "subn" {
		return starlark.Tuple{out, starlark.MakeInt(n)}, nil
	}
	return out, nil
}

// template is the text of a template argument, or Python's TypeError.
func (p *Pattern) template(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		if !p.bytes {
			return string(v), nil
		}
	case starlark.Bytes:
		if p.bytes {
			return latin1(string(v)), nil
		}
	}
	if p.bytes {
		return "", pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyformat.TypeName(v))
	}
	return "", pyerr.New(pyerr.TypeError, "decoding to str: need a bytes-like object, %s found", pyformat.TypeName(v))
}

// piece is a function's replacement text, or the TypeError of Python's
// join of the pieces (item: its place among them).
func (p *Pattern) piece(v starlark.Value, item int) (string, error) {
	if s, ok := v.(starlark.String); ok && !p.bytes {
		return string(s), nil
	}
	if b, ok := v.(starlark.Bytes); ok && p.bytes {
		return latin1(string(b)), nil
	}
	if p.bytes {
		return "", pyerr.New(pyerr.TypeError, "sequence item %d: expected a bytes-like object, %s found", item, pyformat.TypeName(v))
	}
	return "", pyerr.New(pyerr.TypeError, "sequence item %d: expected str instance, %s found", item, pyformat.TypeName(v))
}

// split is Pattern.split: the text between matches (and the groups of
// each), at most maxsplit matches (0: all; negative: none, as in Python).
func (p *Pattern) split(sv starlark.Value, maxsplit int) (starlark.Value, error) {
	s, err := p.text(sv)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	last := 0
	if maxsplit >= 0 {
		limit := maxsplit
		if maxsplit == 0 {
			limit = -1
		}
		for _, loc := range p.findAll(s, 0, len(s), limit) {
			out = append(out, p.value(s[last:loc[0]]))
			m := &Match{p: p, s: s, loc: loc}
			for g := 1; g <= p.groups; g++ {
				out = append(out, m.group(g, starlark.None))
			}
			last = loc[1]
		}
	}
	out = append(out, p.value(s[last:]))
	return starlark.NewList(out), nil
}

func (p *Pattern) String() string {
	src := pyformat.QuoteStr(p.src)
	if p.bytes {
		src = pyformat.QuoteBytes(unlatin1(p.src))
	}
	return "re.compile(" + truncate(src, 200) + flagSuffix(p.flags) + ")"
}

// truncate is s cut to n characters, as Python's %.200R cuts a repr.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
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
	// Bits Python has no name for here are shown in hex, as it does.
	if rest := flags &^ (flagI | flagM | flagS | flagX | flagA | flagU); rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%x", rest))
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
		return p.value(p.src), nil
	case "flags":
		if p.bytes || p.flags&flagA != 0 {
			return starlark.MakeInt(p.flags), nil
		}
		return starlark.MakeInt(p.flags | flagU), nil // Python's str patterns are re.UNICODE
	case "groups":
		return starlark.MakeInt(p.groups), nil
	case "groupindex":
		d := starlark.NewDict(len(p.names))
		for i, n := range p.byIndex {
			if n != "" {
				d.SetKey(starlark.String(n), starlark.MakeInt(i))
			}
		}
		d.Freeze() // a read-only mapping in Python
		return d, nil
	}
	for _, m := range patternMethods {
		if m == name {
			return starlark.NewBuiltin(name, p.method).BindReceiver(p), nil
		}
	}
	return nil, nil
}

// method is Pattern.NAME, with Python's signatures.
func (p *Pattern) method(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := b.Name()
	var s, repl starlark.Value
	n, pos, endpos := 0, 0, math.MaxInt
	var err error
	switch name {
	case "sub", "subn":
		err = starlark.UnpackArgs(name, args, kwargs, "repl", &repl, "string", &s, "count?", &n)
	case "split":
		err = starlark.UnpackArgs(name, args, kwargs, "string", &s, "maxsplit?", &n)
	default:
		err = starlark.UnpackArgs(name, args, kwargs, "string", &s, "pos?", &pos, "endpos?", &endpos)
	}
	if err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	switch name {
	case "sub", "subn":
		return p.sub(thread, name, repl, s, n)
	case "split":
		return p.split(s, n)
	}
	return p.search(name, s, pos, endpos)
}

// Match is a match (re.Match); loc holds byte offsets of s (the text as
// the pattern reads it), pos and endpos are Python's, in characters.
type Match struct {
	p           *Pattern
	s           string
	orig        starlark.Value
	loc         []int
	pos, endpos int
}

var (
	_ starlark.Mapping  = (*Match)(nil)
	_ starlark.HasAttrs = (*Match)(nil)
)

func (m *Match) index(g starlark.Value) (int, error) {
	switch g := g.(type) {
	case starlark.Int:
		i, ok := g.Int64()
		if !ok || i < 0 || int(i) > m.p.groups {
			return 0, pyerr.New(pyerr.IndexError, "no such group")
		}
		return int(i), nil
	case starlark.Bool:
		if g && m.p.groups >= 1 {
			return 1, nil
		}
		if !g {
			return 0, nil
		}
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
	return m.p.value(m.s[m.loc[2*i]:m.loc[2*i+1]])
}

// Get is m[g], as m.group(g).
func (m *Match) Get(k starlark.Value) (starlark.Value, bool, error) {
	i, err := m.index(k)
	if err != nil {
		return nil, false, err
	}
	return m.group(i, starlark.None), true, nil
}

// charPos converts a byte offset to Python's character index.
func (m *Match) charPos(off int) int {
	if off < 0 {
		return -1
	}
	return utf8.RuneCountInString(m.s[:off])
}

func (m *Match) String() string {
	text := pyformat.QuoteStr(m.s[m.loc[0]:m.loc[1]])
	if m.p.bytes {
		text = pyformat.QuoteBytes(unlatin1(m.s[m.loc[0]:m.loc[1]]))
	}
	text = truncate(text, 50) // Python's %.50R
	return fmt.Sprintf("<re.Match object; span=(%d, %d), match=%s>", m.charPos(m.loc[0]), m.charPos(m.loc[1]), text)
}
func (m *Match) Type() string         { return "re.Match" }
func (m *Match) Freeze()              {}
func (m *Match) Truth() starlark.Bool { return starlark.True }
func (m *Match) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 're.Match'")
}
func (m *Match) AttrNames() []string {
	return []string{"end", "endpos", "expand", "group", "groupdict", "groups", "lastgroup", "lastindex", "pos", "re", "regs", "span", "start", "string"}
}

// lastIndex is Python's lastindex, the group that closed last, or 0: of
// the groups that took part, the one that ends last, and of those ending
// at one place, the one whose ")" comes last (an enclosing group closes
// after the groups it holds).
func (m *Match) lastIndex() int {
	last := 0
	for i := 1; i <= m.p.groups; i++ {
		if m.loc[2*i] < 0 {
			continue
		}
		if last == 0 || m.loc[2*i+1] > m.loc[2*last+1] || m.loc[2*i+1] == m.loc[2*last+1] && m.p.closeRank[i] > m.p.closeRank[last] {
			last = i
		}
	}
	return last
}

func (m *Match) Attr(name string) (starlark.Value, error) {
	switch name {
	case "string":
		if m.orig == nil {
			return m.p.value(m.s), nil
		}
		return m.orig, nil
	case "re":
		return m.p, nil
	case "pos":
		return starlark.MakeInt(m.pos), nil
	case "endpos":
		return starlark.MakeInt(m.endpos), nil
	case "lastindex":
		if i := m.lastIndex(); i > 0 {
			return starlark.MakeInt(i), nil
		}
		return starlark.None, nil
	case "lastgroup":
		if i := m.lastIndex(); i > 0 && m.p.byIndex[i] != "" {
			return starlark.String(m.p.byIndex[i]), nil
		}
		return starlark.None, nil
	case "regs":
		t := make(starlark.Tuple, m.p.groups+1)
		for i := range t {
			t[i] = starlark.Tuple{starlark.MakeInt(m.charPos(m.loc[2*i])), starlark.MakeInt(m.charPos(m.loc[2*i+1]))}
		}
		return t, nil
	}
	f, ok := matchMethods.Get()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return f(m, args, kwargs)
	}).BindReceiver(m), nil
}

// matchMethod is the signature of a method in matchMethods.
type matchMethod func(*Match, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// matchMethods are Match's methods, built on first use.
var matchMethods = lazy.Value[map[string]matchMethod]{New: func() map[string]matchMethod {
	return map[string]matchMethod{
		"group": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, pyerr.New(pyerr.TypeError, "group() takes no keyword arguments")
			}
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
			out := make(starlark.Tuple, m.p.groups)
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
			for i, n := range m.p.byIndex {
				if n != "" {
					d.SetKey(starlark.String(n), m.group(i, def))
				}
			}
			return d, nil
		},
		"start": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.bound("start", args, kwargs, 0)
		},
		"end": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.bound("end", args, kwargs, 1)
		},
		"span": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := m.bound("span", args, kwargs, 0)
			if err != nil {
				return nil, err
			}
			e, _ := m.bound("span", args, kwargs, 1)
			return starlark.Tuple{s, e}, nil
		},
		"expand": func(m *Match, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tv starlark.Value
			if err := starlark.UnpackArgs("expand", args, kwargs, "template", &tv); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			t, err := m.p.template(tv)
			if err != nil {
				return nil, err
			}
			items, err := m.p.parseTemplate(t)
			if err != nil {
				return nil, err
			}
			return m.p.value(m.apply(items)), nil
		},
	}
}}

// bound is the start (which 0) or end (1) of a group, -1 if it did not
// take part.
func (m *Match) bound(name string, args starlark.Tuple, kwargs []starlark.Tuple, which int) (starlark.Value, error) {
	var g starlark.Value = starlark.MakeInt(0)
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0, &g); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	i, err := m.index(g)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(m.charPos(m.loc[2*i+which])), nil
}

// escape is re.escape: the characters special in a pattern, escaped.
func escape(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var s string
	switch v := v.(type) {
	case starlark.String:
		s = string(v)
	case starlark.Bytes:
		s = string(v)
	default:
		return nil, pyerr.New(pyerr.TypeError, "decoding to str: need a bytes-like object, %s found", pyformat.TypeName(v))
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", s[i]) >= 0 {
			out.WriteByte('\\')
		}
		out.WriteByte(s[i])
	}
	if _, ok := v.(starlark.Bytes); ok {
		return starlark.Bytes(out.String()), nil
	}
	return starlark.String(out.String()), nil
}
