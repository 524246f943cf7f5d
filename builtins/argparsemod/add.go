package argparsemod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// groupValue is what add_argument_group and add_mutually_exclusive_group
// return: its add_argument puts the argument in the group.
type groupValue struct {
	p *Parser
	g *group
}

func (v *groupValue) String() string {
	if v.g.exclusive {
		return "<argparse._MutuallyExclusiveGroup object>"
	}
	return "<argparse._ArgumentGroup object>"
}
func (v *groupValue) Type() string          { return "_ArgumentGroup" }
func (v *groupValue) Freeze()               {}
func (v *groupValue) Truth() starlark.Bool  { return true }
func (v *groupValue) Hash() (uint32, error) { return 0, pyerr.New(pyerr.TypeError, "unhashable type") }
func (v *groupValue) AttrNames() []string {
	return []string{"add_argument", "add_mutually_exclusive_group", "title", "description"}
}
func (v *groupValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "add_argument":
		return starlark.NewBuiltin(name, func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			if v.g.exclusive {
				return v.p.addArgument(args, kw, v.g.posIn, v.g.optIn, v.g)
			}
			return v.p.addArgument(args, kw, v.g, v.g, nil)
		}), nil
	case "add_mutually_exclusive_group":
		return starlark.NewBuiltin(name, func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			req := false
			if err := starlark.UnpackArgs(name, args, kw, "required?", &req); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			g := &group{exclusive: true, required: req, posIn: v.g, optIn: v.g}
			if v.g.exclusive {
				g.posIn, g.optIn = v.g.posIn, v.g.optIn
			}
			v.p.exclusive = append(v.p.exclusive, g)
			return &groupValue{p: v.p, g: g}, nil
		}), nil
	case "title":
		return starlark.String(v.g.title), nil
	case "description":
		return starlark.String(v.g.description), nil
	}
	return nil, nil
}

