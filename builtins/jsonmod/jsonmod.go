// Package jsonmod is procstar's "json" module: Python's dumps, loads and
// dump, producing and accepting exactly the text CPython's json module does,
// plus the functions of go.starlark.net/lib/json (encode, decode, indent,
// encode_indent).
//
// Differences from CPython, forced by Starlark's values: strings are UTF-8,
// so a lone surrogate escape such as "\ud800" decodes to U+FFFD, and invalid
// UTF-8 bytes in a string are encoded as U+FFFD. Python's json.load(f) is
// written json.loads(f.read()) because load is a Starlark keyword.
package jsonmod

import (
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	starjson "go.starlark.net/lib/json"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/textcodec"
)

// DecodeError is the Python type name of loads' errors (a ValueError
// subclass in Python).
const DecodeError = "json.JSONDecodeError"

// maxDepth bounds the nesting of values dumps and loads handle; deeper
// values fail with RecursionError, as they do in CPython (whose limit is
// lower).
const maxDepth = 10000

// Module returns a new "json" module.
func Module() *starlarkstruct.Module {
	members := starlark.StringDict{}
	for name, v := range starjson.Module.Members {
		members[name] = v
	}
	members["dumps"] = starlark.NewBuiltin("dumps", dumps)
	members["dump"] = starlark.NewBuiltin("dump", dump)
	members["loads"] = starlark.NewBuiltin("loads", loads)
	return &starlarkstruct.Module{Name: "json", Members: members}
}

// ---- encoding ----

// encoder holds the options of one dumps call.
type encoder struct {
	buf         strings.Builder
	indent      string
	pretty      bool // indent is not None
	itemSep     string
	keySep      string
	sortKeys    bool
	skipKeys    bool
	ensureASCII bool
	allowNaN    bool
	noCircular  bool           // check_circular=False: deep values end in RecursionError
	deflt       starlark.Value // default=: called with what has no JSON form
	thread      *starlark.Thread
	markers     map[starlark.Value]bool // containers being encoded
	depth       int
}

