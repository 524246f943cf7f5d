// Package stringmod is procstar's "string" module: the character-class
// constants, capwords and Template ($-substitution), as Python's.
package stringmod

import (
	"fmt"
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pymethods"
)

const (
	lower       = "abcdefghijklmnopqrstuvwxyz"
	upper       = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	whitespace  = " \t\n\r\v\f"
)

// Module returns a new "string" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "string", Members: starlark.StringDict{
		"ascii_letters":   starlark.String(lower + upper),
		"ascii_lowercase": starlark.String(lower),
		"ascii_uppercase": starlark.String(upper),
		"digits":          starlark.String(digits),
		"hexdigits":       starlark.String(digits + "abcdefABCDEF"),
		"octdigits":       starlark.String("01234567"),
		"punctuation":     starlark.String(punctuation),
		"printable":       starlark.String(digits + lower + upper + punctuation + whitespace),
		"whitespace":      starlark.String(whitespace),
		"capwords":        starlark.NewBuiltin("capwords", capwords),
		"Template":        starlark.NewBuiltin("Template", newTemplate),
	}}
}

// IsSpace is Python's str.isspace for one character (it counts the
// separators \x1c-\x1f, which Go's unicode.IsSpace does not).
func IsSpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

func capwords(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	var sepv starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s, "sep?", &sepv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var words []string
	join := " "
	switch sep := sepv.(type) {
	case starlark.NoneType:
		words = strings.FieldsFunc(s, IsSpace)
	case starlark.String:
		if sep == "" {
			return nil, pyerr.New(pyerr.ValueError, "empty separator")
		}
		words = strings.Split(s, string(sep))
		join = string(sep)
	default:
		return nil, pyerr.New(pyerr.TypeError, "must be str or None, not %s", sepv.Type())
	}
	for i, w := range words {
		words[i] = pymethods.Capitalize(w) // "ßb" is "Ssb"
	}
	return starlark.String(strings.Join(words, join)), nil
}

// Template is string.Template: $name, ${name} and $$ in a text.
type Template struct{ text string }

var (
	_ starlark.HasAttrs = (*Template)(nil)
	_ codec.Typed       = (*Template)(nil)
)

// New returns a Template of text.
func New(text string) *Template { return &Template{text: text} }

func newTemplate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "template", &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s, ok := v.(starlark.String)
	if !ok {
		// CPython fails at first use, in re's finditer.
		return nil, pyerr.New(pyerr.TypeError, "expected string or bytes-like object, got '%s'", v.Type())
	}
	return New(string(s)), nil
}

func (t *Template) String() string        { return fmt.Sprintf("<string.Template object at %p>", t) }
func (t *Template) Type() string          { return "Template" }
func (t *Template) Freeze()               {}
func (t *Template) Truth() starlark.Bool  { return true }
func (t *Template) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: Template") }

// CodecState implements codec.Typed: a Template crosses processes as a
// copy, as Python pickles it.
func (t *Template) CodecState() (string, starlark.Value) {
	return templateType, starlark.String(t.text)
}

const templateType = "string.Template"

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: templateType, Decode: decodeTemplate}}

func decodeTemplate(state starlark.Value) (starlark.Value, error) {
	s, ok := state.(starlark.String)
	if !ok {
		return nil, fmt.Errorf("bad Template state %s", state.Type())
	}
	return New(string(s)), nil
}

var templateAttrs = []string{"delimiter", "get_identifiers", "idpattern", "is_valid", "safe_substitute", "substitute", "template"}

func (t *Template) AttrNames() []string { return templateAttrs }

func (t *Template) Attr(name string) (starlark.Value, error) {
	switch name {
	case "template":
		return starlark.String(t.text), nil
	case "delimiter":
		return starlark.String("$"), nil
	case "idpattern":
		return starlark.String(`(?a:[_a-z][_a-z0-9]*)`), nil
	case "substitute", "safe_substitute":
		safe := name == "safe_substitute"
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return t.substitute(thread, args, kwargs, safe)
		}), nil
	case "is_valid":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			for _, p := range t.scan() {
				if p.kind == invalid {
					return starlark.False, nil
				}
			}
			return starlark.True, nil
		}), nil
	case "get_identifiers":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			var ids []starlark.Value
			seen := map[string]bool{}
			for _, p := range t.scan() {
				if (p.kind == named || p.kind == braced) && !seen[p.name] {
					seen[p.name] = true
					ids = append(ids, starlark.String(p.name))
				}
			}
			return starlark.NewList(ids), nil
		}), nil
	}
	return nil, nil
}

