// Package csvmod is procstar's "csv" module: reader, writer, DictReader,
// DictWriter, dialects and field_size_limit, a port of CPython 3.12's
// Modules/_csv.c and Lib/csv.py. Readers and writers stay in their process
// (they hold a file); a csv.Error has CPython's text.
package csvmod

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// fieldLimit is csv.field_size_limit, per process as Python's.
var fieldLimit atomic.Int64

func limit() int64 {
	if n := fieldLimit.Load(); n != 0 {
		return n
	}
	return 128 * 1024
}

// Module returns a new "csv" module.
func Module() *starlarkstruct.Module {
	tab, _ := lookupDialect("excel-tab")
	unix, _ := lookupDialect("unix")
	return &starlarkstruct.Module{Name: "csv", Members: starlark.StringDict{
		"reader":             starlark.NewBuiltin("reader", newReader),
		"writer":             starlark.NewBuiltin("writer", newWriter),
		"DictReader":         starlark.NewBuiltin("DictReader", newDictReader),
		"DictWriter":         starlark.NewBuiltin("DictWriter", newDictWriter),
		"register_dialect":   starlark.NewBuiltin("register_dialect", registerDialect),
		"unregister_dialect": starlark.NewBuiltin("unregister_dialect", unregisterDialect),
		"get_dialect":        starlark.NewBuiltin("get_dialect", getDialect),
		"list_dialects":      starlark.NewBuiltin("list_dialects", listDialects),
		"field_size_limit":   starlark.NewBuiltin("field_size_limit", fieldSizeLimit),
		"excel":              excel(),
		"excel_tab":          tab,
		"unix_dialect":       unix,
		"QUOTE_MINIMAL":      starlark.MakeInt(quoteMinimal),
		"QUOTE_ALL":          starlark.MakeInt(quoteAll),
		"QUOTE_NONNUMERIC":   starlark.MakeInt(quoteNonnumeric),
		"QUOTE_NONE":         starlark.MakeInt(quoteNone),
		"QUOTE_STRINGS":      starlark.MakeInt(quoteStrings),
		"QUOTE_NOTNULL":      starlark.MakeInt(quoteNotnull),
	}}
}

func fieldSizeLimit(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "new_limit?", &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	old := limit()
	if v != nil {
		i, ok := v.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "limit must be an integer")
		}
		n, ok := i.Int64()
		if !ok {
			return nil, pyerr.New("OverflowError", "Python int too large to convert to C long")
		}
		if n == 0 {
			n = math.MinInt64 // 0 is a limit, distinct from "unset"
		}
		fieldLimit.Store(n)
	}
	if old == math.MinInt64 {
		old = 0
	}
	return starlark.MakeInt64(old), nil
}

// dialectArgs splits (first, dialect=, fmtparams) as reader and writer
// take them: the object and the dialect.
func dialectArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, *Dialect, error) {
	if len(args) < 1 {
		return nil, nil, pyerr.New(pyerr.TypeError, "expected at least 1 argument, got 0")
	}
	if len(args) > 2 {
		return nil, nil, pyerr.New(pyerr.TypeError, "expected at most 2 arguments, got %d", len(args))
	}
	var base starlark.Value
	if len(args) == 2 {
		base = args[1]
	}
	var rest []starlark.Tuple
	for _, kv := range kwargs {
		if string(kv[0].(starlark.String)) == "dialect" {
			base = kv[1]
			continue
		}
		rest = append(rest, kv)
	}
	d, err := makeDialect(base, rest)
	return args[0], d, err
}

// parser states, as _csv.c's.
const (
	startRecord = iota
	startField
	escapedChar
	inField
	inQuotedField
	escapeInQuotedField
	quoteInQuotedField
	eatCRNL
	afterEscapedCRNL
)

const eol rune = -2

// Reader is _csv.reader: rows of a line iterable, parsed lazily.
type Reader struct {
	thread  *starlark.Thread
	lines   lineSource
	dialect *Dialect
	lineNum int

	state     int
	fields    []starlark.Value
	field     []rune
	unquoted  bool
	numeric   bool
	exhausted bool
}

var (
	_ starlark.HasAttrs = (*Reader)(nil)
	_ starlark.Iterable = (*Reader)(nil)
)

func newReader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	src, d, err := dialectArgs(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	return makeReader(thread, src, d)
}

func makeReader(thread *starlark.Thread, src starlark.Value, d *Dialect) (*Reader, error) {
	// An iterator that can fail (map(), a Pool.imap) is read by its Step:
	// its error is the reader's.
	if it := pyiter.Iterate(src); it != nil {
		return &Reader{thread: thread, lines: it, dialect: d}, nil
	}
	// procstar's files are not iterable: their lines come from readline.
	if ha, ok := src.(starlark.HasAttrs); ok {
		if rl, _ := ha.Attr("readline"); rl != nil {
			if _, ok := rl.(starlark.Callable); ok {
				return &Reader{thread: thread, lines: &readlines{thread: thread, readline: rl}, dialect: d}, nil
			}
		}
	}
	return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", src.Type())
}

