// Package textwrapmod is procstar's "textwrap" module: wrap, fill,
// shorten, dedent and indent, a port of CPython 3.12's Lib/textwrap.py.
// TextWrapper's word-splitting regexp uses look-behinds, which Go's regexp
// lacks: the splitter follows it by hand.
package textwrapmod

import (
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/stringmod"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "textwrap" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "textwrap", Members: starlark.StringDict{
		"wrap":    starlark.NewBuiltin("wrap", wrapBuiltin),
		"fill":    starlark.NewBuiltin("fill", wrapBuiltin),
		"shorten": starlark.NewBuiltin("shorten", wrapBuiltin),
		"dedent":  starlark.NewBuiltin("dedent", dedentBuiltin),
		"indent":  starlark.NewBuiltin("indent", indentBuiltin),
	}}
}

// Wrapper is TextWrapper's settings.
type Wrapper struct {
	Width                           int
	InitialIndent, SubsequentIndent string
	ExpandTabs, ReplaceWhitespace   bool
	FixSentenceEndings              bool
	BreakLongWords, DropWhitespace  bool
	BreakOnHyphens                  bool
	TabSize                         int
	MaxLines                        int // 0: None
	Placeholder                     string
}

// Defaults is a TextWrapper with textwrap.wrap's default arguments.
func Defaults() Wrapper {
	return Wrapper{Width: 70, ExpandTabs: true, ReplaceWhitespace: true, BreakLongWords: true,
		DropWhitespace: true, BreakOnHyphens: true, TabSize: 8, Placeholder: " [...]"}
}

func wrapBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	w := Defaults()
	var text string
	var maxLines starlark.Value = starlark.None
	width := starlark.Value(starlark.MakeInt(70))
	pairs := []any{"text", &text, "width?", &width}
	if b.Name() == "shorten" {
		pairs[3] = &width
		pairs[2] = "width"
	}
	pairs = append(pairs,
		"initial_indent?", &w.InitialIndent, "subsequent_indent?", &w.SubsequentIndent,
		"expand_tabs?", truthArg{&w.ExpandTabs}, "replace_whitespace?", truthArg{&w.ReplaceWhitespace},
		"fix_sentence_endings?", truthArg{&w.FixSentenceEndings}, "break_long_words?", truthArg{&w.BreakLongWords},
		"drop_whitespace?", truthArg{&w.DropWhitespace}, "break_on_hyphens?", isTrueArg{&w.BreakOnHyphens},
		"tabsize?", &w.TabSize, "max_lines?", &maxLines, "placeholder?", &w.Placeholder)
	if b.Name() == "shorten" && len(args) > 2 || len(args) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "%s() takes from 1 to 2 positional arguments but %d were given", b.Name(), len(args))
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	// A bool is an int in Python: width=True wraps at 1.
	n, err := starlark.AsInt32(intarg.BoolAsInt(width))
	if err != nil {
		return nil, pyerr.New(pyerr.TypeError, "'<=' not supported between instances of '%s' and 'int'", pyformat.TypeName(width))
	}
	w.Width = n
	if b.Name() == "shorten" {
		w.MaxLines = 1
		if maxLines != starlark.None {
			return nil, pyerr.New(pyerr.TypeError, "textwrap.TextWrapper() got multiple values for keyword argument 'max_lines'")
		}
		text = strings.Join(strings.FieldsFunc(text, stringmod.IsSpace), " ")
	} else if maxLines != starlark.None {
		m, err := starlark.AsInt32(maxLines)
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "'>' not supported between instances of '%s' and 'int'", maxLines.Type())
		}
		// max_lines <= 0 behaves as 1 less than the lines so far: as
		// Python's comparison len(lines)+1 < max_lines, never true.
		if m < 1 {
			m = -1
		}
		w.MaxLines = m
	}
	lines, err := w.Wrap(text)
	if err != nil {
		return nil, err
	}
	if b.Name() == "wrap" {
		out := make([]starlark.Value, len(lines))
		for i, l := range lines {
			out[i] = starlark.String(l)
		}
		return starlark.NewList(out), nil
	}
	return starlark.String(strings.Join(lines, "\n")), nil
}

// truthArg unpacks any value as its truth: TextWrapper tests its options
// with `if self.break_long_words:`, so break_long_words=0 is False.
type truthArg struct{ p *bool }

func (t truthArg) Unpack(v starlark.Value) error { *t.p = bool(v.Truth()); return nil }

// isTrueArg unpacks break_on_hyphens, which TextWrapper._split tests with
// `is True`: any other value, 1 included, splits on whitespace only.
type isTrueArg struct{ p *bool }

func (t isTrueArg) Unpack(v starlark.Value) error { *t.p = v == starlark.True; return nil }

// wsChars is textwrap's _whitespace.
const wsChars = "\t\n\x0b\x0c\r "

func isWS(r rune) bool { return strings.ContainsRune(wsChars, r) }

// isWord is re's \w on str: alphanumeric or underscore.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' }

