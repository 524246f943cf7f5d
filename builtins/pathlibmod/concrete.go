package pathlibmod

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"sort"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/fileio"
	"github.com/procstar/procstar/builtins/globmod"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

func (p *Path) s() starlark.Value { return starlark.String(p.str()) }

// errType is the Python type of err ("" if not a Python error).
func errType(err error) string {
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		return pe.Type
	}
	return ""
}

// isOSError says whether err is an OSError or a subclass.
func isOSError(err error) bool {
	switch errType(err) {
	case pyerr.OSError, "FileNotFoundError", "FileExistsError", "IsADirectoryError", "NotADirectoryError",
		"PermissionError", "TimeoutError", "InterruptedError", "BlockingIOError":
		return true
	}
	return false
}

// noArgs checks that a method got no arguments.
func noArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
		return typeError(err)
	}
	return nil
}

// osMethod is a method that is an os (or os.path) function of the path.
func osMethod(fn string, inPath bool) method {
	return func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := noArgs(name, args, kwargs); err != nil {
			return nil, err
		}
		if inPath {
			return osPathCall(thread, fn, p.s())
		}
		return osCall(thread, fn, p.s())
	}
}

// test is a predicate (exists, is_dir...) that is False on an OSError, as
// pathlib's (which reports ValueError for an embedded NUL the same way).
func test(fn string) method {
	return func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var follow = true
		if err := starlark.UnpackArgs(name, args, kwargs, "follow_symlinks?", &follow); err != nil {
			return nil, typeError(err)
		}
		if fn == "exists" && !follow {
			fn = "lexists"
		}
		return osPathCall(thread, fn, p.s())
	}
}

// toPath makes a str result a concrete path.
func toPath(v starlark.Value, err error) (starlark.Value, error) {
	if err != nil {
		return nil, err
	}
	s, _ := starlark.AsString(v)
	return parse(s, false), nil
}

func (p *Path) isDir(thread *starlark.Thread) bool {
	v, err := osPathCall(thread, "isdir", p.s())
	return err == nil && v == starlark.True
}

func (p *Path) mkdir(thread *starlark.Thread, mode starlark.Value, parents, existOK bool) error {
	_, err := osCall(thread, "mkdir", p.s(), mode)
	if err == nil {
		return nil
	}
	if errType(err) == "FileNotFoundError" {
		if !parents || p.parent().str() == p.str() {
			return err
		}
		if err := p.parent().mkdir(thread, starlark.MakeInt(0o777), true, true); err != nil {
			return err
		}
		return p.mkdir(thread, mode, false, existOK)
	}
	if !isOSError(err) || !existOK || !p.isDir(thread) {
		return err
	}
	return nil
}

