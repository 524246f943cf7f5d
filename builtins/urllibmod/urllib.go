// Package urllibmod is procstar's "urllib.parse" module, and the "urllib"
// package that holds it: urlparse, urlsplit, their inverses, urljoin,
// urldefrag, quoting, urlencode and query parsing, ports of CPython 3.11's
// algorithms (Go's net/url splits and resolves URLs differently). URLs are
// str only: CPython's bytes forms (ParseResultBytes...) are not there.
package urllibmod

import (
	"slices"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
	"github.com/procstar/procstar/runtime/textcodec"
)

// Module returns a new "urllib.parse" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "urllib.parse", Members: starlark.StringDict{
		"urlparse":         starlark.NewBuiltin("urlparse", urlparseBuiltin),
		"urlsplit":         starlark.NewBuiltin("urlsplit", urlsplitBuiltin),
		"urlunparse":       starlark.NewBuiltin("urlunparse", urlunparseBuiltin),
		"urlunsplit":       starlark.NewBuiltin("urlunsplit", urlunsplitBuiltin),
		"urljoin":          starlark.NewBuiltin("urljoin", urljoinBuiltin),
		"urldefrag":        starlark.NewBuiltin("urldefrag", urldefragBuiltin),
		"quote":            starlark.NewBuiltin("quote", quoteBuiltin),
		"quote_plus":       starlark.NewBuiltin("quote_plus", quoteBuiltin),
		"quote_from_bytes": starlark.NewBuiltin("quote_from_bytes", quoteFromBytes),
		"unquote":          starlark.NewBuiltin("unquote", unquoteBuiltin),
		"unquote_plus":     starlark.NewBuiltin("unquote_plus", unquoteBuiltin),
		"unquote_to_bytes": starlark.NewBuiltin("unquote_to_bytes", unquoteToBytes),
		"urlencode":        starlark.NewBuiltin("urlencode", urlencode),
		"parse_qs":         starlark.NewBuiltin("parse_qs", parseQSBuiltin),
		"parse_qsl":        starlark.NewBuiltin("parse_qsl", parseQSBuiltin),
	}}
}

// Urllib is the predeclared "urllib" package: urllib.parse.
func Urllib(parse starlark.Value) *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "urllib", Members: starlark.StringDict{"parse": parse}}
}

// coerce is CPython's _coerce_args for str arguments: the first decides;
// a later one that is not a str must be false (None reads as ""), and the
// first must be a str (what names it in the error).
func coerce(what string, args ...starlark.Value) ([]string, error) {
	_, strInput := args[0].(starlark.String)
	out := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(starlark.String)
		if i > 0 && ok != strInput && a.Truth() {
			return nil, pyerr.New(pyerr.TypeError, "Cannot mix str and non-str arguments")
		}
		out[i] = string(s)
	}
	if !strInput {
		return nil, pyerr.New(pyerr.TypeError, "%s must be str, not %s", what, pyformat.TypeName(args[0]))
	}
	return out, nil
}

// splitArgs unpacks (url, scheme="", allow_fragments=True).
func splitArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (url, scheme string, allowFragments bool, err error) {
	var urlv, schemev, allow starlark.Value = nil, starlark.String(""), starlark.True
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "url", &urlv, "scheme?", &schemev, "allow_fragments?", &allow); err != nil {
		return "", "", false, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s, err := coerce(b.Name()+"() argument 'url'", urlv, schemev)
	if err != nil {
		return "", "", false, err
	}
	return s[0], s[1], bool(allow.Truth()), nil
}

func urlparseBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	url, scheme, allow, err := splitArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	p, err := urlparse(url, scheme, allow)
	if err != nil {
		return nil, err
	}
	return newResult(parseKind, p), nil
}

func urlsplitBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	url, scheme, allow, err := splitArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	s, err := urlsplit(url, scheme, allow)
	if err != nil {
		return nil, err
	}
	return newResult(splitKind, s), nil
}

