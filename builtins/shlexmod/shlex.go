// Package shlexmod is procstar's "shlex" module: split (POSIX shell
// words), quote and join, as Python's.
package shlexmod

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
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
	comments := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &s, "comments?", &comments); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	words, err := Split(s, comments)
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
func Split(s string, comments bool) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 == len(s) {
				return nil, pyerr.New(pyerr.ValueError, "No escaped character")
			}
			i++
			w.WriteByte(s[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, pyerr.New(pyerr.ValueError, "No closing quotation")
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`\n", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, pyerr.New(pyerr.ValueError, "No closing quotation")
			}
			inWord = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '#' && comments && !inWord:
			for i < len(s) && s[i] != '\n' {
				i++
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
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

func quoteBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.String(Quote(s)), nil
}

func join(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var words starlark.Iterable
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &words); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
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
