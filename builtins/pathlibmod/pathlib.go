// Package pathlibmod is procstar's "pathlib" module, POSIX flavour: Path
// (PosixPath) and PurePath (PurePosixPath) as CPython 3.12's pathlib.py.
// Pure operations are ported; file-system operations call the os module's
// builtins with the path's text, so their errors, the working directory of
// the calling thread and the accepted arguments are os's own.
package pathlibmod

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/globmod"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/builtins/osmod"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Path is a PosixPath or, if pure, a PurePosixPath.
type Path struct {
	root string   // "", "/" or "//"
	tail []string // the parts after the root, without "" and "."
	pure bool
}

var (
	_ starlark.HasAttrs    = (*Path)(nil)
	_ starlark.HasBinary   = (*Path)(nil)
	_ patharg.PathLike     = (*Path)(nil)
	_ pyformat.PyStringer  = (*Path)(nil)
	_ codec.Typed          = (*Path)(nil)
	_ starlark.Indexable   = (*parents)(nil)
	_ starlark.Sliceable   = (*parents)(nil)
	_ starlark.Callable    = (*class)(nil)
	_ starlark.HasAttrs    = (*class)(nil)
	_ starlark.Comparable  = (*class)(nil)
	_ starlark.Iterable    = (*parents)(nil)
	_ starlark.Comparable  = (*parents)(nil)
	_ starlark.HasSetField = (*Path)(nil)
)

const pathType = "pathlib.Path"

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: pathType, Decode: decodePath}}

func decodePath(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, pyerr.New(pyerr.TypeError, "bad pathlib state %s", state.Type())
	}
	s, _ := starlark.AsString(t[0])
	return parse(s, t[1] == starlark.True), nil
}

// CodecState implements codec.Typed: a path crosses as its text.
func (p *Path) CodecState() (string, starlark.Value) {
	return pathType, starlark.Tuple{starlark.String(p.str()), starlark.Bool(p.pure)}
}

// parse is PurePath._parse_path of one already joined string.
func parse(s string, pure bool) *Path {
	p := &Path{pure: pure}
	if strings.HasPrefix(s, "/") {
		p.root = "/"
		if strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "///") {
			p.root = "//"
		}
	}
	for _, x := range strings.Split(s, "/") {
		if x != "" && x != "." {
			p.tail = append(p.tail, x)
		}
	}
	return p
}

func (p *Path) derive(root string, tail []string) *Path {
	return &Path{root: root, tail: tail, pure: p.pure}
}

func (p *Path) str() string {
	s := p.root + strings.Join(p.tail, "/")
	if s == "" {
		return "."
	}
	return s
}

func (p *Path) typeName() string {
	if p.pure {
		return "PurePosixPath"
	}
	return "PosixPath"
}

func (p *Path) FSPath() string { return p.str() }
func (p *Path) PyStr() string  { return p.str() }
func (p *Path) String() string { return p.typeName() + "(" + pyformat.QuoteStr(p.str()) + ")" }
func (p *Path) Type() string   { return p.typeName() }
func (p *Path) Freeze()        {}
func (p *Path) Truth() starlark.Bool {
	return starlark.True
}
func (p *Path) Hash() (uint32, error) { return starlark.String(p.str()).Hash() }

// SetField refuses attribute assignment with Python's text.
func (p *Path) SetField(name string, _ starlark.Value) error {
	return pyerr.New("AttributeError", "'%s' object attribute '%s' is read-only", p.typeName(), name)
}

// key is what CPython orders by (_parts_normcase): the text split at
// the separators, so "/a" (["", "a"]) sorts before "." and "a".
func (p *Path) key() []string {
	return strings.Split(p.str(), "/")
}

func (p *Path) allParts() []string {
	if p.root != "" {
		return append([]string{p.root}, p.tail...)
	}
	return p.tail
}