// openFile is Path.open: the builtin open of the path.
func (p *Path) openFile(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (*fileio.File, error) {
	v, err := starlark.Call(thread, fileio.Builtin(), append(starlark.Tuple{p.s()}, args...), kwargs)
	if err != nil {
		return nil, err
	}
	return v.(*fileio.File), nil
}

func fileCall(thread *starlark.Thread, f *fileio.File, name string, args ...starlark.Value) (starlark.Value, error) {
	m, err := f.Attr(name)
	if err != nil {
		return nil, err
	}
	return starlark.Call(thread, m, args, nil)
}

// readAll opens the path with mode, encoding and errors, reads it and
// closes it.
func (p *Path) readAll(thread *starlark.Thread, mode string, encoding, errs starlark.Value) (starlark.Value, error) {
	kw := []starlark.Tuple{{starlark.String("encoding"), encoding}, {starlark.String("errors"), errs}}
	f, err := p.openFile(thread, starlark.Tuple{starlark.String(mode)}, kw)
	if err != nil {
		return nil, err
	}
	defer fileCall(thread, f, "close")
	return fileCall(thread, f, "read")
}

func (p *Path) writeAll(thread *starlark.Thread, mode string, encoding, errs, data starlark.Value) (starlark.Value, error) {
	kw := []starlark.Tuple{{starlark.String("encoding"), encoding}, {starlark.String("errors"), errs}}
	f, err := p.openFile(thread, starlark.Tuple{starlark.String(mode)}, kw)
	if err != nil {
		return nil, err
	}
	defer fileCall(thread, f, "close")
	return fileCall(thread, f, "write", data)
}

func (p *Path) child(name string) *Path {
	return p.derive(p.root, append(append([]string(nil), p.tail...), name))
}

// listNames are the names in the directory p, sorted.
func (p *Path) listNames(thread *starlark.Thread) ([]string, error) {
	v, err := osCall(thread, "listdir", p.s())
	if err != nil {
		return nil, err
	}
	var names []string
	for x := range starlark.Elements(v.(starlark.Iterable)) {
		s, _ := starlark.AsString(x)
		names = append(names, s)
	}
	sort.Strings(names)
	return names, nil
}

// glob is pathlib 3.12's selection: each pattern part matched against the
// names of a directory (wildcards match leading dots), "**" every
// directory below, not following symbolic links; a trailing "/" or "**"
// yields directories only. Results are sorted by their text (Python's
// follow directory listing order, which no script may rely on).
func (p *Path) glob(thread *starlark.Thread, pattern string) (starlark.Value, error) {
	if pattern == "" {
		return nil, pyerr.New(pyerr.ValueError, "Unacceptable pattern: ''")
	}
	pat := parse(pattern, true)
	if pat.root != "" {
		return nil, pyerr.New("NotImplementedError", "Non-relative patterns are unsupported")
	}
	parts := pat.tail
	if pattern[len(pattern)-1] == '/' {
		parts = append(append([]string(nil), parts...), "")
	}
	env := procenv.Get(thread)
	real := func(q *Path) string { return env.Path(q.str()) }
	isDir := func(q *Path, follow bool) bool {
		var st os.FileInfo
		var err error
		if follow {
			st, err = os.Stat(real(q))
		} else {
			st, err = os.Lstat(real(q))
		}
		return err == nil && st.IsDir()
	}
	seen := map[string]bool{}
	var out []*Path
	var sel func(q *Path, parts []string)
	sel = func(q *Path, parts []string) {
		if len(parts) == 0 {
			if !seen[q.str()] {
				seen[q.str()] = true
				out = append(out, q)
			}
			return
		}
		part, rest := parts[0], parts[1:]
		switch {
		case part == "":
			if isDir(q, true) {
				sel(q, rest)
			}
		case part == "..":
			sel(q.child(".."), rest)
		case part == "**":
			for len(rest) > 0 && rest[0] == "**" {
				rest = rest[1:]
			}
			var walk func(d *Path)
			walk = func(d *Path) {
				sel(d, rest)
				names, _ := d.listNames(thread)
				for _, n := range names {
					if c := d.child(n); isDir(c, false) {
						walk(c)
					}
				}
			}
			if isDir(q, true) {
				walk(q)
			}
			if len(rest) == 0 {
				return
			}
		default:
			names, err := q.listNames(thread)
			if err != nil {
				return
			}
			for _, n := range names {
				if !globmod.Match(n, part, false) {
					continue
				}
				c := q.child(n)
				if len(rest) > 0 && !isDir(c, true) {
					continue
				}
				sel(c, rest)
			}
		}
	}
	if pattern == "**" || len(parts) > 0 && parts[len(parts)-1] == "**" {
		parts = append(append([]string(nil), parts...), "")
	}
	sel(p, parts)
	sort.Slice(out, func(i, j int) bool { c, _ := out[i].Cmp(out[j], 0); return c < 0 })
	vals := make([]starlark.Value, len(out))
	for i, q := range out {
		vals[i] = q
	}
	return starlark.NewList(vals), nil
}

// concreteMethods are Path's own methods (not PurePath's).
var concreteMethods = lazy.Value[map[string]method]{New: func() map[string]method {
	return map[string]method{
		"exists":      test("exists"),
		"is_dir":      test("isdir"),
		"is_file":     test("isfile"),
		"is_symlink":  osMethod("islink", true),
		"is_mount":    osMethod("ismount", true),
		"is_junction": osMethod("isjunction", true),
		"lstat":       osMethod("lstat", false),
		"rmdir":       osMethod("rmdir", false),
		"readlink": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			return toPath(osCall(thread, "readlink", p.s()))
		},
		"stat": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			follow := true
			if err := starlark.UnpackArgs(name, args, kwargs, "follow_symlinks?", &follow); err != nil {
				return nil, typeError(err)
			}
			if !follow {
				return osCall(thread, "lstat", p.s())
			}
			return osCall(thread, "stat", p.s())
		},
		"absolute": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			if p.root != "" {
				return p, nil
			}
			cwd, err := osCall(thread, "getcwd")
			if err != nil {
				return nil, err
			}
			s, _ := starlark.AsString(cwd)
			return p.join([]string{s, p.str()}), nil
		},
		"resolve": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			strict := false
			if err := starlark.UnpackArgs(name, args, kwargs, "strict?", &strict); err != nil {
				return nil, typeError(err)
			}
			// CPython 3.12: os.path.realpath(strict=), a symlink loop made a
			// RuntimeError; without strict, a stat of the result finds a
			// loop that realpath let through (other errors are ignored).
			realpath, _ := osFuncs.Get()["path"].(*starlarkstruct.Module).Members["realpath"]
			v, err := starlark.Call(thread, realpath, starlark.Tuple{p.s()}, []starlark.Tuple{{starlark.String("strict"), starlark.Bool(strict)}})
			if err != nil {
				return nil, symlinkLoop(err)
			}
			if !strict {
				if _, err := osCall(thread, "stat", v); err != nil {
					if err := symlinkLoop(err); errType(err) == pyerr.RuntimeError {
						return nil, err
					}
				}
			}
			return toPath(v, nil)
		},
		"expanduser": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			if p.root == "" && len(p.tail) > 0 && p.tail[0][0] == '~' {
				v, err := osPathCall(thread, "expanduser", starlark.String(p.tail[0]))
				if err != nil {
					return nil, err
				}
				home, _ := starlark.AsString(v)
				if home[0] == '~' {
					return nil, pyerr.New(pyerr.RuntimeError, "Could not determine home directory.")
				}
				return p.join(append([]string{home}, p.tail[1:]...)), nil
			}
			return p, nil
		},
		"iterdir": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			names, err := p.listNames(thread)
			if err != nil {
				return nil, err
			}
			out := make([]starlark.Value, len(names))
			for i, n := range names {
				out[i] = p.child(n)
			}
			return starlark.NewList(out), nil
		},
		"glob": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var pat string
			var cs starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "pattern", &pat, "case_sensitive?", &cs); err != nil {
				return nil, typeError(err)
			}
			return p.glob(thread, pat)
		},
		"rglob": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var pat string
			var cs starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "pattern", &pat, "case_sensitive?", &cs); err != nil {
				return nil, typeError(err)
			}
			return p.glob(thread, "**/"+pat)
		},
		"walk": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			w := &walker{thread: thread, top: p, topDown: true, onError: starlark.None}
			if err := starlark.UnpackArgs(name, args, kwargs, "top_down?", &w.topDown, "on_error?", &w.onError, "follow_symlinks?", &w.follow); err != nil {
				return nil, typeError(err)
			}
			return w, nil
		},
		"mkdir": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var mode starlark.Value = starlark.MakeInt(0o777)
			parents, existOK := false, false
			if err := starlark.UnpackArgs(name, args, kwargs, "mode?", &mode, "parents?", &parents, "exist_ok?", &existOK); err != nil {
				return nil, typeError(err)
			}
			return starlark.None, p.mkdir(thread, mode, parents, existOK)
		},
		"unlink": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			missingOK := false
			if err := starlark.UnpackArgs(name, args, kwargs, "missing_ok?", &missingOK); err != nil {
				return nil, typeError(err)
			}
			if _, err := osCall(thread, "unlink", p.s()); err != nil && !(missingOK && errType(err) == "FileNotFoundError") {
				return nil, err
			}
			return starlark.None, nil
		},
		"rename":  renameMethod("rename"),
		"replace": renameMethod("replace"),
		"touch": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var mode starlark.Value = starlark.MakeInt(0o666)
			existOK := true
			if err := starlark.UnpackArgs(name, args, kwargs, "mode?", &mode, "exist_ok?", &existOK); err != nil {
				return nil, typeError(err)
			}
			if existOK {
				// CPython's first try: set the times of an existing file.
				if _, err := osCall(thread, "utime", p.s(), starlark.None); err == nil {
					return starlark.None, nil
				}
			}
			perm, err := starlark.AsInt32(mode)
			if err != nil {
				return nil, typeError(err)
			}
			flag := os.O_CREATE | os.O_WRONLY
			if !existOK {
				flag |= os.O_EXCL
			}
			f, err := os.OpenFile(procenv.Get(thread).Path(p.str()), flag, os.FileMode(perm)&os.ModePerm)
			if err != nil {
				return nil, oserr.New(err, p.str())
			}
			f.Close()
			return starlark.None, nil
		},
		"chmod": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var mode starlark.Value
			follow := true
			if err := starlark.UnpackArgs(name, args, kwargs, "mode", &mode, "follow_symlinks?", &follow); err != nil {
				return nil, typeError(err)
			}
			return starlark.Call(thread, osFuncs.Get()["chmod"], starlark.Tuple{p.s(), mode}, []starlark.Tuple{{starlark.String("follow_symlinks"), starlark.Bool(follow)}})
		},
		"symlink_to": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var target starlark.Value
			isDir := false
			if err := starlark.UnpackArgs(name, args, kwargs, "target", &target, "target_is_directory?", &isDir); err != nil {
				return nil, typeError(err)
			}
			return osCall(thread, "symlink", target, p.s())
		},
		"hardlink_to": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var target starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "target", &target); err != nil {
				return nil, typeError(err)
			}
			return osCall(thread, "link", target, p.s())
		},
		"samefile": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var other starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "other_path", &other); err != nil {
				return nil, typeError(err)
			}
			return osPathCall(thread, "samefile", p.s(), other)
		},
		"open": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.openFile(thread, args, kwargs)
		},
		"read_text": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var encoding, errs starlark.Value = starlark.None, starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "encoding?", &encoding, "errors?", &errs); err != nil {
				return nil, typeError(err)
			}
			return p.readAll(thread, "r", encoding, errs)
		},
		"read_bytes": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			return p.readAll(thread, "rb", starlark.None, starlark.None)
		},
		"write_text": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var data, encoding, errs, newline starlark.Value = nil, starlark.None, starlark.None, starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "data", &data, "encoding?", &encoding, "errors?", &errs, "newline?", &newline); err != nil {
				return nil, typeError(err)
			}
			if _, ok := data.(starlark.String); !ok {
				return nil, pyerr.New(pyerr.TypeError, "data must be str, not %s", pyType(data))
			}
			if nl, ok := newline.(starlark.String); ok && nl != "" && nl != "\n" {
				data = starlark.String(strings.ReplaceAll(string(data.(starlark.String)), "\n", string(nl)))
			}
			return p.writeAll(thread, "w", encoding, errs, data)
		},
		"write_bytes": func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var data starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &data); err != nil {
				return nil, typeError(err)
			}
			if _, ok := data.(starlark.Bytes); !ok {
				return nil, pyerr.New(pyerr.TypeError, "memoryview: a bytes-like object is required, not '%s'", pyType(data))
			}
			return p.writeAll(thread, "wb", starlark.None, starlark.None, data)
		},
		"owner": idName("st_uid", func(id string) (string, error) {
			u, err := user.LookupId(id)
			if err != nil {
				return "", pyerr.New(pyerr.KeyError, "'getpwuid(): uid not found: %s'", id)
			}
			return u.Username, nil
		}),
		"group": idName("st_gid", func(id string) (string, error) {
			g, err := user.LookupGroupId(id)
			if err != nil {
				return "", pyerr.New(pyerr.KeyError, "'getgrgid(): gid not found: %s'", id)
			}
			return g.Name, nil
		}),
	}
}}

