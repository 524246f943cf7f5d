// Package argparsemod is procstar's "argparse" module: ArgumentParser,
// Namespace and the actions a script's command line needs, with CPython
// 3.12's texts for usage, help and errors (a subset: see README.md).
package argparsemod

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pymethods"
)

// SUPPRESS is argparse.SUPPRESS: a default or help that is left out.
const suppress = "==SUPPRESS=="

// argumentError is the type name of argparse.ArgumentError, qualified by
// its module as Python prints it (as queue.Full and re.error are).
const argumentError = "argparse.ArgumentError"

// Module returns a new "argparse" module; argv returns the current
// sys.argv (prog defaults to its first element's base name, as Python's).
func Module(argv func() []string) *starlarkstruct.Module {
	newParser := func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return newArgumentParser(b, args, kw, argv)
	}
	return &starlarkstruct.Module{Name: "argparse", Members: starlark.StringDict{
		"ArgumentParser": starlark.NewBuiltin("ArgumentParser", newParser),
		"Namespace":      starlark.NewBuiltin("Namespace", newNamespace),
		"SUPPRESS":       starlark.String(suppress),
		"REMAINDER":      starlark.String("..."),
		"BooleanOptionalAction": starlark.NewBuiltin("BooleanOptionalAction", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return nil, pyerr.New(pyerr.TypeError, "BooleanOptionalAction is given as action=, not called")
		}),
		"OPTIONAL":     starlark.String("?"),
		"ZERO_OR_MORE": starlark.String("*"),
		"ONE_OR_MORE":  starlark.String("+"),
	}}
}

// ---- Namespace ----

// Namespace is argparse.Namespace: attributes in insertion order.
type Namespace struct {
	keys   []string
	values map[string]starlark.Value
}

var (
	_ starlark.HasSetField = (*Namespace)(nil)
	_ starlark.HasSetField = (*Parser)(nil)
	_ starlark.Comparable  = (*Namespace)(nil)
)

func newNamespace(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "Namespace.__init__() takes 1 positional argument but %d were given", len(args)+1)
	}
	ns := &Namespace{values: map[string]starlark.Value{}}
	for _, p := range kw {
		ns.set(string(p[0].(starlark.String)), p[1])
	}
	return ns, nil
}

func (n *Namespace) set(k string, v starlark.Value) {
	if _, ok := n.values[k]; !ok {
		n.keys = append(n.keys, k)
	}
	n.values[k] = v
}

func (n *Namespace) has(k string) bool { _, ok := n.values[k]; return ok }

func (n *Namespace) String() string {
	var b strings.Builder
	b.WriteString("Namespace(")
	// insertion order, as Python's __dict__
	keys := n.keys
	first := true
	var odd []string
	for _, k := range keys {
		if !pymethods.IsIdentifier(k) { // Python's k.isidentifier(): "straße" is one
			odd = append(odd, k)
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(k + "=" + pyerr.Repr(n.values[k]))
	}
	if len(odd) > 0 {
		if !first {
			b.WriteString(", ")
		}
		b.WriteString("**{")
		for i, k := range odd {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyerr.QuoteStr(k) + ": " + pyerr.Repr(n.values[k]))
		}
		b.WriteString("}")
	}
	b.WriteString(")")
	return b.String()
}

// Has is Namespace.__contains__: 'x' in ns when ns has the attribute x.
func (n *Namespace) Has(k starlark.Value) (bool, error) {
	s, ok := k.(starlark.String)
	if !ok {
		return false, nil
	}
	_, found := n.values[string(s)]
	return found, nil
}

func (n *Namespace) Type() string         { return "Namespace" }
func (n *Namespace) Freeze()              {}
func (n *Namespace) Truth() starlark.Bool { return true }
func (n *Namespace) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'Namespace'")
}
func (n *Namespace) AttrNames() []string { return append([]string{"__dict__"}, n.keys...) }

func (n *Namespace) Attr(name string) (starlark.Value, error) {
	if v, ok := n.values[name]; ok {
		return v, nil
	}
	if name == "__dict__" {
		// vars(ns) in Python: a fresh dict here (Starlark has no vars()).
		d := starlark.NewDict(len(n.keys))
		for _, k := range n.keys {
			d.SetKey(starlark.String(k), n.values[k])
		}
		return d, nil
	}
	return nil, pyerr.New("AttributeError", "'Namespace' object has no attribute '%s'", name)
}

func (n *Namespace) SetField(name string, v starlark.Value) error { n.set(name, v); return nil }