// joinParts is urlunparse or urlunsplit (fn, join) of parts, with
// CPython's errors for parts that are not want strings.
func joinParts(fn string, want int, parts starlark.Tuple, join func([]string) string) (starlark.Value, error) {
	if len(parts) == 0 {
		return nil, pyerr.New(pyerr.IndexError, "tuple index out of range")
	}
	s, err := coerce(fn+"() components", parts...)
	if err != nil {
		return nil, err
	}
	// CPython unpacks the parts and _coerce_args's result function together.
	switch {
	case len(s) < want:
		return nil, pyerr.New(pyerr.ValueError, "not enough values to unpack (expected %d, got %d)", want+1, len(s)+1)
	case len(s) > want:
		return nil, pyerr.New(pyerr.ValueError, "too many values to unpack (expected %d)", want+1)
	}
	return starlark.String(join(s)), nil
}

// unjoinBuiltin is urlunparse(components) or urlunsplit(components): want
// parts from any iterable.
func unjoinBuiltin(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, want int, join func([]string) string) (starlark.Value, error) {
	var components starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "components", &components); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	it := pyiter.Iterate(pyformat.Elements(components)) // an iterator that can fail: its error is ours
	if it == nil {
		return nil, pyerr.New(pyerr.TypeError, "urllib.parse._coerce_args() argument after * must be an iterable, not %s", pyformat.TypeName(components))
	}
	defer it.Done()
	var parts starlark.Tuple
	var x starlark.Value
	for it.Next(&x) {
		parts = append(parts, x)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return joinParts(b.Name(), want, parts, join)
}

func urlunparseBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return unjoinBuiltin(b, args, kwargs, 6, urlunparse)
}

func urlunsplitBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return unjoinBuiltin(b, args, kwargs, 5, urlunsplit)
}

func urljoinBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var base, url, allow starlark.Value = nil, nil, starlark.True
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "base", &base, "url", &url, "allow_fragments?", &allow); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	// Before any check, as CPython's: urljoin("", x) is x whatever x is.
	if !base.Truth() {
		return url, nil
	}
	if !url.Truth() {
		return base, nil
	}
	s, err := coerce("urljoin() argument 'base'", base, url)
	if err != nil {
		return nil, err
	}
	joined, err := urljoin(s[0], s[1], bool(allow.Truth()))
	if err != nil {
		return nil, err
	}
	return starlark.String(joined), nil
}

func urldefragBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var url starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "url", &url); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s, err := coerce("urldefrag() argument 'url'", url)
	if err != nil {
		return nil, err
	}
	d, err := urldefrag(s[0])
	if err != nil {
		return nil, err
	}
	return newResult(defragKind, d), nil
}

// quoteBuiltin is quote(string, safe='/', encoding=None, errors=None) and
// quote_plus (safe="").
func quoteBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	plus := b.Name() == "quote_plus"
	var s, safe, encoding, errors starlark.Value = nil, starlark.String("/"), starlark.None, starlark.None
	if plus {
		safe = starlark.String("")
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string", &s, "safe?", &safe, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	q, err := quote(s, safe, encoding, errors, plus)
	if err != nil {
		return nil, err
	}
	return starlark.String(q), nil
}

func quoteFromBytes(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var bs, safe starlark.Value = nil, starlark.String("/")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "bs", &bs, "safe?", &safe); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	data, ok := bs.(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "quote_from_bytes() expected bytes")
	}
	q, err := quoteBytes([]byte(data), safe, false)
	if err != nil {
		return nil, err
	}
	return starlark.String(q), nil
}

// unquoteBuiltin is unquote(string, encoding='utf-8', errors='replace') and
// unquote_plus, which makes "+" a space first.
func unquoteBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, encoding, errors starlark.Value = nil, starlark.String("utf-8"), starlark.String("replace")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string", &s, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	plus := b.Name() == "unquote_plus"
	switch s := s.(type) {
	case starlark.String:
		str := string(s)
		if plus {
			str = strings.ReplaceAll(str, "+", " ")
		}
		u, err := unquote(str, encoding, errors)
		if err != nil {
			return nil, err
		}
		return starlark.String(u), nil
	case starlark.Bytes:
		if plus {
			// CPython's bytes.replace('+', ' ') fails.
			return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not 'str'")
		}
		codec, handler, err := codecArgs("decode", encoding, errors, "replace")
		if err != nil {
			return nil, err
		}
		u, err := codec.Decode(unquoteBytes(string(s)), handler)
		if err != nil {
			return nil, err
		}
		return starlark.String(u), nil
	}
	if plus {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'replace'", pyformat.TypeName(s))
	}
	return nil, pyerr.New(pyerr.TypeError, "argument of type '%s' is not iterable", pyformat.TypeName(s))
}

