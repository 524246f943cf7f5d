// Package fnmatchmod is procstar's "fnmatch" module: fnmatch, fnmatchcase,
// filter and translate, as Python's on POSIX (fnmatch is case-sensitive
// there). Matching is globmod's port of fnmatch's pattern rules.
package fnmatchmod

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/globmod"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyiter"
)

// Module returns a new "fnmatch" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "fnmatch", Members: starlark.StringDict{
		"fnmatch":     starlark.NewBuiltin("fnmatch", match),
		"fnmatchcase": starlark.NewBuiltin("fnmatchcase", match),
		"filter":      starlark.NewBuiltin("filter", filter),
		"translate":   starlark.NewBuiltin("translate", translate),
	}}
}

func str(v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		// CPython's first use is in re or posixpath.normcase.
		return "", pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", v.Type())
	}
	return string(s), nil
}

// mixed is the TypeError of CPython's re for a str name and a bytes
// pattern or the reverse (test_fnmatch's test_mix_bytes_str), which
// str's text would misstate as bytes not being accepted.
func mixed(name, pat starlark.Value) error {
	_, nb := name.(starlark.Bytes)
	_, pb := pat.(starlark.Bytes)
	_, ns := name.(starlark.String)
	_, ps := pat.(starlark.String)
	switch {
	case ns && pb:
		return pyerr.New(pyerr.TypeError, "cannot use a bytes pattern on a string-like object")
	case nb && ps:
		return pyerr.New(pyerr.TypeError, "cannot use a string pattern on a bytes-like object")
	}
	return nil
}

func match(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, pv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &nv, "pat", &pv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	if err := mixed(nv, pv); err != nil {
		return nil, err
	}
	name, err := str(nv)
	if err != nil {
		return nil, err
	}
	pat, err := str(pv)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(globmod.Compile(pat).MatchString(name)), nil
}

func filter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var names starlark.Iterable
	var pv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "names", &names, "pat", &pv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	// An iterator that can fail: its error is ours (and it is read once).
	l, err := pyiter.Whole(names)
	if err != nil {
		return nil, err
	}
	names = l.(starlark.Iterable)
	if _, ok := pv.(starlark.Bytes); ok {
		// A str name against a bytes pattern is re's TypeError.
		for x := range starlark.Elements(names) {
			if err := mixed(x, pv); err != nil {
				return nil, err
			}
		}
	}
	pat, err := str(pv)
	if err != nil {
		return nil, err
	}
	re := globmod.Compile(pat)
	var out []starlark.Value
	it := names.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		if err := mixed(x, pv); err != nil {
			return nil, err
		}
		name, err := str(x)
		if err != nil {
			return nil, err
		}
		if re.MatchString(name) {
			out = append(out, x)
		}
	}
	return starlark.NewList(out), nil
}

func translate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pat", &pv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	pat, err := str(pv)
	if err != nil {
		return nil, err
	}
	return starlark.String(Translate(pat)), nil
}

// reEscape is Python's re.escape.
func reEscape(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if strings.ContainsRune("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", r) {
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// Translate is CPython 3.12's fnmatch.translate, to the character: the
// text of a Python regular expression (the matching here is globmod's).
func Translate(pat string) string {
	const star = "\x00*" // a marker no translated piece equals
	p := []rune(pat)
	n := len(p)
	var res []string
	for i := 0; i < n; {
		c := p[i]
		i++
		switch c {
		case '*':
			if len(res) == 0 || res[len(res)-1] != star {
				res = append(res, star)
			}
		case '?':
			res = append(res, ".")
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
				res = append(res, `\[`)
				continue
			}
			stuff := string(p[i:j])
			if !strings.Contains(stuff, "-") {
				stuff = strings.ReplaceAll(stuff, `\`, `\\`)
			} else {
				var chunks []string
				k := i + 1
				if p[i] == '!' {
					k = i + 2
				}
				for {
					h := -1
					for x := k; x < j; x++ {
						if p[x] == '-' {
							h = x
							break
						}
					}
					if h < 0 {
						break
					}
					chunks = append(chunks, string(p[i:h]))
					i = h + 1
					k = h + 3
				}
				if chunk := string(p[i:j]); chunk != "" {
					chunks = append(chunks, chunk)
				} else {
					chunks[len(chunks)-1] += "-"
				}
				for k := len(chunks) - 1; k > 0; k-- {
					prev, cur := []rune(chunks[k-1]), []rune(chunks[k])
					if len(prev) > 0 && len(cur) > 0 && prev[len(prev)-1] > cur[0] {
						chunks[k-1] = string(prev[:len(prev)-1]) + string(cur[1:])
						chunks = append(chunks[:k], chunks[k+1:]...)
					}
				}
				for x, s := range chunks {
					chunks[x] = strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "-", `\-`)
				}
				stuff = strings.Join(chunks, "-")
			}
			var esc strings.Builder
			for _, r := range stuff {
				if r == '&' || r == '~' || r == '|' {
					esc.WriteByte('\\')
				}
				esc.WriteRune(r)
			}
			stuff = esc.String()
			i = j + 1
			switch {
			case stuff == "":
				res = append(res, "(?!)")
			case stuff == "!":
				res = append(res, ".")
			default:
				if stuff[0] == '!' {
					stuff = "^" + stuff[1:]
				} else if stuff[0] == '^' || stuff[0] == '[' {
					stuff = `\` + stuff
				}
				res = append(res, "["+stuff+"]")
			}
		default:
			res = append(res, reEscape(string(c)))
		}
	}
	var out strings.Builder
	i := 0
	for i < len(res) && res[i] != star {
		out.WriteString(res[i])
		i++
	}
	for i < len(res) {
		i++ // the star
		if i == len(res) {
			out.WriteString(".*")
			break
		}
		var fixed strings.Builder
		for i < len(res) && res[i] != star {
			fixed.WriteString(res[i])
			i++
		}
		if i == len(res) {
			out.WriteString(".*" + fixed.String())
		} else {
			out.WriteString("(?>.*?" + fixed.String() + ")")
		}
	}
	return `(?s:` + out.String() + `)\Z`
}
