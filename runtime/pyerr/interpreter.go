package pyerr

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// go.starlark.net reports its own failures (int("a"), "a" + 1, len(5),
// [].remove(1)...) as plain text. interpreterRules give each the type
// Python raises for the same operation and, where the operation exists in
// Python, CPython's message for it. The interpreter offers nothing but the
// text, so the rules are its message templates (see TestInterpreterTypes
// and TestInterpreterTexts, which run each operation), anchored at the start
// of the message or of a part after "name: " or "for parameter p: ", where a
// builtin's name or a parameter prefixes them: what follows the template (a
// value, a key) is the script's and never decides the type.
//
// The first rule that matches wins. A rule with a text function rewrites the
// message (m is the match, c the prefixes before it); without one, or when
// the function returns "", the message is kept as the interpreter wrote it:
// then either Python has no such failure (frozen values, Starlark's limits)
// or the text lacks what Python's says and is clearer as it is.
type interpreterRule struct {
	typ, re string
	text    func(m []string, c prefix) string
}

// prefix is what came before a template: the builtin's name ("int" in
// "int: invalid literal...") and a parameter ("1", "key", `"key"`).
type prefix struct{ fn, param string }

const (
	zeroDivisionError   = "ZeroDivisionError"
	overflowError       = "OverflowError"
	recursionError      = "RecursionError"
	attributeError      = "AttributeError"
	unboundLocalError   = "UnboundLocalError"
	nameError           = "NameError"
	notInteger          = "'%s' object cannot be interpreted as an integer"
	dictChangedSize     = "dictionary changed size during iteration"
	setChangedSize      = "Set changed size during iteration"
	sliceIndicesMessage = "slice indices must be integers or None or have an __index__ method"
)

