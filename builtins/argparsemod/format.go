package argparsemod

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/textwrapmod"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pymethods"
)

// This file ports CPython 3.12's HelpFormatter for the default layout.

func width() int {
	w := 80
	if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil {
		w = c
	}
	return w - 2
}

// defaultMetavar is a positional's dest or an option's DEST, or {choices}.
func defaultMetavar(a *action) string {
	if m, ok := a.metavar.(starlark.String); ok {
		return string(m)
	}
	if a.choices != nil && a.choices != starlark.None {
		var names []string
		for _, x := range choiceList(a.choices) {
			if s, ok := x.(starlark.String); ok {
				names = append(names, string(s))
			} else {
				names = append(names, x.String())
			}
		}
		return "{" + strings.Join(names, ",") + "}"
	}
	if a.positional() {
		return a.dest
	}
	return pymethods.Upper(a.dest) // Python's dest.upper(): "straße" is "STRASSE"
}

// formatArgs is HelpFormatter._format_args: m repeated as nargs asks, or
// the parts of a tuple metavar in turn.
func formatArgs(a *action, m string) string {
	mv := func(i int) string { return m }
	if t, ok := a.metavar.(starlark.Tuple); ok && len(t) > 0 {
		mv = func(i int) string {
			if i >= len(t) {
				i = len(t) - 1
			}
			if s, ok := t[i].(starlark.String); ok {
				return string(s)
			}
			return t[i].String()
		}
	}
	switch n := a.nargs.(type) {
	case starlark.NoneType:
		return mv(0)
	case starlark.Int:
		k, _ := starlark.AsInt32(n)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = mv(i)
		}
		return strings.Join(parts, " ")
	case starlark.String:
		switch n {
		case "?":
			return "[" + mv(0) + "]"
		case "*":
			if t, ok := a.metavar.(starlark.Tuple); ok && len(t) == 2 {
				return "[" + mv(0) + " [" + mv(1) + " ...]]"
			}
			return "[" + mv(0) + " ...]"
		case "+":
			return mv(0) + " [" + mv(1) + " ...]"
		case "...":
			return "..."
		case "A...":
			return mv(0) + " ..."
		case suppress:
			return ""
		}
	}
	return mv(0)
}

func suppressed(a *action) bool {
	h, ok := a.help.(starlark.String)
	return ok && h == suppress
}

// formatActionsUsage is CPython 3.12's HelpFormatter._format_actions_usage:
// a mutually exclusive group is shown as one [a | b] (or (a | b) when
// required and more than one member is shown) only where its actions are
// contiguous in actions; a positional in a group loses its outer [].
func (p *Parser) formatActionsUsage(actions []*action) string {
	index := map[*action]int{}
	for i, a := range actions {
		index[a] = i
	}
	inGroup := map[*action]bool{}
	inserts := map[int]string{}
	add := func(i int, s string) {
		if _, ok := inserts[i]; ok {
			inserts[i] += " " + s
		} else {
			inserts[i] = s
		}
	}
	for _, g := range p.exclusive {
		if len(g.actions) == 0 {
			continue
		}
		start, ok := index[g.actions[0]]
		if !ok {
			continue
		}
		end := start + len(g.actions)
		contiguous := end <= len(actions)
		for i := 0; contiguous && i < len(g.actions); i++ {
			contiguous = actions[start+i] == g.actions[i]
		}
		if !contiguous {
			continue
		}
		exposed := 0
		for _, a := range g.actions {
			inGroup[a] = true
			if !suppressed(a) {
				exposed++
			}
		}
		if !g.required {
			add(start, "[")
			add(end, "]")
		} else if exposed > 1 {
			add(start, "(")
			add(end, ")")
		}
		for i := start + 1; i < end; i++ {
			inserts[i] = "|"
		}
	}
	parts := make([]*string, len(actions))
	for i, a := range actions {
		var s string
		switch {
		case suppressed(a):
			if inserts[i] == "|" {
				delete(inserts, i)
			} else if inserts[i+1] == "|" {
				delete(inserts, i+1)
			}
			continue
		case a.positional():
			s = formatArgs(a, defaultMetavar(a))
			if inGroup[a] && len(s) > 1 && s[0] == '[' && s[len(s)-1] == ']' {
				s = s[1 : len(s)-1]
			}
		default:
			s = a.options[0]
			if k, ok := a.nargs.(starlark.Int); !ok || k != starlark.MakeInt(0) {
				s += " " + formatArgs(a, defaultMetavar(a))
			}
			if a.kind == "boolean_optional" {
				s = strings.Join(a.options, " | ")
			}
			if !a.required && !inGroup[a] {
				s = "[" + s + "]"
			}
		}
		parts[i] = &s
	}
	var items []string
	for i := 0; i <= len(actions); i++ {
		if s, ok := inserts[i]; ok {
			items = append(items, s)
		}
		if i < len(actions) && parts[i] != nil {
			items = append(items, *parts[i])
		}
	}
	text := strings.Join(items, " ")
	text = usageOpenSpace.Get().ReplaceAllString(text, "$1")
	text = usageSpaceClose.Get().ReplaceAllString(text, "$1")
	text = usageEmptyGroup.Get().ReplaceAllString(text, "")
	return strings.TrimSpace(text)
}