// parseOptions unpacks dumps' keyword-only options (after obj, and after fp
// for dump).
func parseOptions(thread *starlark.Thread, fnname string, npos int, args starlark.Tuple, kwargs []starlark.Tuple) (*encoder, []starlark.Value, error) {
	if len(args) > npos {
		plural := "s"
		if npos == 1 {
			plural = ""
		}
		return nil, nil, pyerr.New(pyerr.TypeError, "%s() takes %d positional argument%s but %d were given", fnname, npos, plural, len(args))
	}
	pos := make([]starlark.Value, npos)
	// The flags are tested for truth, as Python's json tests them:
	// sort_keys=1 sorts and check_circular=None does not check.
	var (
		indent      starlark.Value = starlark.None
		separators  starlark.Value = starlark.None
		sortKeys    starlark.Value = starlark.False
		skipKeys    starlark.Value = starlark.False
		ensureASCII starlark.Value = starlark.True
		allowNaN    starlark.Value = starlark.True
		circular    starlark.Value = starlark.True
		deflt       starlark.Value = starlark.None
	)
	pairs := []any{}
	names := []string{"obj", "fp"}
	for i := range npos {
		pairs = append(pairs, names[i], &pos[i])
	}
	pairs = append(pairs,
		"skipkeys?", &skipKeys,
		"ensure_ascii?", &ensureASCII,
		"indent?", &indent,
		"separators?", &separators,
		"sort_keys?", &sortKeys,
		"allow_nan?", &allowNaN,
		"check_circular?", &circular,
		"default?", &deflt)
	if err := starlark.UnpackArgs(fnname, args, kwargs, pairs...); err != nil {
		return nil, nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	e := &encoder{
		itemSep:     ", ",
		keySep:      ": ",
		sortKeys:    bool(sortKeys.Truth()),
		skipKeys:    bool(skipKeys.Truth()),
		ensureASCII: bool(ensureASCII.Truth()),
		allowNaN:    bool(allowNaN.Truth()),
		noCircular:  !bool(circular.Truth()),
		thread:      thread,
	}
	if deflt != starlark.None {
		e.deflt = deflt
	}
	// A bool is an int in Python: indent=True is one space.
	switch ind := intarg.BoolAsInt(indent).(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, ok := ind.Int64()
		if !ok || n > 1<<20 {
			return nil, nil, pyerr.New(pyerr.ValueError, "%s: indent too large", fnname)
		}
		e.pretty = true
		if n > 0 {
			e.indent = strings.Repeat(" ", int(n))
		}
		e.itemSep = ","
	case starlark.String:
		e.pretty = true
		e.indent = string(ind)
		e.itemSep = ","
	default:
		return nil, nil, pyerr.New(pyerr.TypeError, "%s: for parameter indent: got %s, want int, str or None", fnname, indent.Type())
	}
	if separators != starlark.None {
		seq, ok := separators.(starlark.Indexable)
		var item, key starlark.String
		var ok1, ok2 bool
		// Python unpacks separators into two names: another length is
		// the ValueError of that unpacking.
		if ok && seq.Len() < 2 {
			return nil, nil, pyerr.New(pyerr.ValueError, "not enough values to unpack (expected 2, got %d)", seq.Len())
		}
		if ok && seq.Len() > 2 {
			return nil, nil, pyerr.New(pyerr.ValueError, "too many values to unpack (expected 2)")
		}
		if ok && seq.Len() == 2 {
			item, ok1 = seq.Index(0).(starlark.String)
			key, ok2 = seq.Index(1).(starlark.String)
		}
		if !ok1 || !ok2 {
			return nil, nil, pyerr.New(pyerr.TypeError, "%s: separators must be a (item_separator, key_separator) pair of strings", fnname)
		}
		e.itemSep, e.keySep = string(item), string(key)
	}
	return e, pos, nil
}

func dumps(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, pos, err := parseOptions(thread, b.Name(), 1, args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := e.encode(pos[0], 0); err != nil {
		return nil, err
	}
	return starlark.String(e.buf.String()), nil
}

// dump encodes obj like dumps and passes the text to one fp.write call.
func dump(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, pos, err := parseOptions(thread, b.Name(), 2, args, kwargs)
	if err != nil {
		return nil, err
	}
	obj, fp := pos[0], pos[1]
	var write starlark.Value
	if ha, ok := fp.(starlark.HasAttrs); ok {
		write, err = ha.Attr("write")
		if err != nil {
			return nil, err
		}
	}
	if write == nil {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'write'", pyType(fp))
	}
	if err := e.encode(obj, 0); err != nil {
		return nil, err
	}
	if _, err := starlark.Call(thread, write, starlark.Tuple{starlark.String(e.buf.String())}, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// TupleSubclass is a value whose Python type is a subclass of tuple (a
// namedtuple, time.struct_time, os.stat_result, urllib.parse's results...):
// json encodes it as an array, as Python's encoder does any tuple.
type TupleSubclass interface {
	starlark.Indexable
	TupleSubclass()
}

// pyType returns Python's name of the type of v.
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case *starlark.Dict:
		return "dict"
	}
	// type(v).__name__: datetime.datetime is "datetime".
	t := v.Type()
	return t[strings.LastIndexByte(t, '.')+1:]
}

// FloatRepr returns Python's repr of a finite float: the shortest
// round-tripping digits, in positional notation when the decimal exponent is
// in [-4, 16), else in scientific notation ("1e+16", "1.5e-05").
func FloatRepr(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		switch {
		case math.IsNaN(f):
			return "nan"
		case f > 0:
			return "inf"
		default:
			return "-inf"
		}
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	// The decimal exponent of the shortest round-tripping digits.
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return sci
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return s
}

// jsonFloat is Python's json float encoding (floatstr with allow_nan).
func jsonFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return FloatRepr(f)
}

func (e *encoder) newline(level int) {
	e.buf.WriteByte('\n')
	for range level {
		e.buf.WriteString(e.indent)
	}
}

func (e *encoder) enter(v starlark.Value, what string) error {
	e.depth++
	if e.depth > maxDepth {
		return pyerr.New("RecursionError", "maximum recursion depth exceeded while encoding a JSON %s", what)
	}
	switch v.(type) {
	case *starlark.List, *starlark.Dict:
		if e.noCircular {
			break
		}
		if e.markers == nil {
			e.markers = map[starlark.Value]bool{}
		}
		if e.markers[v] {
			return pyerr.New(pyerr.ValueError, "Circular reference detected")
		}
		e.markers[v] = true
	}
	return nil
}

func (e *encoder) leave(v starlark.Value) {
	e.depth--
	switch v.(type) {
	case *starlark.List, *starlark.Dict:
		delete(e.markers, v)
	}
}

func (e *encoder) encode(v starlark.Value, level int) error {
	switch v := v.(type) {
	case starlark.String:
		e.quote(string(v))
	case starlark.NoneType:
		e.buf.WriteString("null")
	case starlark.Bool:
		if v {
			e.buf.WriteString("true")
		} else {
			e.buf.WriteString("false")
		}
	case starlark.Int:
		if err := pyformat.CheckIntText(v); err != nil {
			return err
		}
		e.buf.WriteString(v.String())
	case starlark.Float:
		f := float64(v)
		if !e.allowNaN && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return pyerr.New(pyerr.ValueError, "Out of range float values are not JSON compliant: %s", FloatRepr(f))
		}
		e.buf.WriteString(jsonFloat(f))
	case *starlark.List, starlark.Tuple, TupleSubclass:
		seq := v.(starlark.Indexable)
		if seq.Len() == 0 {
			e.buf.WriteString("[]")
			return nil
		}
		if err := e.enter(v, "array"); err != nil {
			return err
		}
		e.buf.WriteByte('[')
		// A list may be mutated by nothing here, but re-read Len in case.
		for i := 0; i < seq.Len(); i++ {
			if i > 0 {
				e.buf.WriteString(e.itemSep)
			}
			if e.pretty {
				e.newline(level + 1)
			}
			if err := e.encode(seq.Index(i), level+1); err != nil {
				return err
			}
		}
		if e.pretty {
			e.newline(level)
		}
		e.buf.WriteByte(']')
		e.leave(v)
	case starlark.IterableMapping:
		items := v.Items()
		if len(items) == 0 {
			e.buf.WriteString("{}")
			return nil
		}
		if err := e.enter(v, "object"); err != nil {
			return err
		}
		if e.sortKeys {
			if err := sortItems(items); err != nil {
				return err
			}
		}
		e.buf.WriteByte('{')
		first := true
		for _, item := range items {
			key, ok, err := keyString(item[0])
			if err != nil {
				return err
			}
			if f, isFloat := item[0].(starlark.Float); isFloat && !e.allowNaN && (math.IsNaN(float64(f)) || math.IsInf(float64(f), 0)) {
				// A key is a float like any other for allow_nan.
				return pyerr.New(pyerr.ValueError, "Out of range float values are not JSON compliant: %s", FloatRepr(float64(f)))
			}
			if !ok {
				if e.skipKeys {
					continue
				}
				return pyerr.New(pyerr.TypeError, "keys must be str, int, float, bool or None, not %s", pyType(item[0]))
			}
			if !first {
				e.buf.WriteString(e.itemSep)
			}
			first = false
			if e.pretty {
				e.newline(level + 1)
			}
			e.quote(key)
			e.buf.WriteString(e.keySep)
			if err := e.encode(item[1], level+1); err != nil {
				return err
			}
		}
		if e.pretty {
			if first {
				// Every key was skipped: Python has written the first
				// item's line already ('{\n  \n}').
				e.newline(level + 1)
			}
			e.newline(level)
		}
		e.buf.WriteByte('}')
		e.leave(v)
	default:
		if e.deflt == nil {
			return pyerr.New(pyerr.TypeError, "Object of type %s is not JSON serializable", pyType(v))
		}
		// default(v) gives what to encode in v's place (or fails); v is
		// marked meanwhile, as CPython marks it, so a default that
		// returns v itself is a circular reference.
		if err := e.enter(v, "object"); err != nil {
			return err
		}
		if !e.noCircular && reflect.TypeOf(v).Comparable() {
			if e.markers[v] {
				return pyerr.New(pyerr.ValueError, "Circular reference detected")
			}
			if e.markers == nil {
				e.markers = map[starlark.Value]bool{}
			}
			e.markers[v] = true
			defer delete(e.markers, v)
		}
		r, err := starlark.Call(e.thread, e.deflt, starlark.Tuple{v}, nil)
		if err != nil {
			return err
		}
		if err := e.encode(r, level); err != nil {
			return err
		}
		e.leave(v)
	}
	return nil
}

