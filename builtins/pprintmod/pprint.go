// Package pprintmod is procstar's "pprint" module: pprint, pformat, pp,
// saferepr, isreadable, isrecursive and PrettyPrinter, CPython 3.12's
// algorithm (dicts sorted by key, containers broken over lines to fit
// width, long strings split at spaces into adjacent literals) on
// Starlark's values.
package pprintmod

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/collectionsmod"
	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "pprint" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "pprint", Members: starlark.StringDict{
		"pprint":        starlark.NewBuiltin("pprint", pprintFn),
		"pformat":       starlark.NewBuiltin("pformat", pformatFn),
		"pp":            starlark.NewBuiltin("pp", ppFn),
		"saferepr":      starlark.NewBuiltin("saferepr", saferepr),
		"isreadable":    starlark.NewBuiltin("isreadable", isreadable),
		"isrecursive":   starlark.NewBuiltin("isrecursive", isrecursive),
		"PrettyPrinter": starlark.NewBuiltin("PrettyPrinter", newPrettyPrinter),
	}}
}

// printer is a PrettyPrinter's settings.
type printer struct {
	indent, width, depth int // depth 0: no limit
	compact, sortDicts   bool
	underscore           bool
	stream               starlark.Value // nil: sys.stdout (print)
}

// pyInt is Python's int(v) for an indent or a width: an int, a bool, a
// float (truncated) or a decimal string.
func pyInt(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int, starlark.Bool:
		return intarg.Ssize(intarg.BoolAsInt(x))
	case starlark.Float:
		return int(x), nil
	case starlark.String:
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(string(x)), "_", ""))
		if err != nil {
			return 0, pyerr.New(pyerr.ValueError, "invalid literal for int() with base 10: %s", pyerr.QuoteStr(string(x)))
		}
		return n, nil
	}
	return 0, pyerr.New(pyerr.TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", pyformat.TypeName(v))
}

// options unpacks PrettyPrinter's arguments (pformat's, pprint's...),
// after the object when withObject.
func options(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, sortDefault bool, withObject bool) (*printer, starlark.Value, error) {
	p := &printer{indent: 1, width: 80, sortDicts: sortDefault}
	var obj starlark.Value
	var depth, stream starlark.Value = starlark.None, starlark.None
	var spec []any
	if withObject {
		spec = append(spec, "object", &obj)
	}
	var indentV, widthV starlark.Value = starlark.MakeInt(1), starlark.MakeInt(80)
	// Python's orders: pprint(object, stream, indent, width, depth),
	// PrettyPrinter(indent, width, depth, stream), pformat without a
	// stream; compact, sort_dicts and underscore_numbers are keyword-only.
	switch b.Name() {
	case "pformat":
		spec = append(spec, "indent?", &indentV, "width?", &widthV, "depth?", &depth)
	case "PrettyPrinter":
		spec = append(spec, "indent?", &indentV, "width?", &widthV, "depth?", &depth, "stream?", &stream)
	default:
		spec = append(spec, "stream?", &stream, "indent?", &indentV, "width?", &widthV, "depth?", &depth)
	}
	if most := len(spec) / 2; len(args) > most {
		switch b.Name() {
		case "PrettyPrinter":
			return nil, nil, pyerr.New(pyerr.TypeError, "PrettyPrinter.__init__() takes from 1 to %d positional arguments but %d were given", most+1, len(args)+1)
		case "pp": // pp(object, *args, sort_dicts=False, **kwargs) calls pprint
			return nil, nil, pyerr.New(pyerr.TypeError, "pprint() takes from 1 to %d positional arguments but %d positional arguments (and 1 keyword-only argument) were given", most, len(args))
		}
		return nil, nil, pyerr.New(pyerr.TypeError, "%s() takes from 1 to %d positional arguments but %d were given", b.Name(), most, len(args))
	}
	spec = append(spec, "compact?", &p.compact, "sort_dicts?", &p.sortDicts, "underscore_numbers?", &p.underscore)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, spec...); err != nil {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	// PrettyPrinter.__init__ takes int(indent) and int(width), and
	// refuses only a width of 0 (a negative one breaks every container).
	var err error
	if p.indent, err = pyInt(indentV); err != nil {
		return nil, nil, err
	}
	if p.width, err = pyInt(widthV); err != nil {
		return nil, nil, err
	}
	switch {
	case p.indent < 0:
		return nil, nil, pyerr.New(pyerr.ValueError, "indent must be >= 0")
	case p.width == 0:
		return nil, nil, pyerr.New(pyerr.ValueError, "width must be != 0")
	}
	if depth != starlark.None {
		d, err := starlark.AsInt32(intarg.BoolAsInt(depth))
		if err != nil || d <= 0 {
			return nil, nil, pyerr.New(pyerr.ValueError, "depth must be > 0")
		}
		p.depth = d
	}
	if stream != starlark.None {
		p.stream = stream
	}
	return p, obj, nil
}

