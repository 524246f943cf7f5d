// Package globmod is procstar's "glob" module: glob(pattern, recursive=)
// and escape, with Python's rules (a wildcard does not match a leading dot;
// ** spans directories when recursive).
package globmod

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns a new "glob" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "glob", Members: starlark.StringDict{
		"glob":   starlark.NewBuiltin("glob", glob),
		"escape": starlark.NewBuiltin("escape", escape),
	}}
}

func glob(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern string
	recursive := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pathname", &pattern, "recursive?", &recursive); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	env := procenv.Get(thread)
	matches := Glob(pattern, recursive, env.Path)
	out := make([]starlark.Value, len(matches))
	for i, m := range matches {
		out[i] = starlark.String(m)
	}
	return starlark.NewList(out), nil
}

// Glob returns the paths matching pattern, as written (relative ones
// resolved by resolve for the file system), sorted.
func Glob(pattern string, recursive bool, resolve func(string) string) []string {
	if pattern == "" {
		return nil
	}
	parts := strings.Split(pattern, "/")
	start := ""
	if strings.HasPrefix(pattern, "/") {
		start, parts = "/", parts[1:]
	}
	var out []string
	var match func(prefix string, parts []string)
	match = func(prefix string, parts []string) {
		if len(parts) == 0 {
			out = append(out, prefix)
			return
		}
		part, rest := parts[0], parts[1:]
		join := func(name string) string {
			if prefix == "" {
				return name
			}
			if strings.HasSuffix(prefix, "/") {
				return prefix + name
			}
			return prefix + "/" + name
		}
		dir := prefix
		if dir == "" {
			dir = "."
		}
		if part == "" { // a trailing slash: only directories
			if st, err := os.Stat(resolve(dir)); err == nil && st.IsDir() && prefix != "" {
				out = append(out, prefix+"/")
			}
			return
		}
		if !hasMagic(part) {
			p := join(part)
			if _, err := os.Lstat(resolve(p)); err == nil {
				match(p, rest)
			}
			return
		}
		if recursive && part == "**" {
			// ** matches this directory and every one below it (not hidden).
			match(prefix, rest)
			var walk func(rel string)
			walk = func(rel string) {
				for _, name := range list(resolve(dirOf(rel, dir))) {
					if strings.HasPrefix(name, ".") {
						continue
					}
					p := joinRel(rel, name)
					full := joinPrefix(prefix, p)
					if st, err := os.Stat(resolve(full)); err == nil && st.IsDir() {
						match(full, rest)
						walk(p)
					} else if len(rest) == 0 {
						out = append(out, full)
					}
				}
			}
			walk("")
			return
		}
		pat := strings.ReplaceAll(part, "[!", "[^")
		for _, name := range list(resolve(dir)) {
			if strings.HasPrefix(name, ".") && !strings.HasPrefix(part, ".") {
				continue
			}
			if ok, _ := filepath.Match(pat, name); ok {
				match(join(name), rest)
			}
		}
	}
	match(start, parts)
	sort.Strings(out)
	return dedupe(out)
}

func dirOf(rel, dir string) string {
	if rel == "" {
		return dir
	}
	return dir + "/" + rel
}

func joinRel(rel, name string) string {
	if rel == "" {
		return name
	}
	return rel + "/" + name
}

func joinPrefix(prefix, p string) string {
	switch {
	case prefix == "":
		return p
	case strings.HasSuffix(prefix, "/"):
		return prefix + p
	}
	return prefix + "/" + p
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func list(dir string) []string {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	names, _ := f.Readdirnames(-1)
	sort.Strings(names)
	return names
}

func hasMagic(s string) bool { return strings.ContainsAny(s, "*?[") }

// escape is glob.escape: the wildcards of path in brackets.
func escape(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var sb strings.Builder
	for _, r := range p {
		if r == '*' || r == '?' || r == '[' {
			sb.WriteString("[" + string(r) + "]")
		} else {
			sb.WriteRune(r)
		}
	}
	return starlark.String(sb.String()), nil
}