func (p *Parser) addArgument(args starlark.Tuple, kw []starlark.Tuple, posGroup, optGroup, excl *group) (starlark.Value, error) {
	var names []string
	for _, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", a.Type())
		}
		names = append(names, string(s))
	}
	a := &action{kind: "store", nargs: starlark.None, konst: starlark.None, typ: starlark.None, choices: starlark.None,
		help: starlark.None, metavar: starlark.None, version: starlark.None}
	given := map[string]starlark.Value{}
	for _, kv := range kw {
		given[string(kv[0].(starlark.String))] = kv[1]
	}
	positional := len(names) == 0 || len(names) == 1 && (names[0] == "" || !strings.ContainsRune(p.prefixChars, rune(names[0][0])))
	if positional {
		if _, ok := given["dest"]; ok && len(names) > 0 {
			return nil, pyerr.New(pyerr.ValueError, "dest supplied twice for positional argument")
		}
		if len(names) > 0 {
			a.dest = names[0]
		} else if d, ok := given["dest"].(starlark.String); ok {
			a.dest = string(d)
		} else {
			return nil, pyerr.New(pyerr.TypeError, "_ActionsContainer._get_positional_kwargs() missing 1 required positional argument: 'dest'")
		}
	} else {
		for _, n := range names {
			if n == "" || !strings.ContainsRune(p.prefixChars, rune(n[0])) {
				return nil, pyerr.New(pyerr.ValueError, "invalid option string %s: must start with a character %s", pyerr.QuoteStr(n), pyerr.QuoteStr(p.prefixChars))
			}
		}
		a.options = names
		if d, ok := given["dest"].(starlark.String); ok {
			a.dest = string(d)
		} else {
			first := names[0]
			for _, n := range names {
				if len(n) > 1 && strings.ContainsRune(p.prefixChars, rune(n[1])) {
					first = n
					break
				}
			}
			a.dest = strings.ReplaceAll(strings.TrimLeft(first, p.prefixChars), "-", "_")
			if a.dest == "" {
				return nil, pyerr.New(pyerr.ValueError, "dest= is required for options like %s", pyerr.QuoteStr(names[len(names)-1]))
			}
		}
	}
	if v, ok := given["action"]; ok {
		switch x := v.(type) {
		case starlark.String:
			a.kind = string(x)
		case *starlark.Builtin:
			a.kind = ""
			if x.Name() == "BooleanOptionalAction" {
				a.kind = "boolean_optional"
			}
		default:
			a.kind = ""
		}
		switch a.kind {
		case "store", "store_const", "store_true", "store_false", "append", "append_const", "extend", "count", "help", "version", "boolean_optional":
		default:
			name := pyerr.Repr(v) // Python's str() of a tuple is its repr
			if s, ok := v.(starlark.String); ok {
				name = string(s)
			}
			return nil, pyerr.New(pyerr.ValueError, "unknown action \"%s\"", name)
		}
	}
	// The action class's __init__ takes only some keywords (store_true no
	// type=, store_const no nargs=, ...): CPython fails with TypeError.
	for _, kv := range kw {
		if k := string(kv[0].(starlark.String)); k != "action" && k != "dest" && !actionTakes(a.kind, k) {
			return nil, pyerr.New(pyerr.TypeError, "%s.__init__() got an unexpected keyword argument '%s'", className(a.kind), k)
		}
	}
	dflt, hasDefault := given["default"]
	explicitDefault := hasDefault
	// CPython's add_argument: without default=, the parser's set_defaults
	// value for the dest, else a non-None argument_default, is passed to
	// the action as its default, overriding the action class's own
	// (store_true's False, version's SUPPRESS).
	if !hasDefault {
		if v, ok := p.defaults[a.dest]; ok {
			dflt, hasDefault = v, true
		} else if p.argumentDefault != starlark.None {
			dflt, hasDefault = p.argumentDefault, true
		} else {
			dflt = starlark.None
		}
	}
	switch a.kind {
	case "store_true":
		a.nargs, a.konst = starlark.MakeInt(0), starlark.True
		if !hasDefault {
			dflt = starlark.False
		}
	case "store_false":
		a.nargs, a.konst = starlark.MakeInt(0), starlark.False
		if !hasDefault {
			dflt = starlark.True
		}
	case "store_const", "append_const", "count":
		a.nargs = starlark.MakeInt(0)
	case "help", "version":
		a.nargs = starlark.MakeInt(0)
		if !hasDefault {
			dflt = starlark.String(suppress)
		}
		if a.kind == "version" && given["help"] == nil {
			a.help = starlark.String("show program's version number and exit")
		}
	case "boolean_optional":
		a.nargs = starlark.MakeInt(0)
		// CPython 3.12 puts each --no-X right after its --X.
		var opts []string
		for _, o := range a.options {
			opts = append(opts, o)
			if strings.HasPrefix(o, "--") {
				opts = append(opts, "--no-"+o[2:])
			}
		}
		a.options = opts
	}
	a.dflt = dflt
	for k, v := range given {
		switch k {
		case "nargs":
			switch v.(type) {
			case starlark.Int, starlark.String, starlark.NoneType:
			default:
				return nil, pyerr.New(pyerr.ValueError, "invalid nargs value")
			}
			a.nargs = v
		case "const":
			a.konst = v
		case "type":
			if _, ok := v.(starlark.Callable); !ok && v != starlark.None {
				return nil, pyerr.New(pyerr.ValueError, "%s is not callable", pyerr.Repr(v))
			}
			a.typ = v
		case "choices":
			a.choices = v
		case "required":
			a.required = bool(v.Truth())
		case "help":
			a.help = v
		case "metavar":
			a.metavar = v
		case "version":
			a.version = v
		}
	}
	if n, ok := a.nargs.(starlark.Int); ok && a.kind == "store" {
		if k, _ := starlark.AsInt32(n); k == 0 {
			return nil, pyerr.New(pyerr.ValueError, "nargs for store actions must be != 0; if you have nothing to store, actions such as store true or store const may be more appropriate")
		}
	}
	if n, ok := a.nargs.(starlark.Int); ok && (a.kind == "append" || a.kind == "extend") {
		if k, _ := starlark.AsInt32(n); k == 0 {
			return nil, pyerr.New(pyerr.ValueError, "nargs for append actions must be != 0; if arg strings are not supplying the value to append, the append const action may be more appropriate")
		}
	}
	// CPython's _StoreAction and _AppendAction: const only with nargs='?'.
	if c, ok := given["const"]; ok && c != starlark.None && (a.kind == "store" || a.kind == "append" || a.kind == "extend") && a.nargs != starlark.String("?") {
		return nil, pyerr.New(pyerr.ValueError, "nargs must be '?' to supply const")
	}
	if s, ok := a.nargs.(starlark.String); ok {
		switch s {
		case "?", "*", "+", "...", "A...", suppress:
		default:
			return nil, pyerr.New(pyerr.ValueError, "invalid nargs value")
		}
	}
	if t, ok := a.metavar.(starlark.Tuple); ok && !metavarFits(len(t), a.nargs) {
		return nil, pyerr.New(pyerr.ValueError, "length of metavar tuple does not match nargs")
	}
	if positional {
		if _, ok := given["required"]; ok {
			return nil, pyerr.New(pyerr.TypeError, "'required' is an invalid argument for positionals")
		}
		ns, _ := a.nargs.(starlark.String)
		// CPython: a '*' positional is required unless given a default
		// (its own default=, not the parser-level one).
		if ns != "?" && ns != "*" || ns == "*" && !explicitDefault {
			a.required = true
		}
	}
	if excl != nil && a.required {
		return nil, pyerr.New(pyerr.ValueError, "mutually exclusive arguments must be optional")
	}
	// CPython's _check_conflict, last, on the action's option strings
	// (BooleanOptionalAction's --no-X too).
	var conflicts []string
	for _, n := range a.options {
		if _, dup := p.optionals[n]; dup {
			conflicts = append(conflicts, n)
		}
	}
	if len(conflicts) > 0 && !p.conflictResolve {
		msg := "conflicting option string: %s"
		if len(conflicts) > 1 {
			msg = "conflicting option strings: %s"
		}
		return nil, pyerr.New(argumentError, "%s", (&argError{arg: a, msg: fmt.Sprintf(msg, strings.Join(conflicts, ", "))}).Error())
	}
	// conflict_handler='resolve': the older action loses the option
	// strings, and goes away when it has none left.
	for _, n := range conflicts {
		old := p.optionals[n]
		delete(p.optionals, n)
		for i, o := range old.options {
			if o == n {
				old.options = append(old.options[:i:i], old.options[i+1:]...)
				break
			}
		}
		if len(old.options) == 0 {
			p.removeAction(old)
		}
	}
	if excl != nil {
		excl.actions = append(excl.actions, a)
		a.group = excl
	}
	if positional {
		p.addAction(a, posGroup)
	} else {
		p.addAction(a, optGroup)
	}
	return &actionValue{a}, nil
}

