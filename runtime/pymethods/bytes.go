package pymethods

import (
	"bytes"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Python's bytes methods that go.starlark.net's bytes lacks, ASCII-minded
// as Python's are: what a program's output (check_output(...).strip(),
// .split(b"\n")) is worked on with before, or instead of, decoding it.

// bytesSpace is what bytes.strip() and split() take for whitespace.
const bytesSpace = " \t\n\r\x0b\x0c"

func bytesMoreMethod(name string) builtinFn {
	switch name {
	case "strip", "lstrip", "rstrip":
		return bytesStrip
	case "split", "rsplit":
		return bytesSplit
	case "startswith", "endswith":
		return bytesAffix
	case "join":
		return bytesJoin
	case "replace":
		return bytesReplace
	case "find", "rfind", "index", "rindex":
		return bytesFind
	case "upper", "lower":
		return bytesCase
	case "partition", "rpartition":
		return bytesPartition
	case "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper":
		return bytesIs
	case "splitlines":
		return bytesSplitlines
	case "removeprefix", "removesuffix":
		return bytesRemoveAffix
	}
	return nil
}

func recvBytes(b *starlark.Builtin) []byte { return []byte(b.Receiver().(starlark.Bytes)) }

// bytesArg is a bytes argument, with Python's error for anything else.
func bytesArg(v starlark.Value) ([]byte, error) {
	if x, ok := v.(starlark.Bytes); ok {
		return []byte(x), nil
	}
	return nil, typeError("a bytes-like object is required, not '%s'", typeName(v))
}

func bytesStrip(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var chars starlark.Value = starlark.None
	if err := unpackPositional(b, args, kwargs, 0, &chars); err != nil {
		return nil, err
	}
	cut := bytesSpace
	if chars != starlark.None {
		c, err := bytesArg(chars)
		if err != nil {
			return nil, err
		}
		cut = string(c)
	}
	x := recvBytes(b)
	switch b.Name() {
	case "lstrip":
		x = bytes.TrimLeft(x, cut)
	case "rstrip":
		x = bytes.TrimRight(x, cut)
	default:
		x = bytes.Trim(x, cut)
	}
	return starlark.Bytes(x), nil
}

func unpackPositional(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, min int, vars ...any) error {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, min, vars...); err != nil {
		return typeError("%s", err)
	}
	return nil
}

func isSpace(c byte) bool { return bytes.IndexByte([]byte(bytesSpace), c) >= 0 }

// bytesSplit is bytes.split and rsplit(sep=None, maxsplit=-1).
func bytesSplit(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sepV starlark.Value = starlark.None
	maxsplit := -1
	if err := unpack(b, args, kwargs, "sep?", &sepV, "maxsplit?", &maxsplit); err != nil {
		return nil, err
	}
	x := recvBytes(b)
	right := b.Name() == "rsplit"
	var parts [][]byte
	if sepV == starlark.None {
		parts = splitSpace(x, maxsplit, right)
	} else {
		sep, err := bytesArg(sepV)
		if err != nil {
			return nil, err
		}
		if len(sep) == 0 {
			return nil, pyerr.New(pyerr.ValueError, "empty separator")
		}
		parts = splitSep(x, sep, maxsplit, right)
	}
	out := make([]starlark.Value, len(parts))
	for i, p := range parts {
		out[i] = starlark.Bytes(p)
	}
	return starlark.NewList(out), nil
}

// splitSep splits x at sep, at most maxsplit times (negative: no limit),
// from the right if right.
func splitSep(x, sep []byte, maxsplit int, right bool) [][]byte {
	if !right {
		if maxsplit < 0 {
			return bytes.Split(x, sep)
		}
		return bytes.SplitN(x, sep, maxsplit+1)
	}
	var rev [][]byte
	for maxsplit != 0 {
		i := bytes.LastIndex(x, sep)
		if i < 0 {
			break
		}
		rev = append(rev, x[i+len(sep):])
		x = x[:i]
		maxsplit--
	}
	out := [][]byte{x}
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return out
}

