package osmod

import (
	"fmt"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// StatResult is os.stat_result: the attributes st_mode, st_size, st_mtime
// (...), and, as CPython's, a 10-tuple (st_mode, st_ino, st_dev, st_nlink,
// st_uid, st_gid, st_size, and the access, modification and change times
// as ints): st[6] (stat.ST_SIZE) is the size. It crosses processes as one.
type StatResult struct {
	attrs starlark.StringDict
}

var (
	_ starlark.Indexable  = (*StatResult)(nil)
	_ starlark.Sliceable  = (*StatResult)(nil)
	_ starlark.HasAttrs   = (*StatResult)(nil)
	_ starlark.Comparable = (*StatResult)(nil)
	_ codec.Typed         = (*StatResult)(nil)
)

// statFields are the tuple's, in order; the times are their int parts.
var statFields = [10]string{"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime"}

func (s *StatResult) tuple() starlark.Tuple {
	t := make(starlark.Tuple, len(statFields))
	for i, name := range statFields {
		v := s.attrs[name]
		if i >= 7 {
			// The time's whole seconds (tv_sec), as CPython's tuple holds it.
			n, _ := s.attrs[name+"_ns"].(starlark.Int).Int64()
			sec := n / 1e9
			if n%1e9 < 0 {
				sec--
			}
			v = starlark.MakeInt64(sec)
		}
		t[i] = v
	}
	return t
}

// String is CPython's repr: the ten fields by name.
func (s *StatResult) String() string {
	var b strings.Builder
	b.WriteString("os.stat_result(")
	for i, v := range s.tuple() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", statFields[i], v)
	}
	b.WriteByte(')')
	return b.String()
}

func (s *StatResult) Type() string          { return "os.stat_result" }
func (s *StatResult) Freeze()               {}
func (s *StatResult) Truth() starlark.Bool  { return starlark.True }
func (s *StatResult) Hash() (uint32, error) { return s.tuple().Hash() }
func (s *StatResult) Len() int              { return len(statFields) }
func (s *StatResult) Index(i int) starlark.Value {
	return s.tuple()[i]
}
func (s *StatResult) Slice(start, end, step int) starlark.Value {
	return s.tuple().Slice(start, end, step)
}
func (s *StatResult) Iterate() starlark.Iterator { return s.tuple().Iterate() }

// TupleSubclass marks a Python tuple subclass: json encodes it as an array.
func (*StatResult) TupleSubclass() {}

// CompareSameType compares as tuples, as CPython's does.
func (s *StatResult) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, s.tuple(), y.(*StatResult).tuple(), depth)
}

func (s *StatResult) AttrNames() []string {
	names := append([]string{"n_fields", "n_sequence_fields", "n_unnamed_fields"}, s.attrs.Keys()...)
	sort.Strings(names)
	return names
}

func (s *StatResult) Attr(name string) (starlark.Value, error) {
	switch name {
	case "n_sequence_fields":
		return starlark.MakeInt(len(statFields)), nil
	case "n_unnamed_fields":
		return starlark.MakeInt(3), nil // the int times, by index only
	case "n_fields":
		return starlark.MakeInt(len(s.attrs) + 3), nil // 19, as on Linux
	}
	if v, ok := s.attrs[name]; ok {
		return v, nil
	}
	return nil, nil
}

// CodecState implements codec.Typed.
func (s *StatResult) CodecState() (string, starlark.Value) {
	d := starlark.NewDict(len(s.attrs))
	for _, k := range s.attrs.Keys() {
		d.SetKey(starlark.String(k), s.attrs[k])
	}
	return statResultType, d
}

const statResultType = "os.stat_result"

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{
	{Name: statResultType, Decode: decodeStatResult},
	{Name: structSeqType, Decode: decodeStructSeq},
}

func decodeStatResult(state starlark.Value) (starlark.Value, error) {
	d, ok := state.(*starlark.Dict)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "bad os.stat_result state %s", state.Type())
	}
	s := &StatResult{attrs: starlark.StringDict{}}
	for _, kv := range d.Items() {
		k, _ := starlark.AsString(kv[0])
		s.attrs[k] = kv[1]
	}
	for _, f := range statFields {
		if _, ok := s.attrs[f]; !ok {
			return nil, pyerr.New(pyerr.TypeError, "os.stat_result state without %s", f)
		}
	}
	return s, nil
}
