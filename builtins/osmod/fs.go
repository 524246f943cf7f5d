package osmod

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// fsMembers are the file-system functions and constants of os (SPEC §8).
// Relative paths resolve against the calling thread's working directory
// (procenv.Env.Path); errors name the path as the script gave it.
func fsMembers() starlark.StringDict {
	return starlark.StringDict{
		"sep":      starlark.String("/"),
		"linesep":  starlark.String("\n"),
		"curdir":   starlark.String("."),
		"pardir":   starlark.String(".."),
		"pathsep":  starlark.String(":"),
		"devnull":  starlark.String(os.DevNull),
		"_exit":    starlark.NewBuiltin("_exit", exit),
		"listdir":  starlark.NewBuiltin("listdir", listdir),
		"scandir":  starlark.NewBuiltin("scandir", scandir),
		"walk":     starlark.NewBuiltin("walk", walk),
		"mkdir":    starlark.NewBuiltin("mkdir", mkdir),
		"makedirs": starlark.NewBuiltin("makedirs", makedirs),
		"remove":   starlark.NewBuiltin("remove", pathOp(unix.Unlink)),
		"unlink":   starlark.NewBuiltin("unlink", pathOp(unix.Unlink)),
		"rmdir":    starlark.NewBuiltin("rmdir", pathOp(unix.Rmdir)),
		"rename":   starlark.NewBuiltin("rename", rename),
		"replace":  starlark.NewBuiltin("replace", rename),
		"stat":     starlark.NewBuiltin("stat", stat),
		"chdir":    starlark.NewBuiltin("chdir", chdir),
		"path":     pathModule(),
	}
}

// exit is os._exit(n): the process ends at once, without the exit rules
// (its children die with it, by their parent-death signal).
func exit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &n); err != nil {
		return nil, typeError(err)
	}
	unix.Exit(n)
	return starlark.None, nil
}

// pathArg unpacks a path argument: the path as given and as resolved.
func pathArg(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, def string, more ...any) (given, real string, err error) {
	given = def
	spec := "path"
	if def != "" {
		spec = "path?"
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, append([]any{spec, &given}, more...)...); err != nil {
		return "", "", typeError(err)
	}
	return given, procenv.Get(thread).Path(given), nil
}

func listdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, ".")
	if err != nil {
		return nil, err
	}
	names, err := readNames(real)
	if err != nil {
		return nil, oserr.New(err, given)
	}
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = starlark.String(n)
	}
	return starlark.NewList(out), nil
}

// readNames lists a directory (sorted: Python's order is the file
// system's, which no script may rely on).
func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// scandir returns os.DirEntry-like values: name, path, is_dir(),
// is_file() (following symbolic links, as Python's do by default).
func scandir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, ".")
	if err != nil {
		return nil, err
	}
	names, err := readNames(real)
	if err != nil {
		return nil, oserr.New(err, given)
	}
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		full := filepath.Join(real, n)
		is := func(dir bool) *starlark.Builtin {
			name := "is_file"
			if dir {
				name = "is_dir"
			}
			return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				st, err := os.Stat(full)
				return starlark.Bool(err == nil && st.IsDir() == dir && (dir || st.Mode().IsRegular())), nil
			})
		}
		out[i] = starlarkstruct.FromStringDict(starlark.String("DirEntry"), starlark.StringDict{
			"name": starlark.String(n), "path": starlark.String(pyJoin(given, n)),
			"is_dir": is(true), "is_file": is(false),
		})
	}
	return starlark.NewList(out), nil
}

// walk is os.walk(top), top-down: a list of (dirpath, dirnames, filenames).
// Errors below top are ignored, as Python's default onerror does.
func walk(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, "")
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	var visit func(shown, dir string)
	visit = func(shown, dir string) {
		names, err := readNames(dir)
		if err != nil {
			return
		}
		var dirs, files []starlark.Value
		var sub []string
		for _, n := range names {
			if st, err := os.Stat(filepath.Join(dir, n)); err == nil && st.IsDir() {
				dirs = append(dirs, starlark.String(n))
				if lst, err := os.Lstat(filepath.Join(dir, n)); err == nil && lst.Mode()&os.ModeSymlink == 0 {
					sub = append(sub, n) // symbolic links to directories are listed, not followed
				}
			} else {
				files = append(files, starlark.String(n))
			}
		}
		out = append(out, starlark.Tuple{starlark.String(shown), starlark.NewList(dirs), starlark.NewList(files)})
		for _, n := range sub {
			visit(pyJoin(shown, n), filepath.Join(dir, n))
		}
	}
	visit(given, real)
	return starlark.NewList(out), nil
}

func mkdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mode := 0o777
	given, real, err := pathArg(thread, b, args, kwargs, "", "mode?", &mode)
	if err != nil {
		return nil, err
	}
	if err := unix.Mkdir(real, uint32(mode)); err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.None, nil
}

// makedirs creates a directory and its missing parents; an existing one is
// FileExistsError unless exist_ok.
func makedirs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var given string
	mode := 0o777
	existOK := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &given, "mode?", &mode, "exist_ok?", &existOK); err != nil {
		return nil, typeError(err)
	}
	real := procenv.Get(thread).Path(given)
	if st, err := os.Stat(real); err == nil {
		if existOK && st.IsDir() {
			return starlark.None, nil
		}
		return nil, oserr.New(syscall.EEXIST, given)
	}
	if err := os.MkdirAll(real, os.FileMode(mode)); err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.None, nil
}

// pathOp is a function of one path that returns nothing: os.remove,
// os.unlink (unlink(2), which refuses a directory, as Python's) and
// os.rmdir.
func pathOp(op func(string) error) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		given, real, err := pathArg(thread, b, args, kwargs, "")
		if err != nil {
			return nil, err
		}
		if err := op(real); err != nil {
			return nil, oserr.New(err, given)
		}
		return starlark.None, nil
	}
}

// rename is os.rename and os.replace (the same on POSIX); its error names
// both paths, as CPython's: 'src' -> 'dst'.
func rename(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &src, "dst", &dst); err != nil {
		return nil, typeError(err)
	}
	env := procenv.Get(thread)
	if err := unix.Rename(env.Path(src), env.Path(dst)); err != nil {
		return nil, oserr.NewPair(err, src, dst)
	}
	return starlark.None, nil
}

// stat returns an os.stat_result-like value: st_mode, st_size, st_mtime,
// st_atime, st_ctime (floats), st_uid, st_gid, st_nlink, st_ino, st_dev.
func stat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, "")
	if err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Stat(real, &st); err != nil {
		return nil, oserr.New(err, given)
	}
	ts := func(t unix.Timespec) starlark.Value { return starlark.Float(float64(t.Sec) + float64(t.Nsec)/1e9) }
	return starlarkstruct.FromStringDict(starlark.String("os.stat_result"), starlark.StringDict{
		"st_mode": starlark.MakeUint64(uint64(st.Mode)), "st_size": starlark.MakeInt64(st.Size),
		"st_mtime": ts(st.Mtim), "st_atime": ts(st.Atim), "st_ctime": ts(st.Ctim),
		"st_uid": starlark.MakeUint64(uint64(st.Uid)), "st_gid": starlark.MakeUint64(uint64(st.Gid)),
		"st_nlink": starlark.MakeUint64(uint64(st.Nlink)), "st_ino": starlark.MakeUint64(st.Ino),
		"st_dev": starlark.MakeUint64(st.Dev),
	}), nil
}

// chdir is os.chdir: relative paths of this thread, and the children and
// programs it starts from now on, resolve against path. (The Go process's
// own working directory is left alone: a host's may differ.)
func chdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, "")
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, oserr.New(err, given)
	}
	if !st.IsDir() {
		return nil, oserr.New(syscall.ENOTDIR, given)
	}
	abs, err := filepath.Abs(real)
	if err != nil {
		return nil, oserr.New(err, given)
	}
	procenv.Get(thread).Dir = abs
	if n := node.FromThread(thread); n != nil {
		n.SetDir(abs)
	}
	return starlark.None, nil
}

// --- os.path ---