func (p *Path) Cmp(y starlark.Value, depth int) (int, error) {
	q := y.(*Path)
	// CPython compares _str_normcase then (for ordering) _parts_normcase;
	// on POSIX these agree with comparing the part lists.
	a, b := p.key(), q.key()
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c, nil
		}
	}
	return len(a) - len(b), nil
}

// CompareSameType compares a Path and a PurePath too: CPython demands the
// same flavour only, which both have.
func (p *Path) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	c, err := p.Cmp(y, depth)
	if err != nil {
		return false, err
	}
	switch op {
	case syntax.EQL:
		return c == 0, nil
	case syntax.NEQ:
		return c != 0, nil
	}
	return threeway(op, c), nil
}

func threeway(op syntax.Token, c int) bool {
	switch op {
	case syntax.LT:
		return c < 0
	case syntax.LE:
		return c <= 0
	case syntax.GT:
		return c > 0
	case syntax.GE:
		return c >= 0
	}
	return false
}

// Binary is / with a str or a path on either side.
func (p *Path) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if op != syntax.SLASH {
		return nil, nil
	}
	s, ok := patharg.AsPath(y)
	if !ok {
		return nil, nil
	}
	if side == starlark.Left {
		return p.join([]string{p.str(), s}), nil
	}
	return p.join([]string{s, p.str()}), nil
}

// join is with_segments: the segments joined as os.path.join.
func (p *Path) join(segs []string) *Path {
	s := ""
	for i, x := range segs {
		if i == 0 {
			s = x
		} else {
			s = patharg.Join(s, x)
		}
	}
	return parse(s, p.pure)
}

// segments are the path arguments of a constructor or joinpath.
func segments(args starlark.Tuple) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		s, ok := patharg.AsPath(a)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "argument should be a str or an os.PathLike object where __fspath__ returns a str, not %s", pyformat.QuoteStr(patharg.TypeName(a)))
		}
		out[i] = s
	}
	return out, nil
}

func (p *Path) name() string {
	if len(p.tail) == 0 {
		return ""
	}
	return p.tail[len(p.tail)-1]
}

func (p *Path) suffix() string {
	n := p.name()
	if i := strings.LastIndexByte(n, '.'); 0 < i && i < len(n)-1 {
		return n[i:]
	}
	return ""
}

func (p *Path) stem() string {
	n := p.name()
	if i := strings.LastIndexByte(n, '.'); 0 < i && i < len(n)-1 {
		return n[:i]
	}
	return n
}

func (p *Path) parent() *Path {
	if len(p.tail) == 0 {
		return p
	}
	return p.derive(p.root, p.tail[:len(p.tail)-1])
}

func strList(xs []string) *starlark.List {
	out := make([]starlark.Value, len(xs))
	for i, x := range xs {
		out[i] = starlark.String(x)
	}
	return starlark.NewList(out)
}

var attrNames = lazy.Value[[]string]{New: func() []string {
	names := []string{"anchor", "drive", "name", "parent", "parents", "parts", "root", "stem", "suffix", "suffixes"}
	for n := range pureMethods.Get() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}}

var concreteNames = lazy.Value[[]string]{New: func() []string {
	names := append([]string(nil), attrNames.Get()...)
	for n := range concreteMethods.Get() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}}

func (p *Path) AttrNames() []string {
	if p.pure {
		return attrNames.Get()
	}
	return concreteNames.Get()
}

func (p *Path) Attr(name string) (starlark.Value, error) {
	switch name {
	case "drive":
		return starlark.String(""), nil
	case "root", "anchor":
		return starlark.String(p.root), nil
	case "name":
		return starlark.String(p.name()), nil
	case "suffix":
		return starlark.String(p.suffix()), nil
	case "stem":
		return starlark.String(p.stem()), nil
	case "suffixes":
		n := p.name()
		if strings.HasSuffix(n, ".") {
			return starlark.NewList(nil), nil
		}
		xs := strings.Split(strings.TrimLeft(n, "."), ".")[1:]
		for i := range xs {
			xs[i] = "." + xs[i]
		}
		return strList(xs), nil
	case "parent":
		return p.parent(), nil
	case "parents":
		return &parents{p: p}, nil
	case "parts":
		parts := p.allParts()
		t := make(starlark.Tuple, len(parts))
		for i, x := range parts {
			t[i] = starlark.String(x)
		}
		return t, nil
	}
	m, ok := pureMethods.Get()[name]
	if !ok && !p.pure {
		m, ok = concreteMethods.Get()[name]
	}
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(thread, p, b.Name(), args, kwargs)
	}).BindReceiver(p), nil
}