// isLetter is textwrap's letter, [^\d\W].
func isLetter(r rune) bool { return isWord(r) && !unicode.Is(unicode.Nd, r) }

func isWordPunct(r rune) bool { return isWord(r) || strings.ContainsRune("!\"'&.,?", r) }

func isBlank(s []rune) bool {
	for _, r := range s {
		if !stringmod.IsSpace(r) {
			return false
		}
	}
	return true
}

// expandTabs is str.expandtabs.
func expandTabs(s []rune, size int) []rune {
	var out []rune
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			if size > 0 {
				n := size - col%size
				for i := 0; i < n; i++ {
					out = append(out, ' ')
				}
				col += n
			}
		case '\n', '\r':
			out = append(out, r)
			col = 0
		default:
			out = append(out, r)
			col++
		}
	}
	return out
}

// split is TextWrapper._split: the chunks of wordsep_re (or of
// wordsep_simple_re without break_on_hyphens).
func (w *Wrapper) split(t []rune) [][]rune {
	var chunks [][]rune
	n := len(t)
	at := func(i int) rune {
		if i < 0 || i >= n {
			return -1
		}
		return t[i]
	}
	// dashes says whether t[i:] is -{2,} followed by \w.
	dashes := func(i int) bool {
		j := i
		for j < n && t[j] == '-' {
			j++
		}
		return j-i >= 2 && j < n && isWord(t[j])
	}
	for i := 0; i < n; {
		start := i
		switch {
		case isWS(t[i]):
			for i < n && isWS(t[i]) {
				i++
			}
		case !w.BreakOnHyphens:
			for i < n && !isWS(t[i]) {
				i++
			}
		case t[i] == '-' && i > 0 && isWordPunct(t[i-1]) && dashes(i):
			// an em-dash between words
			for t[i] == '-' {
				i++
			}
		default:
			// a word, possibly hyphenated: the shortest run of
			// non-whitespace that one of the three endings follows.
			e := i + 1
			for ; ; e++ {
				if at(e-1) == -1 || isWS(t[e-1]) {
					e = n // unreachable in practice: the end always matches
					break
				}
				if at(e) == '-' && (isLetter(at(e-2)) && isLetter(at(e-1)) || isLetter(at(e-1)) && at(e-2) == '-' && isLetter(at(e-3))) &&
					isLetter(at(e+1)) && (isLetter(at(e+2)) || at(e+2) == '-' && isLetter(at(e+3))) {
					e++ // the hyphen ends the chunk
					break
				}
				if e == n || isWS(t[e]) {
					break
				}
				if isWordPunct(t[e-1]) && dashes(e) {
					break
				}
			}
			i = e
		}
		chunks = append(chunks, t[start:i])
	}
	return chunks
}

func sentenceEnd(c []rune) bool {
	n := len(c)
	if n > 0 && (c[n-1] == '"' || c[n-1] == '\'') {
		n--
	}
	return n >= 2 && strings.ContainsRune(".!?", c[n-1]) && c[n-2] >= 'a' && c[n-2] <= 'z'
}

// Wrap is TextWrapper.wrap.
func (w *Wrapper) Wrap(text string) ([]string, error) {
	t := []rune(text)
	if w.ExpandTabs {
		t = expandTabs(t, w.TabSize)
	}
	if w.ReplaceWhitespace {
		for i, r := range t {
			if isWS(r) {
				t[i] = ' '
			}
		}
	}
	chunks := w.split(t)
	if w.FixSentenceEndings {
		for i := 0; i < len(chunks)-1; {
			if string(chunks[i+1]) == " " && sentenceEnd(chunks[i]) {
				chunks[i+1] = []rune("  ")
				i += 2
			} else {
				i++
			}
		}
	}
	return w.wrapChunks(chunks)
}

func runeLen(s string) int { return len([]rune(s)) }