type placeKind int

const (
	escaped placeKind = iota
	named
	braced
	invalid
)

// place is one match of Template.pattern: text[start:end] is the
// placeholder.
type place struct {
	start, end int
	kind       placeKind
	name       string
}

func identStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func identLen(s string) int {
	if s == "" || !identStart(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && (identStart(s[n]) || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return n
}

// scan finds the placeholders as Template.pattern does (ASCII
// identifiers, case-insensitive), in order.
func (t *Template) scan() []place {
	var out []place
	s := t.text
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '$')
		if j < 0 {
			break
		}
		i += j
		rest := s[i+1:]
		switch {
		case strings.HasPrefix(rest, "$"):
			out = append(out, place{i, i + 2, escaped, ""})
			i += 2
		case identLen(rest) > 0:
			n := identLen(rest)
			out = append(out, place{i, i + 1 + n, named, rest[:n]})
			i += 1 + n
		case strings.HasPrefix(rest, "{") && identLen(rest[1:]) > 0 && strings.HasPrefix(rest[1+identLen(rest[1:]):], "}"):
			n := identLen(rest[1:])
			out = append(out, place{i, i + 3 + n, braced, rest[1 : 1+n]})
			i += 3 + n
		default:
			out = append(out, place{i, i + 1, invalid, ""})
			i++
		}
	}
	return out
}

func (t *Template) substitute(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple, safe bool) (starlark.Value, error) {
	if len(args) > 1 {
		name := "substitute"
		if safe {
			name = "safe_substitute"
		}
		return nil, pyerr.New(pyerr.TypeError, "Template.%s() takes from 1 to 2 positional arguments but %d were given", name, len(args)+1)
	}
	var mapping starlark.Mapping
	var notMapping starlark.Value
	if len(args) == 1 {
		m, ok := args[0].(starlark.Mapping)
		if !ok {
			// CPython fails only when a placeholder looks a name up in it.
			notMapping = args[0]
		}
		mapping = m
	}
	// Keywords win over the mapping (Python's ChainMap(kws, mapping)).
	lookup := func(name string) (starlark.Value, bool, error) {
		for _, kv := range kwargs {
			if string(kv[0].(starlark.String)) == name {
				return kv[1], true, nil
			}
		}
		if notMapping != nil {
			// CPython's mapping[named] on a value that is no mapping.
			switch notMapping.(type) {
			case *starlark.List, starlark.Tuple:
				return nil, false, pyerr.New(pyerr.TypeError, "%s indices must be integers or slices, not str", notMapping.Type())
			case starlark.String:
				return nil, false, pyerr.New(pyerr.TypeError, "string indices must be integers, not 'str'")
			case starlark.Bytes:
				return nil, false, pyerr.New(pyerr.TypeError, "byte indices must be integers or slices, not str")
			}
			return nil, false, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", notMapping.Type())
		}
		if mapping == nil {
			return nil, false, nil
		}
		return mapping.Get(starlark.String(name))
	}
	var sb strings.Builder
	last := 0
	for _, p := range t.scan() {
		sb.WriteString(t.text[last:p.start])
		last = p.end
		switch p.kind {
		case escaped:
			sb.WriteByte('$')
		case invalid:
			if safe {
				sb.WriteByte('$')
				continue
			}
			// CPython's _invalid: line and column of the "$", 1-based.
			before := t.text[:p.start]
			line := strings.Count(before, "\n") + 1
			col := len([]rune(before[strings.LastIndexByte(before, '\n')+1:])) + 1
			return nil, pyerr.New(pyerr.ValueError, "Invalid placeholder in string: line %d, col %d", line, col)
		default:
			v, found, err := lookup(p.name)
			if err != nil {
				return nil, err
			}
			if !found {
				if safe {
					sb.WriteString(t.text[p.start:p.end])
					continue
				}
				return nil, pyerr.New(pyerr.KeyError, "%s", pyformat.QuoteStr(p.name))
			}
			sb.WriteString(pyformat.Str(v))
		}
	}
	sb.WriteString(t.text[last:])
	return starlark.String(sb.String()), nil
}