type method func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

func strArg(fn string, v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "%s() argument must be str, not %s", fn, patharg.TypeName(v))
	}
	return string(s), nil
}

func (p *Path) withName(name string) (*Path, error) {
	if p.name() == "" {
		return nil, pyerr.New(pyerr.ValueError, "%s has an empty name", p.String())
	}
	if name == "" || strings.Contains(name, "/") || name == "." {
		return nil, pyerr.New(pyerr.ValueError, "Invalid name %s", pyformat.QuoteStr(name))
	}
	tail := append(append([]string(nil), p.tail[:len(p.tail)-1]...), name)
	return p.derive(p.root, tail), nil
}

func (p *Path) isRelativeTo(o *Path) bool {
	if o.root != p.root || len(o.tail) > len(p.tail) {
		return false
	}
	for i, x := range o.tail {
		if p.tail[i] != x {
			return false
		}
	}
	return true
}

// other is a path argument made a path of p's kind (with_segments).
func (p *Path) other(v starlark.Value) (*Path, error) {
	segs, err := segments(starlark.Tuple{v})
	if err != nil {
		return nil, err
	}
	return p.join(segs), nil
}

// others is the path of several arguments, as relative_to and
// is_relative_to take them in CPython 3.12's deprecated form
// (with_segments(other, *_deprecated); Python warns, procstar does not).
func (p *Path) others(args starlark.Tuple) (*Path, error) {
	segs, err := segments(args)
	if err != nil {
		return nil, err
	}
	return p.join(segs), nil
}

