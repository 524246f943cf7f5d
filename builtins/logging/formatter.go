package logging

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/timemod"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Formatter is a logging.Formatter: a format in one of Python's three
// styles ('%', '{', '$'), a datefmt, and the defaults of 3.10+.
type Formatter struct {
	fmt      string
	style    byte
	datefmt  starlark.Value // None or a str
	defaults *starlark.Dict // nil: none
	// default_time_format and default_msec_format, which scripts may set.
	timeFmt, msecFmt starlark.Value
	utc              bool // converter = time.gmtime
}

var _ starlark.HasSetField = (*Formatter)(nil)

func (f *Formatter) String() string        { return fmt.Sprintf("<logging.Formatter object at %p>", f) }
func (f *Formatter) Type() string          { return "Formatter" }
func (f *Formatter) Freeze()               {}
func (f *Formatter) Truth() starlark.Bool  { return starlark.True }
func (f *Formatter) Hash() (uint32, error) { return hashPtr(f), nil }
func (f *Formatter) AttrNames() []string   { return formatterAttrs }

var formatterAttrs = []string{"_fmt", "converter", "datefmt", "default_msec_format", "default_time_format", "format", "formatMessage", "formatTime", "usesTime"}

// Styles, in Python's order (the text of its ValueError).
func styleDefault(style byte) string {
	switch style {
	case '%':
		return "%(message)s"
	case '{':
		return "{message}"
	case '$':
		return "${message}"
	}
	return ""
}

// newFormatter is Formatter(fmt, datefmt, style, validate, defaults=).
func newFormatter(fmtV, datefmt starlark.Value, style string, validate bool, defaults *starlark.Dict) (*Formatter, error) {
	if len(style) != 1 || styleDefault(style[0]) == "" {
		return nil, pyerr.New(pyerr.ValueError, "Style must be one of: %%,{,$")
	}
	f := &Formatter{style: style[0], datefmt: datefmt, defaults: defaults,
		timeFmt: starlark.String("%Y-%m-%d %H:%M:%S"), msecFmt: starlark.String("%s,%03d")}
	if datefmt == nil {
		f.datefmt = starlark.None
	}
	if fmtV != nil && fmtV.Truth() {
		s, ok := starlark.AsString(fmtV)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "Formatter: fmt must be a str, not %s", pyformat.TypeName(fmtV))
		}
		f.fmt = s
	} else {
		f.fmt = styleDefault(f.style)
	}
	if validate {
		if err := f.validate(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func formatterNew(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fmtV, datefmt starlark.Value = starlark.None, starlark.None
	style, validate := "%", true
	var defaults starlark.Value = starlark.None
	if len(args) > 4 {
		return nil, pyerr.New(pyerr.TypeError, "Formatter.__init__() takes from 1 to 5 positional arguments but %d were given", len(args)+1)
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fmt?", &fmtV, "datefmt?", &datefmt, "style?", &style, "validate?", &validate, "defaults?", &defaults); err != nil {
		return nil, typeError(err)
	}
	var d *starlark.Dict
	if defaults != starlark.None {
		var ok bool
		if d, ok = defaults.(*starlark.Dict); !ok {
			return nil, pyerr.New(pyerr.TypeError, "Formatter: defaults must be a dict, not %s", pyformat.TypeName(defaults))
		}
	}
	return newFormatter(fmtV, datefmt, style, validate, d)
}

// Python's validation patterns of the three styles, compiled on first
// use: package init stays cheap for scripts that never make a Formatter.
var (
	percentField = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]`)
	}}
	braceSpec = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(.?[<>=^])?[+ -]?#?0?(\d+|{\w+})?[,_]?(\.(\d+|{\w+}))?[bcdefgnosx%]?$`)
	}}
	braceField  = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^(\d+|\w+)(\.\w+|\[[^]]+\])*$`) }}
	dollarField = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\$(?:(\$)|([_a-z][_a-z0-9]*)|{([_a-z][_a-z0-9]*)}|())`)
	}}
)

// validate is the style's validate(): the ValueErrors of CPython's.
func (f *Formatter) validate() error {
	switch f.style {
	case '%':
		if !percentField.Get().MatchString(f.fmt) {
			return pyerr.New(pyerr.ValueError, "Invalid format '%s' for '%%' style", f.fmt)
		}
	case '{':
		fields := 0
		err := parseBraces(f.fmt, func(name, conv, spec string) error {
			if name != "" {
				if !braceField.Get().MatchString(name) {
					return fmt.Errorf("invalid field name/expression: %s", pyRepr(name))
				}
				fields++
			}
			if conv != "" && !strings.Contains("rsa", conv) {
				return fmt.Errorf("invalid conversion: %s", pyRepr(conv))
			}
			if spec != "" && !braceSpec.Get().MatchString(spec) {
				return fmt.Errorf("bad specifier: %s", pyRepr(spec))
			}
			return nil
		})
		if err != nil {
			return pyerr.New(pyerr.ValueError, "invalid format: %s", err.Error())
		}
		if fields == 0 {
			return pyerr.New(pyerr.ValueError, "invalid format: no fields")
		}
	case '$':
		fields := 0
		for _, m := range dollarField.Get().FindAllStringSubmatchIndex(f.fmt, -1) {
			switch {
			case m[4] >= 0 || m[6] >= 0:
				fields++
			case m[2] < 0 && m[1]-m[0] == 1:
				return pyerr.New(pyerr.ValueError, "invalid format: bare '$' not allowed")
			}
		}
		if fields == 0 {
			return pyerr.New(pyerr.ValueError, "invalid format: no fields")
		}
	}
	return nil
}