func pformatFn(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, obj, err := options(b, args, kwargs, true, true)
	if err != nil {
		return nil, err
	}
	return starlark.String(p.pformat(obj)), nil
}

func pprintFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, obj, err := options(b, args, kwargs, true, true)
	if err != nil {
		return nil, err
	}
	return starlark.None, p.print(thread, obj)
}

func ppFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, obj, err := options(b, args, kwargs, false, true)
	if err != nil {
		return nil, err
	}
	return starlark.None, p.print(thread, obj)
}

// print writes obj's form and a newline to the stream, or prints it.
func (p *printer) print(thread *starlark.Thread, obj starlark.Value) error {
	text := p.pformat(obj)
	if p.stream == nil {
		thread.Print(thread, text)
		return nil
	}
	h, ok := p.stream.(starlark.HasAttrs)
	if !ok {
		return pyerr.New("AttributeError", "'%s' object has no attribute 'write'", pyformat.TypeName(p.stream))
	}
	w, err := h.Attr("write")
	if err != nil || w == nil {
		return pyerr.New("AttributeError", "'%s' object has no attribute 'write'", pyformat.TypeName(p.stream))
	}
	_, err = starlark.Call(thread, w, starlark.Tuple{starlark.String(text + "\n")}, nil)
	return err
}

func newPrettyPrinter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, _, err := options(b, args, kwargs, true, false)
	if err != nil {
		return nil, err
	}
	ns := starlark.StringDict{
		"pformat": starlark.NewBuiltin("pformat", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var obj starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			return starlark.String(p.pformat(obj)), nil
		}),
		"pprint": starlark.NewBuiltin("pprint", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var obj starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			return starlark.None, p.print(thread, obj)
		}),
		"isreadable": starlark.NewBuiltin("isreadable", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var obj starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			_, readable, recursive := p.safeRepr(obj, map[starlark.Value]bool{}, 0)
			return starlark.Bool(readable && !recursive), nil
		}),
		"isrecursive": starlark.NewBuiltin("isrecursive", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var obj starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			_, _, recursive := p.safeRepr(obj, map[starlark.Value]bool{}, 0)
			return starlark.Bool(recursive), nil
		}),
	}
	return starlarkstruct.FromStringDict(starlark.String("PrettyPrinter"), ns), nil
}

func oneObject(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "object", &obj); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	return obj, nil
}

