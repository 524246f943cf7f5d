package osmod

import (
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// os.path beyond SPEC §8: posixpath's splitroot, expandvars, ismount,
// samefile, commonpath and commonprefix, step for step.

// splitroot is posixpath.splitroot (3.12): drive (always ""), root and
// tail; exactly two leading slashes are a root of their own.
func splitroot(p string) (drive, root, tail string) {
	switch {
	case !strings.HasPrefix(p, "/"):
		return "", "", p
	case !strings.HasPrefix(p[1:], "/") || strings.HasPrefix(p[2:], "/"):
		return "", "/", p[1:]
	}
	return "", p[:2], p[2:]
}

func isWord(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// expandvars is posixpath.expandvars: $name and ${name} (the pattern
// \$(\w+|\{[^}]*\}), ASCII) become os.environ's value; unknown names stay
// as written.
func expandvars(path string, environ *Environ) string {
	if !strings.Contains(path, "$") {
		return path
	}
	for i := 0; ; {
		k := strings.IndexByte(path[i:], '$')
		if k < 0 {
			return path
		}
		k += i
		end := k + 1
		var name string
		switch {
		case end < len(path) && isWord(path[end]):
			for end < len(path) && isWord(path[end]) {
				end++
			}
			name = path[k+1 : end]
		case end < len(path) && path[end] == '{':
			c := strings.IndexByte(path[end:], '}')
			if c < 0 {
				i = k + 1 // no match here; search on
				continue
			}
			end += c + 1
			name = path[k+2 : end-1]
		default:
			i = k + 1
			continue
		}
		v, ok := environ.lookup(name)
		if !ok {
			i = end
			continue
		}
		tail := path[end:]
		path = path[:k] + v
		i = len(path)
		path += tail
	}
}

// ismount is posixpath.ismount: a path that exists, is no symbolic link,
// and is on another device than its parent or is its own parent.
func ismount(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeError(err)
	}
	p, err := patharg.Sys("lstat", "path", v, false)
	if err != nil {
		return nil, err
	}
	var s1, s2 unix.Stat_t
	if unix.Lstat(procenv.Get(thread).Path(p), &s1) != nil || s1.Mode&unix.S_IFMT == unix.S_IFLNK {
		return starlark.False, nil
	}
	if unix.Lstat(realpath(thread, patharg.Join(p, "..")), &s2) != nil {
		return starlark.False, nil
	}
	return starlark.Bool(s1.Dev != s2.Dev || s1.Ino == s2.Ino), nil
}

// samefile is genericpath.samefile(f1, f2): os.stat of both, then the
// same device and inode.
func samefile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v1, v2 starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "f1", &v1, "f2", &v2); err != nil {
		return nil, typeError(err)
	}
	var st [2]unix.Stat_t
	for i, v := range []starlark.Value{v1, v2} {
		p, err := patharg.Sys("stat", "path", v, true)
		if err != nil {
			return nil, err
		}
		if err := unix.Stat(procenv.Get(thread).Path(p), &st[i]); err != nil {
			return nil, oserr.New(err, p)
		}
	}
	return starlark.Bool(st[0].Dev == st[1].Dev && st[0].Ino == st[1].Ino), nil
}

// items are the elements of a Python sequence argument: a str's
// characters, an iterable's elements.
func items(v starlark.Value) ([]starlark.Value, error) {
	if s, ok := v.(starlark.String); ok {
		var out []starlark.Value
		for _, r := range string(s) {
			out = append(out, starlark.String(string(r)))
		}
		return out, nil
	}
	it := pyiter.Iterate(v) // an iterator that can fail: its error is ours
	if it == nil {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", patharg.TypeName(v))
	}
	defer it.Done()
	var out []starlark.Value
	var x starlark.Value
	for it.Next(&x) {
		out = append(out, x)
	}
	return out, it.Err()
}

// commonpath is posixpath.commonpath(paths): the longest common sub-path,
// by components ("" and "." dropped).
func commonpath(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &pv); err != nil {
		return nil, typeError(err)
	}
	if !pv.Truth() {
		return nil, pyerr.New(pyerr.ValueError, "commonpath() arg is an empty sequence")
	}
	vs, err := items(pv)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(vs))
	for i, v := range vs {
		if paths[i], err = patharg.FSPath(v); err != nil {
			return nil, err
		}
	}
	if len(paths) == 0 {
		// An empty iterable that is true (a custom type) is Python's
		// set-unpacking error.
		return nil, pyerr.New(pyerr.ValueError, "Can't mix absolute and relative paths")
	}
	abs := strings.HasPrefix(paths[0], "/")
	var lo, hi []string
	for i, p := range paths {
		if strings.HasPrefix(p, "/") != abs {
			return nil, pyerr.New(pyerr.ValueError, "Can't mix absolute and relative paths")
		}
		var comps []string
		for _, c := range strings.Split(p, "/") {
			if c != "" && c != "." {
				comps = append(comps, c)
			}
		}
		if i == 0 || slicesLess(comps, lo) {
			lo = comps
		}
		if i == 0 || slicesLess(hi, comps) {
			hi = comps
		}
	}
	common := lo
	for i, c := range lo {
		if c != hi[i] {
			common = lo[:i]
			break
		}
	}
	prefix := ""
	if abs {
		prefix = "/"
	}
	return starlark.String(prefix + strings.Join(common, "/")), nil
}

// slicesLess is Python's list < list for lists of str.
func slicesLess(a, b []string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// commonprefix is genericpath.commonprefix(m): the longest common prefix,
// character by character, of strs, or item by item of lists or tuples.
func commonprefix(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &mv); err != nil {
		return nil, typeError(err)
	}
	if !mv.Truth() {
		return starlark.String(""), nil
	}
	if _, ok := mv.(starlark.Iterable); !ok {
		if _, isStr := mv.(starlark.String); !isStr {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", patharg.TypeName(mv))
		}
	}
	m, err := items(mv)
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return starlark.String(""), nil
	}
	switch m[0].(type) {
	case *starlark.List, starlark.Tuple:
		// min and max by Python's comparison, then their common items.
		lo, hi := m[0], m[0]
		for _, x := range m[1:] {
			if less, err := starlark.Compare(syntax.LT, x, lo); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			} else if less {
				lo = x
			}
			if less, err := starlark.Compare(syntax.LT, hi, x); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			} else if less {
				hi = x
			}
		}
		s1, s2 := lo.(starlark.Indexable), hi.(starlark.Indexable)
		n := s1.Len()
		for i := 0; i < n; i++ {
			if i >= s2.Len() {
				break
			}
			eq, err := starlark.Equal(s1.Index(i), s2.Index(i))
			if err != nil {
				return nil, err
			}
			if !eq {
				n = i
				break
			}
		}
		return s1.(starlark.Sliceable).Slice(0, n, 1), nil
	}
	strs := make([]string, len(m))
	for i, x := range m {
		if strs[i], err = patharg.FSPath(x); err != nil {
			return nil, err
		}
	}
	lo, hi := strs[0], strs[0]
	for _, s := range strs[1:] {
		lo, hi = min(lo, s), max(hi, s) // UTF-8's byte order is the code points'
	}
	n := 0
	for n < len(lo) && n < len(hi) && lo[n] == hi[n] {
		n++
	}
	for n > 0 && n < len(lo) && !utf8.RuneStart(lo[n]) {
		n-- // a whole character, as Python's s1[:i]
	}
	return starlark.String(lo[:n]), nil
}