func (n *Namespace) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(*Namespace)
	eq := len(n.keys) == len(o.keys)
	if eq {
		for k, v := range n.values {
			w, ok := o.values[k]
			if !ok {
				eq = false
				break
			}
			e, err := starlark.EqualDepth(v, w, depth-1)
			if err != nil {
				return false, err
			}
			if !e {
				eq = false
				break
			}
		}
	}
	switch op {
	case syntax.EQL:
		return eq, nil
	case syntax.NEQ:
		return !eq, nil
	}
	return false, pyerr.New(pyerr.TypeError, "'%s' not supported between instances of 'Namespace' and 'Namespace'", op)
}

// ---- actions ----

type action struct {
	kind     string // store, store_const, store_true, ...
	options  []string
	dest     string
	nargs    starlark.Value // None, Int, or String "?", "*", "+", "...", "A..."
	konst    starlark.Value
	dflt     starlark.Value
	typ      starlark.Value
	choices  starlark.Value
	required bool
	help     starlark.Value // None, String
	metavar  starlark.Value
	version  starlark.Value
	group    *group // mutually exclusive group, or nil
	parser   *Parser
	sub      *subparsers
}

func (a *action) positional() bool { return len(a.options) == 0 }

type group struct {
	title, description string
	actions            []*action
	exclusive          bool
	required           bool
	// posIn and optIn: the groups whose help section lists a mutually
	// exclusive group's positionals and options (its container's, as in
	// CPython: the parser's, or the argument group it was made from).
	posIn, optIn *group
}

// ---- parser ----

// Parser is argparse.ArgumentParser.
type Parser struct {
	prog, usage, description, epilog starlark.Value
	prefixChars                      string
	argumentDefault                  starlark.Value
	addHelp                          bool
	conflictResolve                  bool // conflict_handler='resolve'
	allowAbbrev, exitOnError         bool
	actions                          []*action
	optionals                        map[string]*action
	groups                           []*group // positionals, options, then user groups
	exclusive                        []*group
	defaults                         map[string]starlark.Value
	defaultKeys                      []string
	argv                             func() []string
	pendingExtras                    []string // a subparser's leftovers
	// fromfile is fromfile_prefix_chars (None, or a str); convertLine
	// a function assigned to convert_arg_line_to_args (nil: one argument
	// a line).
	fromfile, convertLine starlark.Value
}

func newArgumentParser(b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple, argv func() []string) (*Parser, error) {
	var prog, usage, description, epilog, formatter, fromfile, argDefault starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	var parents starlark.Value = starlark.None
	prefix := "-"
	addHelp, allowAbbrev, exitOnError := true, true, true
	conflict := "error"
	if err := starlark.UnpackArgs("ArgumentParser", args, kw, "prog?", &prog, "usage?", &usage, "description?", &description, "epilog?", &epilog,
		"parents?", &parents, "formatter_class?", &formatter, "prefix_chars?", &prefix, "fromfile_prefix_chars?", &fromfile,
		"argument_default?", &argDefault, "conflict_handler?", &conflict, "add_help?", &addHelp, "allow_abbrev?", &allowAbbrev, "exit_on_error?", &exitOnError); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if conflict != "error" && conflict != "resolve" {
		return nil, pyerr.New(pyerr.ValueError, "invalid conflict_resolution value: %s", pyerr.QuoteStr(conflict))
	}
	if prog == starlark.None {
		a := argv()
		name := ""
		if len(a) > 0 {
			name = filepath.Base(a[0])
		}
		prog = starlark.String(name)
	}
	p := &Parser{prog: prog, usage: usage, description: description, epilog: epilog, prefixChars: prefix, fromfile: fromfile, argumentDefault: argDefault, addHelp: addHelp, conflictResolve: conflict == "resolve",
		allowAbbrev: allowAbbrev, exitOnError: exitOnError, argv: argv, optionals: map[string]*action{}, defaults: map[string]starlark.Value{}}
	p.groups = []*group{{title: "positional arguments"}, {title: "options"}}
	if addHelp {
		pc := prefix[:1]
		if strings.Contains(prefix, "-") {
			pc = "-"
		}
		h := &action{kind: "help", options: []string{pc + "h", pc + pc + "help"}, dest: "help", nargs: starlark.MakeInt(0), dflt: starlark.String(suppress),
			help: starlark.String("show this help message and exit"), konst: starlark.None, typ: starlark.None, choices: starlark.None, metavar: starlark.None, version: starlark.None}
		p.addAction(h, p.groups[1])
	}
	return p, nil
}