var pureMethods = lazy.Value[map[string]method]{New: func() map[string]method {
	return map[string]method{
		"as_posix": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, typeError(err)
			}
			return starlark.String(p.str()), nil
		},
		"__fspath__": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(p.str()), nil
		},
		"as_uri": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if p.root == "" {
				return nil, pyerr.New(pyerr.ValueError, "relative path can't be expressed as a file URI")
			}
			return starlark.String("file://" + quoteURI(p.str())), nil
		},
		"is_absolute": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(p.root != ""), nil
		},
		"is_reserved": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.False, nil
		},
		"joinpath": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", name)
			}
			segs, err := segments(args)
			if err != nil {
				return nil, err
			}
			return p.join(append([]string{p.str()}, segs...)), nil
		},
		"with_name": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v string
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
				return nil, typeError(err)
			}
			return p.withName(v)
		},
		"with_stem": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v string
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
				return nil, typeError(err)
			}
			return p.withName(v + p.suffix())
		},
		"with_suffix": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v string
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
				return nil, typeError(err)
			}
			if strings.Contains(v, "/") || v != "" && !strings.HasPrefix(v, ".") || v == "." {
				return nil, pyerr.New(pyerr.ValueError, "Invalid suffix %s", pyformat.QuoteStr(v))
			}
			n := p.name()
			if n == "" {
				return nil, pyerr.New(pyerr.ValueError, "%s has an empty name", p.String())
			}
			n = n[:len(n)-len(p.suffix())] + v
			tail := append(append([]string(nil), p.tail[:len(p.tail)-1]...), n)
			return p.derive(p.root, tail), nil
		},
		"is_relative_to": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 1 && len(kwargs) == 0 {
				o, err := p.others(args)
				if err != nil {
					return nil, err
				}
				return starlark.Bool(p.isRelativeTo(o)), nil
			}
			var ov starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &ov); err != nil {
				return nil, typeError(err)
			}
			o, err := p.other(ov)
			if err != nil {
				return nil, err
			}
			return starlark.Bool(p.isRelativeTo(o)), nil
		},
		"relative_to": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var ov starlark.Value
			walkUp := false
			var o *Path
			var err error
			if len(args) > 1 {
				// relative_to(other, /, *_deprecated, walk_up=False): more
				// positional arguments are joined to other.
				if err := starlark.UnpackArgs(name, nil, kwargs, "walk_up?", &walkUp); err != nil {
					return nil, typeError(err)
				}
				o, err = p.others(args)
			} else {
				if err := starlark.UnpackArgs(name, args, kwargs, "other", &ov, "walk_up?", &walkUp); err != nil {
					return nil, typeError(err)
				}
				o, err = p.other(ov)
			}
			if err != nil {
				return nil, err
			}
			step, base := 0, o
			for {
				if p.isRelativeTo(base) {
					break
				}
				if !walkUp {
					return nil, pyerr.New(pyerr.ValueError, "%s is not in the subpath of %s", pyformat.QuoteStr(p.str()), pyformat.QuoteStr(o.str()))
				}
				if base.name() == ".." {
					return nil, pyerr.New(pyerr.ValueError, "'..' segment in %s cannot be walked", pyformat.QuoteStr(o.str()))
				}
				if len(base.tail) == 0 {
					return nil, pyerr.New(pyerr.ValueError, "%s and %s have different anchors", pyformat.QuoteStr(p.str()), pyformat.QuoteStr(o.str()))
				}
				base = base.parent()
				step++
			}
			var tail []string
			for i := 0; i < step; i++ {
				tail = append(tail, "..")
			}
			tail = append(tail, p.tail[len(base.tail):]...)
			return p.derive("", tail), nil
		},
		"match": func(_ *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var pv, cs starlark.Value = nil, starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "path_pattern", &pv, "case_sensitive?", &cs); err != nil {
				return nil, typeError(err)
			}
			pat, err := p.other(pv)
			if err != nil {
				return nil, err
			}
			if pat.root == "" && len(pat.tail) == 0 {
				return nil, pyerr.New(pyerr.ValueError, "empty pattern")
			}
			// 3.12's regexp over the path's "lines" (separators and
			// newlines swapped): "*" is a non-empty component, other
			// components are fnmatch's, none spans a separator; a relative
			// pattern matches the path's last components.
			var re strings.Builder
			re.WriteString("(?m)")
			if cs != starlark.None && !bool(cs.Truth()) {
				re.WriteString("(?i)")
			}
			re.WriteString("^")
			for _, part := range strings.SplitAfter(lines(pat), "\n") {
				switch part {
				case "":
				case "*\n":
					re.WriteString(`.+\n`)
				case "*":
					re.WriteString(".+")
				default:
					re.WriteString(globmod.Translate(part))
				}
			}
			re.WriteString(`\z`)
			rx, err := regexp.Compile(re.String())
			if err != nil {
				return nil, pyerr.New(pyerr.ValueError, "%s", err.Error())
			}
			l := lines(p)
			if pat.root != "" {
				loc := rx.FindStringIndex(l)
				return starlark.Bool(loc != nil && loc[0] == 0), nil
			}
			return starlark.Bool(rx.MatchString(l)), nil
		},
	}
}}

// lines is the path's text with separators and newlines swapped ("" for
// "."), what 3.12's match runs its regexp over.
func lines(p *Path) string {
	s := p.str()
	if s == "." {
		return ""
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '/':
			return '\n'
		case '\n':
			return '/'
		}
		return r
	}, s)
}

// quoteURI is urllib.parse.quote_from_bytes(path, safe="/").
func quoteURI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// parents is the sequence of a path's ancestors (_PathParents).
type parents struct{ p *Path }

