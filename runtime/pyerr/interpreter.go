package pyerr

import (
	"regexp"
	"strings"
	"sync"
)

// go.starlark.net reports its own failures (int("a"), "a" + 1, len(5),
// [].remove(1)...) as plain text. interpreterRules give them the type
// Python raises for the same operation. The interpreter offers nothing but
// the text, so the rules are its message templates (see TestInterpreterTypes,
// which runs each operation), anchored at the start of the message or of a
// part after "name: ", where a builtin's name or a parameter prefixes them:
// what follows the template (a value, a key) is the script's and never
// decides the type.
var interpreterRules = []struct{ typ, re string }{
	{"ZeroDivisionError", `^((floored|floating-point|integer) )?(division|modulo)( or modulo)? by zero`},
	{"OverflowError", `^(cannot convert float infinity to integer|int too large to convert to float|floating-point number too large|shift count too large|repeat count \S+ too large|excessive repeat)`},
	{"RecursionError", `^(Starlark stack overflow|comparison exceeded maximum recursion depth)`},
	{"UnboundLocalError", `^local variable \S+ referenced before assignment`},
	{"NameError", `^global variable \S+ referenced before assignment`},
	{"AttributeError", `^(\S+ has no \.\S+ field or method|can't assign to \.\S+ field)`},
	{KeyError, `^(key .* not in (dict|\S+)$|key not found|missing key|keyword \S+ not found)`},
	{IndexError, `^(\S+ )?index -?\d+ out of range|^tuple index out of range`},
	{ValueError, `^(invalid literal with base|invalid float literal|base must be an integer|empty string$|` +
		`value not in list|element not found|substring not found|step argument must not be zero|` +
		`zero is not a valid slice step|empty separator|negative shift count|argument is an empty sequence|` +
		`dictionary update sequence element #\d+ has length|Unicode code point|cannot convert float NaN|` +
		`too (many|few) values to unpack|unmatched '\{'|single '\}'|cannot switch from|incomplete format|` +
		`unknown conversion)`},
	{RuntimeError, `^cannot .* (list|hash table) during iteration`},
	{TypeError, `^(unknown (binary|unary) op|unhashable|got \S+, want|got \d+ arguments?|` +
		`for parameter|value of type \S+ has no len|argument #\d+ is not iterable|in list, want|` +
		`invalid call of non-function|argument after \*\*? must be|keywords must be strings|` +
		`'in (<string>|bytes)' requires|string encodes \d+ Unicode code points|bytes has length|` +
		`cannot convert \S+ to int|cannot .* frozen (list|hash table|\S+)|unhandled index operation|invalid slice|` +
		`(not enough|too many) arguments for format string|format requires a mapping|` +
		`dictionary update sequence element #\d+ is not iterable|duplicate keyword arg|` +
		`can't convert non-string with explicit base|\S+ does not accept keyword arguments)|` +
		` not implemented$|^\S+ is unhashable|^function \S+ (missing \d+ argument|accepts |` +
		`got an unexpected keyword argument|got multiple values)|^\S+ requires at least one positional argument`},
}

var interpreterRE = sync.OnceValue(func() []*regexp.Regexp {
	// Compiled on the first failure, not at package init: every child
	// process runs init, few ever classify an interpreter error.
	res := make([]*regexp.Regexp, len(interpreterRules))
	for i, r := range interpreterRules {
		res[i] = regexp.MustCompile(r.re)
	}
	return res
})

// interpreterType is the Python type of one of go.starlark.net's failure
// messages, or "".
func interpreterType(msg string) string {
	res := interpreterRE()
	rest := msg
	for range 3 {
		for i, re := range res {
			if re.MatchString(rest) {
				return interpreterRules[i].typ
			}
		}
		// "int: invalid literal...", "list: for parameter 1: got int...":
		// look again after a builtin's name.
		head, tail, ok := strings.Cut(rest, ": ")
		if !ok || strings.ContainsAny(head, " \"'") && !strings.HasPrefix(head, "for parameter") {
			return ""
		}
		rest = tail
	}
	return ""
}