// idName is owner() or group(): the name of the file's st_uid or st_gid
// (KeyError as CPython's pwd and grp for a number without one).
func idName(field string, lookup func(id string) (string, error)) method {
	return func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		follow := true
		if err := starlark.UnpackArgs(name, args, kwargs, "follow_symlinks?", &follow); err != nil {
			return nil, typeError(err)
		}
		fn := "stat"
		if !follow {
			fn = "lstat"
		}
		st, err := osCall(thread, fn, p.s())
		if err != nil {
			return nil, err
		}
		ha, ok := st.(starlark.HasAttrs)
		if !ok {
			return nil, fmt.Errorf("%s: stat gave a %s", name, st.Type())
		}
		id, err := ha.Attr(field)
		if err != nil || id == nil {
			return nil, fmt.Errorf("%s: stat result without %s", name, field)
		}
		n, err := lookup(id.String())
		if err != nil {
			return nil, err
		}
		return starlark.String(n), nil
	}
}

func renameMethod(fn string) method {
	return func(thread *starlark.Thread, p *Path, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var target starlark.Value
		if err := starlark.UnpackArgs(name, args, kwargs, "target", &target); err != nil {
			return nil, typeError(err)
		}
		if _, err := osCall(thread, fn, p.s(), target); err != nil {
			return nil, err
		}
		segs, err := segments(starlark.Tuple{target})
		if err != nil {
			return nil, err
		}
		return p.join(segs), nil
	}
}