// keyString converts a dict key the way Python's json does.
func keyString(k starlark.Value) (string, bool, error) {
	switch k := k.(type) {
	case starlark.String:
		return string(k), true, nil
	case starlark.Float:
		return jsonFloat(float64(k)), true, nil
	case starlark.Bool:
		if k {
			return "true", true, nil
		}
		return "false", true, nil
	case starlark.NoneType:
		return "null", true, nil
	case starlark.Int:
		if err := pyformat.CheckIntText(k); err != nil {
			return "", false, err
		}
		return k.String(), true, nil
	}
	return "", false, nil
}

// sortItems sorts dict items by key as Python's sorted(d.items()) does,
// failing with Python's TypeError for keys that do not compare.
func sortItems(items []starlark.Tuple) error {
	var cmpErr error
	less := func(a, b starlark.Tuple) bool {
		if cmpErr != nil {
			return false
		}
		// A bool key is the int it is in Python: Starlark's bools do not
		// compare with numbers.
		lt, err := starlark.Compare(syntax.LT, intarg.BoolAsInt(a[0]), intarg.BoolAsInt(b[0]))
		if err != nil {
			cmpErr = pyerr.New(pyerr.TypeError, "'<' not supported between instances of '%s' and '%s'", pyType(a[0]), pyType(b[0]))
			return false
		}
		return lt
	}
	if len(items) <= 64 {
		// Binary insertion sort, comparing each new item against sorted
		// ones as CPython's timsort does for short lists, so that type
		// errors name the types in Python's order.
		for i := 1; i < len(items); i++ {
			pivot := items[i]
			lo, hi := 0, i
			for lo < hi {
				mid := (lo + hi) / 2
				if less(pivot, items[mid]) {
					hi = mid
				} else {
					lo = mid + 1
				}
				if cmpErr != nil {
					return cmpErr
				}
			}
			copy(items[lo+1:i+1], items[lo:i])
			items[lo] = pivot
		}
		return nil
	}
	sort.SliceStable(items, func(i, j int) bool { return less(items[i], items[j]) })
	return cmpErr
}