func (w *Wrapper) wrapChunks(chunks [][]rune) ([]string, error) {
	var lines []string
	if w.Width <= 0 {
		return nil, pyerr.New(pyerr.ValueError, "invalid width %d (must be > 0)", w.Width)
	}
	placeholder := []rune(w.Placeholder)
	if w.MaxLines != 0 {
		indent := w.InitialIndent
		if w.MaxLines > 1 {
			indent = w.SubsequentIndent
		}
		if runeLen(indent)+runeLen(strings.TrimLeftFunc(w.Placeholder, stringmod.IsSpace)) > w.Width {
			return nil, pyerr.New(pyerr.ValueError, "placeholder too large for max width")
		}
	}
	// chunks is a stack: its top is the next chunk.
	for i, j := 0, len(chunks)-1; i < j; i, j = i+1, j-1 {
		chunks[i], chunks[j] = chunks[j], chunks[i]
	}
	join := func(line [][]rune) string {
		var sb strings.Builder
		for _, c := range line {
			sb.WriteString(string(c))
		}
		return sb.String()
	}
	for len(chunks) > 0 {
		var cur [][]rune
		curLen := 0
		indent := w.InitialIndent
		if len(lines) > 0 {
			indent = w.SubsequentIndent
		}
		width := w.Width - runeLen(indent)
		if w.DropWhitespace && isBlank(chunks[len(chunks)-1]) && len(lines) > 0 {
			chunks = chunks[:len(chunks)-1]
		}
		for len(chunks) > 0 {
			l := len(chunks[len(chunks)-1])
			if curLen+l > width {
				break
			}
			cur = append(cur, chunks[len(chunks)-1])
			chunks = chunks[:len(chunks)-1]
			curLen += l
		}
		if len(chunks) > 0 && len(chunks[len(chunks)-1]) > width {
			// _handle_long_word
			spaceLeft := width - curLen
			if width < 1 {
				spaceLeft = 1
			}
			if w.BreakLongWords {
				end := spaceLeft
				chunk := chunks[len(chunks)-1]
				if w.BreakOnHyphens && len(chunk) > spaceLeft {
					hyphen := -1
					for k := min(spaceLeft, len(chunk)) - 1; k >= 0; k-- {
						if chunk[k] == '-' {
							hyphen = k
							break
						}
					}
					if hyphen > 0 && strings.Trim(string(chunk[:hyphen]), "-") != "" {
						end = hyphen + 1
					}
				}
				end = max(0, min(end, len(chunk)))
				cur = append(cur, chunk[:end])
				chunks[len(chunks)-1] = chunk[end:]
			} else if len(cur) == 0 {
				cur = append(cur, chunks[len(chunks)-1])
				chunks = chunks[:len(chunks)-1]
			}
			curLen = 0
			for _, c := range cur {
				curLen += len(c)
			}
		}
		if w.DropWhitespace && len(cur) > 0 && isBlank(cur[len(cur)-1]) {
			curLen -= len(cur[len(cur)-1])
			cur = cur[:len(cur)-1]
		}
		if len(cur) == 0 {
			continue
		}
		if w.MaxLines == 0 || len(lines)+1 < w.MaxLines ||
			(len(chunks) == 0 || w.DropWhitespace && len(chunks) == 1 && isBlank(chunks[0])) && curLen <= width {
			lines = append(lines, indent+join(cur))
			continue
		}
		done := false
		for len(cur) > 0 {
			if !isBlank(cur[len(cur)-1]) && curLen+len(placeholder) <= width {
				cur = append(cur, placeholder)
				lines = append(lines, indent+join(cur))
				done = true
				break
			}
			curLen -= len(cur[len(cur)-1])
			cur = cur[:len(cur)-1]
		}
		if !done {
			if len(lines) > 0 {
				prev := strings.TrimRightFunc(lines[len(lines)-1], stringmod.IsSpace)
				if runeLen(prev)+len(placeholder) <= w.Width {
					lines[len(lines)-1] = prev + w.Placeholder
					break
				}
			}
			lines = append(lines, indent+strings.TrimLeftFunc(w.Placeholder, stringmod.IsSpace))
		}
		break
	}
	return lines, nil
}

func dedentBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "text", &text); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.String(Dedent(text)), nil
}

// Dedent is textwrap.dedent: lines of only blanks and tabs are emptied
// and the common leading blanks and tabs go.
func Dedent(text string) string {
	lines := strings.Split(text, "\n")
	margin, set := "", false
	for i, l := range lines {
		if l != "" && strings.Trim(l, " \t") == "" {
			lines[i] = ""
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if len(ind) == len(l) {
			continue // an empty line
		}
		switch {
		case !set:
			margin, set = ind, true
		case strings.HasPrefix(ind, margin):
		case strings.HasPrefix(margin, ind):
			margin = ind
		default:
			for k := 0; k < len(margin) && k < len(ind); k++ {
				if margin[k] != ind[k] {
					margin = margin[:k]
					break
				}
			}
		}
	}
	if margin != "" {
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, margin)
		}
	}
	return strings.Join(lines, "\n")
}

// splitLines is str.splitlines(True).
func splitLines(s string) []string {
	var out []string
	r := []rune(s)
	start := 0
	for i := 0; i < len(r); i++ {
		switch r[i] {
		case '\r':
			if i+1 < len(r) && r[i+1] == '\n' {
				i++
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		default:
			continue
		}
		out = append(out, string(r[start:i+1]))
		start = i + 1
	}
	if start < len(r) {
		out = append(out, string(r[start:]))
	}
	return out
}

func indentBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text, prefix string
	var pred starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "text", &text, "prefix", &prefix, "predicate?", &pred); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var sb strings.Builder
	for _, line := range splitLines(text) {
		var ok bool
		if pred == starlark.None {
			ok = strings.TrimFunc(line, stringmod.IsSpace) != ""
		} else {
			v, err := starlark.Call(thread, pred, starlark.Tuple{starlark.String(line)}, nil)
			if err != nil {
				return nil, err
			}
			ok = bool(v.Truth())
		}
		if ok {
			sb.WriteString(prefix)
		}
		sb.WriteString(line)
	}
	return starlark.String(sb.String()), nil
}