func pyType(v starlark.Value) string {
	if _, ok := v.(starlark.String); ok {
		return "str"
	}
	return v.Type()
}

// symlinkLoop is resolve's check_eloop: an OSError with errno ELOOP is
// RuntimeError "Symlink loop from 'filename'" in CPython 3.12; other errors
// are err.
func symlinkLoop(err error) error {
	var pe *pyerr.Error
	if !errors.As(err, &pe) || !isOSError(err) {
		return err
	}
	if n, e := starlark.AsInt32(pe.Attrs["errno"]); e != nil || n != int(syscall.ELOOP) {
		return err
	}
	name := pyformat.Repr(pe.Attrs["filename"])
	if s, ok := pe.Attrs["filename"].(starlark.String); ok {
		name = pyformat.QuoteStr(string(s))
	}
	return pyerr.New(pyerr.RuntimeError, "Symlink loop from %s", name)
}

// walker is Path.walk's generator. Top-down, a directory's subdirectories
// are entered after its tuple is consumed, from its dirnames list as the
// loop body left it (so removing a name prunes, as in Python). Names come
// sorted (Python's are in directory order).
type walker struct {
	thread  *starlark.Thread
	top     *Path
	topDown bool
	follow  bool
	onError starlark.Value
	it      *walkIter // the generator's one pass, shared by loops and next()
}

