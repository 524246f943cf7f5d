// Package globmod is procstar's "glob" module: glob(pathname, *,
// root_dir=None, recursive=False, include_hidden=False), iglob and escape,
// a port of CPython's glob.py and of
// fnmatch's pattern rules (a wildcard does not match a leading dot; ** spans
// directories when recursive; "[" without its "]" is a literal).
package globmod

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/builtins/itertoolsmod"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns a new "glob" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "glob", Members: starlark.StringDict{
		"glob":   starlark.NewBuiltin("glob", glob),
		"iglob":  starlark.NewBuiltin("iglob", iglob),
		"escape": starlark.NewBuiltin("escape", escape),
	}}
}

// iglob is glob.iglob: glob's matches as an iterator (found at once).
func iglob(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, err := glob(thread, b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return itertoolsmod.Of("generator", thread, v)
}

func glob(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		// The other parameters are keyword-only, as Python's.
		return nil, pyerr.New(pyerr.TypeError, "%s() takes 1 positional argument but %d were given", b.Name(), len(args))
	}
	var pv starlark.Value
	var rootDir starlark.Value = starlark.None
	var recursive, includeHidden starlark.Value = starlark.False, starlark.False
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pathname", &pv, "root_dir?", &rootDir, "recursive?", &recursive, "include_hidden?", &includeHidden); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	pattern, ok := pv.(starlark.String)
	if !ok {
		// CPython's first use of the pattern is pathname[:0].
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not subscriptable", patharg.TypeName(pv))
	}
	g := globber{recursive: bool(recursive.Truth()), includeHidden: bool(includeHidden.Truth()), resolve: procenv.Get(thread).Path}
	if rootDir != starlark.None {
		root, err := patharg.FSPath(rootDir)
		if err != nil {
			return nil, err
		}
		g.root = root
	}
	matches := g.glob(string(pattern))
	out := make([]starlark.Value, len(matches))
	for i, m := range matches {
		out[i] = starlark.String(m)
	}
	return starlark.NewList(out), nil
}

// Glob returns the paths matching pattern, as written (relative ones
// resolved by resolve for the file system). Python gives them in the order
// the directories list them, which no script may rely on: here they are
// sorted.
func Glob(pattern string, recursive bool, resolve func(string) string) []string {
	return globber{recursive: recursive, resolve: resolve}.glob(pattern)
}

// glob is Glob with g's options.
func (g globber) glob(pattern string) []string {
	out := g.iglob(pattern, false)
	// Python drops the empty match of a leading "**" (and of "").
	if pattern == "" || g.recursive && strings.HasPrefix(pattern, "**") && (len(pattern) == 2 || pattern[2] == '/') {
		out = dropEmpty(out)
	}
	sort.Strings(out)
	return out
}

