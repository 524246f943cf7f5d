package csvmod

import (
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// DictReader is csv.DictReader: rows as dicts keyed by the field names
// (the first row unless given).
type DictReader struct {
	reader     *Reader
	fieldnames starlark.Value // None until read
	restkey    starlark.Value
	restval    starlark.Value
	lineNum    int
}

var (
	_ starlark.HasAttrs = (*DictReader)(nil)
	_ starlark.Iterable = (*DictReader)(nil)
)

// splitKw takes the named keywords out of kwargs.
func splitKw(kwargs []starlark.Tuple, names ...string) (map[string]starlark.Value, []starlark.Tuple) {
	got := map[string]starlark.Value{}
	var rest []starlark.Tuple
next:
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		for _, n := range names {
			if k == n {
				got[k] = kv[1]
				continue next
			}
		}
		rest = append(rest, kv)
	}
	return got, rest
}

func newDictReader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	kw, rest := splitKw(kwargs, "f", "fieldnames", "restkey", "restval", "dialect")
	pos := []string{"f", "fieldnames", "restkey", "restval", "dialect"}
	if len(args) > len(pos) {
		return nil, pyerr.New(pyerr.TypeError, "DictReader.__init__() takes from 2 to 6 positional arguments but %d were given", len(args)+1)
	}
	for i, a := range args {
		if _, dup := kw[pos[i]]; dup {
			return nil, pyerr.New(pyerr.TypeError, "DictReader.__init__() got multiple values for argument '%s'", pos[i])
		}
		kw[pos[i]] = a
	}
	f, ok := kw["f"]
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "DictReader.__init__() missing 1 required positional argument: 'f'")
	}
	dialect, ok := kw["dialect"]
	if !ok {
		dialect = starlark.String("excel")
	}
	d, err := makeDialect(dialect, rest)
	if err != nil {
		return nil, err
	}
	r, err := makeReader(thread, f, d)
	if err != nil {
		return nil, err
	}
	dr := &DictReader{reader: r, fieldnames: starlark.None, restkey: starlark.None, restval: starlark.None}
	if v, ok := kw["fieldnames"]; ok {
		// Python 3.12 calls iter(fieldnames) here, failing for an int.
		if _, ok := v.(starlark.Iterable); !ok && v != starlark.None {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", v.Type())
		}
		dr.fieldnames = listIfIterator(v)
	}
	if v, ok := kw["restkey"]; ok {
		dr.restkey = v
	}
	if v, ok := kw["restval"]; ok {
		dr.restval = v
	}
	return dr, nil
}

func (r *DictReader) String() string {
	return fmt.Sprintf("<csv.DictReader object at %#x>", uintptr(unsafe.Pointer(r)))
}
func (r *DictReader) Type() string          { return "DictReader" }
func (r *DictReader) Freeze()               {}
func (r *DictReader) Truth() starlark.Bool  { return true }
func (r *DictReader) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(r)) >> 3), nil }

func (r *DictReader) AttrNames() []string {
	return []string{"dialect", "fieldnames", "line_num", "next", "reader", "restkey", "restval"}
}