// lineSource gives a reader its lines; Err is the error that ended them.
type lineSource interface {
	starlark.Iterator
	Err() error
}

// readlines iterates over the lines of a file-like object by its readline
// method, to its first "" (or readline's error, then Err).
type readlines struct {
	thread   *starlark.Thread
	readline starlark.Value
	err      error
}

func (l *readlines) Err() error { return l.err }

func (l *readlines) Next(p *starlark.Value) bool {
	v, err := starlark.Call(l.thread, l.readline, nil, nil)
	if err != nil {
		l.err = err
		return false
	}
	if s, ok := v.(starlark.String); ok && s == "" {
		return false
	}
	*p = v
	return true
}

func (l *readlines) Done() {}

func (r *Reader) String() string {
	return fmt.Sprintf("<_csv.reader object at %#x>", uintptr(unsafe.Pointer(r)))
}
func (r *Reader) Type() string          { return "_csv.reader" }
func (r *Reader) Freeze()               {}
func (r *Reader) Truth() starlark.Bool  { return true }
func (r *Reader) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(r)) >> 3), nil }

func (r *Reader) AttrNames() []string { return []string{"dialect", "line_num", "next"} }

func (r *Reader) Attr(name string) (starlark.Value, error) {
	switch name {
	case "dialect":
		return r.dialect, nil
	case "line_num":
		return starlark.MakeInt(r.lineNum), nil
	case "next", "__next__":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return r.next()
		}), nil
	}
	return nil, nil
}

var errStop = &pyerr.Error{Type: "StopIteration"}

// Iterate implements starlark.Iterable: the reader is its own iterator, as
// in Python.
func (r *Reader) Iterate() starlark.Iterator { return &loop{r.thread, r.next} }

// Step implements pyiter.Stepper: the next row (ok false at the end),
// or the error of bad CSV or of the lines, which a builtin that reads the
// reader (list, sorted, str.join...) raises, as Python's list(reader)
// does (a for loop cannot).
func (r *Reader) Step() (starlark.Value, bool, error) { return step(r.next) }

// step is a next function as pyiter.Stepper's Step.
func step(next func() (starlark.Value, error)) (starlark.Value, bool, error) {
	v, err := next()
	if err == errStop {
		return nil, false, nil
	}
	return v, err == nil, err
}

// loop runs a next function in a for loop. A Starlark iterator cannot
// fail: an error ends the script with it (call .next() inside catch() to
// handle it).
type loop struct {
	thread *starlark.Thread
	next   func() (starlark.Value, error)
}

func (l *loop) Next(p *starlark.Value) bool {
	v, err := l.next()
	if err == nil {
		*p = v
		return true
	}
	if err != errStop && l.thread != nil {
		l.thread.Cancel(err.Error() + "\n(a csv error during a for loop; use .next() inside catch() to handle it)")
	}
	return false
}

func (l *loop) Done() {}

func (r *Reader) next() (starlark.Value, error) {
	r.fields, r.field, r.state, r.numeric = nil, nil, startRecord, false
	r.unquoted = true
	for {
		var line starlark.Value
		if r.exhausted || !r.lines.Next(&line) {
			if !r.exhausted {
				r.exhausted = true
				r.lines.Done()
				if err := r.lines.Err(); err != nil {
					return nil, err // the lines' error is the reader's
				}
			}
			if len(r.field) != 0 || r.state == inQuotedField {
				if r.dialect.strict {
					return nil, csvError("unexpected end of data")
				}
				if err := r.saveField(); err != nil {
					return nil, err
				}
				break
			}
			return nil, errStop
		}
		s, ok := line.(starlark.String)
		if !ok {
			return nil, csvError("iterator should return strings, not %s (the file should be opened in text mode)", line.Type())
		}
		r.lineNum++
		for _, c := range string(s) {
			if err := r.process(c); err != nil {
				return nil, err
			}
		}
		if err := r.process(eol); err != nil {
			return nil, err
		}
		if r.state == startRecord {
			break
		}
	}
	row := r.fields
	r.fields = nil
	return starlark.NewList(row), nil
}

func (r *Reader) addChar(c rune) error {
	if int64(len(r.field)) >= limit() {
		return csvError("field larger than field limit (%d)", limit())
	}
	r.field = append(r.field, c)
	return nil
}

