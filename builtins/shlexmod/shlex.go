// Package shlexmod is procstar's "shlex" module: split (POSIX shell
// words), quote and join, as Python's.
package shlexmod

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "shlex" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "shlex", Members: starlark.StringDict{
		"split": starlark.NewBuiltin("split", split),
		"quote": starlark.NewBuiltin("quote", quoteBuiltin),
		"join":  starlark.NewBuiltin("join", join),
	}}
}

func split(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	comments, posix := false, true
	sv := starlark.Value(nil)
	if len(args) > 0 {
		sv = args[0]
	}
	for _, kv := range kwargs {
		if kv[0] == starlark.String("s") {
			sv = kv[1]
		}
	}
	if sv == starlark.None {
		// CPython 3.12's error (3.11 read stdin instead).
		return nil, pyerr.New(pyerr.ValueError, "s argument must not be None")
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s, "comments?", &comments, "posix?", &posix); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	words, err := SplitMode(s, comments, posix)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(words))
	for i, w := range words {
		out[i] = starlark.String(w)
	}
	return starlark.NewList(out), nil
}

// Split splits s into words as a POSIX shell does (Python's shlex.split):
// quotes, backslash escapes; ValueError for an unclosed quote or a
// trailing backslash.
func Split(s string, comments bool) ([]string, error) { return SplitMode(s, comments, true) }

// SplitMode is Python's shlex.split(s, comments, posix): a port of
// shlex.read_token with whitespace_split set, so that the corner cases
// come out as Python's do: '#' ends a word when comments are on ("a#b" is
// "a"), inside double quotes a backslash escapes only '"' and '\\' (it is
// kept before '$'), and with posix=False quotes stay in the words and a
// backslash is an ordinary character.
func SplitMode(s string, comments, posix bool) ([]string, error) {
	const (
		whitespace = " \t\r\n"
		quotes     = "'\""
	)
	const eof rune = -1 // shlex's empty nextchar
	isComment := func(c rune) bool { return comments && c == '#' }
	in := []rune(s)
	pos := 0
	// state is shlex's: ' ' between words, 'a' in a word, a quote
	// character inside those quotes, '\\' after an escape; 0 at the end.
	state := ' '
	var words []string
	for state != 0 {
		var token strings.Builder
		quoted := false
		escapedState := ' '
	read:
		for {
			c := eof
			if pos < len(in) {
				c = in[pos]
				pos++
			}
			switch {
			case state == ' ':
				switch {
				case c == eof:
					state = 0
					break read
				case strings.ContainsRune(whitespace, c):
					if token.Len() > 0 || posix && quoted {
						break read
					}
				case isComment(c):
					pos = skipLine(in, pos)
				case posix && c == '\\':
					escapedState, state = 'a', c
				case strings.ContainsRune(quotes, c):
					if !posix {
						token.WriteRune(c)
					}
					state = c
				default:
					token.WriteRune(c)
					state = 'a'
				}
			case state == '\'' || state == '"':
				quoted = true
				switch {
				case c == eof:
					return nil, pyerr.New(pyerr.ValueError, "No closing quotation")
				case c == state:
					if !posix {
						token.WriteRune(c)
						state = ' '
						break read
					}
					state = 'a'
				case posix && c == '\\' && state == '"':
					escapedState, state = state, c
				default:
					token.WriteRune(c)
				}
			case state == '\\':
				if c == eof {
					return nil, pyerr.New(pyerr.ValueError, "No escaped character")
				}
				// In quotes, only the quote and the escape itself are escaped.
				if escapedState != 'a' && c != state && c != escapedState {
					token.WriteRune(state)
				}
				token.WriteRune(c)
				state = escapedState
			default: // 'a'
				switch {
				case c == eof:
					state = 0
					break read
				case strings.ContainsRune(whitespace, c):
					state = ' '
					if token.Len() > 0 || posix && quoted {
						break read
					}
				case isComment(c):
					// Without posix, the word goes on after the comment.
					pos = skipLine(in, pos)
					if posix {
						state = ' '
						if token.Len() > 0 || quoted {
							break read
						}
					}
				case posix && strings.ContainsRune(quotes, c):
					state = c
				case posix && c == '\\':
					escapedState, state = 'a', c
				default:
					token.WriteRune(c)
				}
			}
		}
		// An empty unquoted token is shlex's end of input.
		if token.Len() > 0 || posix && quoted {
			words = append(words, token.String())
		}
	}
	return words, nil
}

// skipLine returns the position after the next newline from pos (shlex's
// instream.readline() after a comment character).
func skipLine(in []rune, pos int) int {
	for pos < len(in) {
		pos++
		if in[pos-1] == '\n' {
			break
		}
	}
	return pos
}

// Quote is Python's shlex.quote: s as one shell word.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./-_", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}

// quoteBuiltin is shlex.quote(s). Python's returns "”" for any false
// value and otherwise searches s with a str pattern, whose TypeError texts
// these are.
func quoteBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if !v.Truth() {
		return starlark.String("''"), nil
	}
	switch v := v.(type) {
	case starlark.String:
		return starlark.String(Quote(string(v))), nil
	case starlark.Bytes:
		return nil, pyerr.New(pyerr.TypeError, "cannot use a string pattern on a bytes-like object")
	}
	return nil, pyerr.New(pyerr.TypeError, "expected string or bytes-like object, got '%s'", v.Type())
}

// join is shlex.join(split_command): any iterable of str, a str being its
// characters (join("ab") is "a b") as Python iterates it.
func join(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	v, err := pyiter.Whole(v) // an iterator that can fail: its error is ours
	if err != nil {
		return nil, err
	}
	words, ok := pyformat.Elements(v).(starlark.Iterable)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", v.Type())
	}
	var out []string
	for w := range starlark.Elements(words) {
		s, ok := starlark.AsString(w)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "expected string or bytes-like object, got '%s'", w.Type())
		}
		out = append(out, Quote(s))
	}
	return starlark.String(strings.Join(out, " ")), nil
}