const hexDigits = "0123456789abcdef"

func (e *encoder) writeU(r rune) {
	e.buf.WriteString(`\u`)
	e.buf.WriteByte(hexDigits[r>>12&0xF])
	e.buf.WriteByte(hexDigits[r>>8&0xF])
	e.buf.WriteByte(hexDigits[r>>4&0xF])
	e.buf.WriteByte(hexDigits[r&0xF])
}

// quote writes s as a JSON string the way Python's encode_basestring_ascii
// (ensure_ascii) or encode_basestring does.
func (e *encoder) quote(s string) {
	e.buf.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '"':
				e.buf.WriteString(`\"`)
			case '\\':
				e.buf.WriteString(`\\`)
			case '\n':
				e.buf.WriteString(`\n`)
			case '\r':
				e.buf.WriteString(`\r`)
			case '\t':
				e.buf.WriteString(`\t`)
			case '\b':
				e.buf.WriteString(`\b`)
			case '\f':
				e.buf.WriteString(`\f`)
			default:
				if c < 0x20 || (c == 0x7f && e.ensureASCII) {
					e.writeU(rune(c))
				} else {
					e.buf.WriteByte(c)
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !e.ensureASCII {
			e.buf.WriteRune(r) // invalid bytes become U+FFFD
			continue
		}
		if r >= 0x10000 {
			r -= 0x10000
			e.writeU(0xD800 | (r>>10)&0x3FF)
			e.writeU(0xDC00 | r&0x3FF)
		} else {
			e.writeU(r)
		}
	}
	e.buf.WriteByte('"')
}

// ---- decoding ----