var _ starlark.HasAttrs = (*walker)(nil)

func (w *walker) String() string       { return "<generator object Path.walk>" }
func (w *walker) Type() string         { return "generator" }
func (w *walker) Freeze()              {}
func (w *walker) Truth() starlark.Bool { return starlark.True }
func (w *walker) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'generator'")
}

// Iterate goes on from where the generator is, as a Python generator is
// one pass: a second loop over it (or one after next()) sees what is left.
func (w *walker) Iterate() starlark.Iterator { return walkLoop{w.state()} }

// walkLoop is a for loop over the generator. A Starlark iterator cannot
// fail: an error of on_error cancels the thread with it, as a for loop
// over one of itertools' iterators does (Python raises it from the loop).
type walkLoop struct{ it *walkIter }

func (l walkLoop) Next(p *starlark.Value) bool {
	if l.it.Next(p) {
		return true
	}
	if err := l.it.err; err != nil {
		l.it.err, l.it.stack, l.it.out = nil, nil, []starlark.Value{}
		typ, msg := pyerr.Classify(err)
		l.it.w.thread.Cancel(typ + ": " + msg + "\n(in a for loop over Path.walk(); use .next() inside catch() to handle it)")
	}
	return false
}
func (l walkLoop) Done() {}

func (w *walker) state() *walkIter {
	if w.it == nil {
		w.it = &walkIter{w: w, stack: []*Path{w.top}}
	}
	return w.it
}