// removeAction takes a out of the parser and of the groups holding it.
func (p *Parser) removeAction(a *action) {
	without := func(l []*action) []*action {
		var out []*action
		for _, b := range l {
			if b != a {
				out = append(out, b)
			}
		}
		return out
	}
	p.actions = without(p.actions)
	for _, g := range p.groups {
		g.actions = without(g.actions)
	}
	if a.group != nil {
		a.group.actions = without(a.group.actions)
	}
}

// actionTakes: whether the __init__ of kind's CPython 3.12 action class
// has a parameter named k (besides option_strings and dest).
func actionTakes(kind, k string) bool {
	switch kind {
	case "store", "append", "extend":
		return k == "nargs" || k == "const" || k == "default" || k == "type" || k == "choices" || k == "required" || k == "help" || k == "metavar"
	case "store_const", "append_const":
		return k == "const" || k == "default" || k == "required" || k == "help" || k == "metavar"
	case "store_true", "store_false", "count":
		return k == "default" || k == "required" || k == "help"
	case "help":
		return k == "default" || k == "help"
	case "version":
		return k == "version" || k == "default" || k == "help"
	case "boolean_optional":
		return k == "default" || k == "type" || k == "choices" || k == "required" || k == "help" || k == "metavar"
	}
	return false
}

func className(kind string) string {
	m := map[string]string{"store": "_StoreAction", "append": "_AppendAction", "extend": "_ExtendAction", "store_const": "_StoreConstAction", "store_true": "_StoreTrueAction", "store_false": "_StoreFalseAction",
		"append_const": "_AppendConstAction", "count": "_CountAction", "help": "_HelpAction", "version": "_VersionAction", "boolean_optional": "BooleanOptionalAction"}
	if n, ok := m[kind]; ok {
		return n
	}
	return "Action"
}

// actionValue is add_argument's result (an Action in Python).
type actionValue struct{ a *action }

func (v *actionValue) String() string {
	a := v.a
	opts := make([]string, len(a.options))
	for i, o := range a.options {
		opts[i] = pyerr.QuoteStr(o)
	}
	return fmt.Sprintf("%s(option_strings=[%s], dest=%s, nargs=%s, const=%s, default=%s, type=%s, choices=%s, required=%s, help=%s, metavar=%s)",
		className(a.kind), strings.Join(opts, ", "), pyerr.QuoteStr(a.dest), pyerr.Repr(a.nargs), pyerr.Repr(a.konst), pyerr.Repr(a.dflt),
		pyerr.Repr(a.typ), pyerr.Repr(a.choices), pyBool(a.required), pyerr.Repr(a.help), pyerr.Repr(a.metavar))
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
func (v *actionValue) Type() string          { return "Action" }
func (v *actionValue) Freeze()               {}
func (v *actionValue) Truth() starlark.Bool  { return true }
func (v *actionValue) Hash() (uint32, error) { return 0, pyerr.New(pyerr.TypeError, "unhashable type") }
func (v *actionValue) AttrNames() []string {
	return []string{"choices", "const", "default", "dest", "help", "metavar", "nargs", "option_strings", "required", "type"}
}
func (v *actionValue) Attr(name string) (starlark.Value, error) {
	a := v.a
	switch name {
	case "dest":
		return starlark.String(a.dest), nil
	case "default":
		return a.dflt, nil
	case "const":
		return a.konst, nil
	case "nargs":
		return a.nargs, nil
	case "help":
		return a.help, nil
	case "metavar":
		return a.metavar, nil
	case "type":
		return a.typ, nil
	case "choices":
		return a.choices, nil
	case "required":
		return starlark.Bool(a.required), nil
	case "option_strings":
		l := make([]starlark.Value, len(a.options))
		for i, o := range a.options {
			l[i] = starlark.String(o)
		}
		return starlark.NewList(l), nil
	}
	return nil, nil
}

// metavarFits reports whether a tuple metavar of n parts suits nargs, as
// CPython checks by formatting the usage at add_argument.
func metavarFits(n int, nargs starlark.Value) bool {
	switch v := nargs.(type) {
	case starlark.Int:
		k, _ := starlark.AsInt32(v)
		return n == k
	case starlark.String:
		switch v {
		case "*":
			return n == 1 || n == 2
		case "+":
			return n == 2
		case "...", suppress:
			return true
		}
	}
	return n == 1
}