// interpreterRules is a function, not a variable, so that package init
// builds none of it (see interpreterRE).
func interpreterRules() []interpreterRule {
	return []interpreterRule{
		// Arithmetic. Starlark words // and / alike for ints and floats;
		// the int case, the commoner, gets Python's text.
		{zeroDivisionError, `^floored division by zero$`, fixed("integer division or modulo by zero")},
		{zeroDivisionError, `^floating-point division by zero$`, fixed("division by zero")},
		{zeroDivisionError, `^floating-point modulo by zero$`, fixed("float modulo")},
		{zeroDivisionError, `^((floored|floating-point|integer) )?(division|modulo)( or modulo)? by zero`, nil},
		{ValueError, `^negative shift count`, fixed("negative shift count")},
		{overflowError, `^(cannot convert float infinity to integer|int too large to convert to float)$`, same},
		{overflowError, `^(cannot convert float infinity to integer|int too large to convert to float|floating-point number too large|shift count too large|repeat count \S+ too large|excessive repeat)`, nil},
		{recursionError, `^Starlark stack overflow$`, fixed("maximum recursion depth exceeded")},
		{recursionError, `^comparison exceeded maximum recursion depth$`, fixed("maximum recursion depth exceeded in comparison")},
		{TypeError, `^unknown unary op: (\S+) ([\w.]+)$`, func(m []string, _ prefix) string {
			return "bad operand type for unary " + m[1] + ": " + quoteType(m[2])
		}},
		{TypeError, `^unknown binary op: ([\w.]+) (.+) ([\w.]+)$`, binaryOp},
		{TypeError, `^unknown (binary|unary) op`, nil},
		{TypeError, `^([\w.]+) (<|<=|>|>=) ([\w.]+) not implemented$`, func(m []string, _ prefix) string {
			return "'" + m[2] + "' not supported between instances of " + quoteType(m[1]) + " and " + quoteType(m[3])
		}},
		{TypeError, `^'in bytes' requires bytes or int as left operand, not ([\w.]+)$`, func(m []string, _ prefix) string {
			return "a bytes-like object is required, not " + quoteType(m[1])
		}},

		// Names and attributes.
		{unboundLocalError, `^local variable ([\w.]+) referenced before assignment$`, func(m []string, _ prefix) string {
			return "cannot access local variable '" + m[1] + "' where it is not associated with a value"
		}},
		{nameError, `^global variable ([\w.]+) referenced before assignment$`, func(m []string, _ prefix) string {
			return "name '" + m[1] + "' is not defined"
		}},
		// Python's traceback adds the suggestion to the message so
		// (str(err) lacks it).
		{attributeError, `^([\w.]+) has no \.([\w.]+) field or method(?: \(did you mean \.([\w.]+)\?\))?$`, func(m []string, _ prefix) string {
			s := quoteType(m[1]) + " object has no attribute '" + m[2] + "'"
			if m[3] != "" {
				s += ". Did you mean: '" + m[3] + "'?"
			}
			return s
		}},
		{attributeError, `^(module '[\w.]+' has no attribute '\w+')(?: \(did you mean \.(\w+)\?\))?$`, func(m []string, _ prefix) string {
			if m[2] != "" {
				return m[1] + ". Did you mean: '" + m[2] + "'?"
			}
			return m[1]
		}},
		{attributeError, `^can't assign to \.([\w.]+) field of ([\w.]+)$`, func(m []string, _ prefix) string {
			return quoteType(m[2]) + " object has no attribute '" + m[1] + "'"
		}},
		{attributeError, `^(\S+ has no \.\S+ field or method|can't assign to \.\S+ field)`, nil},

		// Keys and indices.
		{KeyError, `(?s)^key (.*) not in \S+$`, func(m []string, _ prefix) string { return pyRepr(m[1]) }},
		{KeyError, `^missing key$`, func(_ []string, c prefix) string {
			switch c.fn {
			case "pop": // dict.pop: Python's KeyError is the key, which the text lacks
				return "dict.pop(k): k not in dict"
			case "remove":
				return "set.remove(x): x not in set"
			}
			return ""
		}},
		{KeyError, `^empty dict$`, fixed("'popitem(): dictionary is empty'")},
		{KeyError, `^empty set$`, fixed("'pop from an empty set'")},
		{KeyError, `(?s)^key not found: (.*)$`, func(m []string, _ prefix) string { return pyQuote(m[1]) }},
		{KeyError, `(?s)^keyword (.*) not found$`, func(m []string, _ prefix) string { return pyQuote(m[1]) }},
		{KeyError, `^(key .* not in (dict|\S+)$|key not found|missing key|keyword \S+ not found)`, nil},
		{IndexError, `^(?:([\w.]+) index -?\d+ out of range \[-?\d+:-?\d+\]|index -?\d+ out of range: empty ([\w.]+))$`, func(m []string, c prefix) string {
			if c.fn == "pop" {
				if m[2] != "" {
					return "pop from empty " + pyType(m[2])
				}
				return "pop index out of range"
			}
			switch typ := m[1] + m[2]; {
			case typ == "string", typ == "list", typ == "tuple":
				return typ + " index out of range"
			case typ == "bytes":
				return "index out of range"
			case typ == "range":
				return "range object index out of range"
			case ctypesArray(typ):
				return "invalid index"
			default:
				return pyType(typ) + " index out of range"
			}
		}},
		{IndexError, `^(\w+ )?index -?\d+ out of range|^tuple index out of range`, nil},
		// An index beyond 32 bits (AsInt32's complaint): out of range too,
		// or, beyond Py_ssize_t, Python's index-sized message (a range
		// takes any int).
		{IndexError, `^([\w.]+) index: (-?\d+) out of range$`, func(m []string, _ prefix) string {
			if _, err := strconv.ParseInt(m[2], 10, 64); err != nil && m[1] != "range" {
				return "cannot fit 'int' into an index-sized integer"
			}
			switch m[1] {
			case "string", "list", "tuple":
				return m[1] + " index out of range"
			case "bytes":
				return "index out of range"
			case "range":
				return "range object index out of range"
			}
			return pyType(m[1]) + " index out of range"
		}},
		// chr of an int beyond 32 bits: CPython's conversion to a C int.
		{overflowError, `^-?\d+ out of range$`, func(_ []string, c prefix) string {
			if c.fn != "chr" {
				return ""
			}
			return "Python int too large to convert to C int"
		}},
		{TypeError, `^([\w.]+) index: got ([\w.]+), want int$`, func(m []string, _ prefix) string {
			switch m[1] {
			case "string":
				return "string indices must be integers, not " + quoteType(m[2])
			case "bytes":
				return "byte indices must be integers or slices, not " + pyType(m[2])
			}
			if ctypesArray(m[1]) {
				return "indices must be integers"
			}
			return pyType(m[1]) + " indices must be integers or slices, not " + pyType(m[2])
		}},
		{TypeError, `^unhandled index operation ([\w.]+)\[\S+\]$`, func(m []string, _ prefix) string {
			return quoteType(m[1]) + " object is not subscriptable"
		}},
		{TypeError, `^invalid slice operand ([\w.]+)$`, func(m []string, _ prefix) string {
			return quoteType(m[1]) + " object is not subscriptable"
		}},
		{TypeError, `^invalid (start index|end index|slice step): `, fixed(sliceIndicesMessage)},
		{ValueError, `^zero is not a valid slice step$`, fixed("slice step cannot be zero")},
		{TypeError, `^([\w.]+) value does not support item assignment$`, func(m []string, _ prefix) string {
			return quoteType(m[1]) + " object does not support item assignment"
		}},

		// Hashing, lengths, iteration, calls.
		{TypeError, `^unhashable(?: type)?: ([\w.]+)$`, func(m []string, _ prefix) string {
			return "unhashable type: " + quoteType(m[1])
		}},
		{TypeError, `^([\w.]+) is unhashable`, nil},
		{TypeError, `^value of type ([\w.]+) has no len$`, func(m []string, _ prefix) string {
			return "object of type " + quoteType(m[1]) + " has no len()"
		}},
		{TypeError, `^([\w.]+) value is not iterable$`, notIterable(1)},
		{TypeError, `^argument #\d+ is not iterable: ([\w.]+)$`, notIterable(1)},
		{TypeError, `^got ([\w.]+) in sequence assignment$`, func(m []string, _ prefix) string {
			return "cannot unpack non-iterable " + pyType(m[1]) + " object"
		}},
		{ValueError, `^too many values to unpack \(got \d+, want (\d+)\)$`, func(m []string, _ prefix) string {
			return "too many values to unpack (expected " + m[1] + ")"
		}},
		{ValueError, `^too few values to unpack \(got (\d+), want (\d+)\)$`, func(m []string, _ prefix) string {
			return "not enough values to unpack (expected " + m[2] + ", got " + m[1] + ")"
		}},
		{ValueError, `^too (many|few) values to unpack`, nil},
		{TypeError, `^invalid call of non-function \(([\w.]+)\)$`, func(m []string, _ prefix) string {
			return quoteType(m[1]) + " object is not callable"
		}},
		{TypeError, `^argument after \* must be iterable, not ([\w.]+)$`, func(m []string, _ prefix) string {
			return "argument after * must be an iterable, not " + pyType(m[1])
		}},
		{TypeError, `^argument after \*\* must be`, nil},
		{TypeError, `^keywords must be strings, not \S+$`, fixed("keywords must be strings")},

		// A script's function called with the wrong arguments. Python names
		// the function by its qualified name, Starlark by its name.
		{TypeError, `^function ([\w.]+) accepts no arguments \((\d+) given\)$`, func(m []string, _ prefix) string {
			return funcName(m[1]) + "() takes 0 positional arguments but " + given(m[2])
		}},
		{TypeError, `^function ([\w.]+) accepts (at most )?(\d+) positional arguments? \((\d+) given\)$`, func(m []string, _ prefix) string {
			return funcName(m[1]) + "() takes " + m[2] + plural(m[3], "positional argument") + " but " + given(m[4])
		}},
		{TypeError, `^function ([\w.]+) got an unexpected keyword argument "?([^"]*)"?$`, func(m []string, _ prefix) string {
			return funcName(m[1]) + "() got an unexpected keyword argument '" + m[2] + "'"
		}},
		{TypeError, `^function ([\w.]+) got multiple values for parameter "?([^"]*)"?$`, func(m []string, _ prefix) string {
			return funcName(m[1]) + "() got multiple values for argument '" + m[2] + "'"
		}},
		// Starlark lists keyword-only parameters with the others; Python
		// would say "keyword-only" for them.
		{TypeError, `^function ([\w.]+) missing (\d+) arguments? \((.*)\)$`, func(m []string, _ prefix) string {
			return funcName(m[1]) + "() missing " + plural(m[2], "required positional argument") + ": " +
				nameList(strings.Split(m[3], ", "))
		}},

		{TypeError, `^function \S+ (missing \d+ argument|accepts |got an unexpected keyword argument|got multiple values)`, nil},

		// A builtin called with the wrong arguments (go.starlark.net's
		// UnpackArgs and builtins, procstar's builtins that use them).
		{TypeError, `^got (\d+) arguments?, want at (most|least) (\d+)$`, func(m []string, c prefix) string {
			if c.fn == "" || c.param != "" {
				return ""
			}
			if m[2] == "most" && m[3] == "0" {
				return methodName(c.fn) + "() takes no arguments (" + m[1] + " given)"
			}
			return c.fn + " expected at " + m[2] + " " + plural(m[3], "argument") + ", got " + m[1]
		}},
		{TypeError, `^got (\d+) arguments?, want (?:exactly )?(\d+)$`, func(m []string, c prefix) string {
			if c.fn == "" || c.param != "" {
				return ""
			}
			fn := methodName(c.fn)
			switch {
			case c.fn == "type":
				return "type() takes 1 or 3 arguments"
			case m[2] == "0":
				return fn + "() takes no arguments (" + m[1] + " given)"
			case m[2] == "1":
				return fn + "() takes exactly one argument (" + m[1] + " given)"
			}
			return fn + "() takes exactly " + m[2] + " arguments (" + m[1] + " given)"
		}},
		{TypeError, `^([\w.]+) got (\d+) arguments, wants 1$`, func(m []string, _ prefix) string {
			return m[1] + " expected at most 1 argument, got " + m[2]
		}},
		{TypeError, `^([\w.]+) requires at least one positional argument$`, func(m []string, _ prefix) string {
			return m[1] + " expected at least 1 argument, got 0"
		}},
		{TypeError, `^missing argument for ([\w.]+)$`, func(m []string, c prefix) string {
			if c.fn == "" {
				return ""
			}
			return c.fn + "() missing 1 required positional argument: '" + m[1] + "'"
		}},
		{TypeError, `^unexpected keyword argument "?([^" ]*)"?(?: \(did you mean "?([^" ]*?)"?\?\))?$`, func(m []string, c prefix) string {
			if c.fn == "" {
				return ""
			}
			if c.fn == "sorted" {
				return "'" + m[1] + "' is an invalid keyword argument for sort()"
			}
			s := c.fn + "() got an unexpected keyword argument '" + m[1] + "'"
			if m[2] != "" {
				s += ". Did you mean '" + m[2] + "'?"
			}
			return s
		}},
		{TypeError, `^got multiple values for keyword argument "?([^"]*)"?$`, func(m []string, c prefix) string {
			if c.fn == "" {
				return ""
			}
			return c.fn + "() got multiple values for argument '" + m[1] + "'"
		}},
		{TypeError, `^unexpected keyword arguments$`, func(_ []string, c prefix) string {
			if c.fn == "" {
				return ""
			}
			return methodName(c.fn) + "() takes no keyword arguments"
		}},
		{TypeError, `^([\w.]+) does not accept keyword arguments$`, func(m []string, _ prefix) string {
			return m[1] + "() takes no keyword arguments"
		}},
		{TypeError, `^got ([\w.]+), want (.+)$`, wrongType},
		{TypeError, `^for base, got ([\w.]+), want int$`, func(m []string, _ prefix) string {
			return strings.Replace(notInteger, "%s", pyType(m[1]), 1)
		}},
		{TypeError, `^duplicate keyword arg: "?([^"]*)"?$`, func(m []string, c prefix) string {
			if c.fn == "" {
				return ""
			}
			return c.fn + "() got multiple values for keyword argument '" + m[1] + "'"
		}},
		{TypeError, `^duplicate keyword arg`, nil},

		// Conversions.
		{ValueError, `(?s)^invalid literal with base (\d+): (.*)$`, func(m []string, _ prefix) string {
			return "invalid literal for int() with base " + m[1] + ": " + pyQuote(m[2])
		}},
		{ValueError, `^base must be an integer >= 2 && <= 36$`, fixed("int() base must be >= 2 and <= 36, or 0")},
		{TypeError, `^can't convert non-string with explicit base$`, fixed("int() can't convert non-string with explicit base")},
		{TypeError, `^cannot convert ([\w.]+) to int$`, func(m []string, c prefix) string {
			if c.fn != "int" {
				return ""
			}
			return "int() argument must be a string, a bytes-like object or a real number, not " + quoteType(m[1])
		}},
		{ValueError, `(?s)^invalid float literal: (.*)$`, func(m []string, _ prefix) string {
			return "could not convert string to float: " + pyQuote(m[1])
		}},
		{ValueError, `^empty string$`, func(_ []string, c prefix) string {
			if c.fn != "float" {
				return ""
			}
			return "could not convert string to float: ''"
		}},
		{TypeError, `^float got ([\w.]+), want number or string$`, func(m []string, _ prefix) string {
			return "float() argument must be a string or a real number, not " + quoteType(m[1])
		}},
		{ValueError, `^cannot convert float NaN to integer$`, same},
		{ValueError, `^cannot convert float NaN`, nil},
		{ValueError, `^Unicode code point .* out of range`, fixed("chr() arg not in range(0x110000)")},
		{TypeError, `^string encodes (\d+) Unicode code points, want 1$`, func(m []string, _ prefix) string {
			return "ord() expected a character, but string of length " + m[1] + " found"
		}},
		{TypeError, `^bytes has length (\d+), want 1$`, func(m []string, _ prefix) string {
			return "ord() expected a character, but string of length " + m[1] + " found"
		}},

		// Methods of str, list and dict, and other builtins.
		{ValueError, `^value not in list$`, fixed("list.index(x): x not in list")}, // Python's names the value, which the text lacks
		{ValueError, `^element not found$`, fixed("list.remove(x): x not in list")},
		{ValueError, `^substring not found$`, fixed("substring not found")},
		{ValueError, `^empty separator$`, fixed("empty separator")},
		{ValueError, `^step argument must not be zero$`, fixed("range() arg 3 must not be zero")},
		{ValueError, `^argument is an empty sequence$`, func(_ []string, c prefix) string {
			if c.fn == "" {
				return ""
			}
			return c.fn + "() iterable argument is empty"
		}},
		{ValueError, `^dictionary update sequence element #(\d+) has length (\d+), want 2$`, func(m []string, _ prefix) string {
			return "dictionary update sequence element #" + m[1] + " has length " + m[2] + "; 2 is required"
		}},
		{ValueError, `^dictionary update sequence element #\d+ has`, nil},
		{TypeError, `^dictionary update sequence element #(\d+) is not iterable`, func(m []string, _ prefix) string {
			return "cannot convert dictionary update sequence element #" + m[1] + " to a sequence"
		}},
		{TypeError, `^in list, want string, got ([\w.]+)$`, func(m []string, _ prefix) string {
			// Python's also says which item ("sequence item 2: ...").
			return "sequence item: expected str instance, " + pyType(m[1]) + " found"
		}},
		{TypeError, `^want string, got ([\w.]+), for element \d+$`, func(m []string, c prefix) string {
			return "tuple for " + c.fn + " must only contain str, not " + pyType(m[1])
		}},
		{TypeError, `^got ([\w.]+) for separator, want string$`, func(m []string, _ prefix) string {
			return "must be str or None, not " + pyType(m[1])
		}},
		{TypeError, `^'in (<string>|bytes)' requires`, nil},
		{TypeError, `^cannot .* frozen `, nil},
		{TypeError, `^(not enough|too many) arguments for format string|^format requires a mapping`, nil},
		{ValueError, `^(unmatched '\{'|single '\}'|cannot switch from|incomplete format|unknown conversion)`, nil},

		// A dict or set changed while a loop goes over it. Python lets a loop
		// append to a list, and only a change of a dict's size fails (at the
		// next step).
		{RuntimeError, `^cannot (insert into|delete from|clear) hash table during iteration$`, func(_ []string, c prefix) string {
			switch c.fn {
			case "add", "discard", "remove", "difference_update", "intersection_update", "symmetric_difference_update":
				return setChangedSize
			}
			return dictChangedSize
		}},
		{RuntimeError, `^cannot .* (list|hash table) during iteration`, nil},
		{TypeError, ` not implemented$`, nil},
	}
}