// parseBraces walks the replacement fields of a str.format string as
// Python's string.Formatter().parse, calling field for each; it returns
// the first error, with Python's texts for unbalanced braces.
func parseBraces(s string, field func(name, conv, spec string) error) error {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				i++
				continue
			}
			return fmt.Errorf("Single '}' encountered in format string")
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				i++
				continue
			}
			if i+1 == len(s) {
				return fmt.Errorf("Single '{' encountered in format string")
			}
			// The field as CPython's parse_field reads it: a name up to
			// '}', ':' or '!' (skipping over [...]), a conversion of one
			// character that ':' or '}' must follow, then a spec up to
			// the '}' that balances its nested braces.
			j, c := i+1, byte(0)
		name:
			for j < len(s) {
				c = s[j]
				j++
				switch c {
				case '{':
					return fmt.Errorf("unexpected '{' in field name")
				case '[':
					for j < len(s) && s[j] != ']' {
						j++
					}
				case '}', ':', '!':
					break name
				}
			}
			name, conv, spec := s[i+1:j-1], "", ""
			if c != '!' && c != ':' && c != '}' {
				return fmt.Errorf("expected '}' before end of string")
			}
			closed := c == '}'
			if c == '!' {
				if j >= len(s) {
					return fmt.Errorf("end of string while looking for conversion specifier")
				}
				_, n := utf8.DecodeRuneInString(s[j:])
				conv = s[j : j+n]
				j += n
				if j < len(s) {
					c = s[j]
					j++
					if c == '}' {
						closed = true
					} else if c != ':' {
						return fmt.Errorf("expected ':' after conversion specifier")
					}
				}
			}
			if !closed {
				start, depth := j, 1
				for ; j < len(s) && depth > 0; j++ {
					switch s[j] {
					case '{':
						depth++
					case '}':
						depth--
					}
				}
				if depth > 0 {
					return fmt.Errorf("unmatched '{' in format spec")
				}
				spec = s[start : j-1]
			}
			if err := field(name, conv, spec); err != nil {
				return err
			}
			i = j - 1
		}
	}
	return nil
}

func (f *Formatter) usesTime() bool {
	switch f.style {
	case '{':
		return strings.Contains(f.fmt, "{asctime")
	case '$':
		return strings.Contains(f.fmt, "$asctime") || strings.Contains(f.fmt, "${asctime}")
	}
	return strings.Contains(f.fmt, "%(asctime)")
}

// formatTime is Formatter.formatTime(record, datefmt=None).
func (f *Formatter) formatTime(r *Record, datefmt starlark.Value) (string, error) {
	created, _ := starlark.AsFloat(r.get("created"))
	sec := int64(created)
	t := time.Unix(sec, int64((created-float64(sec))*1e9))
	if f.utc {
		t = t.UTC()
	} else {
		t = t.In(timemod.Local()) // the zone time.tzset() set, as localtime's
	}
	if s, ok := starlark.AsString(datefmt); ok && s != "" {
		return timemod.Strftime(s, t), nil
	}
	tf, _ := starlark.AsString(f.timeFmt)
	s := timemod.Strftime(tf, t)
	if f.msecFmt.Truth() {
		mf, _ := starlark.AsString(f.msecFmt)
		return pyformat.Percent(mf, starlark.Tuple{starlark.String(s), r.get("msecs")})
	}
	return s, nil
}

// values is the mapping a format reads: the defaults, then the record's
// attributes.
func (f *Formatter) values(r *Record) *starlark.Dict {
	if f.defaults == nil || f.defaults.Len() == 0 {
		return r.d
	}
	d := starlark.NewDict(f.defaults.Len() + r.d.Len())
	for _, kv := range f.defaults.Items() {
		d.SetKey(kv[0], kv[1])
	}
	for _, kv := range r.d.Items() {
		d.SetKey(kv[0], kv[1])
	}
	return d
}