func (p *Parser) progName() string { return string(p.prog.(starlark.String)) }

func (p *Parser) addAction(a *action, g *group) {
	a.parser = p
	p.actions = append(p.actions, a)
	for _, o := range a.options {
		p.optionals[o] = a
	}
	g.actions = append(g.actions, a)
}

func (p *Parser) String() string {
	return fmt.Sprintf("ArgumentParser(prog=%s, usage=%s, description=%s, formatter_class=<class 'argparse.HelpFormatter'>, conflict_handler=%s, add_help=%s)",
		pyerr.Repr(p.prog), pyerr.Repr(p.usage), pyerr.Repr(p.description), pyerr.QuoteStr(map[bool]string{false: "error", true: "resolve"}[p.conflictResolve]), pyerr.Repr(starlark.Bool(p.addHelp)))
}
func (p *Parser) Type() string         { return "ArgumentParser" }
func (p *Parser) Freeze()              {}
func (p *Parser) Truth() starlark.Bool { return true }
func (p *Parser) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'ArgumentParser'")
}

func parserMethods() []string {
	return []string{"add_argument", "add_argument_group", "add_mutually_exclusive_group", "add_subparsers", "convert_arg_line_to_args", "error", "exit",
		"format_help", "format_usage", "get_default", "parse_args", "parse_known_args", "parse_intermixed_args", "print_help", "print_usage", "set_defaults"}
}

func (p *Parser) AttrNames() []string {
	return append(parserMethods(), "prog", "description", "epilog", "usage", "fromfile_prefix_chars")
}

// SetField lets a script replace convert_arg_line_to_args, as a Python
// script assigns it on the instance (or change fromfile_prefix_chars):
// the parse calls what the attribute holds.
func (p *Parser) SetField(name string, v starlark.Value) error {
	switch name {
	case "convert_arg_line_to_args":
		p.convertLine = v
		return nil
	case "fromfile_prefix_chars":
		p.fromfile = v
		return nil
	}
	return fmt.Errorf("can't assign to .%s field of %s", name, p.Type())
}

func (p *Parser) Attr(name string) (starlark.Value, error) {
	switch name {
	case "prog":
		return p.prog, nil
	case "description":
		return p.description, nil
	case "epilog":
		return p.epilog, nil
	case "usage":
		return p.usage, nil
	case "fromfile_prefix_chars":
		return p.fromfile, nil
	case "convert_arg_line_to_args":
		if p.convertLine != nil {
			return p.convertLine, nil
		}
	}
	var fn func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)
	switch name {
	case "convert_arg_line_to_args":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var line string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &line); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return starlark.NewList([]starlark.Value{starlark.String(line)}), nil
		}
	case "add_argument":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return p.addArgument(args, kw, p.groups[0], p.groups[1], nil)
		}
	case "add_argument_group":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var title, desc starlark.Value = starlark.None, starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "title?", &title, "description?", &desc); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			g := &group{}
			if s, ok := title.(starlark.String); ok {
				g.title = string(s)
			}
			if s, ok := desc.(starlark.String); ok {
				g.description = string(s)
			}
			p.groups = append(p.groups, g)
			return &groupValue{p: p, g: g}, nil
		}
	case "add_mutually_exclusive_group":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			req := false
			if err := starlark.UnpackArgs(name, args, kw, "required?", &req); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			g := &group{exclusive: true, required: req, posIn: p.groups[0], optIn: p.groups[1]}
			p.exclusive = append(p.exclusive, g)
			return &groupValue{p: p, g: g}, nil
		}
	case "add_subparsers":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return p.addSubparsers(args, kw)
		}
	case "set_defaults":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			for _, kv := range kw {
				k := string(kv[0].(starlark.String))
				if _, ok := p.defaults[k]; !ok {
					p.defaultKeys = append(p.defaultKeys, k)
				}
				p.defaults[k] = kv[1]
				for _, a := range p.actions {
					if a.dest == k {
						a.dflt = kv[1]
					}
				}
			}
			return starlark.None, nil
		}
	case "get_default":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var dest string
			if err := starlark.UnpackArgs(name, args, kw, "dest", &dest); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			for _, a := range p.actions {
				if a.dest == dest && a.dflt != nil {
					return a.dflt, nil
				}
			}
			if v, ok := p.defaults[dest]; ok {
				return v, nil
			}
			return starlark.None, nil
		}
	case "format_usage":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(p.formatUsage()), nil
		}
	case "format_help":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(p.formatHelp()), nil
		}
	case "print_usage":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			fmt.Fprint(procenv.Get(t).Stdout, p.formatUsage())
			return starlark.None, nil
		}
	case "print_help":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			fmt.Fprint(procenv.Get(t).Stdout, p.formatHelp())
			return starlark.None, nil
		}
	case "error":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var msg string
			if err := starlark.UnpackArgs(name, args, kw, "message", &msg); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return nil, p.fail(t, msg)
		}
	case "exit":
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var status starlark.Value = starlark.MakeInt(0)
			var msg starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "status?", &status, "message?", &msg); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			if s, ok := msg.(starlark.String); ok {
				fmt.Fprint(procenv.Get(t).Stderr, string(s))
			}
			return nil, &pyerr.Exit{Code: status}
		}
	case "parse_args", "parse_known_args", "parse_intermixed_args":
		known := name == "parse_known_args"
		fn = func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var argsV, nsV starlark.Value = starlark.None, starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "args?", &argsV, "namespace?", &nsV); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			var strs []string
			if argsV == starlark.None {
				strs = p.sysArgs()
			} else {
				it := starlark.Iterate(argsV)
				if it == nil {
					return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", argsV.Type())
				}
				var x starlark.Value
				for it.Next(&x) {
					s, ok := x.(starlark.String)
					if !ok {
						it.Done()
						return nil, pyerr.New(pyerr.TypeError, "expected string, got %s", x.Type())
					}
					strs = append(strs, string(s))
				}
				it.Done()
			}
			ns, _ := nsV.(*Namespace)
			if ns == nil {
				ns = &Namespace{values: map[string]starlark.Value{}}
			}
			p.pendingExtras = nil
			extras, err := p.parseKnown(t, strs, ns)
			if err != nil {
				return nil, p.handleError(t, err)
			}
			extras = append(extras, p.pendingExtras...)
			p.pendingExtras = nil
			if known {
				ex := make([]starlark.Value, len(extras))
				for i, e := range extras {
					ex[i] = starlark.String(e)
				}
				return starlark.Tuple{ns, starlark.NewList(ex)}, nil
			}
			if len(extras) > 0 {
				return nil, p.handleError(t, &argError{msg: "unrecognized arguments: " + strings.Join(extras, " "), exits: true})
			}
			return ns, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn), nil
}