func (r *DictReader) Attr(name string) (starlark.Value, error) {
	switch name {
	case "dialect":
		return r.reader.dialect, nil
	case "reader":
		return r.reader, nil
	case "restkey":
		return r.restkey, nil
	case "restval":
		return r.restval, nil
	case "line_num":
		return starlark.MakeInt(r.lineNum), nil
	case "fieldnames":
		return r.names()
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

// names is the fieldnames property: the first row when not given.
func (r *DictReader) names() (starlark.Value, error) {
	if r.fieldnames == starlark.None {
		row, err := r.reader.next()
		if err != nil && err != errStop {
			return nil, err
		}
		if err == nil {
			r.fieldnames = row
		}
	}
	r.lineNum = r.reader.lineNum
	return r.fieldnames, nil
}

func (r *DictReader) Iterate() starlark.Iterator { return &loop{r.reader.thread, r.next} }

// Step implements pyiter.Stepper, as Reader's.
func (r *DictReader) Step() (starlark.Value, bool, error) { return step(r.next) }

func (r *DictReader) next() (starlark.Value, error) {
	if r.lineNum == 0 {
		if _, err := r.names(); err != nil {
			return nil, err
		}
	}
	var row *starlark.List
	for {
		v, err := r.reader.next()
		if err != nil {
			return nil, err
		}
		r.lineNum = r.reader.lineNum
		row = v.(*starlark.List)
		if row.Len() != 0 {
			break
		}
	}
	var names []starlark.Value
	if it, ok := r.fieldnames.(starlark.Iterable); ok {
		iter := it.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			names = append(names, x)
		}
		iter.Done()
	} else {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", r.fieldnames.Type())
	}
	d := starlark.NewDict(len(names))
	n := min(len(names), row.Len())
	for i := 0; i < n; i++ {
		if err := d.SetKey(names[i], row.Index(i)); err != nil {
			return nil, err
		}
	}
	if len(names) < row.Len() {
		var extra []starlark.Value
		for i := len(names); i < row.Len(); i++ {
			extra = append(extra, row.Index(i))
		}
		if err := d.SetKey(r.restkey, starlark.NewList(extra)); err != nil {
			return nil, err
		}
	} else {
		for _, k := range names[row.Len():] {
			if err := d.SetKey(k, r.restval); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// DictWriter is csv.DictWriter: dicts written as rows in the order of the
// field names.
type DictWriter struct {
	writer *Writer
	// fieldsValue is the fieldnames given (an iterator's as a list), read
	// at every row as Python's self.fieldnames is, so that a list changed
	// later counts.
	fieldsValue starlark.Value
	restval     starlark.Value
	extras      string
}

var _ starlark.HasAttrs = (*DictWriter)(nil)

func newDictWriter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	kw, rest := splitKw(kwargs, "f", "fieldnames", "restval", "extrasaction", "dialect")
	pos := []string{"f", "fieldnames", "restval", "extrasaction", "dialect"}
	if len(args) > len(pos) {
		return nil, pyerr.New(pyerr.TypeError, "DictWriter.__init__() takes from 3 to 6 positional arguments but %d were given", len(args)+1)
	}
	for i, a := range args {
		if _, dup := kw[pos[i]]; dup {
			return nil, pyerr.New(pyerr.TypeError, "DictWriter.__init__() got multiple values for argument '%s'", pos[i])
		}
		kw[pos[i]] = a
	}
	var missing []string
	for _, n := range pos[:2] {
		if _, ok := kw[n]; !ok {
			missing = append(missing, "'"+n+"'")
		}
	}
	switch len(missing) {
	case 1:
		return nil, pyerr.New(pyerr.TypeError, "DictWriter.__init__() missing 1 required positional argument: %s", missing[0])
	case 2:
		return nil, pyerr.New(pyerr.TypeError, "DictWriter.__init__() missing 2 required positional arguments: 'f' and 'fieldnames'")
	}
	fv := listIfIterator(kw["fieldnames"])
	if _, ok := fv.(starlark.Iterable); !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", fv.Type())
	}
	dw := &DictWriter{fieldsValue: fv, restval: starlark.String(""), extras: "raise"}
	if v, ok := kw["restval"]; ok {
		dw.restval = v
	}
	if v, ok := kw["extrasaction"]; ok {
		s, ok := v.(starlark.String)
		if !ok {
			return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'lower'", v.Type())
		}
		low := strings.ToLower(string(s))
		if low != "raise" && low != "ignore" {
			return nil, pyerr.New(pyerr.ValueError, "extrasaction (%s) must be 'raise' or 'ignore'", string(s))
		}
		dw.extras = low
	}
	dialect, ok := kw["dialect"]
	if !ok {
		dialect = starlark.String("excel")
	}
	d, err := makeDialect(dialect, rest)
	if err != nil {
		return nil, err
	}
	w, err := makeWriter(kw["f"], d)
	if err != nil {
		return nil, err
	}
	dw.writer = w
	return dw, nil
}

// listIfIterator is v's elements in a list when v is an iterator (an
// iterable with a next method, such as iter(names) or a csv.reader), v
// itself otherwise: Python's DictReader and DictWriter turn an iterator
// fieldnames into a list, so that fieldnames can be read more than once.
func listIfIterator(v starlark.Value) starlark.Value {
	it, ok := v.(starlark.Iterable)
	if !ok {
		return v
	}
	if ha, ok := v.(starlark.HasAttrs); !ok || !slices.Contains(ha.AttrNames(), "next") {
		return v
	}
	var elems []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		elems = append(elems, x)
	}
	return starlark.NewList(elems)
}

func (w *DictWriter) String() string {
	return fmt.Sprintf("<csv.DictWriter object at %#x>", uintptr(unsafe.Pointer(w)))
}
func (w *DictWriter) Type() string          { return "DictWriter" }
func (w *DictWriter) Freeze()               {}
func (w *DictWriter) Truth() starlark.Bool  { return true }
func (w *DictWriter) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(w)) >> 3), nil }

func (w *DictWriter) AttrNames() []string {
	return []string{"extrasaction", "fieldnames", "restval", "writeheader", "writer", "writerow", "writerows"}
}

func (w *DictWriter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "fieldnames":
		return w.fieldsValue, nil
	case "restval":
		return w.restval, nil
	case "extrasaction":
		return starlark.String(w.extras), nil
	case "writer":
		return w.writer, nil
	case "writeheader":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return w.writer.writerow(thread, starlark.NewList(w.names()))
		}), nil
	case "writerow":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var row starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &row); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			fields, err := w.toList(row)
			if err != nil {
				return nil, err
			}
			return w.writer.writerow(thread, fields)
		}), nil
	case "writerows":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var rows starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &rows); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			iter := pyiter.Iterate(rows) // an iterator that can fail: its error is ours
			if iter == nil {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", rows.Type())
			}
			defer iter.Done()
			var row starlark.Value
			for iter.Next(&row) {
				fields, err := w.toList(row)
				if err != nil {
					return nil, err
				}
				if _, err := w.writer.writerow(thread, fields); err != nil {
					return nil, err
				}
			}
			return starlark.None, iter.Err()
		}), nil
	}
	return nil, nil
}

// names is the field names as they are now.
func (w *DictWriter) names() []starlark.Value {
	var names []starlark.Value
	iter := w.fieldsValue.(starlark.Iterable).Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		names = append(names, x)
	}
	return names
}

// toList is DictWriter._dict_to_list.
func (w *DictWriter) toList(row starlark.Value) (starlark.Value, error) {
	m, ok := row.(starlark.IterableMapping)
	if !ok {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'keys'", row.Type())
	}
	names := w.names()
	if w.extras == "raise" {
		var wrong []string
		for _, k := range m.Items() {
			found := false
			for _, n := range names {
				if eq, err := starlark.Equal(k[0], n); err == nil && eq {
					found = true
					break
				}
			}
			if !found {
				wrong = append(wrong, pyerr.Repr(k[0]))
			}
		}
		if len(wrong) > 0 {
			// Python's order is a set's; here the dict's.
			return nil, pyerr.New(pyerr.ValueError, "dict contains fields not in fieldnames: %s", strings.Join(wrong, ", "))
		}
	}
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		v, found, err := m.Get(n)
		if err != nil {
			return nil, err
		}
		if !found {
			v = w.restval
		}
		out[i] = v
	}
	return starlark.NewList(out), nil
}