func unquoteToBytes(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string", &s); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	switch s := s.(type) {
	case starlark.String:
		// CPython encodes it to UTF-8 first, which refuses lone surrogates.
		if _, err := textcodec.UTF8.Encode(string(s), "strict"); err != nil {
			return nil, err
		}
		return starlark.Bytes(unquoteBytes(string(s))), nil
	case starlark.Bytes:
		return starlark.Bytes(unquoteBytes(string(s))), nil
	}
	return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'split'", pyformat.TypeName(s))
}

// concat is Python's a + sep + b, with CPython's errors when a or b is not
// a str.
func concat(a starlark.Value, sep string, b starlark.Value) (string, error) {
	as, ok := a.(starlark.String)
	if !ok {
		if _, isBytes := a.(starlark.Bytes); isBytes {
			return "", pyerr.New(pyerr.TypeError, "can't concat str to bytes")
		}
		return "", pyerr.New(pyerr.TypeError, "unsupported operand type(s) for +: '%s' and 'str'", pyformat.TypeName(a))
	}
	bs, ok := b.(starlark.String)
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "can only concatenate str (not \"%s\") to str", pyformat.TypeName(b))
	}
	return string(as) + sep + string(bs), nil
}

// pyStr is Python's str(x): pyformat.Str, with a container's strings
// quoted as Python quotes them ('a', not "a").
func pyStr(x starlark.Value) string {
	switch x.(type) {
	case starlark.String, starlark.Bytes, pyformat.PyStringer:
		return pyformat.Str(x)
	}
	return pyerr.Repr(x)
}