// splitSpace splits x at runs of whitespace, dropping empty parts, as
// Python's split() with no separator.
func splitSpace(x []byte, maxsplit int, right bool) [][]byte {
	var out [][]byte
	if !right {
		i := 0
		for {
			for i < len(x) && isSpace(x[i]) {
				i++
			}
			if i == len(x) {
				return out
			}
			if maxsplit == 0 {
				return append(out, x[i:]) // the rest as it is, as Python's
			}
			j := i
			for j < len(x) && !isSpace(x[j]) {
				j++
			}
			out = append(out, x[i:j])
			maxsplit--
			i = j
		}
	}
	var rev [][]byte
	j := len(x)
	for {
		for j > 0 && isSpace(x[j-1]) {
			j--
		}
		if j == 0 {
			break
		}
		if maxsplit == 0 {
			rev = append(rev, x[:j])
			break
		}
		i := j
		for i > 0 && !isSpace(x[i-1]) {
			i--
		}
		rev = append(rev, x[i:j])
		maxsplit--
		j = i
	}
	for k := len(rev) - 1; k >= 0; k-- {
		out = append(out, rev[k])
	}
	return out
}

// bounds applies Python's start and end (None, negative from the end,
// clamped) to a length n; a start past the end stays past it (nothing
// matches there, not even b"").
func bounds(n int, start, end starlark.Value) (int, int, error) {
	lo, hi := 0, n
	for i, v := range []starlark.Value{start, end} {
		if v == nil || v == starlark.None {
			continue
		}
		k, err := width(v)
		if err != nil {
			return 0, 0, typeError("slice indices must be integers or None or have an __index__ method")
		}
		if k < 0 {
			k += n
		}
		if i == 0 {
			lo = max(0, k)
		} else {
			hi = max(0, min(k, n))
		}
	}
	return lo, hi, nil
}