// binaryOp is Python's text for "unknown binary op: X op Y".
func binaryOp(m []string, _ prefix) string {
	x, op, y := m[1], m[2], m[3]
	switch op {
	case "in", "not in":
		return "argument of type " + quoteType(y) + " is not iterable"
	case "+":
		if x == y {
			break
		}
		switch x {
		case "string", "list", "tuple":
			return "can only concatenate " + pyType(x) + ` (not "` + pyType(y) + `") to ` + pyType(x)
		case "bytes":
			return "can't concat " + pyType(y) + " to bytes"
		}
	case "*":
		if sequence(x) && y != "int" {
			return "can't multiply sequence by non-int of type " + quoteType(y)
		}
		if sequence(y) && x != "int" {
			return "can't multiply sequence by non-int of type " + quoteType(x)
		}
	}
	return "unsupported operand type(s) for " + op + ": " + quoteType(x) + " and " + quoteType(y)
}

func sequence(typ string) bool {
	return typ == "string" || typ == "list" || typ == "tuple" || typ == "bytes"
}

// wrongType is Python's text for a builtin's argument of the wrong type,
// "got T, want W" (after "name: for parameter p: " mostly).
func wrongType(m []string, c prefix) string {
	got, want := m[1], m[2]
	switch want {
	case "int":
		return strings.Replace(notInteger, "%s", pyType(got), 1)
	case "iterable":
		switch c.fn {
		case "join":
			return "can only join an iterable"
		case "reversed":
			return quoteType(got) + " object is not reversible"
		}
		return quoteType(got) + " object is not iterable"
	case "callable":
		return quoteType(got) + " object is not callable"
	case "float", "float or int", "int or float":
		switch c.fn {
		case "sleep":
			return strings.Replace(notInteger, "%s", pyType(got), 1)
		case "":
			// abs is the one builtin that says just this ("int or
			// float"); math's floor and ceil say "float or int".
			if want == "int or float" {
				return "bad operand type for abs(): " + quoteType(got)
			}
		}
		return "must be real number, not " + pyType(got)
	case "string or bytes":
		switch {
		case c.fn == "hash" && (got == "list" || got == "dict" || got == "set"):
			return "unhashable type: " + quoteType(got)
		case c.fn == "ord":
			return "ord() expected string of length 1, but " + pyType(got) + " found"
		}
		return ""
	case "string or tuple of string":
		return c.fn + " first arg must be str or a tuple of str, not " + pyType(got)
	}
	if c.fn == "" || strings.ContainsAny(want, " ,") {
		return ""
	}
	if want == "string" {
		switch c.fn {
		case "getattr", "hasattr":
			return "attribute name must be string, not " + quoteType(got)
		case "find", "rfind", "index", "rindex", "count", "partition", "rpartition":
			return "must be str, not " + pyType(got)
		case "strip", "lstrip", "rstrip":
			return c.fn + " arg must be None or str"
		}
	}
	// Argument Clinic's words: "find() argument 1 must be str, not int".
	arg := "argument"
	if p := strings.Trim(c.param, `"`); p != "" {
		if _, err := strconv.Atoi(p); err == nil {
			arg += " " + p
		} else {
			arg += " '" + p + "'"
		}
	}
	return c.fn + "() " + arg + " must be " + pyType(want) + ", not " + pyType(got)
}

