package dialect

import (
	"errors"
	"strings"

	"go.starlark.net/resolve"
	"go.starlark.net/syntax"
)

// Explain turns a parse error that Python syntax Starlark lacks caused
// ("got import, want primary expression") into one that says what to write
// instead (SPEC §7); src is the source that failed (the line of the error
// is looked at). The position is kept. Other errors are returned as they are.
func Explain(err error, src []byte) error {
	var rl resolve.ErrorList
	if errors.As(err, &rl) {
		// assert(x) parses as a call of the undefined name assert.
		for i, e := range rl {
			if e.Msg == "undefined: assert" {
				rl[i].Msg = assertHint
			}
		}
		return err
	}
	var se syntax.Error
	if !errors.As(err, &se) {
		return err
	}
	if se.Msg == "invalid syntax" {
		// The REPL's statement parser says only this where the file parser
		// names the token ("got '**', want newline").
		var full syntax.Error
		if _, err := Options.Parse(se.Pos.Filename(), src, 0); errors.As(err, &full) {
			se = full
		}
	}
	line := sourceLine(src, int(se.Pos.Line))
	if se.Msg == "conditional expression without else clause" {
		// x if c is None else y and x if a ** b else y end the condition
		// at "is" or "**", so the parser, at the "if", names neither.
		switch conditionStop(afterRunes(line, int(se.Pos.Col)-1)) {
		case "is":
			se.Msg = keywordHints["is"]
		case "**":
			se.Msg = powHint
		}
		return se
	}
	if hint := pythonHint(se.Msg, line); hint != "" {
		se.Msg = hint
	}
	return se
}

// sourceLine returns line n (1-based) of src.
func sourceLine(src []byte, n int) string {
	for i := 1; i < n; i++ {
		j := strings.IndexByte(string(src), '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	line, _, _ := strings.Cut(string(src), "\n")
	return line
}

// keywordHints are the Python statements and operators that Starlark
// reserves as keywords, by the keyword its parser reports ("got try").
var keywordHints = map[string]string{
	"import": importHint,
	"from":   importHint,
	"try":    tryHint,
	"except": tryHint,
	"finally": "try/finally is Python, not Starlark: call the cleanup after the call, " +
		"or use catch(fn, *args) and clean up whatever err is",
	"raise": `raise is Python, not Starlark: write fail("message") (catch() reports it with err.type "Error")`,
	"with": "with is Python, not Starlark: call lock.acquire() before the block and lock.release() after it " +
		"(pool.close() and pool.join() for a Pool)",
	"class": "class is Python, not Starlark: write functions, and keep state in dicts or lists",
	"is":    "the is operator is Python, not Starlark: compare with == and != (x == None)",
}

const (
	powHint    = "a ** b is Python, not Starlark: write pow(a, b)"
	assertHint = `assert is Python, not Starlark: write if not cond: fail("message")`
	importHint = `import is Python, not Starlark: the modules (os, sys, time, json, math, random, logging, ` +
		`multiprocessing) and the multiprocessing names are predeclared; load("file.star", "name") loads a file`
	tryHint = "try/except is Python, not Starlark: write result, err = catch(fn, *args) and test err " +
		`(err.type is the exception name, e.g. "queue.Empty")`
)

// pythonHint returns what to write instead of the Python syntax that caused
// the parse error msg on line, or "".
func pythonHint(msg, line string) string {
	if kw, ok := strings.CutPrefix(msg, "got "); ok {
		kw, _, _ = strings.Cut(kw, ",")
		if h, ok := keywordHints[kw]; ok {
			return h
		}
	}
	trimmed := strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(msg, "got '**'") && !strings.HasSuffix(msg, "want primary expression"):
		return powHint
	case strings.Contains(msg, " does not associate with "):
		return "chained comparisons are Python, not Starlark: write a < b and b < c"
	case strings.HasPrefix(msg, "got ") && hasFString(line):
		return `f-strings are Python, not Starlark: write "x=%s" % x or "x={}".format(x)`
	case strings.HasPrefix(trimmed, "assert ") || strings.HasPrefix(trimmed, "assert("):
		return assertHint
	}
	return ""
}

// hasFString reports whether line holds a string prefixed by f (f"", rf”,
// F"", ...), outside any other string.
func hasFString(line string) bool {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '#':
			return false
		case c == '"' || c == '\'':
			j := i
			for j > 0 && strings.IndexByte("rRbBfF", line[j-1]) >= 0 {
				j--
			}
			if prefix := strings.ToLower(line[j:i]); strings.Contains(prefix, "f") && (j == 0 || !isIdent(line[j-1])) {
				return true
			}
			quote = c
		}
	}
	return false
}

// afterRunes is line without its first n runes.
func afterRunes(line string, n int) string {
	for i := range line {
		if n == 0 {
			return line[i:]
		}
		n--
	}
	return ""
}

// conditionStop returns "is" or "**" if one of them comes in s (the text
// of a conditional expression from its "if" on) before "else", outside
// strings and comments, or "".
func conditionStop(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '#':
			return ""
		case c == '"' || c == '\'':
			quote = c
		case c == '*' && strings.HasPrefix(s[i:], "**"):
			return "**"
		case isIdent(c) && (i == 0 || !isIdent(s[i-1])):
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			switch s[i:j] {
			case "is":
				return "is"
			case "else":
				return ""
			}
			i = j - 1
		}
	}
	return ""
}

func isIdent(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