// bytesAffix is bytes.startswith and endswith(prefix, start, end), prefix
// a bytes or a tuple of them.
func bytesAffix(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var affix, start, end starlark.Value
	if err := unpackPositional(b, args, kwargs, 1, &affix, &start, &end); err != nil {
		return nil, err
	}
	x := recvBytes(b)
	lo, hi, err := bounds(len(x), start, end)
	if err != nil {
		return nil, err
	}
	var cands []starlark.Value
	switch a := affix.(type) {
	case starlark.Tuple:
		cands = a
	default:
		cands = []starlark.Value{a}
	}
	for _, c := range cands {
		p, ok := c.(starlark.Bytes)
		if !ok {
			if _, tuple := affix.(starlark.Tuple); tuple {
				return nil, typeError("a bytes-like object is required, not '%s'", typeName(c))
			}
			return nil, typeError("%s first arg must be bytes or a tuple of bytes, not %s", b.Name(), typeName(c))
		}
		if lo > hi {
			continue // a start past the end (or past end=) matches nothing
		}
		s := x[lo:hi]
		if (b.Name() == "startswith" && bytes.HasPrefix(s, []byte(p))) || (b.Name() == "endswith" && bytes.HasSuffix(s, []byte(p))) {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

func bytesJoin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Value
	if err := unpackPositional(b, args, kwargs, 1, &seq); err != nil {
		return nil, err
	}
	iter := pyiter.Iterate(seq) // an iterator that can fail: its error is join's
	if iter == nil {
		return nil, typeError("can only join an iterable")
	}
	defer iter.Done()
	var out bytes.Buffer
	sep := recvBytes(b)
	var v starlark.Value
	for i := 0; iter.Next(&v); i++ {
		p, ok := v.(starlark.Bytes)
		if !ok {
			return nil, typeError("sequence item %d: expected a bytes-like object, %s found", i, typeName(v))
		}
		if i > 0 {
			out.Write(sep)
		}
		out.WriteString(string(p))
	}
	if err := iter.Err(); err != nil {
		return nil, err
	}
	return starlark.Bytes(out.String()), nil
}

func bytesReplace(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var oldV, newV starlark.Value
	count := -1
	if err := unpackPositional(b, args, kwargs, 2, &oldV, &newV, &count); err != nil {
		return nil, err
	}
	old, err := bytesArg(oldV)
	if err != nil {
		return nil, err
	}
	nw, err := bytesArg(newV)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(bytes.Replace(recvBytes(b), old, nw, count)), nil
}

// bytesFind is find, rfind, index and rindex(sub, start, end): sub a bytes
// or a byte's int.
func bytesFind(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var subV, start, end starlark.Value
	if err := unpackPositional(b, args, kwargs, 1, &subV, &start, &end); err != nil {
		return nil, err
	}
	var sub []byte
	switch s := subV.(type) {
	case starlark.Bytes:
		sub = []byte(s)
	case starlark.Int:
		n, ok := s.Int64()
		if !ok || n < 0 || n > 255 {
			return nil, pyerr.New(pyerr.ValueError, "byte must be in range(0, 256)")
		}
		sub = []byte{byte(n)}
	default:
		return nil, typeError("argument should be integer or bytes-like object, not '%s'", typeName(subV))
	}
	x := recvBytes(b)
	lo, hi, err := bounds(len(x), start, end)
	if err != nil {
		return nil, err
	}
	i := -1
	if lo <= hi {
		if b.Name() == "find" || b.Name() == "index" {
			i = bytes.Index(x[lo:hi], sub)
		} else {
			i = bytes.LastIndex(x[lo:hi], sub)
		}
		if i >= 0 {
			i += lo
		}
	}
	if i < 0 && (b.Name() == "index" || b.Name() == "rindex") {
		return nil, pyerr.New(pyerr.ValueError, "subsection not found")
	}
	return starlark.MakeInt(i), nil
}

func bytesCase(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpackPositional(b, args, kwargs, 0); err != nil {
		return nil, err
	}
	x := append([]byte(nil), recvBytes(b)...)
	for i, c := range x {
		switch {
		case b.Name() == "upper" && 'a' <= c && c <= 'z':
			x[i] = c - 'a' + 'A'
		case b.Name() == "lower" && 'A' <= c && c <= 'Z':
			x[i] = c - 'A' + 'a'
		}
	}
	return starlark.Bytes(x), nil
}

func bytesPartition(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sepV starlark.Value
	if err := unpackPositional(b, args, kwargs, 1, &sepV); err != nil {
		return nil, err
	}
	sep, err := bytesArg(sepV)
	if err != nil {
		return nil, err
	}
	if len(sep) == 0 {
		return nil, pyerr.New(pyerr.ValueError, "empty separator")
	}
	x := recvBytes(b)
	if b.Name() == "partition" {
		if i := bytes.Index(x, sep); i >= 0 {
			return starlark.Tuple{starlark.Bytes(x[:i]), starlark.Bytes(sep), starlark.Bytes(x[i+len(sep):])}, nil
		}
		return starlark.Tuple{starlark.Bytes(x), starlark.Bytes(""), starlark.Bytes("")}, nil
	}
	if i := bytes.LastIndex(x, sep); i >= 0 {
		return starlark.Tuple{starlark.Bytes(x[:i]), starlark.Bytes(sep), starlark.Bytes(x[i+len(sep):])}, nil
	}
	return starlark.Tuple{starlark.Bytes(""), starlark.Bytes(""), starlark.Bytes(x)}, nil
}

func bytesIs(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := unpackPositional(b, args, kwargs, 0); err != nil {
		return nil, err
	}
	x := recvBytes(b)
	lower := func(c byte) bool { return 'a' <= c && c <= 'z' }
	upper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	switch b.Name() {
	case "islower", "isupper":
		// At least one cased byte, and none of the other case.
		want, other := lower, upper
		if b.Name() == "isupper" {
			want, other = upper, lower
		}
		cased := false
		for _, c := range x {
			if other(c) {
				return starlark.False, nil
			}
			cased = cased || want(c)
		}
		return starlark.Bool(cased), nil
	}
	if len(x) == 0 {
		return starlark.False, nil
	}
	for _, c := range x {
		var ok bool
		switch b.Name() {
		case "isdigit":
			ok = digit(c)
		case "isalpha":
			ok = lower(c) || upper(c)
		case "isalnum":
			ok = lower(c) || upper(c) || digit(c)
		case "isspace":
			ok = isSpace(c)
		}
		if !ok {
			return starlark.False, nil
		}
	}
	return starlark.True, nil
}

// bytesSplitlines splits at "\n", "\r" and "\r\n" only, as bytes'.
func bytesSplitlines(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	keepends := false
	if err := unpack(b, args, kwargs, "keepends?", &keepends); err != nil {
		return nil, err
	}
	x := recvBytes(b)
	var out []starlark.Value
	for len(x) > 0 {
		i := bytes.IndexAny(x, "\r\n")
		if i < 0 {
			out = append(out, starlark.Bytes(x))
			break
		}
		n := 1
		if x[i] == '\r' && i+1 < len(x) && x[i+1] == '\n' {
			n = 2
		}
		end := i
		if keepends {
			end = i + n
		}
		out = append(out, starlark.Bytes(x[:end]))
		x = x[i+n:]
	}
	return starlark.NewList(out), nil
}

func bytesRemoveAffix(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := unpackPositional(b, args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	a, err := bytesArg(v)
	if err != nil {
		return nil, err
	}
	x := recvBytes(b)
	if b.Name() == "removeprefix" {
		return starlark.Bytes(bytes.TrimPrefix(x, a)), nil
	}
	return starlark.Bytes(bytes.TrimSuffix(x, a)), nil
}