func notIterable(i int) func([]string, prefix) string {
	return func(m []string, _ prefix) string { return quoteType(m[i]) + " object is not iterable" }
}

// same keeps the template, without the builtin's name before it.
func same(m []string, _ prefix) string { return m[0] }

func fixed(s string) func([]string, prefix) string {
	return func([]string, prefix) string { return s }
}

// methodName is fn qualified by its type if it is a method that only one
// type has, as Python names methods in some messages ("str.upper() takes
// no arguments (1 given)").
func methodName(fn string) string {
	switch fn {
	case "upper", "lower", "title", "capitalize", "casefold", "swapcase", "isalnum", "isalpha", "isdigit", "islower",
		"isspace", "istitle", "isupper", "join", "removeprefix", "removesuffix":
		return "str." + fn
	case "append", "extend", "insert":
		return "list." + fn
	case "keys", "values", "items", "popitem":
		return "dict." + fn
	case "add", "discard":
		return "set." + fn
	}
	return fn
}

// pyType is Python's name for the type Starlark calls typ.
func pyType(typ string) string {
	if typ == "string" {
		return "str"
	}
	return typ
}

// ctypesArray reports whether typ names a shared Array (sharedctypes'
// SynchronizedArray, SynchronizedString, or a RawArray's c_int_Array_3):
// its index errors are ctypes' texts.
func ctypesArray(typ string) bool {
	return typ == "SynchronizedArray" || typ == "SynchronizedString" || strings.Contains(typ, "_Array_")
}