var (
	usageOpenSpace  = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`([\[(]) `) }}
	usageSpaceClose = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(` ([\])])`) }}
	usageEmptyGroup = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`[\[(] *[\])]`) }}
)

// usageSplit is re.findall(r'\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+', text),
// CPython's split of a long usage into the parts it wraps between.
func usageSplit(text string) []string {
	var out []string
	closing := func(i int, open, close byte) int {
		if text[i] != open {
			return -1
		}
		for k := i + 1; k < len(text); k++ {
			if text[k] != close {
				continue
			}
			m := k
			for m < len(text) && text[m] == close {
				m++
			}
			if m == len(text) || unicode.IsSpace(rune(text[m])) {
				return m
			}
		}
		return -1
	}
	for i := 0; i < len(text); {
		if unicode.IsSpace(rune(text[i])) {
			i++
			continue
		}
		m := closing(i, '(', ')')
		if m < 0 {
			m = closing(i, '[', ']')
		}
		if m < 0 {
			m = i
			for m < len(text) && !unicode.IsSpace(rune(text[m])) {
				m++
			}
		}
		out = append(out, text[i:m])
		i = m
	}
	return out
}

func (p *Parser) usageBody() string {
	prog := p.progName()
	if u, ok := p.usage.(starlark.String); ok {
		return strings.ReplaceAll(string(u), "%(prog)s", prog)
	}
	var optionals, positionals []*action
	for _, a := range p.actions {
		if a.positional() {
			positionals = append(positionals, a)
		} else {
			optionals = append(optionals, a)
		}
	}
	usage := prog
	if s := p.formatActionsUsage(append(append([]*action{}, optionals...), positionals...)); s != "" {
		usage += " " + s
	}
	const prefix = "usage: "
	textWidth := width()
	if len(prefix)+len(usage) <= textWidth {
		return usage
	}
	opt := usageSplit(p.formatActionsUsage(optionals))
	pos := usageSplit(p.formatActionsUsage(positionals))
	getLines := func(parts []string, indent string, first bool) []string {
		var lines, line []string
		lineLen := len(indent) - 1
		if first {
			lineLen = len(prefix) - 1
		}
		for _, part := range parts {
			if lineLen+1+len(part) > textWidth && len(line) > 0 {
				lines = append(lines, indent+strings.Join(line, " "))
				line = nil
				lineLen = len(indent) - 1
			}
			line = append(line, part)
			lineLen += len(part) + 1
		}
		if len(line) > 0 {
			lines = append(lines, indent+strings.Join(line, " "))
		}
		if first && len(lines) > 0 {
			lines[0] = lines[0][len(indent):]
		}
		return lines
	}
	var lines []string
	if float64(len(prefix)+len(prog)) <= 0.75*float64(textWidth) {
		indent := strings.Repeat(" ", len(prefix)+len(prog)+1)
		if len(opt) > 0 {
			lines = getLines(append([]string{prog}, opt...), indent, true)
			lines = append(lines, getLines(pos, indent, false)...)
		} else if len(pos) > 0 {
			lines = getLines(append([]string{prog}, pos...), indent, true)
		} else {
			lines = []string{prog}
		}
	} else {
		indent := strings.Repeat(" ", len(prefix))
		parts := append(opt, pos...)
		lines = getLines(parts, indent, false)
		if len(lines) > 1 {
			lines = append(getLines(opt, indent, false), getLines(pos, indent, false)...)
		}
		lines = append([]string{prog}, lines...)
	}
	return strings.Join(lines, "\n")
}

// suppressUsage: usage=SUPPRESS omits the usage line from format_usage,
// format_help and error output, as CPython's HelpFormatter.add_usage does.
func (p *Parser) suppressUsage() bool {
	u, ok := p.usage.(starlark.String)
	return ok && u == suppress
}

func (p *Parser) formatUsage() string {
	if p.suppressUsage() {
		return ""
	}
	return "usage: " + p.usageBody() + "\n"
}

// wrap is HelpFormatter._split_lines: whitespace collapsed, then
// textwrap.wrap to width (textwrapmod's port, so that help breaks lines
// exactly where CPython's does, hyphens and long words included).
func wrap(text string, w int) []string {
	tw := textwrapmod.Defaults()
	tw.Width = max(w, 1)
	lines, _ := tw.Wrap(strings.Join(strings.Fields(text), " "))
	return lines
}

func invocation(a *action) string {
	if a.positional() {
		return defaultMetavar(a) // CPython shows the bare metavar here
	}
	if k, ok := a.nargs.(starlark.Int); ok && k == starlark.MakeInt(0) {
		return strings.Join(a.options, ", ")
	}
	args := formatArgs(a, defaultMetavar(a))
	parts := make([]string, len(a.options))
	for i, o := range a.options {
		parts[i] = o + " " + args
	}
	return strings.Join(parts, ", ")
}

