package csvmod

import (
	"fmt"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Writer is _csv.writer: rows as lines through the write method of a
// file-like object.
type Writer struct {
	write   starlark.Value
	dialect *Dialect
}

var _ starlark.HasAttrs = (*Writer)(nil)

func newWriter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, d, err := dialectArgs(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	return makeWriter(f, d)
}

func makeWriter(f starlark.Value, d *Dialect) (*Writer, error) {
	var write starlark.Value
	if ha, ok := f.(starlark.HasAttrs); ok {
		write, _ = ha.Attr("write")
	}
	if _, ok := write.(starlark.Callable); !ok {
		return nil, pyerr.New(pyerr.TypeError, `argument 1 must have a "write" method`)
	}
	return &Writer{write: write, dialect: d}, nil
}

func (w *Writer) String() string {
	return fmt.Sprintf("<_csv.writer object at %#x>", uintptr(unsafe.Pointer(w)))
}
func (w *Writer) Type() string          { return "_csv.writer" }
func (w *Writer) Freeze()               {}
func (w *Writer) Truth() starlark.Bool  { return true }
func (w *Writer) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(w)) >> 3), nil }

func (w *Writer) AttrNames() []string { return []string{"dialect", "writerow", "writerows"} }

func (w *Writer) Attr(name string) (starlark.Value, error) {
	switch name {
	case "dialect":
		return w.dialect, nil
	case "writerow":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var row starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &row); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return w.writerow(thread, row)
		}), nil
	case "writerows":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var rows starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &rows); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return w.writerows(thread, rows)
		}), nil
	}
	return nil, nil
}

func (w *Writer) writerows(thread *starlark.Thread, rows starlark.Value) (starlark.Value, error) {
	iter := pyiter.Iterate(rows) // an iterator that can fail: its error is ours
	if iter == nil {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", rows.Type())
	}
	defer iter.Done()
	var row starlark.Value
	for iter.Next(&row) {
		if _, err := w.writerow(thread, row); err != nil {
			return nil, err
		}
	}
	if err := iter.Err(); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func isNumber(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Int, starlark.Float, starlark.Bool:
		return true
	}
	return false
}

// writerow is _csv.c's writerow: it returns what write returned.
func (w *Writer) writerow(thread *starlark.Thread, row starlark.Value) (starlark.Value, error) {
	var fields []starlark.Value
	switch row := row.(type) {
	case starlark.String:
		// A str is an iterable of its characters, as in Python.
		for _, c := range string(row) {
			fields = append(fields, starlark.String(string(c)))
		}
	case starlark.Iterable:
		iter := pyiter.Iterate(row) // an iterator that can fail: its error is ours
		var f starlark.Value
		for iter.Next(&f) {
			fields = append(fields, f)
		}
		iter.Done()
		if err := iter.Err(); err != nil {
			return nil, err
		}
	default:
		return nil, csvError("iterable expected, not %s", row.Type())
	}
	d := w.dialect
	var rec strings.Builder
	for i, f := range fields {
		var quoted bool
		switch d.quoting {
		case quoteNonnumeric:
			quoted = !isNumber(f)
		case quoteAll:
			quoted = true
		case quoteStrings:
			_, quoted = f.(starlark.String)
		case quoteNotnull:
			quoted = f != starlark.None
		}
		var text string
		switch f := f.(type) {
		case starlark.String:
			text = string(f)
		case starlark.NoneType:
		default:
			text = pyformat.Str(f)
		}
		if i > 0 {
			rec.WriteRune(d.delimiter)
		}
		s, err := w.field(text, quoted)
		if err != nil {
			return nil, err
		}
		rec.WriteString(s)
	}
	if len(fields) == 1 && rec.Len() == 0 {
		// A lone empty field would be an empty line, which reads as [].
		if d.quoting == quoteNone {
			return nil, csvError("single empty field record must be quoted")
		}
		rec.WriteRune(d.quotechar)
		rec.WriteRune(d.quotechar)
	}
	rec.WriteString(d.lineterminator)
	return starlark.Call(thread, w.write, starlark.Tuple{starlark.String(rec.String())}, nil)
}

// field is _csv.c's join_append_data: the field with its escapes, quoted
// when asked or when it holds a special character.
func (w *Writer) field(text string, quoted bool) (string, error) {
	d := w.dialect
	var b strings.Builder
	for _, c := range text {
		if c == d.delimiter || c == d.escapechar || c == d.quotechar ||
			strings.ContainsRune(d.lineterminator, c) {
			wantEscape := false
			if d.quoting == quoteNone {
				wantEscape = true
			} else {
				if c == d.quotechar {
					if d.doublequote {
						b.WriteRune(d.quotechar)
					} else {
						wantEscape = true
					}
				} else if c == d.escapechar {
					wantEscape = true
				}
				if !wantEscape {
					quoted = true
				}
			}
			if wantEscape {
				if d.escapechar == notSet {
					return "", csvError("need to escape, but no escapechar set")
				}
				b.WriteRune(d.escapechar)
			}
		}
		b.WriteRune(c)
	}
	if quoted {
		return string(d.quotechar) + b.String() + string(d.quotechar), nil
	}
	return b.String(), nil
}