func loads(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	d := &decoder{thread: thread}
	var strict starlark.Value = starlark.True
	if len(args) > 1 {
		return nil, pyerr.New(pyerr.TypeError, "loads() takes 1 positional argument but %d were given", len(args))
	}
	if len(args) == 0 && !hasKwarg(kwargs, "s") {
		return nil, pyerr.New(pyerr.TypeError, "loads() missing 1 required positional argument: 's'")
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &x,
		"object_hook?", &d.objectHook, "object_pairs_hook?", &d.pairsHook,
		"parse_float?", &d.parseFloat, "parse_int?", &d.parseInt,
		"parse_constant?", &d.parseConstant, "strict?", &strict); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	d.strict = bool(strict.Truth()) // tested for truth, as Python does
	for _, hook := range []*starlark.Value{&d.objectHook, &d.pairsHook, &d.parseFloat, &d.parseInt, &d.parseConstant} {
		if *hook == starlark.None {
			*hook = nil
		}
	}
	var s string
	switch x := x.(type) {
	case starlark.String:
		s = string(x)
	case starlark.Bytes:
		var err error
		if s, err = decodeBytes([]byte(x)); err != nil {
			return nil, err
		}
	default:
		return nil, pyerr.New(pyerr.TypeError, "the JSON object must be str, bytes or bytearray, not %s", pyType(x))
	}
	return d.decode(s)
}

// decodeBytes is b decoded as Python's json.loads decodes bytes: in the
// encoding json.detect_encoding finds (UTF-8, UTF-16 or UTF-32, by a BOM
// or by the zero bytes of the first characters, which are ASCII in JSON),
// failing with UnicodeDecodeError as CPython's codecs do. Python decodes
// with 'surrogatepass'; a lone surrogate becomes U+FFFD here, as a
// "\ud800" escape does.
func decodeBytes(b []byte) (string, error) {
	var bom int
	var name string
	switch {
	case len(b) >= 4 && string(b[:4]) == "\xff\xfe\x00\x00":
		bom, name = 4, "utf-32-le"
	case len(b) >= 4 && string(b[:4]) == "\x00\x00\xfe\xff":
		bom, name = 4, "utf-32-be"
	case len(b) >= 2 && string(b[:2]) == "\xff\xfe":
		bom, name = 2, "utf-16-le"
	case len(b) >= 2 && string(b[:2]) == "\xfe\xff":
		bom, name = 2, "utf-16-be"
	case len(b) >= 3 && string(b[:3]) == "\xef\xbb\xbf":
		// utf-8-sig: positions in errors count from after the BOM
		b, name = b[3:], "utf-8"
	case len(b) >= 4 && b[0] == 0 && b[1] == 0:
		name = "utf-32-be"
	case len(b) >= 4 && b[0] == 0, len(b) == 2 && b[0] == 0:
		name = "utf-16-be"
	case len(b) >= 4 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		name = "utf-32-le"
	case len(b) >= 4 && b[1] == 0, len(b) == 2 && b[1] == 0:
		name = "utf-16-le"
	default:
		name = "utf-8"
	}
	if name == "utf-8" {
		// 'surrogatepass' takes an encoded surrogate (ED A0..BF 80..BF);
		// U+FFFD has as many bytes, so error positions stay right.
		copied := false
		for i := 0; i+2 < len(b); i++ {
			if b[i] == 0xed && b[i+1]&0xe0 == 0xa0 && b[i+2]&0xc0 == 0x80 {
				if !copied {
					b, copied = append([]byte(nil), b...), true
				}
				copy(b[i:], "\ufffd")
				i += 2
			}
		}
		out, err := textcodec.UTF8.Decode(b, "strict")
		return string(out), err
	}
	size := 2
	if strings.HasPrefix(name, "utf-32") {
		size = 4
	}
	be := strings.HasSuffix(name, "-be")
	unit := func(i int) rune {
		var r rune
		for k := 0; k < size; k++ {
			if be {
				r = r<<8 | rune(b[i+k])
			} else {
				r |= rune(b[i+k]) << (8 * k)
			}
		}
		return r
	}
	var out strings.Builder
	for i := bom; i < len(b); {
		if len(b)-i < size {
			if len(b)-i == 1 {
				return "", pyerr.New("UnicodeDecodeError", "'%s' codec can't decode byte 0x%02x in position %d: truncated data", name, b[i], i)
			}
			return "", pyerr.New("UnicodeDecodeError", "'%s' codec can't decode bytes in position %d-%d: truncated data", name, i, len(b)-1)
		}
		r := unit(i)
		i += size
		if size == 4 && r > unicode.MaxRune {
			return "", pyerr.New("UnicodeDecodeError", "'%s' codec can't decode bytes in position %d-%d: code point not in range(0x110000)", name, i-4, i-1)
		}
		if size == 2 && utf16.IsSurrogate(r) && r < 0xdc00 && len(b)-i >= 2 {
			if r2 := unit(i); r2 >= 0xdc00 && r2 < 0xe000 {
				r = utf16.DecodeRune(r, r2)
				i += 2
			}
		}
		out.WriteRune(r) // a lone surrogate is U+FFFD
	}
	return out.String(), nil
}