// expandHelp is HelpFormatter._expand_help: help % the action's
// attributes and prog, with Python's % (so %(default)r, %(type)s, %(choices)s
// and %% work as there). A help text % cannot format is shown as written.
func expandHelp(p *Parser, a *action) string {
	h := string(a.help.(starlark.String))
	params := starlark.NewDict(12)
	set := func(k string, v starlark.Value) {
		if v == nil {
			v = starlark.None
		}
		if s, ok := v.(starlark.String); ok && s == suppress {
			return
		}
		if c, ok := v.(starlark.Callable); ok {
			v = starlark.String(c.Name()) // value.__name__
		}
		params.SetKey(starlark.String(k), v)
	}
	opts := make([]starlark.Value, len(a.options))
	for i, o := range a.options {
		opts[i] = starlark.String(o)
	}
	set("option_strings", starlark.NewList(opts))
	set("dest", starlark.String(a.dest))
	set("nargs", a.nargs)
	set("const", a.konst)
	set("default", a.dflt)
	set("type", a.typ)
	set("required", starlark.Bool(a.required))
	set("help", a.help)
	set("metavar", a.metavar)
	if a.choices != nil && a.choices != starlark.None {
		var names []string
		for _, x := range choiceList(a.choices) {
			names = append(names, pyformat.Str(x))
		}
		set("choices", starlark.String(strings.Join(names, ", ")))
	} else {
		set("choices", starlark.None)
	}
	set("prog", starlark.String(p.progName()))
	if out, err := pyformat.Percent(h, params); err == nil {
		return out
	}
	return h
}

func (p *Parser) formatHelp() string {
	w := width()
	maxHelpPos := 24
	if w-20 < maxHelpPos {
		maxHelpPos = w - 20
		if maxHelpPos < 4 {
			maxHelpPos = 4
		}
	}
	type entry struct {
		inv    string
		help   string
		hasH   bool
		indent int
	}
	// action_max_length over every shown action (subactions indented 4)
	maxLen := 0
	sections := make([][]entry, len(p.groups))
	for gi, g := range p.groups {
		for _, a := range g.actions {
			if suppressed(a) {
				continue
			}
			e := entry{inv: invocation(a), indent: 2}
			if _, ok := a.help.(starlark.String); ok {
				e.help, e.hasH = expandHelp(p, a), true
			}
			sections[gi] = append(sections[gi], e)
			if l := len(e.inv) + 2; l > maxLen {
				maxLen = l
			}
			if a.sub != nil {
				for _, sh := range a.sub.helps {
					se := entry{inv: sh.name, indent: 4}
					if s, ok := sh.help.(starlark.String); ok {
						se.help, se.hasH = string(s), true
					}
					sections[gi] = append(sections[gi], se)
					if l := len(se.inv) + 4; l > maxLen {
						maxLen = l
					}
				}
			}
		}
	}
	helpPos := maxLen + 2
	if helpPos > maxHelpPos {
		helpPos = maxHelpPos
	}
	helpWidth := w - helpPos
	if helpWidth < 11 {
		helpWidth = 11
	}
	var b strings.Builder
	if !p.suppressUsage() {
		b.WriteString("usage: " + p.usageBody() + "\n\n")
	}
	if d, ok := p.description.(starlark.String); ok && d != "" {
		b.WriteString(strings.Join(wrap(string(d), max(w, 11)), "\n") + "\n\n")
	}
	for gi, g := range p.groups {
		if len(sections[gi]) == 0 && g.description == "" {
			continue
		}
		if len(sections[gi]) == 0 {
			continue
		}
		b.WriteString(g.title + ":\n")
		if g.description != "" {
			// CPython's _format_text: textwrap.fill to max(width - indent,
			// 11) columns, the indent included.
			for _, l := range wrap(g.description, max(w-2, 11)-2) {
				b.WriteString("  " + l + "\n")
			}
			b.WriteString("\n")
		}
		for _, e := range sections[gi] {
			actionWidth := helpPos - e.indent - 2
			pad := strings.Repeat(" ", e.indent)
			var lines []string
			if e.hasH && e.help != "" {
				lines = wrap(e.help, helpWidth)
			}
			if len(lines) == 0 {
				b.WriteString(pad + e.inv + "\n")
				continue
			}
			if len(e.inv) <= actionWidth {
				b.WriteString(pad + e.inv + strings.Repeat(" ", actionWidth-len(e.inv)) + "  " + lines[0] + "\n")
			} else {
				b.WriteString(pad + e.inv + "\n")
				b.WriteString(strings.Repeat(" ", helpPos) + lines[0] + "\n")
			}
			for _, l := range lines[1:] {
				b.WriteString(strings.Repeat(" ", helpPos) + l + "\n")
			}
		}
		b.WriteString("\n")
	}
	if e, ok := p.epilog.(starlark.String); ok && e != "" {
		b.WriteString(strings.Join(wrap(string(e), max(w, 11)), "\n") + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
