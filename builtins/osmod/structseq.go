package osmod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// StructSeq is a CPython structseq of os (posix.uname_result,
// os.terminal_size): a tuple whose items are also attributes, shown by
// name. It crosses processes as one.
type StructSeq struct {
	kind   *seqKind
	values starlark.Tuple
}

type seqKind struct {
	name   string // as CPython's repr shows it
	fields []string
}

var (
	unameResult  = &seqKind{"posix.uname_result", []string{"sysname", "nodename", "release", "version", "machine"}}
	terminalSize = &seqKind{"os.terminal_size", []string{"columns", "lines"}}
)

var (
	_ starlark.Indexable  = (*StructSeq)(nil)
	_ starlark.Sliceable  = (*StructSeq)(nil)
	_ starlark.HasAttrs   = (*StructSeq)(nil)
	_ starlark.Comparable = (*StructSeq)(nil)
	_ codec.Typed         = (*StructSeq)(nil)
)

func (s *StructSeq) String() string {
	var b strings.Builder
	b.WriteString(s.kind.name + "(")
	for i, v := range s.values {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", s.kind.fields[i], pyformat.Repr(v))
	}
	b.WriteByte(')')
	return b.String()
}

func (s *StructSeq) Type() string               { return s.kind.name }
func (s *StructSeq) Freeze()                    { s.values.Freeze() }
func (s *StructSeq) Truth() starlark.Bool       { return len(s.values) > 0 }
func (s *StructSeq) Hash() (uint32, error)      { return s.values.Hash() }
func (s *StructSeq) Len() int                   { return len(s.values) }
func (s *StructSeq) Index(i int) starlark.Value { return s.values[i] }
func (s *StructSeq) Iterate() starlark.Iterator { return s.values.Iterate() }
func (s *StructSeq) AttrNames() []string        { return append([]string(nil), s.kind.fields...) }
func (s *StructSeq) Slice(start, end, step int) starlark.Value {
	return s.values.Slice(start, end, step)
}

// TupleSubclass marks a Python tuple subclass: json encodes it as an array.
func (*StructSeq) TupleSubclass() {}

// CompareSameType compares as tuples, as CPython's does.
func (s *StructSeq) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, s.values, y.(*StructSeq).values, depth)
}

func (s *StructSeq) Attr(name string) (starlark.Value, error) {
	for i, f := range s.kind.fields {
		if f == name {
			return s.values[i], nil
		}
	}
	switch name {
	case "n_fields", "n_sequence_fields":
		return starlark.MakeInt(len(s.values)), nil
	case "n_unnamed_fields":
		return starlark.MakeInt(0), nil
	}
	return nil, nil
}

const structSeqType = "os.structseq"

// CodecState implements codec.Typed: the kind's name and the values.
func (s *StructSeq) CodecState() (string, starlark.Value) {
	return structSeqType, append(starlark.Tuple{starlark.String(s.kind.name)}, s.values...)
}

func decodeStructSeq(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if ok && len(t) > 0 {
		name, _ := starlark.AsString(t[0])
		for _, k := range []*seqKind{unameResult, terminalSize} {
			if k.name == name && len(t) == len(k.fields)+1 {
				return &StructSeq{kind: k, values: append(starlark.Tuple(nil), t[1:]...)}, nil
			}
		}
	}
	return nil, pyerr.New(pyerr.TypeError, "bad os structseq state %s", state.String())
}