// next() of a generator: its __next__ (and .next() for catch()), as
// itertools' iterators have, with on_error's error raised and
// StopIteration at the end.
func (w *walker) AttrNames() []string { return []string{"next"} }
func (w *walker) Attr(name string) (starlark.Value, error) {
	if name != "next" && name != "__next__" {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := noArgs(name, args, kwargs); err != nil {
			return nil, err
		}
		v, ok, err := w.Step()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, pyerr.New("StopIteration", "")
		}
		return v, nil
	}).BindReceiver(w), nil
}

// Step implements pyiter.Stepper: the next tuple (ok false at the end),
// or on_error's error, which next() and a builtin that reads the
// generator (list, sorted...) raise, as Python's list(p.walk()) does.
func (w *walker) Step() (starlark.Value, bool, error) {
	it := w.state()
	var v starlark.Value
	if it.Next(&v) {
		return v, true, nil
	}
	if err := it.err; err != nil {
		// The generator is over once it has raised.
		it.err, it.stack, it.out = nil, nil, []starlark.Value{}
		return nil, false, err
	}
	return nil, false, nil
}

type walkIter struct {
	w       *walker
	stack   []*Path
	last    *Path
	lastDir *starlark.List
	out     []starlark.Value // bottom-up: the tuples, computed at the start
	err     error
}

// scan lists d: its tuple, or false after on_error.
func (it *walkIter) scan(d *Path) (starlark.Tuple, bool) {
	names, err := d.listNames(it.w.thread)
	if err != nil {
		if it.w.onError != starlark.None {
			// The OSError as catch's error value (err.type, err.errno...).
			_, it.err = starlark.Call(it.w.thread, it.w.onError, starlark.Tuple{catch.FromError(err)}, nil)
		}
		return nil, false
	}
	env := procenv.Get(it.w.thread)
	var dirs, files []starlark.Value
	for _, n := range names {
		real := env.Path(d.child(n).str())
		// 3.12 classifies by entry.is_dir(follow_symlinks=): a link to
		// a directory is a file unless followed.
		st, err := os.Lstat(real)
		if it.w.follow && err == nil && st.Mode()&os.ModeSymlink != 0 {
			st, err = os.Stat(real)
		}
		if err == nil && st.IsDir() {
			dirs = append(dirs, starlark.String(n))
		} else {
			files = append(files, starlark.String(n))
		}
	}
	return starlark.Tuple{d, starlark.NewList(dirs), starlark.NewList(files)}, true
}

func (it *walkIter) Next(p *starlark.Value) bool {
	if !it.w.topDown {
		if it.out == nil {
			it.out = []starlark.Value{}
			it.bottomUp(it.w.top)
		}
		if len(it.out) == 0 || it.err != nil {
			return false
		}
		*p, it.out = it.out[0], it.out[1:]
		return true
	}
	if it.last != nil {
		for i := it.lastDir.Len() - 1; i >= 0; i-- {
			if s, ok := it.lastDir.Index(i).(starlark.String); ok {
				it.stack = append(it.stack, it.last.child(string(s)))
			}
		}
		it.last = nil
	}
	for len(it.stack) > 0 && it.err == nil {
		d := it.stack[len(it.stack)-1]
		it.stack = it.stack[:len(it.stack)-1]
		t, ok := it.scan(d)
		if !ok {
			continue
		}
		it.last, it.lastDir = d, t[1].(*starlark.List)
		*p = t
		return true
	}
	return false
}

func (it *walkIter) bottomUp(d *Path) {
	t, ok := it.scan(d)
	if !ok {
		return
	}
	dirs := t[1].(*starlark.List)
	for i := 0; i < dirs.Len(); i++ {
		it.bottomUp(d.child(string(dirs.Index(i).(starlark.String))))
	}
	it.out = append(it.out, t)
}

func (it *walkIter) Done() {}