// urlencode is urlencode(query, doseq=False, safe="", encoding=None,
// errors=None, quote_via=quote_plus).
func urlencode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var query, quoteVia starlark.Value
	var doseq starlark.Value = starlark.False
	var safe, encoding, errors starlark.Value = starlark.String(""), starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "query", &query, "doseq?", &doseq, "safe?", &safe,
		"encoding?", &encoding, "errors?", &errors, "quote_via?", &quoteVia); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if quoteVia == nil {
		quoteVia = starlark.NewBuiltin("quote_plus", quoteBuiltin)
	}
	// quoteOne is quote_via(str(x), safe, encoding, errors), or
	// quote_via(x, safe) for bytes.
	quoteOne := func(x starlark.Value) (starlark.Value, error) {
		qargs := starlark.Tuple{x, safe}
		if _, ok := x.(starlark.Bytes); !ok {
			qargs = starlark.Tuple{starlark.String(pyStr(x)), safe, encoding, errors}
		}
		return starlark.Call(thread, quoteVia, qargs, nil)
	}
	pairs, err := queryPairs(thread, query)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, kv := range pairs {
		k, err := quoteOne(kv[0])
		if err != nil {
			return nil, err
		}
		values := []starlark.Value{kv[1]}
		// With doseq, a value with a len() (not a str or bytes, which are
		// no Sequence in Starlark) is a sequence of values.
		if seq, ok := kv[1].(starlark.Sequence); ok && bool(doseq.Truth()) {
			values = slices.Collect(starlark.Elements(seq))
		}
		for _, x := range values {
			q, err := quoteOne(x)
			if err != nil {
				return nil, err
			}
			s, err := concat(k, "=", q)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return starlark.String(strings.Join(out, "&")), nil
}

// queryPairs is urlencode's query as key-value pairs: a mapping's items(),
// or a sequence whose first item is a tuple (CPython's test), each of which
// unpacks into two.
func queryPairs(thread *starlark.Thread, query starlark.Value) ([][2]starlark.Value, error) {
	var items starlark.Value
	if m, ok := query.(starlark.HasAttrs); ok {
		if f, err := m.Attr("items"); err == nil && f != nil {
			if items, err = starlark.Call(thread, f, nil, nil); err != nil {
				return nil, err
			}
		}
	}
	if items == nil {
		n := starlark.Len(query)
		seq, ok := query.(starlark.Indexable)
		if n < 0 || n > 0 && (!ok || !isTuple(seq.Index(0))) {
			return nil, pyerr.New(pyerr.TypeError, "not a valid non-string sequence or mapping object")
		}
		items = query
	}
	it := starlark.Iterate(items)
	if it == nil {
		// An empty str or bytes passes CPython's test, and has no pairs.
		return nil, nil
	}
	defer it.Done()
	var pairs [][2]starlark.Value
	var x starlark.Value
	for it.Next(&x) {
		pair := starlark.Iterate(pyformat.Elements(x))
		if pair == nil {
			return nil, pyerr.New(pyerr.TypeError, "cannot unpack non-iterable %s object", pyformat.TypeName(x))
		}
		var kv []starlark.Value
		var y starlark.Value
		for len(kv) < 3 && pair.Next(&y) {
			kv = append(kv, y)
		}
		pair.Done()
		switch {
		case len(kv) > 2:
			return nil, pyerr.New(pyerr.ValueError, "too many values to unpack (expected 2)")
		case len(kv) < 2:
			return nil, pyerr.New(pyerr.ValueError, "not enough values to unpack (expected 2, got %d)", len(kv))
		}
		pairs = append(pairs, [2]starlark.Value{kv[0], kv[1]})
	}
	return pairs, nil
}

func isTuple(v starlark.Value) bool {
	_, ok := v.(starlark.Tuple)
	return ok
}

// parseQSBuiltin is parse_qs(qs, keep_blank_values=False,
// strict_parsing=False, encoding='utf-8', errors='replace',
// max_num_fields=None, separator='&'), a dict of lists, and parse_qsl, a
// list of pairs.
func parseQSBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var qs starlark.Value
	var keepBlank, strict starlark.Value = starlark.False, starlark.False
	var encoding, errors starlark.Value = starlark.String("utf-8"), starlark.String("replace")
	var maxFields, sepv starlark.Value = starlark.None, starlark.String("&")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "qs", &qs, "keep_blank_values?", &keepBlank,
		"strict_parsing?", &strict, "encoding?", &encoding, "errors?", &errors,
		"max_num_fields?", &maxFields, "separator?", &sepv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s, err := coerce(b.Name()+"() argument 'qs'", qs)
	if err != nil {
		return nil, err
	}
	// CPython coerces the separator alone: bytes are decoded.
	var sep string
	switch v := sepv.(type) {
	case starlark.String:
		sep = string(v)
	case starlark.Bytes:
		sep = string(v)
	default:
		if v.Truth() {
			return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'decode'", pyformat.TypeName(v))
		}
	}
	if sep == "" {
		return nil, pyerr.New(pyerr.ValueError, "Separator must be of type string or bytes.")
	}
	pairs, err := parseQSL(s[0], bool(keepBlank.Truth()), bool(strict.Truth()), encoding, errors, maxFields, sep)
	if err != nil {
		return nil, err
	}
	if b.Name() == "parse_qsl" {
		out := make([]starlark.Value, len(pairs))
		for i, p := range pairs {
			out[i] = starlark.Tuple{starlark.String(p[0]), starlark.String(p[1])}
		}
		return starlark.NewList(out), nil
	}
	d := starlark.NewDict(len(pairs))
	for _, p := range pairs {
		k := starlark.String(p[0])
		if l, found, _ := d.Get(k); found {
			l.(*starlark.List).Append(starlark.String(p[1]))
		} else {
			d.SetKey(k, starlark.NewList([]starlark.Value{starlark.String(p[1])}))
		}
	}
	return d, nil
}