// saveField is _csv.c's parse_save_field: under QUOTE_NONNUMERIC an
// unquoted field is a float. (3.12 reads QUOTE_STRINGS and QUOTE_NOTNULL
// as QUOTE_MINIMAL; 3.13's None and floats for them are not here.)
func (r *Reader) saveField() error {
	var v starlark.Value = starlark.String(string(r.field))
	if r.unquoted && len(r.field) != 0 && r.dialect.quoting == quoteNonnumeric {
		f, err := pyFloat(string(r.field))
		if err != nil {
			return err
		}
		v = f
	}
	r.fields = append(r.fields, v)
	r.field = nil
	r.unquoted = true
	return nil
}

// pyFloat is Python's float(s) for a string.
func pyFloat(s string) (starlark.Value, error) {
	t := strings.TrimFunc(s, func(r rune) bool { return r == ' ' || r >= '\t' && r <= '\r' })
	clean := t
	if strings.Contains(t, "_") {
		// Python allows single underscores between digits only.
		digit := func(i int) bool { return i >= 0 && i < len(t) && t[i] >= '0' && t[i] <= '9' }
		for i := 0; i < len(t); i++ {
			if t[i] == '_' && !(digit(i-1) && digit(i+1)) {
				return nil, pyerr.New(pyerr.ValueError, "could not convert string to float: %s", pyformat.QuoteStr(s))
			}
		}
		clean = strings.ReplaceAll(t, "_", "")
	}
	lower := strings.ToLower(strings.TrimLeft(clean, "+-"))
	if lower == "infinity" || lower == "inf" || lower == "nan" || !strings.ContainsAny(lower, "xpi") {
		if f, err := strconv.ParseFloat(clean, 64); err == nil || strings.Contains(err.Error(), "range") {
			return starlark.Float(f), nil
		}
	}
	return nil, pyerr.New(pyerr.ValueError, "could not convert string to float: %s", pyformat.QuoteStr(s))
}

// process is _csv.c's parse_process_char.
func (r *Reader) process(c rune) error {
	d := r.dialect
	nl := c == '\n' || c == '\r'
	switch r.state {
	case startRecord:
		if c == eol {
			return nil // an empty line: []
		}
		if nl {
			r.state = eatCRNL
			return nil
		}
		r.state = startField
		fallthrough
	case startField:
		switch {
		case nl || c == eol:
			if err := r.saveField(); err != nil {
				return err
			}
			if c == eol {
				r.state = startRecord
			} else {
				r.state = eatCRNL
			}
		case c == d.quotechar && d.quoting != quoteNone:
			r.unquoted = false
			r.state = inQuotedField
		case c == d.escapechar:
			r.state = escapedChar
		case c == ' ' && d.skipinitialspace:
		case c == d.delimiter:
			return r.saveField()
		default:
			if err := r.addChar(c); err != nil {
				return err
			}
			r.state = inField
		}
	case escapedChar:
		if nl {
			if err := r.addChar(c); err != nil {
				return err
			}
			r.state = afterEscapedCRNL
			return nil
		}
		if c == eol {
			c = '\n'
		}
		if err := r.addChar(c); err != nil {
			return err
		}
		r.state = inField
	case afterEscapedCRNL, inField:
		if r.state == afterEscapedCRNL && c == eol {
			return nil
		}
		r.state = inField
		switch {
		case nl || c == eol:
			if err := r.saveField(); err != nil {
				return err
			}
			if c == eol {
				r.state = startRecord
			} else {
				r.state = eatCRNL
			}
		case c == d.escapechar:
			r.state = escapedChar
		case c == d.delimiter:
			if err := r.saveField(); err != nil {
				return err
			}
			r.state = startField
		default:
			return r.addChar(c)
		}
	case inQuotedField:
		switch {
		case c == eol:
		case c == d.escapechar:
			r.state = escapeInQuotedField
		case c == d.quotechar && d.quoting != quoteNone:
			if d.doublequote {
				r.state = quoteInQuotedField
			} else {
				r.state = inField
			}
		default:
			return r.addChar(c)
		}
	case escapeInQuotedField:
		if c == eol {
			c = '\n'
		}
		if err := r.addChar(c); err != nil {
			return err
		}
		r.state = inQuotedField
	case quoteInQuotedField:
		switch {
		case d.quoting != quoteNone && c == d.quotechar:
			if err := r.addChar(c); err != nil {
				return err
			}
			r.state = inQuotedField
		case c == d.delimiter:
			if err := r.saveField(); err != nil {
				return err
			}
			r.state = startField
		case nl || c == eol:
			if err := r.saveField(); err != nil {
				return err
			}
			if c == eol {
				r.state = startRecord
			} else {
				r.state = eatCRNL
			}
		case !d.strict:
			if err := r.addChar(c); err != nil {
				return err
			}
			r.state = inField
		default:
			return csvError("'%c' expected after '%c'", d.delimiter, d.quotechar)
		}
	case eatCRNL:
		switch {
		case nl:
		case c == eol:
			r.state = startRecord
		default:
			return csvError("new-line character seen in unquoted field - do you need to open the file in universal-newline mode?")
		}
	}
	return nil
}