func (ps *parents) String() string        { return "<" + ps.p.typeName() + ".parents>" }
func (ps *parents) Type() string          { return "_PathParents" }
func (ps *parents) Freeze()               {}
func (ps *parents) Truth() starlark.Bool  { return ps.Len() > 0 }
func (ps *parents) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: '_PathParents'") }
func (ps *parents) Len() int              { return len(ps.p.tail) }
func (ps *parents) Index(i int) starlark.Value {
	return ps.p.derive(ps.p.root, ps.p.tail[:len(ps.p.tail)-i-1])
}
func (ps *parents) Iterate() starlark.Iterator { return &parentsIter{ps: ps} }
func (ps *parents) Slice(start, end, step int) starlark.Value {
	var out starlark.Tuple
	for i := start; step > 0 && i < end || step < 0 && i > end; i += step {
		out = append(out, ps.Index(i))
	}
	return out
}
func (ps *parents) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	switch op {
	case syntax.EQL:
		return ps == y, nil
	case syntax.NEQ:
		return ps != y, nil
	}
	return false, pyerr.New(pyerr.TypeError, "'%s' not supported between instances of '_PathParents' and '_PathParents'", op)
}

type parentsIter struct {
	ps *parents
	i  int
}

func (it *parentsIter) Next(p *starlark.Value) bool {
	if it.i >= it.ps.Len() {
		return false
	}
	*p = it.ps.Index(it.i)
	it.i++
	return true
}
func (it *parentsIter) Done() {}

// class is Path, PurePath and their Posix names: callable constructors
// with the class methods (cwd, home).
type class struct {
	name string
	pure bool
}

func (c *class) String() string        { return "<class 'pathlib." + c.name + "'>" }
func (c *class) Type() string          { return "type" }
func (c *class) Freeze()               {}
func (c *class) Truth() starlark.Bool  { return starlark.True }
func (c *class) Hash() (uint32, error) { return starlark.String(c.name).Hash() }
func (c *class) Name() string          { return c.name }
func (c *class) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	switch op {
	case syntax.EQL:
		return c == y, nil
	case syntax.NEQ:
		return c != y, nil
	}
	return false, pyerr.New(pyerr.TypeError, "'%s' not supported between instances of 'type' and 'type'", op)
}

func (c *class) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", c.name)
	}
	segs, err := segments(args)
	if err != nil {
		return nil, err
	}
	return (&Path{pure: c.pure}).join(segs), nil
}

func (c *class) AttrNames() []string {
	if c.pure {
		return nil
	}
	return []string{"cwd", "home"}
}

func (c *class) Attr(name string) (starlark.Value, error) {
	if c.pure || name != "cwd" && name != "home" {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		var v starlark.Value
		var err error
		if name == "cwd" {
			v, err = osCall(thread, "getcwd")
		} else {
			v, err = osPathCall(thread, "expanduser", starlark.String("~"))
		}
		if err != nil {
			return nil, err
		}
		s, _ := starlark.AsString(v)
		return parse(s, false), nil
	}), nil
}

// Module returns a new "pathlib" module.
func Module() *starlarkstruct.Module {
	path := &class{name: "PosixPath"}
	pure := &class{name: "PurePosixPath", pure: true}
	return &starlarkstruct.Module{Name: "pathlib", Members: starlark.StringDict{
		"Path":          path,
		"PosixPath":     path,
		"PurePath":      pure,
		"PurePosixPath": pure,
	}}
}

// osFuncs are the os module's builtins that the concrete methods call.
var osFuncs = lazy.Value[starlark.StringDict]{New: func() starlark.StringDict { return osmod.Module().Members }}

func osCall(thread *starlark.Thread, name string, args ...starlark.Value) (starlark.Value, error) {
	return starlark.Call(thread, osFuncs.Get()[name], args, nil)
}

func osPathCall(thread *starlark.Thread, name string, args ...starlark.Value) (starlark.Value, error) {
	fn, _ := osFuncs.Get()["path"].(*starlarkstruct.Module).Members[name]
	return starlark.Call(thread, fn, args, nil)
}