func hasKwarg(kwargs []starlark.Tuple, name string) bool {
	for _, kv := range kwargs {
		if k, _ := kv[0].(starlark.String); string(k) == name {
			return true
		}
	}
	return false
}

// Decode parses s like Python's json.loads. Errors are *pyerr.Error of type
// DecodeError whose message is CPython's, positions counted in characters.
func Decode(s string) (starlark.Value, error) {
	return (&decoder{strict: true}).decode(s)
}

func (d *decoder) decode(s string) (starlark.Value, error) {
	if strings.HasPrefix(s, "\ufeff") {
		return nil, decodeError(s, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	d.s = s
	idx := d.skipSpace(0)
	v, end, err := d.scan(idx)
	if err != nil {
		return nil, d.err(err)
	}
	end = d.skipSpace(end)
	if end != len(s) {
		return nil, decodeError(s, "Extra data", end)
	}
	return v, nil
}

type decoder struct {
	s     string
	depth int
	// loads' options: hooks (nil when not given) and strict.
	thread                              *starlark.Thread
	objectHook, pairsHook               starlark.Value
	parseFloat, parseInt, parseConstant starlark.Value
	strict                              bool
}

// hook calls one of loads' hooks with arg.
func (d *decoder) hook(fn, arg starlark.Value) (starlark.Value, error) {
	return starlark.Call(d.thread, fn, starlark.Tuple{arg}, nil)
}

// constant is NaN, Infinity or -Infinity, or parse_constant's value for it.
func (d *decoder) constant(name string, f float64, end int) (starlark.Value, int, error) {
	if d.parseConstant != nil {
		v, err := d.hook(d.parseConstant, starlark.String(name))
		return v, end, err
	}
	return starlark.Float(f), end, nil
}

// syntaxError is a decoding failure at byte offset pos.
type syntaxError struct {
	msg string
	pos int
}

func (e *syntaxError) Error() string { return e.msg }

// stop is CPython's StopIteration from scan_once: no value at pos.
func stop(pos int) error { return &syntaxError{"Expecting value", pos} }

func (d *decoder) err(err error) error {
	if se, ok := err.(*syntaxError); ok {
		return decodeError(d.s, se.msg, se.pos)
	}
	return err
}

// decodeError formats msg with the line, column and character offset of
// byte offset pos, as json.JSONDecodeError does, and carries its msg, doc,
// pos, lineno and colno attributes (pos counted in characters, as Python's).
func decodeError(s, msg string, pos int) error {
	before := s[:pos]
	char := utf8.RuneCountInString(before)
	line := strings.Count(before, "\n") + 1
	col := char + 1
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		col = utf8.RuneCountInString(before[i+1:]) + 1
	}
	err := pyerr.New(DecodeError, "%s: line %d column %d (char %d)", msg, line, col, char)
	err.Attrs = starlark.StringDict{
		"msg":    starlark.String(msg),
		"doc":    starlark.String(s),
		"pos":    starlark.MakeInt(char),
		"lineno": starlark.MakeInt(line),
		"colno":  starlark.MakeInt(col),
	}
	return err
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (d *decoder) skipSpace(i int) int {
	for i < len(d.s) && isSpace(d.s[i]) {
		i++
	}
	return i
}

// scan parses one value at idx and returns it with the offset after it.
func (d *decoder) scan(idx int) (starlark.Value, int, error) {
	s := d.s
	if idx >= len(s) {
		return nil, 0, stop(idx)
	}
	rest := s[idx:]
	switch s[idx] {
	case '"':
		str, end, err := d.scanString(idx + 1)
		if err != nil {
			return nil, 0, err
		}
		return starlark.String(str), end, nil
	case '{':
		return d.nested(idx, d.object)
	case '[':
		return d.nested(idx, d.array)
	case 'n':
		if strings.HasPrefix(rest, "null") {
			return starlark.None, idx + 4, nil
		}
	case 't':
		if strings.HasPrefix(rest, "true") {
			return starlark.True, idx + 4, nil
		}
	case 'f':
		if strings.HasPrefix(rest, "false") {
			return starlark.False, idx + 5, nil
		}
	case 'N':
		if strings.HasPrefix(rest, "NaN") {
			return d.constant("NaN", math.NaN(), idx+3)
		}
	case 'I':
		if strings.HasPrefix(rest, "Infinity") {
			return d.constant("Infinity", math.Inf(1), idx+8)
		}
	case '-':
		if strings.HasPrefix(rest, "-Infinity") {
			return d.constant("-Infinity", math.Inf(-1), idx+9)
		}
	}
	return d.number(idx)
}

func (d *decoder) nested(idx int, parse func(int) (starlark.Value, int, error)) (starlark.Value, int, error) {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxDepth {
		what := "object"
		if d.s[idx] == '[' {
			what = "array"
		}
		return nil, 0, pyerr.New("RecursionError", "maximum recursion depth exceeded while decoding a JSON %s from a unicode string", what)
	}
	return parse(idx + 1)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// number is CPython's _match_number.
func (d *decoder) number(start int) (starlark.Value, int, error) {
	s := d.s
	n := len(s)
	idx := start
	if s[idx] == '-' {
		idx++
		if idx >= n {
			return nil, 0, stop(start)
		}
	}
	switch {
	case '1' <= s[idx] && s[idx] <= '9':
		idx++
		for idx < n && isDigit(s[idx]) {
			idx++
		}
	case s[idx] == '0':
		idx++
	default:
		return nil, 0, stop(start)
	}
	isFloat := false
	if idx < n-1 && s[idx] == '.' && isDigit(s[idx+1]) {
		isFloat = true
		idx += 2
		for idx < n && isDigit(s[idx]) {
			idx++
		}
	}
	if idx < n-1 && (s[idx] == 'e' || s[idx] == 'E') {
		eStart := idx
		idx++
		if idx < n-1 && (s[idx] == '-' || s[idx] == '+') {
			idx++
		}
		for idx < n && isDigit(s[idx]) {
			idx++
		}
		if isDigit(s[idx-1]) {
			isFloat = true
		} else {
			idx = eStart
		}
	}
	text := s[start:idx]
	if isFloat && d.parseFloat != nil {
		v, err := d.hook(d.parseFloat, starlark.String(text))
		return v, idx, err
	}
	if !isFloat && d.parseInt != nil {
		v, err := d.hook(d.parseInt, starlark.String(text))
		return v, idx, err
	}
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !isRangeErr(err) {
			return nil, 0, stop(start)
		}
		return starlark.Float(f), idx, nil
	}
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		return starlark.MakeInt64(i), idx, nil
	}
	// Python's int(text) and its bound, before the quadratic parse.
	if err := pyformat.CheckParseDigits(len(strings.TrimPrefix(text, "-"))); err != nil {
		return nil, 0, err
	}
	bi, ok := new(big.Int).SetString(text, 10)
	if !ok {
		return nil, 0, stop(start)
	}
	return starlark.MakeBigInt(bi), idx, nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// object is CPython's _parse_object; idx is just after '{'.
func (d *decoder) object(idx int) (starlark.Value, int, error) {
	s := d.s
	dict := new(starlark.Dict)
	var pairs []starlark.Value // for object_pairs_hook: every pair, in order
	idx = d.skipSpace(idx)
	if idx >= len(s) || s[idx] != '}' {
		for {
			if idx >= len(s) || s[idx] != '"' {
				return nil, 0, &syntaxError{"Expecting property name enclosed in double quotes", idx}
			}
			key, next, err := d.scanString(idx + 1)
			if err != nil {
				return nil, 0, err
			}
			idx = d.skipSpace(next)
			if idx >= len(s) || s[idx] != ':' {
				return nil, 0, &syntaxError{"Expecting ':' delimiter", idx}
			}
			idx = d.skipSpace(idx + 1)
			val, next, err := d.scan(idx)
			if err != nil {
				return nil, 0, err
			}
			if d.pairsHook != nil {
				pairs = append(pairs, starlark.Tuple{starlark.String(key), val})
			} else if err := dict.SetKey(starlark.String(key), val); err != nil {
				return nil, 0, err
			}
			idx = d.skipSpace(next)
			if idx < len(s) && s[idx] == '}' {
				break
			}
			if idx >= len(s) || s[idx] != ',' {
				return nil, 0, &syntaxError{"Expecting ',' delimiter", idx}
			}
			idx = d.skipSpace(idx + 1)
		}
	}
	switch {
	case d.pairsHook != nil:
		v, err := d.hook(d.pairsHook, starlark.NewList(pairs))
		return v, idx + 1, err
	case d.objectHook != nil:
		v, err := d.hook(d.objectHook, dict)
		return v, idx + 1, err
	}
	return dict, idx + 1, nil
}

// array is CPython's _parse_array; idx is just after '['.
func (d *decoder) array(idx int) (starlark.Value, int, error) {
	s := d.s
	var elems []starlark.Value
	idx = d.skipSpace(idx)
	if idx >= len(s) || s[idx] != ']' {
		for {
			val, next, err := d.scan(idx)
			if err != nil {
				return nil, 0, err
			}
			elems = append(elems, val)
			idx = d.skipSpace(next)
			if idx < len(s) && s[idx] == ']' {
				break
			}
			if idx >= len(s) || s[idx] != ',' {
				return nil, 0, &syntaxError{"Expecting ',' delimiter", idx}
			}
			idx = d.skipSpace(idx + 1)
		}
	}
	return starlark.NewList(elems), idx + 1, nil
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for i := range 4 {
		c := s[i]
		var v byte
		switch {
		case '0' <= c && c <= '9':
			v = c - '0'
		case 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

// scanString is CPython's scanstring (strict); end is just after the
// opening quote. It returns the string and the offset after the closing
// quote.
func (d *decoder) scanString(end int) (string, int, error) {
	s := d.s
	n := len(s)
	begin := end - 1
	var b strings.Builder
	for {
		next := end
		var c byte
		for ; next < n; next++ {
			c = s[next]
			if c == '"' || c == '\\' {
				break
			}
			if c <= 0x1f && d.strict {
				return "", 0, &syntaxError{"Invalid control character at", next}
			}
		}
		if next >= n {
			return "", 0, &syntaxError{"Unterminated string starting at", begin}
		}
		b.WriteString(s[end:next])
		next++
		if c == '"' {
			return b.String(), next, nil
		}
		if next == n {
			return "", 0, &syntaxError{"Unterminated string starting at", begin}
		}
		c = s[next]
		if c != 'u' {
			end = next + 1
			switch c {
			case '"', '\\', '/':
				b.WriteByte(c)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				return "", 0, &syntaxError{`Invalid \escape`, end - 2}
			}
			continue
		}
		next++
		end = next + 4
		if end >= n {
			return "", 0, &syntaxError{`Invalid \uXXXX escape`, next - 1}
		}
		r, ok := hex4(s[next:])
		if !ok {
			return "", 0, &syntaxError{`Invalid \uXXXX escape`, end - 5}
		}
		if 0xD800 <= r && r <= 0xDBFF && end+6 < n && s[end] == '\\' && s[end+1] == 'u' {
			r2, ok := hex4(s[end+2:])
			if !ok {
				return "", 0, &syntaxError{`Invalid \uXXXX escape`, end + 1}
			}
			if 0xDC00 <= r2 && r2 <= 0xDFFF {
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				end += 6
			}
		}
		b.WriteRune(r) // lone surrogates become U+FFFD
	}
}

// Encode is dumps(v) with Python's default options, for Go callers.
func Encode(v starlark.Value) (string, error) {
	e := &encoder{itemSep: ", ", keySep: ": ", ensureASCII: true}
	if err := e.encode(v, 0); err != nil {
		return "", err
	}
	return e.buf.String(), nil
}