func dropEmpty(names []string) []string {
	out := names[:0]
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// globber holds glob's options: the paths it tests and lists are
// relative to root (root_dir; "" is the working directory), then resolved
// by resolve; the matches stay relative to root, as written.
type globber struct {
	recursive     bool
	includeHidden bool // wildcards match a leading dot
	root          string
	resolve       func(string) string
}

// path is p on the file system: below root unless absolute (Python's
// _join(root_dir, p)), the working directory for "".
func (g globber) path(p string) string {
	p = join(g.root, p)
	if p == "" {
		p = "."
	}
	return g.resolve(p)
}

// iglob is glob._iglob; dironly keeps only directories.
func (g globber) iglob(pathname string, dironly bool) []string {
	dirname, basename := split(pathname)
	if !hasMagic(pathname) {
		if basename != "" {
			if g.lexists(pathname) {
				return []string{pathname}
			}
		} else if g.isdir(dirname) { // a trailing slash: directories only
			return []string{pathname}
		}
		return nil
	}
	if dirname == "" {
		if g.recursive && basename == "**" {
			return g.glob2("", dironly)
		}
		return g.glob1("", basename, dironly)
	}
	dirs := []string{dirname}
	if dirname != pathname && hasMagic(dirname) {
		dirs = g.iglob(dirname, true)
	}
	var out []string
	for _, d := range dirs {
		var names []string
		switch {
		case !hasMagic(basename):
			names = g.glob0(d, basename)
		case g.recursive && basename == "**":
			names = g.glob2(d, dironly)
		default:
			names = g.glob1(d, basename, dironly)
		}
		for _, n := range names {
			out = append(out, patharg.Join(d, n))
		}
	}
	return out
}

// glob0 is a literal name in dirname.
func (g globber) glob0(dirname, basename string) []string {
	if basename != "" {
		if g.lexists(join(dirname, basename)) {
			return []string{basename}
		}
	} else if g.isdir(dirname) {
		return []string{basename}
	}
	return nil
}

// glob1 is the names in dirname that match pattern; hidden ones only if
// pattern starts with a dot.
func (g globber) glob1(dirname, pattern string, dironly bool) []string {
	re := translate(pattern)
	var out []string
	for _, n := range g.listdir(dirname, dironly) {
		if hidden(n) && !hidden(pattern) && !g.includeHidden {
			continue
		}
		if re.MatchString(n) {
			out = append(out, n)
		}
	}
	return out
}

// glob2 is "**": "" (dirname itself) and every name below dirname, hidden
// ones and what is below them left out.
func (g globber) glob2(dirname string, dironly bool) []string {
	out := []string{""}
	var rlist func(dir string) []string
	rlist = func(dir string) []string {
		var names []string
		for _, x := range g.listdir(dir, dironly) {
			if hidden(x) && !g.includeHidden {
				continue
			}
			names = append(names, x)
			for _, y := range rlist(join(dir, x)) {
				names = append(names, join(x, y))
			}
		}
		return names
	}
	return append(out, rlist(dirname)...)
}

// listdir is glob._listdir: the names in dir ("" is root), nothing if it
// cannot be read.
func (g globber) listdir(dir string, dironly bool) []string {
	f, err := os.Open(g.path(dir))
	if err != nil {
		return nil
	}
	defer f.Close()
	names, _ := f.Readdirnames(-1)
	sort.Strings(names)
	if !dironly {
		return names
	}
	out := names[:0]
	for _, n := range names {
		if g.isdir(join(dir, n)) {
			out = append(out, n)
		}
	}
	return out
}

func (g globber) lexists(p string) bool {
	_, err := os.Lstat(g.path(p))
	return err == nil
}

func (g globber) isdir(p string) bool {
	st, err := os.Stat(g.path(p))
	return err == nil && st.IsDir()
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") }

func hasMagic(s string) bool { return strings.ContainsAny(s, "*?[") }

// split is posixpath.split: the head loses its trailing slashes unless it
// is all slashes.
func split(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// join is glob._join: an empty part adds nothing.
func join(dir, name string) string {
	if dir == "" || name == "" {
		return dir + name
	}
	return patharg.Join(dir, name)
}

// Compile is fnmatch's pattern as a Go regexp (the fnmatch module matches
// with it).
func Compile(pat string) *regexp.Regexp { return translate(pat) }

// translate is fnmatch.translate as a Go regexp: * and ? match any
// character, [...] a set ([!...] its complement; ']' first is a member; a
// range whose ends are reversed is dropped), and "[" without a closing "]"
// is itself. A backslash is an ordinary character.
func translate(pat string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)^` + Translate(pat) + `$`)
}

// Translate is the body of fnmatch.translate(pat): the regexp of the
// pattern without flags or anchors (pathlib's match joins them).
func Translate(pat string) string {
	p := []rune(pat)
	n := len(p)
	var b strings.Builder
	lit := func(r rune) string { return fmt.Sprintf(`\x{%x}`, r) }
	for i := 0; i < n; {
		c := p[i]
		i++
		switch c {
		case '*':
			if !strings.HasSuffix(b.String(), ".*") {
				b.WriteString(".*")
			}
		case '?':
			b.WriteString(".")
		case '[':
			j := i
			if j < n && p[j] == '!' {
				j++
			}
			if j < n && p[j] == ']' {
				j++
			}
			for j < n && p[j] != ']' {
				j++
			}
			if j >= n {
				b.WriteString(lit('['))
				continue
			}
			b.WriteString(class(p[i:j]))
			i = j + 1
		default:
			b.WriteString(lit(c))
		}
	}
	return b.String()
}

// class is the regexp of the set between "[" and "]", as fnmatch splits it
// into chunks at the hyphens that make ranges.
func class(stuff []rune) string {
	neg := len(stuff) > 0 && stuff[0] == '!'
	body := stuff
	if neg {
		body = stuff[1:]
	}
	// chunks are the runs between range hyphens: "a-cx-z" is "a", "cx",
	// "z"; a hyphen at the very end is a member.
	var chunks [][]rune
	start, k := 0, 1
	for {
		h := -1
		for x := k; x < len(body); x++ {
			if body[x] == '-' {
				h = x
				break
			}
		}
		if h < 0 {
			break
		}
		chunks = append(chunks, body[start:h])
		start, k = h+1, h+3
	}
	if last := body[start:]; len(last) > 0 || len(chunks) == 0 {
		chunks = append(chunks, last)
	} else {
		chunks[len(chunks)-1] = append(append([]rune{}, chunks[len(chunks)-1]...), '-')
	}
	// A range whose low end is above its high end matches nothing: its two
	// ends go and the chunks around it join.
	for x := len(chunks) - 1; x > 0; x-- {
		prev, cur := chunks[x-1], chunks[x]
		if len(prev) > 0 && len(cur) > 0 && prev[len(prev)-1] > cur[0] {
			chunks[x-1] = append(append([]rune{}, prev[:len(prev)-1]...), cur[1:]...)
			chunks = append(chunks[:x], chunks[x+1:]...)
		}
	}
	var set strings.Builder
	for x, ch := range chunks {
		for y, r := range ch {
			if x > 0 && y == 0 {
				set.WriteByte('-') // the range between the chunks
			}
			fmt.Fprintf(&set, `\x{%x}`, r)
		}
	}
	switch {
	case set.Len() == 0 && !neg:
		return `[^\x00-\x{10ffff}]` // an empty set: never matches
	case set.Len() == 0:
		return "." // its complement: any character
	case neg:
		return "[^" + set.String() + "]"
	}
	return "[" + set.String() + "]"
}

// escape is glob.escape: the wildcards of path in brackets.
func escape(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	p, err := patharg.FSPath(v) // Python's escape starts with os.path.splitdrive
	if err != nil {
		return nil, err
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

// Match is fnmatch.fnmatchcase(name, pat) (fold: ignoring case), for
// pathlib's match and glob, which apply one pattern per path component
// and, unlike glob, let wildcards match a leading dot.
func Match(name, pat string, fold bool) bool {
	if fold {
		name, pat = strings.ToLower(name), strings.ToLower(pat)
	}
	return translate(pat).MatchString(name)
}

// HasMagic says whether s has glob wildcards.
func HasMagic(s string) bool { return hasMagic(s) }