// formatMessage is the style's format of the record: a missing field is
// Python's ValueError "Formatting field not found in record".
func (f *Formatter) formatMessage(r *Record) (string, error) {
	vals := f.values(r)
	switch f.style {
	case '{':
		kw := make([]starlark.Tuple, 0, vals.Len())
		for _, kv := range vals.Items() {
			kw = append(kw, starlark.Tuple{kv[0], kv[1]})
		}
		s, err := pyformat.Format(f.fmt, nil, kw)
		return s, notFound(err)
	case '$':
		return f.substitute(vals)
	}
	s, err := pyformat.Percent(f.fmt, vals)
	return s, notFound(err)
}

// notFound turns a KeyError of a format into Python's ValueError.
func notFound(err error) error {
	if err == nil {
		return nil
	}
	if typ, msg := pyerr.Classify(err); typ == pyerr.KeyError {
		return pyerr.New(pyerr.ValueError, "Formatting field not found in record: %s", msg)
	}
	return err
}

// substitute is string.Template(fmt).substitute(vals).
func (f *Formatter) substitute(vals *starlark.Dict) (string, error) {
	var b strings.Builder
	last := 0
	for _, m := range dollarField.Get().FindAllStringSubmatchIndex(f.fmt, -1) {
		b.WriteString(f.fmt[last:m[0]])
		last = m[1]
		var name string
		switch {
		case m[2] >= 0:
			b.WriteByte('$')
			continue
		case m[4] >= 0:
			name = f.fmt[m[4]:m[5]]
		case m[6] >= 0:
			name = f.fmt[m[6]:m[7]]
		default:
			line := strings.Count(f.fmt[:m[0]], "\n") + 1
			col := m[0] - strings.LastIndexByte(f.fmt[:m[0]], '\n')
			if line == 1 {
				col = m[0] + 1
			}
			return "", pyerr.New(pyerr.ValueError, "Invalid placeholder in string: line %d, col %d", line, col)
		}
		v, found, _ := vals.Get(starlark.String(name))
		if !found {
			return "", pyerr.New(pyerr.ValueError, "Formatting field not found in record: %s", pyRepr(name))
		}
		b.WriteString(pyformat.Str(v))
	}
	b.WriteString(f.fmt[last:])
	return b.String(), nil
}

// format is Formatter.format(record): message, asctime, the formatted
// line, then exc_text.
func (f *Formatter) format(r *Record) (string, error) {
	msg, err := r.message()
	if err != nil {
		return "", err
	}
	r.set("message", starlark.String(msg))
	if f.usesTime() {
		t, err := f.formatTime(r, f.datefmt)
		if err != nil {
			return "", err
		}
		r.set("asctime", starlark.String(t))
	}
	s, err := f.formatMessage(r)
	if err != nil {
		return "", err
	}
	if ei := r.get("exc_info"); ei.Truth() && !r.get("exc_text").Truth() {
		r.set("exc_text", starlark.String(excText(ei)))
	}
	if et := r.get("exc_text"); et.Truth() {
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		s += pyformat.Str(et)
	}
	if si := r.get("stack_info"); si.Truth() {
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		s += pyformat.Str(si)
	}
	return s, nil
}

func (f *Formatter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "_fmt":
		return starlark.String(f.fmt), nil
	case "datefmt":
		return f.datefmt, nil
	case "default_time_format":
		return f.timeFmt, nil
	case "default_msec_format":
		return f.msecFmt, nil
	case "converter":
		return starlark.String(map[bool]string{true: "gmtime", false: "localtime"}[f.utc]), nil
	case "format", "formatMessage", "usesTime", "formatTime":
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if name == "usesTime" {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, typeError(err)
			}
			return starlark.Bool(f.usesTime()), nil
		}
		var r *Record
		var datefmt starlark.Value = starlark.None
		if name == "formatTime" {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r, &datefmt); err != nil {
				return nil, typeError(err)
			}
			s, err := f.formatTime(r, datefmt)
			return starlark.String(s), err
		}
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r); err != nil {
			return nil, typeError(err)
		}
		var s string
		var err error
		if name == "format" {
			s, err = f.format(r)
		} else {
			s, err = f.formatMessage(r)
		}
		if err != nil {
			return nil, err
		}
		return starlark.String(s), nil
	}).BindReceiver(f), nil
}

func (f *Formatter) SetField(name string, v starlark.Value) error {
	switch name {
	case "datefmt":
		f.datefmt = v
	case "default_time_format":
		f.timeFmt = v
	case "default_msec_format":
		f.msecFmt = v
	case "converter":
		// Python's converter is any function of a timestamp; procstar
		// knows the two of the time module.
		b, ok := v.(*starlark.Builtin)
		if !ok || (b.Name() != "gmtime" && b.Name() != "localtime") {
			return pyerr.New(pyerr.TypeError, "Formatter.converter: procstar takes time.gmtime or time.localtime, not %s", pyformat.Repr(v))
		}
		f.utc = b.Name() == "gmtime"
	default:
		return starlark.NoSuchAttrError(fmt.Sprintf("Formatter has no .%s field", name))
	}
	return nil
}