func saferepr(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	obj, err := oneObject(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	p := &printer{indent: 1, width: 80, sortDicts: true}
	r, _, _ := p.safeRepr(obj, map[starlark.Value]bool{}, 0)
	return starlark.String(r), nil
}

func isreadable(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	obj, err := oneObject(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	p := &printer{indent: 1, width: 80, sortDicts: true}
	_, readable, _ := p.safeRepr(obj, map[starlark.Value]bool{}, 0)
	return starlark.Bool(readable), nil
}

func isrecursive(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	obj, err := oneObject(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	p := &printer{indent: 1, width: 80, sortDicts: true}
	_, _, recursive := p.safeRepr(obj, map[starlark.Value]bool{}, 0)
	return starlark.Bool(recursive), nil
}

func (p *printer) pformat(obj starlark.Value) string {
	var b strings.Builder
	p.format(&b, obj, 0, 0, map[starlark.Value]bool{}, 0)
	return b.String()
}

func width(s string) int { return utf8.RuneCountInString(s) }

// mutable reports whether v is a container that can hold itself (the
// only values the context of those being written holds: pointers, so
// usable as map keys).
func mutable(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.Dict, *starlark.List:
		return true
	}
	return false
}

func recursion(v starlark.Value) string {
	return "<Recursion on " + pyformat.TypeName(v) + " with id=0>"
}

// format is PrettyPrinter._format.
func (p *printer) format(b *strings.Builder, obj starlark.Value, indent, allowance int, context map[starlark.Value]bool, level int) {
	if mutable(obj) && context[obj] {
		b.WriteString(recursion(obj))
		return
	}
	rep, _, _ := p.repr(obj, context, level)
	if width(rep) > p.width-indent-allowance {
		switch o := obj.(type) {
		case *starlark.Dict:
			context[obj] = true
			p.dict(b, o, indent, allowance, context, level+1)
			delete(context, obj)
			return
		case *starlark.List:
			context[obj] = true
			b.WriteString("[")
			p.items(b, listItems(o), indent, allowance+1, context, level+1)
			b.WriteString("]")
			delete(context, obj)
			return
		case starlark.Tuple:
			b.WriteString("(")
			end := ")"
			if len(o) == 1 {
				end = ",)"
			}
			p.items(b, o, indent, allowance+len(end), context, level+1)
			b.WriteString(end)
			return
		case *starlark.Set:
			if o.Len() == 0 {
				break
			}
			b.WriteString("{")
			items := listItems(o)
			sortValues(items)
			p.items(b, items, indent, allowance+1, context, level+1)
			b.WriteString("}")
			return
		case starlark.String:
			p.str(b, string(o), indent, allowance, level+1)
			return
		case starlark.Bytes:
			p.bytes(b, o, indent, allowance, level+1)
			return
		}
		if p.collection(b, obj, rep, indent, allowance, context, level+1) {
			return
		}
	}
	b.WriteString(rep)
}

func listItems(it starlark.Iterable) []starlark.Value {
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		out = append(out, v)
	}
	return out
}

// sortValues sorts as Python's sorted with _safe_key: by value where they
// compare, else by type name.
func sortValues(vs []starlark.Value) {
	sort.SliceStable(vs, func(i, j int) bool { return less(vs[i], vs[j]) })
}

func less(a, b starlark.Value) bool {
	if lt, err := starlark.Compare(syntaxLT, a, b); err == nil {
		return lt
	}
	return pyformat.TypeName(a) < pyformat.TypeName(b)
}

func sortedItems(d *starlark.Dict, sortDicts bool) []starlark.Tuple {
	items := d.Items()
	if sortDicts {
		sort.SliceStable(items, func(i, j int) bool {
			if lt, err := starlark.Compare(syntaxLT, items[i][0], items[j][0]); err == nil {
				return lt
			}
			return pyformat.TypeName(items[i][0]) < pyformat.TypeName(items[j][0])
		})
	}
	return items
}

// dict is _pprint_dict.
func (p *printer) dict(b *strings.Builder, d *starlark.Dict, indent, allowance int, context map[starlark.Value]bool, level int) {
	b.WriteString("{")
	if p.indent > 1 {
		b.WriteString(strings.Repeat(" ", p.indent-1))
	}
	if d.Len() > 0 {
		p.dictItems(b, sortedItems(d, p.sortDicts), indent, allowance+1, context, level)
	}
	b.WriteString("}")
}

// dictItems is _format_dict_items.
func (p *printer) dictItems(b *strings.Builder, items []starlark.Tuple, indent, allowance int, context map[starlark.Value]bool, level int) {
	indent += p.indent
	delim := ",\n" + strings.Repeat(" ", indent)
	for i, kv := range items {
		last := i == len(items)-1
		rep, _, _ := p.repr(kv[0], context, level)
		b.WriteString(rep)
		b.WriteString(": ")
		a := 1
		if last {
			a = allowance
		}
		p.format(b, kv[1], indent+width(rep)+2, a, context, level)
		if !last {
			b.WriteString(delim)
		}
	}
}

// collection writes the collections types CPython's pprint lays out over
// lines, and reports whether obj is one.
func (p *printer) collection(b *strings.Builder, obj starlark.Value, rep string, indent, allowance int, context map[starlark.Value]bool, level int) bool {
	switch o := obj.(type) {
	case *collectionsmod.OrderedDict:
		if o.Len() == 0 {
			b.WriteString(rep)
			return true
		}
		items := make([]starlark.Value, 0, o.Len())
		for _, kv := range o.Items() {
			items = append(items, kv)
		}
		b.WriteString("OrderedDict(")
		p.format(b, starlark.NewList(items), indent+len("OrderedDict")+1, allowance+1, context, level)
		b.WriteString(")")
	case *collectionsmod.DefaultDict:
		if o.Len() == 0 {
			b.WriteString(rep)
			return true
		}
		indent += len("defaultdict") + 1
		b.WriteString("defaultdict(" + collectionsmod.FactoryRepr(o.Factory()) + ",\n" + strings.Repeat(" ", indent))
		p.dict(b, o.Dict, indent, allowance+1, context, level)
		b.WriteString(")")
	case *collectionsmod.Counter:
		if o.Len() == 0 {
			b.WriteString(rep)
			return true
		}
		b.WriteString("Counter({")
		if p.indent > 1 {
			b.WriteString(strings.Repeat(" ", p.indent-1))
		}
		p.dictItems(b, o.MostCommon(), indent+len("Counter")+1, allowance+2, context, level)
		b.WriteString("})")
	case *collectionsmod.ChainMap:
		maps := o.Maps()
		indent += len("ChainMap") + 1
		b.WriteString("ChainMap(")
		for i, m := range maps {
			if i == len(maps)-1 {
				p.format(b, m, indent, allowance+1, context, level)
				b.WriteString(")")
			} else {
				p.format(b, m, indent, 1, context, level)
				b.WriteString(",\n" + strings.Repeat(" ", indent))
			}
		}
	case *collectionsmod.Deque:
		items := o.Items()
		if len(items) == 0 {
			b.WriteString(rep)
			return true
		}
		indent += len("deque") + 1
		b.WriteString("deque([")
		if o.Maxlen() < 0 {
			p.items(b, items, indent, allowance+2, context, level)
			b.WriteString("])")
		} else {
			p.items(b, items, indent, 2, context, level)
			b.WriteString("],\n" + strings.Repeat(" ", indent) + "maxlen=" + fmt.Sprint(o.Maxlen()) + ")")
		}
	default:
		return false
	}
	return true
}

// items is _format_items (compact packs several on a line).
func (p *printer) items(b *strings.Builder, items []starlark.Value, indent, allowance int, context map[starlark.Value]bool, level int) {
	indent += p.indent
	if p.indent > 1 {
		b.WriteString(strings.Repeat(" ", p.indent-1))
	}
	delimnl := ",\n" + strings.Repeat(" ", indent)
	delim := ""
	w := p.width - indent + 1
	maxw := w
	for i, ent := range items {
		last := i == len(items)-1
		if last {
			maxw -= allowance
			w -= allowance
		}
		if p.compact {
			rep, _, _ := p.repr(ent, context, level)
			need := width(rep) + 2
			if w < need {
				w = maxw
				if delim != "" {
					delim = delimnl
				}
			}
			if w >= need {
				w -= need
				b.WriteString(delim)
				delim = ", "
				b.WriteString(rep)
				continue
			}
		}
		b.WriteString(delim)
		delim = delimnl
		a := 1
		if last {
			a = allowance
		}
		p.format(b, ent, indent, a, context, level)
	}
}

// str is _pprint_str: a long string as adjacent literals, split after
// line ends and then at spaces.
// bytes is PrettyPrinter._pprint_bytes: a bytes too long for the line is
// split into adjacent literals of whole groups of four bytes
// (_wrap_bytes_repr), in parentheses at the top level.
func (p *printer) bytes(b *strings.Builder, o starlark.Bytes, indent, allowance, level int) {
	repr := func(x starlark.Bytes) string {
		r, _, _ := p.repr(x, nil, 0)
		return r
	}
	if len(o) <= 4 {
		b.WriteString(repr(o))
		return
	}
	parens := level == 1
	if parens {
		indent++
		allowance++
		b.WriteString("(")
	}
	width := p.width - indent
	var parts []string
	var current starlark.Bytes
	last := len(o) / 4 * 4
	for i := 0; i < len(o); i += 4 {
		part := o[i:min(i+4, len(o))]
		candidate := current + part
		if i == last {
			width -= allowance
		}
		if len(repr(candidate)) > width {
			if current != "" {
				parts = append(parts, repr(current))
			}
			current = part
		} else {
			current = candidate
		}
	}
	if current != "" {
		parts = append(parts, repr(current))
	}
	b.WriteString(strings.Join(parts, "\n"+strings.Repeat(" ", indent)))
	if parens {
		b.WriteString(")")
	}
}

func (p *printer) str(b *strings.Builder, s string, indent, allowance, level int) {
	if s == "" {
		b.WriteString(pyerr.QuoteStr(s))
		return
	}
	var chunks []string
	lines := splitLinesKeep(s)
	if level == 1 {
		indent++
		allowance++
	}
	maxw1 := p.width - indent
	maxw := maxw1
	var rep string
	for i, line := range lines {
		rep = pyerr.QuoteStr(line)
		if i == len(lines)-1 {
			maxw1 -= allowance
		}
		if width(rep) <= maxw1 {
			chunks = append(chunks, rep)
			continue
		}
		parts := wordParts(line)
		maxw2 := maxw
		current := ""
		for j, part := range parts {
			candidate := current + part
			if j == len(parts)-1 && i == len(lines)-1 {
				maxw2 -= allowance
			}
			if width(pyerr.QuoteStr(candidate)) > maxw2 {
				if current != "" {
					chunks = append(chunks, pyerr.QuoteStr(current))
				}
				current = part
			} else {
				current = candidate
			}
		}
		if current != "" {
			chunks = append(chunks, pyerr.QuoteStr(current))
		}
	}
	if len(chunks) == 1 {
		b.WriteString(rep)
		return
	}
	if level == 1 {
		b.WriteString("(")
	}
	for i, c := range chunks {
		if i > 0 {
			b.WriteString("\n" + strings.Repeat(" ", indent))
		}
		b.WriteString(c)
	}
	if level == 1 {
		b.WriteString(")")
	}
}

// splitLinesKeep is str.splitlines(True) at "\n", "\r\n" and "\r" (and
// Python's other line boundaries).
func splitLinesKeep(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch r {
		case '\r':
			end = i + 1
			if i+1 < len(s) && s[i+1] == '\n' {
				end = i + 2
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = i + n
		}
		if end >= 0 {
			out = append(out, s[start:end])
			start, i = end, end
			continue
		}
		i += n
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// wordParts is re.findall(r'\S*\s*', line) without its empty last match.
func wordParts(line string) []string {
	var out []string
	i := 0
	for i < len(line) {
		j := i
		for j < len(line) {
			r, n := utf8.DecodeRuneInString(line[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		for j < len(line) {
			r, n := utf8.DecodeRuneInString(line[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += n
		}
		out = append(out, line[i:j])
		i = j
	}
	return out
}

// repr is PrettyPrinter._repr.
func (p *printer) repr(obj starlark.Value, context map[starlark.Value]bool, level int) (string, bool, bool) {
	ctx := make(map[starlark.Value]bool, len(context))
	for k := range context {
		ctx[k] = true
	}
	return p.safeRepr(obj, ctx, level)
}

// safeRepr is _safe_repr: the repr, with dicts sorted, a depth limit and
// recursion shown; whether it reads back, whether it is recursive.
func (p *printer) safeRepr(obj starlark.Value, context map[starlark.Value]bool, level int) (string, bool, bool) {
	switch o := obj.(type) {
	case starlark.String:
		return pyerr.QuoteStr(string(o)), true, false
	case starlark.Bytes:
		return pyerr.QuoteBytes(string(o)), true, false
	case starlark.Int:
		if p.underscore {
			s, err := pyformat.Format("{:_d}", starlark.Tuple{o}, nil)
			if err == nil {
				return s, true, false
			}
		}
		return o.String(), true, false
	case starlark.Float, starlark.Bool, starlark.NoneType:
		return pyformat.Repr(o), true, false
	case *starlark.Dict:
		if o.Len() == 0 {
			return "{}", true, false
		}
		if p.depth > 0 && level >= p.depth {
			return "{...}", false, context[obj]
		}
		if context[obj] {
			return recursion(obj), false, true
		}
		context[obj] = true
		readable, recursive := true, false
		var parts []string
		for _, kv := range sortedItems(o, p.sortDicts) {
			kr, kread, krec := p.safeRepr(kv[0], context, level+1)
			vr, vread, vrec := p.safeRepr(kv[1], context, level+1)
			parts = append(parts, kr+": "+vr)
			readable = readable && kread && vread
			recursive = recursive || krec || vrec
		}
		delete(context, obj)
		return "{" + strings.Join(parts, ", ") + "}", readable, recursive
	case *starlark.List, starlark.Tuple:
		var elems []starlark.Value
		open, close := "[", "]"
		if t, ok := o.(starlark.Tuple); ok {
			elems = t
			open, close = "(", ")"
			if len(t) == 1 {
				close = ",)"
			}
		} else {
			elems = listItems(o.(*starlark.List))
		}
		if len(elems) == 0 {
			return open + close, true, false
		}
		_, isList := o.(*starlark.List)
		if p.depth > 0 && level >= p.depth {
			return open + "..." + close, false, isList && context[obj]
		}
		if isList {
			if context[obj] {
				return recursion(obj), false, true
			}
			context[obj] = true
			defer delete(context, obj)
		}
		readable, recursive := true, false
		parts := make([]string, len(elems))
		for i, e := range elems {
			r, read, rec := p.safeRepr(e, context, level+1)
			parts[i] = r
			readable = readable && read
			recursive = recursive || rec
		}
		return open + strings.Join(parts, ", ") + close, readable, recursive
	}
	if o, ok := obj.(*starlark.Set); ok {
		// Python's repr(set), which _safe_repr falls back to: braces
		// (Starlark writes set([...])), elements by repr in the order
		// _pprint_set sorts them into (a set of small ints iterates so).
		if o.Len() == 0 {
			return "set()", true, false
		}
		items := listItems(o)
		sortValues(items)
		parts := make([]string, len(items))
		for i, e := range items {
			parts[i] = pyerr.Repr(e)
		}
		return "{" + strings.Join(parts, ", ") + "}", true, false
	}
	rep := pyerr.Repr(obj)
	return rep, rep != "" && !strings.HasPrefix(rep, "<"), false
}

const syntaxLT = syntax.LT