func pathModule() *starlarkstruct.Module {
	str1 := func(name string, f func(string) starlark.Value) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
				return nil, typeError(err)
			}
			return f(p), nil
		})
	}
	// test is a predicate on the resolved path that is false on any error.
	test := func(name string, lstat bool, f func(os.FileInfo) bool) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
				return nil, typeError(err)
			}
			stat := os.Stat
			if lstat {
				stat = os.Lstat
			}
			st, err := stat(procenv.Get(thread).Path(p))
			return starlark.Bool(err == nil && f(st)), nil
		})
	}
	// info is a stat field, OSError naming the path on failure.
	info := func(name string, f func(os.FileInfo) starlark.Value) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
				return nil, typeError(err)
			}
			st, err := os.Stat(procenv.Get(thread).Path(p))
			if err != nil {
				return nil, oserr.New(err, p)
			}
			return f(st), nil
		})
	}
	str := func(s string) starlark.Value { return starlark.String(s) }
	return &starlarkstruct.Module{Name: "path", Members: starlark.StringDict{
		"sep":      starlark.String("/"),
		"join":     starlark.NewBuiltin("join", join),
		"basename": str1("basename", func(p string) starlark.Value { return str(p[strings.LastIndexByte(p, '/')+1:]) }),
		"dirname":  str1("dirname", func(p string) starlark.Value { return str(dirname(p)) }),
		"split": str1("split", func(p string) starlark.Value {
			return starlark.Tuple{str(dirname(p)), str(p[strings.LastIndexByte(p, '/')+1:])}
		}),
		"splitext": str1("splitext", func(p string) starlark.Value { root, ext := splitext(p); return starlark.Tuple{str(root), str(ext)} }),
		"normpath": str1("normpath", func(p string) starlark.Value { return str(normpath(p)) }),
		"isabs":    str1("isabs", func(p string) starlark.Value { return starlark.Bool(strings.HasPrefix(p, "/")) }),
		"expanduser": str1("expanduser", func(p string) starlark.Value {
			home, ok := os.LookupEnv("HOME")
			if ok && (p == "~" || strings.HasPrefix(p, "~/")) {
				return str(strings.TrimSuffix(home, "/") + p[1:])
			}
			return str(p)
		}),
		"abspath": starlark.NewBuiltin("abspath", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
				return nil, typeError(err)
			}
			return str(abspath(thread, p)), nil
		}),
		"realpath": starlark.NewBuiltin("realpath", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
				return nil, typeError(err)
			}
			abs := abspath(thread, p)
			if r, err := filepath.EvalSymlinks(abs); err == nil {
				return str(r), nil
			}
			return str(abs), nil // as Python's non-strict realpath of a missing path
		}),
		"relpath": starlark.NewBuiltin("relpath", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p string
			start := "."
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &p, "start?", &start); err != nil {
				return nil, typeError(err)
			}
			if p == "" {
				return nil, pyerr.New(pyerr.ValueError, "no path specified")
			}
			r, err := filepath.Rel(abspath(thread, start), abspath(thread, p))
			if err != nil {
				return nil, pyerr.New(pyerr.ValueError, "%v", err)
			}
			return str(r), nil
		}),
		"exists":   test("exists", false, func(os.FileInfo) bool { return true }),
		"lexists":  test("lexists", true, func(os.FileInfo) bool { return true }),
		"isfile":   test("isfile", false, func(st os.FileInfo) bool { return st.Mode().IsRegular() }),
		"isdir":    test("isdir", false, func(st os.FileInfo) bool { return st.IsDir() }),
		"islink":   test("islink", true, func(st os.FileInfo) bool { return st.Mode()&os.ModeSymlink != 0 }),
		"getsize":  info("getsize", func(st os.FileInfo) starlark.Value { return starlark.MakeInt64(st.Size()) }),
		"getmtime": info("getmtime", func(st os.FileInfo) starlark.Value { return starlark.Float(float64(st.ModTime().UnixNano()) / 1e9) }),
	}}
}

// join is Python's posixpath.join: an absolute part restarts the path; no
// normalization.
func join(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "join() takes no keyword arguments")
	}
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "join() missing 1 required positional argument: 'a'")
	}
	var path string
	for i, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "join() argument must be str, not %s", a.Type())
		}
		if i == 0 {
			path = string(s)
			continue
		}
		path = pyJoin(path, string(s))
	}
	return starlark.String(path), nil
}

func pyJoin(path, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case path == "" || strings.HasSuffix(path, "/"):
		return path + b
	}
	return path + "/" + b
}

// dirname is Python's posixpath.dirname.
func dirname(p string) string {
	head := p[:strings.LastIndexByte(p, '/')+1]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// splitext is Python's posixpath.splitext: leading dots of the file name
// are not an extension.
func splitext(p string) (string, string) {
	sep := strings.LastIndexByte(p, '/')
	dot := strings.LastIndexByte(p, '.')
	if dot > sep {
		for i := sep + 1; i < dot; i++ {
			if p[i] != '.' {
				return p[:dot], p[dot:]
			}
		}
	}
	return p, ""
}

// normpath is Python's posixpath.normpath: filepath.Clean, but a path
// starting with exactly two slashes keeps them (POSIX leaves // to the
// implementation).
func normpath(p string) string {
	if p == "" {
		return "."
	}
	c := filepath.Clean(p)
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		return "/" + c
	}
	return c
}

func abspath(thread *starlark.Thread, p string) string {
	if !strings.HasPrefix(p, "/") {
		cwd := procenv.Get(thread).Dir
		if cwd == "" {
			cwd, _ = os.Getwd()
		} else if abs, err := filepath.Abs(cwd); err == nil {
			cwd = abs
		}
		p = pyJoin(cwd, p)
	}
	return normpath(p)
}