// sysArgv is sys.argv[1:] as the script sees it now.
func (p *Parser) sysArgs() []string {
	a := p.argv()
	if len(a) > 0 {
		return a[1:]
	}
	return nil
}

// argError is argparse.ArgumentError (argument nil: no argument named).
type argError struct {
	arg *action
	msg string
	// exits: CPython calls error() here, not raise ArgumentError, so the
	// parse exits even with exit_on_error=False (3.12's ambiguous option,
	// missing required arguments and parse_args's unrecognized ones).
	exits bool
}

func (e *argError) Error() string {
	if e.arg == nil || argName(e.arg) == "" {
		return e.msg
	}
	return "argument " + argName(e.arg) + ": " + e.msg
}

func argName(a *action) string {
	if len(a.options) > 0 {
		return strings.Join(a.options, "/")
	}
	if m, ok := a.metavar.(starlark.String); ok && m != suppress {
		return string(m)
	}
	if a.dest != suppress && a.dest != "" {
		return a.dest
	}
	// CPython's _get_action_name: a subparsers action without dest or
	// metavar is named by its choices, {a,b}.
	if names := choiceList(a.choices); len(names) > 0 {
		var s []string
		for _, n := range names {
			s = append(s, pyformat.Str(n))
		}
		return "{" + strings.Join(s, ",") + "}"
	}
	return ""
}

func (p *Parser) handleError(t *starlark.Thread, err error) error {
	ae, ok := err.(*argError)
	if !ok {
		return err
	}
	if !p.exitOnError && !ae.exits {
		return pyerr.New(argumentError, "%s", ae.Error())
	}
	return p.fail(t, ae.Error())
}

// fail is ArgumentParser.error: usage and "prog: error: msg" on stderr,
// then exit status 2.
func (p *Parser) fail(t *starlark.Thread, msg string) error {
	fmt.Fprintf(procenv.Get(t).Stderr, "%s%s: error: %s\n", p.formatUsage(), p.progName(), msg)
	return &pyerr.Exit{Code: starlark.MakeInt(2)}
}

// exitValue is the Go code of a help or version action's exit.
type exitValue struct{ code int }

func (e *exitValue) Error() string { return "exit" }
