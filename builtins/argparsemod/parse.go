package argparsemod

import (
	"fmt"
	"regexp"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// This file ports ArgumentParser._parse_known_args of CPython 3.12.

type optTuple struct {
	a        *action
	opt      string
	explicit *string
}

// negNumber is built on first use: the package runs no code at init.
var negNumber = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`) }}

func (p *Parser) optionOrder() []string {
	var out []string
	for _, a := range p.actions {
		out = append(out, a.options...)
	}
	return out
}

func (p *Parser) hasNegativeOptionals() bool {
	for _, o := range p.optionOrder() {
		if negNumber.Get().MatchString(o) {
			return true
		}
	}
	return false
}

func (p *Parser) parseOptional(arg string) (*optTuple, error) {
	if arg == "" || !strings.ContainsRune(p.prefixChars, rune(arg[0])) {
		return nil, nil
	}
	if a, ok := p.optionals[arg]; ok {
		return &optTuple{a: a, opt: arg}, nil
	}
	if len(arg) == 1 {
		return nil, nil
	}
	if i := strings.IndexByte(arg, '='); i >= 0 {
		if a, ok := p.optionals[arg[:i]]; ok {
			e := arg[i+1:]
			return &optTuple{a: a, opt: arg[:i], explicit: &e}, nil
		}
	}
	tuples := p.optionTuples(arg)
	if len(tuples) > 1 {
		var names []string
		for _, t := range tuples {
			names = append(names, t.opt)
		}
		return nil, &argError{msg: fmt.Sprintf("ambiguous option: %s could match %s", arg, strings.Join(names, ", ")), exits: true}
	}
	if len(tuples) == 1 {
		return &tuples[0], nil
	}
	if negNumber.Get().MatchString(arg) && !p.hasNegativeOptionals() {
		return nil, nil
	}
	if strings.Contains(arg, " ") {
		return nil, nil
	}
	return &optTuple{opt: arg}, nil
}

func (p *Parser) optionTuples(arg string) []optTuple {
	var out []optTuple
	chars := p.prefixChars
	if strings.ContainsRune(chars, rune(arg[0])) && strings.ContainsRune(chars, rune(arg[1])) {
		if p.allowAbbrev {
			prefix := arg
			var explicit *string
			if i := strings.IndexByte(arg, '='); i >= 0 {
				prefix = arg[:i]
				e := arg[i+1:]
				explicit = &e
			}
			for _, o := range p.optionOrder() {
				if strings.HasPrefix(o, prefix) {
					out = append(out, optTuple{p.optionals[o], o, explicit})
				}
			}
		}
	} else {
		short, rest := arg[:2], arg[2:]
		for _, o := range p.optionOrder() {
			if o == short {
				r := rest
				out = append(out, optTuple{p.optionals[o], o, &r})
			} else if strings.HasPrefix(o, arg) {
				out = append(out, optTuple{p.optionals[o], o, nil})
			}
		}
	}
	return out
}

func nargsPattern(a *action) string {
	var pat string
	switch n := a.nargs.(type) {
	case starlark.NoneType:
		pat = "(-*A-*)"
	case starlark.Int:
		k, _ := starlark.AsInt32(n)
		pat = "(-*" + strings.Repeat("A", 0) + strings.TrimSuffix(strings.Repeat("A-*", k), "-*") + "-*)"
		if k == 0 {
			pat = "(-*-*)"
		}
	case starlark.String:
		switch n {
		case "?":
			pat = "(-*A?-*)"
		case "*":
			pat = "(-*[A-]*)"
		case "+":
			pat = "(-*A[A-]*)"
		case "...":
			pat = "([-AO]*)"
		case "A...":
			pat = "(-*A[-AO]*)"
		case suppress:
			pat = "(-*-*)"
		}
	}
	if !a.positional() {
		pat = strings.ReplaceAll(strings.ReplaceAll(pat, "-*", ""), "-", "")
	}
	return pat
}

func matchArgument(a *action, pattern string) (int, error) {
	m := regexp.MustCompile("^" + nargsPattern(a)).FindStringSubmatch(pattern)
	if m == nil {
		var msg string
		switch n := a.nargs.(type) {
		case starlark.NoneType:
			msg = "expected one argument"
		case starlark.String:
			switch n {
			case "?":
				msg = "expected at most one argument"
			case "+":
				msg = "expected at least one argument"
			}
		case starlark.Int:
			k, _ := starlark.AsInt32(n)
			if k == 1 {
				msg = "expected 1 argument"
			} else {
				msg = fmt.Sprintf("expected %d arguments", k)
			}
		}
		return 0, &argError{arg: a, msg: msg}
	}
	return len(m[1]), nil
}

func matchPartial(actions []*action, pattern string) []int {
	for i := len(actions); i > 0; i-- {
		var b strings.Builder
		for _, a := range actions[:i] {
			b.WriteString(nargsPattern(a))
		}
		m := regexp.MustCompile("^" + b.String()).FindStringSubmatch(pattern)
		if m != nil {
			out := make([]int, len(m)-1)
			for j := range out {
				out[j] = len(m[j+1])
			}
			return out
		}
	}
	return nil
}

// stop is a help or version action's exit (status 0).
type stop struct{}

func (stop) Error() string { return "exit" }

func (p *Parser) parseKnown(t *starlark.Thread, args []string, ns *Namespace) ([]string, error) {
	for _, a := range p.actions {
		if a.dest != suppress && !ns.has(a.dest) {
			if s, ok := a.dflt.(starlark.String); !ok || s != suppress {
				ns.set(a.dest, a.dflt)
			}
		}
	}
	for _, k := range p.defaultKeys {
		if !ns.has(k) {
			ns.set(k, p.defaults[k])
		}
	}
	if p.fromfile != starlark.None {
		var err error
		if args, err = p.readArgsFromFiles(t, args, 0); err != nil {
			return nil, err
		}
	}
	conflicts := map[*action][]*action{}
	for _, g := range p.exclusive {
		for i, a := range g.actions {
			conflicts[a] = append(conflicts[a], g.actions[:i]...)
			conflicts[a] = append(conflicts[a], g.actions[i+1:]...)
		}
	}
	optIdx := map[int]*optTuple{}
	var pat []byte
	for i := 0; i < len(args); i++ {
		if args[i] == "--" {
			pat = append(pat, '-')
			for i++; i < len(args); i++ {
				pat = append(pat, 'A')
			}
			break
		}
		ot, err := p.parseOptional(args[i])
		if err != nil {
			return nil, err
		}
		if ot == nil {
			pat = append(pat, 'A')
		} else {
			optIdx[i] = ot
			pat = append(pat, 'O')
		}
	}
	pattern := string(pat)
	seen := map[*action]bool{}
	seenNonDefault := map[*action]bool{}
	var extras []string

	take := func(a *action, argStrings []string, opt string) error {
		seen[a] = true
		v, err := p.getValues(t, a, argStrings)
		if err != nil {
			return err
		}
		if v != a.dflt {
			seenNonDefault[a] = true
			for _, c := range conflicts[a] {
				if seenNonDefault[c] {
					return &argError{arg: a, msg: "not allowed with argument " + argName(c)}
				}
			}
		}
		if s, ok := v.(starlark.String); ok && s == suppress {
			return nil
		}
		return p.call(t, a, ns, v, opt)
	}

	consumeOptional := func(start int) (int, error) {
		ot := optIdx[start]
		a, opt, explicit := ot.a, ot.opt, ot.explicit
		type pend struct {
			a    *action
			args []string
			opt  string
		}
		var stack []pend
		var stop int
		for {
			if a == nil {
				extras = append(extras, args[start])
				return start + 1, nil
			}
			if explicit != nil {
				n, _ := matchArgument(a, "A")
				chars := p.prefixChars
				// CPython: an empty explicit argument ("-x=" of a flag) is
				// not split into more flags but refused below.
				if n == 0 && opt[1] != '-' && !strings.ContainsRune(chars, rune(opt[1])) && *explicit != "" {
					stack = append(stack, pend{a, nil, opt})
					opt = string(opt[0]) + (*explicit)[:1]
					rest := (*explicit)[1:]
					if na, ok := p.optionals[opt]; ok {
						a = na
						explicit = &rest
						if rest == "" {
							explicit = nil
							stop = start + 1
							if m, _ := matchArgument(a, "A"); m == 0 {
								stack = append(stack, pend{a, nil, opt})
								break
							}
							// an option needing an argument, after flags: take
							// the following strings as Python does
							n, err := matchArgument(a, pattern[start+1:])
							if err != nil {
								return 0, err
							}
							stack = append(stack, pend{a, args[start+1 : start+1+n], opt})
							stop = start + 1 + n
							break
						}
						continue
					}
					return 0, &argError{arg: a, msg: fmt.Sprintf("ignored explicit argument %s", pyerr.QuoteStr(*explicit))}
				} else if n == 1 {
					stop = start + 1
					stack = append(stack, pend{a, []string{*explicit}, opt})
					break
				} else {
					return 0, &argError{arg: a, msg: fmt.Sprintf("ignored explicit argument %s", pyerr.QuoteStr(*explicit))}
				}
			}
			n, err := matchArgument(a, pattern[start+1:])
			if err != nil {
				return 0, err
			}
			stop = start + 1 + n
			stack = append(stack, pend{a, args[start+1 : stop], opt})
			break
		}
		for _, s := range stack {
			if err := take(s.a, s.args, s.opt); err != nil {
				return 0, err
			}
		}
		return stop, nil
	}

	var positionals []*action
	for _, a := range p.actions {
		if a.positional() {
			positionals = append(positionals, a)
		}
	}
	consumePositionals := func(start int) (int, error) {
		counts := matchPartial(positionals, pattern[start:])
		for i, n := range counts {
			a := positionals[i]
			if err := take(a, args[start:start+n], ""); err != nil {
				return 0, err
			}
			start += n
		}
		positionals = positionals[len(counts):]
		return start, nil
	}

	maxOpt := -1
	for i := range optIdx {
		if i > maxOpt {
			maxOpt = i
		}
	}
	start := 0
	for start <= maxOpt {
		next := -1
		for i := start; i <= maxOpt; i++ {
			if optIdx[i] != nil {
				next = i
				break
			}
		}
		if start != next {
			end, err := consumePositionals(start)
			if err != nil {
				return nil, err
			}
			if end > start {
				start = end
				continue
			}
			start = end
		}
		if optIdx[start] == nil {
			extras = append(extras, args[start:next]...)
			start = next
		}
		end, err := consumeOptional(start)
		if err != nil {
			return nil, err
		}
		start = end
	}
	stop, err := consumePositionals(start)
	if err != nil {
		return nil, err
	}
	extras = append(extras, args[stop:]...)

	var missing []string
	for _, a := range p.actions {
		if seen[a] {
			continue
		}
		if a.required {
			missing = append(missing, argName(a))
		} else if s, ok := a.dflt.(starlark.String); ok && s != suppress && ns.has(a.dest) && ns.values[a.dest] == a.dflt {
			v, err := p.getValue(t, a, string(s))
			if err != nil {
				return nil, err
			}
			ns.set(a.dest, v)
		}
	}
	if len(missing) > 0 {
		return nil, &argError{msg: "the following arguments are required: " + strings.Join(missing, ", "), exits: true}
	}
	for _, g := range p.exclusive {
		if !g.required {
			continue
		}
		found := false
		for _, a := range g.actions {
			if seenNonDefault[a] {
				found = true
			}
		}
		if !found {
			var names []string
			for _, a := range g.actions {
				if h, ok := a.help.(starlark.String); !ok || h != suppress {
					names = append(names, argName(a))
				}
			}
			return nil, &argError{msg: "one of the arguments " + strings.Join(names, " ") + " is required", exits: true}
		}
	}
	return extras, nil
}

func (p *Parser) getValues(t *starlark.Thread, a *action, argStrings []string) (starlark.Value, error) {
	if s, ok := a.nargs.(starlark.String); !ok || (s != "..." && s != "A...") {
		for i, x := range argStrings {
			if x == "--" {
				argStrings = append(append([]string(nil), argStrings[:i]...), argStrings[i+1:]...)
				break
			}
		}
	}
	nargs, _ := a.nargs.(starlark.String)
	switch {
	case len(argStrings) == 0 && nargs == "?":
		v := a.dflt
		if !a.positional() {
			v = a.konst
		}
		if s, ok := v.(starlark.String); ok {
			var err error
			if v, err = p.getValue(t, a, string(s)); err != nil {
				return nil, err
			}
			if err := checkValue(a, v); err != nil {
				return nil, err
			}
		}
		return v, nil
	case len(argStrings) == 0 && nargs == "*" && a.positional():
		if a.dflt != starlark.None {
			return a.dflt, nil
		}
		return starlark.NewList(nil), nil
	case len(argStrings) == 1 && (a.nargs == starlark.None || nargs == "?"):
		v, err := p.getValue(t, a, argStrings[0])
		if err != nil {
			return nil, err
		}
		return v, checkValue(a, v)
	case nargs == suppress:
		return starlark.String(suppress), nil
	}
	vals := make([]starlark.Value, len(argStrings))
	for i, x := range argStrings {
		v, err := p.getValue(t, a, x)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	if nargs == "A..." {
		if len(vals) > 0 {
			if err := checkValue(a, vals[0]); err != nil {
				return nil, err
			}
		}
	} else if nargs != "..." {
		for _, v := range vals {
			if err := checkValue(a, v); err != nil {
				return nil, err
			}
		}
	}
	return starlark.NewList(vals), nil
}

func (p *Parser) getValue(t *starlark.Thread, a *action, s string) (starlark.Value, error) {
	if a.typ == starlark.None || a.typ == nil {
		return starlark.String(s), nil
	}
	fn, ok := a.typ.(starlark.Callable)
	if !ok {
		return nil, &argError{arg: a, msg: fmt.Sprintf("%s is not callable", pyerr.Repr(a.typ))}
	}
	v, err := starlark.Call(t, fn, starlark.Tuple{starlark.String(s)}, nil)
	if err != nil {
		if pyerr.Uncatchable(err) {
			return nil, err
		}
		if typ, msg := pyerr.Classify(err); typ == "ArgumentTypeError" {
			return nil, &argError{arg: a, msg: msg}
		}
		return nil, &argError{arg: a, msg: fmt.Sprintf("invalid %s value: %s", fn.Name(), pyerr.QuoteStr(s))}
	}
	return v, nil
}

// choiceList is the items of choices as Python iterates them: a string's
// characters too (choices='abc' offers 'a', 'b', 'c').
func choiceList(choices starlark.Value) []starlark.Value {
	var out []starlark.Value
	if s, ok := choices.(starlark.String); ok {
		for _, r := range string(s) {
			out = append(out, starlark.String(string(r)))
		}
		return out
	}
	if it := starlark.Iterate(choices); it != nil {
		var x starlark.Value
		for it.Next(&x) {
			out = append(out, x)
		}
		it.Done()
	}
	return out
}

func checkValue(a *action, v starlark.Value) error {
	if a.choices == nil || a.choices == starlark.None {
		return nil
	}
	in, err := starlark.Binary(syntax.IN, v, a.choices)
	if err == nil && in == starlark.True {
		return nil
	}
	var reprs []string
	for _, x := range choiceList(a.choices) {
		reprs = append(reprs, pyerr.Repr(x))
	}
	return &argError{arg: a, msg: fmt.Sprintf("invalid choice: %s (choose from %s)", pyerr.Repr(v), strings.Join(reprs, ", "))}
}

func (p *Parser) call(t *starlark.Thread, a *action, ns *Namespace, v starlark.Value, opt string) error {
	items := func() []starlark.Value {
		var out []starlark.Value
		if l, ok := ns.values[a.dest].(*starlark.List); ok {
			for i := 0; i < l.Len(); i++ {
				out = append(out, l.Index(i))
			}
		}
		return out
	}
	switch a.kind {
	case "store":
		ns.set(a.dest, v)
	case "store_const", "store_true", "store_false":
		ns.set(a.dest, a.konst)
	case "append":
		ns.set(a.dest, starlark.NewList(append(items(), v)))
	case "append_const":
		ns.set(a.dest, starlark.NewList(append(items(), a.konst)))
	case "extend":
		l := items()
		if it := starlark.Iterate(v); it != nil {
			var x starlark.Value
			for it.Next(&x) {
				l = append(l, x)
			}
			it.Done()
		}
		ns.set(a.dest, starlark.NewList(l))
	case "count":
		n, _ := ns.values[a.dest].(starlark.Int)
		ns.set(a.dest, n.Add(starlark.MakeInt(1)))
	case "boolean_optional":
		ns.set(a.dest, starlark.Bool(!strings.HasPrefix(opt, "--no-")))
	case "help":
		fmt.Fprint(procenv.Get(t).Stdout, p.formatHelp())
		return &pyerr.Exit{Code: starlark.MakeInt(0)}
	case "version":
		ver := ""
		if s, ok := a.version.(starlark.String); ok {
			ver = strings.ReplaceAll(string(s), "%(prog)s", p.progName())
		}
		fmt.Fprintln(procenv.Get(t).Stdout, ver)
		return &pyerr.Exit{Code: starlark.MakeInt(0)}
	case "parsers":
		return a.sub.call(t, ns, v)
	}
	return nil
}