func quoteType(typ string) string { return "'" + pyType(typ) + "'" }

// funcName is the name Python gives a function in its messages.
func funcName(name string) string {
	if name == "lambda" {
		return "<lambda>"
	}
	return name
}

// plural is "n word" or "n words".
func plural(n, word string) string {
	if n == "1" {
		return n + " " + word
	}
	return n + " " + word + "s"
}

// given is "1 was given" or "n were given".
func given(n string) string {
	if n == "1" {
		return "1 was given"
	}
	return n + " were given"
}

// nameList quotes names as Python lists missing arguments: 'a', 'a' and
// 'b', 'a', 'b', and 'c'.
func nameList(names []string) string {
	for i, n := range names {
		names[i] = "'" + n + "'"
	}
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}

type compiledRule struct {
	interpreterRule
	re *regexp.Regexp
}

var interpreterRE = sync.OnceValue(func() []compiledRule {
	// Built on the first failure, not at package init: every child
	// process runs init, few ever classify an interpreter error.
	rules := interpreterRules()
	res := make([]compiledRule, len(rules))
	for i, r := range rules {
		res[i] = compiledRule{r, regexp.MustCompile(r.re)}
	}
	return res
})

// interpreterError is the Python type and message of one of go.starlark.net's
// failure messages, or "" and msg.
func interpreterError(msg string) (typ, text string) {
	res := interpreterRE()
	rest := msg
	var c prefix
	for range 3 {
		for _, r := range res {
			m := r.re.FindStringSubmatch(rest)
			if m == nil {
				continue
			}
			if r.text != nil {
				if s := r.text(m, c); s != "" {
					return r.typ, s
				}
			}
			return r.typ, msg
		}
		// "int: invalid literal...", "list: for parameter 1: got int...":
		// look again after a builtin's name and a parameter.
		head, tail, ok := strings.Cut(rest, ": ")
		switch {
		case !ok:
			return badParam(c, msg)
		case strings.HasPrefix(head, "for parameter "):
			c.param = strings.TrimPrefix(head, "for parameter ")
		case c.fn == "" && !strings.ContainsAny(head, " \"'"):
			c.fn = head
		default:
			return badParam(c, msg)
		}
		rest = tail
	}
	return badParam(c, msg)
}

// badParam is the type of a message that no rule knows: a builtin's
// complaint about one of its parameters is a TypeError.
func badParam(c prefix, msg string) (typ, text string) {
	if c.param != "" {
		return TypeError, msg
	}
	return "", msg
}
