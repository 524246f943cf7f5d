package argparsemod

import (
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// subparsers is add_subparsers' result: its add_parser makes a parser per
// command; the action takes the command name and hands the rest to it.
type subparsers struct {
	parent *Parser
	a      *action
	names  []string
	byName map[string]*Parser
	helps  []subHelp
}

type subHelp struct {
	name string
	help starlark.Value
}

func (p *Parser) addSubparsers(args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var title, description, prog, help, metavar starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	dest := suppress
	required := false
	if err := starlark.UnpackArgs("add_subparsers", args, kw, "title?", &title, "description?", &description, "prog?", &prog,
		"dest?", &dest, "required?", &required, "help?", &help, "metavar?", &metavar); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	for _, a := range p.actions {
		if a.kind == "parsers" {
			return nil, pyerr.New(argumentError, "cannot have multiple subparser arguments")
		}
	}
	s := &subparsers{parent: p, byName: map[string]*Parser{}}
	a := &action{kind: "parsers", dest: dest, nargs: starlark.String("A..."), konst: starlark.None, dflt: starlark.None, typ: starlark.None,
		choices: starlark.NewDict(0), required: required, help: help, metavar: metavar, version: starlark.None, sub: s}
	s.a = a
	g := p.groups[0]
	if title != starlark.None || description != starlark.None {
		g = &group{}
		if t, ok := title.(starlark.String); ok {
			g.title = string(t)
		} else {
			g.title = "subcommands"
		}
		if d, ok := description.(starlark.String); ok {
			g.description = string(d)
		}
		p.groups = append(p.groups, g)
	}
	p.addAction(a, g)
	return s, nil
}

func (s *subparsers) String() string        { return "_SubParsersAction(...)" }
func (s *subparsers) Type() string          { return "_SubParsersAction" }
func (s *subparsers) Freeze()               {}
func (s *subparsers) Truth() starlark.Bool  { return true }
func (s *subparsers) Hash() (uint32, error) { return 0, pyerr.New(pyerr.TypeError, "unhashable type") }
func (s *subparsers) AttrNames() []string   { return []string{"add_parser", "dest", "required"} }
func (s *subparsers) Attr(name string) (starlark.Value, error) {
	switch name {
	case "dest":
		return starlark.String(s.a.dest), nil
	case "required":
		return starlark.Bool(s.a.required), nil
	case "add_parser":
		return starlark.NewBuiltin(name, s.addParser), nil
	}
	return nil, nil
}

func (s *subparsers) SetField(name string, v starlark.Value) error {
	switch name {
	case "required":
		s.a.required = bool(v.Truth())
	case "dest":
		if d, ok := v.(starlark.String); ok {
			s.a.dest = string(d)
		}
	}
	return nil
}

func (s *subparsers) addParser(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	// CPython's add_parser(self, name, **kwargs): name may be a keyword.
	for i, kv := range kw {
		if kv[0].(starlark.String) == "name" && len(args) == 0 {
			args = starlark.Tuple{kv[1]}
			kw = append(kw[:i:i], kw[i+1:]...)
			break
		}
	}
	if len(args) != 1 {
		return nil, pyerr.New(pyerr.TypeError, "add_parser() takes 2 positional arguments but %d were given", len(args)+1)
	}
	name, ok := args[0].(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "add_parser: name must be a string")
	}
	var help starlark.Value
	var aliases []string
	var rest []starlark.Tuple
	hasProg := false
	for _, kv := range kw {
		switch kv[0].(starlark.String) {
		case "help":
			help = kv[1]
		case "aliases":
			if it := starlark.Iterate(kv[1]); it != nil {
				var x starlark.Value
				for it.Next(&x) {
					if xs, ok := x.(starlark.String); ok {
						aliases = append(aliases, string(xs))
					}
				}
				it.Done()
			}
		default:
			if kv[0].(starlark.String) == "prog" {
				hasProg = true
			}
			rest = append(rest, kv)
		}
	}
	if !hasProg {
		rest = append(rest, starlark.Tuple{starlark.String("prog"), starlark.String(s.prefixProg() + " " + string(name))})
	}
	all := append([]string{string(name)}, aliases...)
	for _, n := range all {
		if _, dup := s.byName[n]; dup {
			return nil, pyerr.New(argumentError, "argument %s: conflicting subparser: %s", argName(s.a), n)
		}
	}
	child, err := newArgumentParser(nil, nil, rest, s.parent.argv)
	if err != nil {
		return nil, err
	}
	child.exitOnError = s.parent.exitOnError
	d := s.a.choices.(*starlark.Dict)
	for _, n := range all {
		s.names = append(s.names, n)
		s.byName[n] = child
		d.SetKey(starlark.String(n), child)
	}
	if help != nil {
		h := string(name)
		if len(aliases) > 0 {
			h += " (" + joinComma(aliases) + ")"
		}
		s.helps = append(s.helps, subHelp{h, help})
	}
	return child, nil
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// prefixProg is the parent's prog followed by its positionals before the
// subcommand, as CPython's add_subparsers computes it.
func (s *subparsers) prefixProg() string {
	var parts []string
	for _, a := range s.parent.actions {
		if a.positional() && a != s.a && a.kind != "parsers" {
			parts = append(parts, formatArgs(a, defaultMetavar(a)))
		}
	}
	out := s.parent.progName()
	for _, p := range parts {
		out += " " + p
	}
	return out
}

func (s *subparsers) call(t *starlark.Thread, ns *Namespace, v starlark.Value) error {
	l := v.(*starlark.List)
	name := string(l.Index(0).(starlark.String))
	var rest []string
	for i := 1; i < l.Len(); i++ {
		rest = append(rest, string(l.Index(i).(starlark.String)))
	}
	if s.a.dest != suppress {
		ns.set(s.a.dest, starlark.String(name))
	}
	child := s.byName[name]
	sub := &Namespace{values: map[string]starlark.Value{}}
	extras, err := child.parseKnown(t, rest, sub)
	if err != nil {
		return child.handleError(t, err)
	}
	for _, k := range sub.keys {
		ns.set(k, sub.values[k])
	}
	s.parent.pendingExtras = append(s.parent.pendingExtras, extras...)
	return nil
}
