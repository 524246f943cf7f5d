package osmod

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// fsMembers are the file-system functions and constants of os (SPEC §8).
// Relative paths resolve against the calling thread's working directory
// (procenv.Env.Path); errors name the path as the script gave it.
func fsMembers(environ *Environ) starlark.StringDict {
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
		"path":     pathModule(environ),
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

// pathArg unpacks the path argument of an os function: the path as given
// and as resolved. A path that is not a str fails with CPython's text for
// the function (fd: it takes a file descriptor too). An optional path
// (listdir, scandir) defaults to ".", as does None.
func pathArg(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, optional, fd bool, more ...any) (given, real string, err error) {
	var v starlark.Value
	spec := "path"
	if optional {
		spec = "path?"
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, append([]any{spec, &v}, more...)...); err != nil {
		return "", "", typeError(err)
	}
	if optional && (v == nil || v == starlark.None) {
		given = "."
	} else if optional {
		if given, err = patharg.SysOrNone(b.Name(), "path", v); err != nil {
			return "", "", err
		}
	} else if given, err = patharg.Sys(b.Name(), "path", v, fd); err != nil {
		return "", "", err
	}
	return given, procenv.Get(thread).Path(given), nil
}

func listdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, true, true)
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

// scandir returns an iterator of os.DirEntry values.
func scandir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, true, true)
	if err != nil {
		return nil, err
	}
	names, err := readNames(real)
	if err != nil {
		return nil, oserr.New(err, given)
	}
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = &DirEntry{name: n, path: patharg.Join(given, n), real: filepath.Join(real, n)}
	}
	return &scandirIterator{entries: out}, nil
}

// scandirIterator is Python's posix.ScandirIterator: its entries are
// consumed once (a second loop goes on where the first stopped, and after
// the end yields nothing), and close() ends it early, as a script that
// cannot write "with os.scandir(p) as it:" does it by hand. The directory
// is read whole when scandir is called, so there is nothing to leak.
type scandirIterator struct {
	entries []starlark.Value
	next    int
}

var (
	_ starlark.Iterable = (*scandirIterator)(nil)
	_ starlark.HasAttrs = (*scandirIterator)(nil)
)

func (it *scandirIterator) String() string       { return "<posix.ScandirIterator object>" }
func (it *scandirIterator) Type() string         { return "posix.ScandirIterator" }
func (it *scandirIterator) Freeze()              {}
func (it *scandirIterator) Truth() starlark.Bool { return starlark.True }
func (it *scandirIterator) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: posix.ScandirIterator")
}
func (it *scandirIterator) Iterate() starlark.Iterator {
	return scandirIter{it}
}
func (it *scandirIterator) AttrNames() []string { return []string{"close"} }
func (it *scandirIterator) Attr(name string) (starlark.Value, error) {
	if name != "close" {
		return nil, nil
	}
	return starlark.NewBuiltin("close", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		it.next = len(it.entries)
		return starlark.None, nil
	}), nil
}

type scandirIter struct{ it *scandirIterator }

func (i scandirIter) Next(p *starlark.Value) bool {
	if i.it.next >= len(i.it.entries) {
		return false
	}
	*p = i.it.entries[i.it.next]
	i.it.next++
	return true
}

func (i scandirIter) Done() {}

// DirEntry is os.DirEntry: name, path, is_dir(), is_file(), is_symlink()
// and stat(). Its answers are read when asked, not cached from the scan.
type DirEntry struct {
	name, path string // as Python gives them: path is join(scandir's path, name)
	real       string // resolved against the working directory
}

var _ starlark.HasAttrs = (*DirEntry)(nil)

func (e *DirEntry) String() string        { return "<DirEntry " + pyformat.QuoteStr(e.name) + ">" }
func (e *DirEntry) Type() string          { return "DirEntry" }
func (e *DirEntry) Freeze()               {}
func (e *DirEntry) Truth() starlark.Bool  { return starlark.True }
func (e *DirEntry) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: DirEntry") }
func (e *DirEntry) AttrNames() []string {
	return []string{"is_dir", "is_file", "is_symlink", "name", "path", "stat"}
}

// Attr implements starlark.HasAttrs.
func (e *DirEntry) Attr(name string) (starlark.Value, error) {
	// follow unpacks follow_symlinks=True (keyword only, as in Python).
	follow := func(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (bool, error) {
		f := true
		if len(args) > 0 {
			return false, pyerr.New(pyerr.TypeError, "DirEntry.%s() takes no positional arguments", b.Name())
		}
		if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "follow_symlinks?", &f); err != nil {
			return false, typeError(err)
		}
		return f, nil
	}
	// is_dir and is_file are false on any error (a dangling link, a file
	// removed since the scan), as Python's.
	is := func(dir bool) starlark.Callable {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := follow(b, args, kwargs)
			if err != nil {
				return nil, err
			}
			st, err := statOf(e.real, f)
			if err != nil {
				return starlark.False, nil
			}
			if dir {
				return starlark.Bool(st.IsDir()), nil
			}
			return starlark.Bool(st.Mode().IsRegular()), nil
		})
	}
	switch name {
	case "name":
		return starlark.String(e.name), nil
	case "path":
		return starlark.String(e.path), nil
	case "is_dir":
		return is(true), nil
	case "is_file":
		return is(false), nil
	case "is_symlink":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, typeError(err)
			}
			st, err := os.Lstat(e.real)
			return starlark.Bool(err == nil && st.Mode()&os.ModeSymlink != 0), nil
		}), nil
	case "stat":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := follow(b, args, kwargs)
			if err != nil {
				return nil, err
			}
			return statResult(e.real, e.path, f)
		}), nil
	}
	return nil, nil
}

func statOf(p string, follow bool) (os.FileInfo, error) {
	if follow {
		return os.Stat(p)
	}
	return os.Lstat(p)
}

// walk is os.walk(top, topdown=True, onerror=None, followlinks=False):
// (dirpath, dirnames, filenames) for top and every directory below it.
// Top-down, it is lazy, as Python's generator: a directory is read when the
// walk reaches it, and names the script removes from dirnames are not
// entered. A directory that cannot be read (unreadable, a missing top) is
// skipped, after a call of onerror with its OSError (catch's error value)
// if given. Starlark's iterators cannot fail, so an onerror that fails ends
// a top-down walk there (bottom-up, walk itself fails with it).
func walk(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var top starlark.Value
	var onerror starlark.Value = starlark.None
	topdown, followlinks := true, false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "top", &top, "topdown?", &topdown, "onerror?", &onerror, "followlinks?", &followlinks); err != nil {
		return nil, typeError(err)
	}
	given, err := patharg.FSPath(top)
	if err != nil {
		return nil, err
	}
	w := &walker{thread: thread, top: given, real: procenv.Get(thread).Path(given), onerror: onerror, followlinks: followlinks}
	if topdown {
		return w, nil
	}
	// Bottom-up, every directory is read before its parent is yielded, so
	// the result is the same read now or later.
	var out []starlark.Value
	var visit func(shown, real string) error
	visit = func(shown, real string) error {
		dirs, files, ok, err := w.scanDir(shown, real)
		if !ok {
			return err
		}
		for _, d := range dirs {
			if w.enter(filepath.Join(real, d)) {
				if err := visit(patharg.Join(shown, d), filepath.Join(real, d)); err != nil {
					return err
				}
			}
		}
		out = append(out, walkTuple(shown, dirs, files))
		return nil
	}
	if err := visit(w.top, w.real); err != nil {
		return nil, err
	}
	return starlark.NewList(out), nil
}

// walker is a top-down os.walk: an iterable that reads directories as it
// goes.
type walker struct {
	thread      *starlark.Thread
	top, real   string
	onerror     starlark.Value // None or a callable
	followlinks bool
	used        bool  // iterated already
	failed      error // onerror failed: the walk is over
}

var _ starlark.Iterable = (*walker)(nil)

func (w *walker) String() string        { return "<generator object walk>" }
func (w *walker) Type() string          { return "generator" }
func (w *walker) Freeze()               {}
func (w *walker) Truth() starlark.Bool  { return starlark.True }
func (w *walker) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: generator") }
func (w *walker) Iterate() starlark.Iterator {
	// A generator runs once: iterating it again yields nothing.
	it := &walkIter{w: w, started: w.used}
	w.used = true
	return it
}

// enter says whether the walk goes into the directory at real: not into a
// symbolic link unless followlinks. As Python's os.path.islink test, one
// that has gone is entered: reading it fails, which onerror hears of.
func (w *walker) enter(real string) bool {
	if w.followlinks {
		return true
	}
	st, err := os.Lstat(real)
	return err != nil || st.Mode()&os.ModeSymlink == 0
}

// scanDir is the package's scanDir; a directory it cannot read goes to
// onerror as the OSError of os.scandir(shown), and the error onerror
// fails with (if it does) is returned.
func (w *walker) scanDir(shown, real string) (dirs, files []string, ok bool, err error) {
	dirs, files, err = scanDir(real)
	if err == nil {
		return dirs, files, true, nil
	}
	if w.onerror != starlark.None {
		_, err = starlark.Call(w.thread, w.onerror, starlark.Tuple{catch.FromError(oserr.New(err, shown))}, nil)
		return nil, nil, false, err
	}
	return nil, nil, false, nil
}

// walkFrame is a directory already yielded: its dirnames list (as the
// script left it) and how many of them the walk has entered.
type walkFrame struct {
	shown, real string
	dirs        *starlark.List
	next        int
}

type walkIter struct {
	w       *walker
	started bool
	stack   []*walkFrame
}

func (it *walkIter) Next(p *starlark.Value) bool {
	if !it.started {
		it.started = true
		if it.visit(it.w.top, it.w.real, p) {
			return true
		}
	}
	for len(it.stack) > 0 && it.w.failed == nil {
		f := it.stack[len(it.stack)-1]
		if f.next >= f.dirs.Len() {
			it.stack = it.stack[:len(it.stack)-1]
			continue
		}
		name, ok := starlark.AsString(f.dirs.Index(f.next))
		f.next++
		if !ok {
			continue // Python's join would fail on it; nothing to enter
		}
		real := patharg.Join(f.real, name)
		if it.w.enter(real) && it.visit(patharg.Join(f.shown, name), real, p) {
			return true
		}
	}
	return false
}

// visit reads a directory; if it can, it sets *p to its tuple and pushes it.
func (it *walkIter) visit(shown, real string, p *starlark.Value) bool {
	dirs, files, ok, err := it.w.scanDir(shown, real)
	if !ok {
		if err != nil {
			it.w.failed = err
		}
		return false
	}
	t := walkTuple(shown, dirs, files)
	it.stack = append(it.stack, &walkFrame{shown: shown, real: real, dirs: t[1].(*starlark.List)})
	*p = t
	return true
}

func (it *walkIter) Done() {}

// scanDir splits a directory's names into directories (symbolic links to
// them included) and the rest (dangling links included), as os.walk does.
func scanDir(real string) (dirs, files []string, err error) {
	names, err := readNames(real)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range names {
		if st, err := os.Stat(filepath.Join(real, n)); err == nil && st.IsDir() {
			dirs = append(dirs, n)
		} else {
			files = append(files, n)
		}
	}
	return dirs, files, nil
}

func walkTuple(shown string, dirs, files []string) starlark.Tuple {
	list := func(names []string) *starlark.List {
		vs := make([]starlark.Value, len(names))
		for i, n := range names {
			vs[i] = starlark.String(n)
		}
		return starlark.NewList(vs)
	}
	return starlark.Tuple{starlark.String(shown), list(dirs), list(files)}
}

func mkdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mode := 0o777
	given, real, err := pathArg(thread, b, args, kwargs, false, false, "mode?", &mode)
	if err != nil {
		return nil, err
	}
	if err := unix.Mkdir(real, uint32(mode)); err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.None, nil
}

// makedirs is Python's os.makedirs, step for step: the missing parents
// first (one that appears meanwhile is fine), then mkdir, whose error
// names the path that failed (a parent's, if that failed); an existing
// directory is an error unless exist_ok.
func makedirs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	mode := 0o777
	existOK := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &name, "mode?", &mode, "exist_ok?", &existOK); err != nil {
		return nil, typeError(err)
	}
	given, err := patharg.FSPath(name) // Python's makedirs starts with os.path.split
	if err != nil {
		return nil, err
	}
	env := procenv.Get(thread)
	var mk func(p string, mode uint32) error
	mk = func(p string, mode uint32) error {
		head, tail := dirname(p), p[strings.LastIndexByte(p, '/')+1:]
		if tail == "" {
			head, tail = dirname(head), head[strings.LastIndexByte(head, '/')+1:]
		}
		if head != "" && tail != "" {
			if _, err := os.Stat(env.Path(head)); err != nil {
				if err := mk(head, 0o777); err != nil && !errors.Is(err, syscall.EEXIST) {
					return err
				}
				if tail == "." {
					return nil
				}
			}
		}
		if err := unix.Mkdir(env.Path(p), mode); err != nil {
			if st, serr := os.Stat(env.Path(p)); !existOK || serr != nil || !st.IsDir() {
				return &os.PathError{Op: "mkdir", Path: p, Err: err}
			}
		}
		return nil
	}
	if err := mk(given, uint32(mode)); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, oserr.New(pe.Err, pe.Path)
		}
		return nil, oserr.New(err, given)
	}
	return starlark.None, nil
}

// pathOp is a function of one path that returns nothing: os.remove,
// os.unlink (unlink(2), which refuses a directory, as Python's) and
// os.rmdir.
func pathOp(op func(string) error) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		given, real, err := pathArg(thread, b, args, kwargs, false, false)
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
	var srcv, dstv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &srcv, "dst", &dstv); err != nil {
		return nil, typeError(err)
	}
	src, err := patharg.Sys(b.Name(), "src", srcv, false)
	if err != nil {
		return nil, err
	}
	dst, err := patharg.Sys(b.Name(), "dst", dstv, false)
	if err != nil {
		return nil, err
	}
	env := procenv.Get(thread)
	if err := unix.Rename(env.Path(src), env.Path(dst)); err != nil {
		return nil, oserr.NewPair(err, src, dst)
	}
	return starlark.None, nil
}

// stat is os.stat(path, follow_symlinks=True).
func stat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	follow := true
	given, real, err := pathArg(thread, b, args, kwargs, false, true, "follow_symlinks?", &follow)
	if err != nil {
		return nil, err
	}
	return statResult(real, given, follow)
}

// statResult is an os.stat_result-like value: st_mode, st_size, st_mtime,
// st_atime, st_ctime (floats, and their _ns ints), st_uid, st_gid,
// st_nlink, st_ino, st_dev, st_rdev, st_blocks, st_blksize; indexable as
// CPython's 10-tuple (StatResult).
func statResult(real, given string, follow bool) (starlark.Value, error) {
	var st unix.Stat_t
	var err error
	if follow {
		err = unix.Stat(real, &st)
	} else {
		err = unix.Lstat(real, &st)
	}
	if err != nil {
		return nil, oserr.New(err, given)
	}
	ns := func(t unix.Timespec) starlark.Value { return starlark.MakeInt64(t.Sec*1e9 + t.Nsec) }
	return &StatResult{attrs: starlark.StringDict{
		"st_mode": starlark.MakeUint64(uint64(st.Mode)), "st_size": starlark.MakeInt64(st.Size),
		"st_mtime": pyTime(st.Mtim), "st_atime": pyTime(st.Atim), "st_ctime": pyTime(st.Ctim),
		"st_mtime_ns": ns(st.Mtim), "st_atime_ns": ns(st.Atim), "st_ctime_ns": ns(st.Ctim),
		"st_uid": starlark.MakeUint64(uint64(st.Uid)), "st_gid": starlark.MakeUint64(uint64(st.Gid)),
		"st_nlink": starlark.MakeUint64(uint64(st.Nlink)), "st_ino": starlark.MakeUint64(st.Ino),
		"st_dev": starlark.MakeUint64(st.Dev), "st_blocks": starlark.MakeInt64(st.Blocks),
		"st_blksize": starlark.MakeInt64(int64(st.Blksize)), "st_rdev": starlark.MakeUint64(st.Rdev),
	}}, nil
}

// pyTime is a time stamp as CPython's stat makes the float: sec + nsec *
// 1e-9, computed in that order (dividing the nanoseconds since the epoch
// by 1e9 rounds differently in the last bits).
func pyTime(t unix.Timespec) starlark.Float {
	return starlark.Float(float64(t.Sec) + float64(t.Nsec)*1e-9)
}

// chdir is os.chdir: relative paths of this thread, and the children and
// programs it starts from now on, resolve against path. (The Go process's
// own working directory is left alone: a host's may differ.)
func chdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, false, true)
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
	// The new directory is its physical path, as getcwd(3) gives it after
	// chdir(2): symbolic links resolved, ".." taken after them (so no
	// lexical cleaning first).
	if !filepath.IsAbs(real) {
		wd, err := os.Getwd()
		if err != nil {
			return nil, oserr.New(err, given)
		}
		real = wd + "/" + real
	}
	abs, err := filepath.EvalSymlinks(real)
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

func pathModule(environ *Environ) *starlarkstruct.Module {
	// path1 is a function of one path (os.fspath's TypeError for another
	// value).
	path1 := func(name string, f func(thread *starlark.Thread, p string) starlark.Value) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
				return nil, typeError(err)
			}
			p, err := patharg.FSPath(v)
			if err != nil {
				return nil, err
			}
			return f(thread, p), nil
		})
	}
	str1 := func(name string, f func(string) starlark.Value) *starlark.Builtin {
		return path1(name, func(_ *starlark.Thread, p string) starlark.Value { return f(p) })
	}
	// test is a predicate on the resolved path that is false on any
	// OSError; a path that is not a str is the TypeError of the os.stat
	// (os.lstat) it calls.
	test := func(name string, lstat bool, f func(os.FileInfo) bool) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
				return nil, typeError(err)
			}
			stat, op := os.Stat, "stat"
			if lstat {
				stat, op = os.Lstat, "lstat"
			}
			p, err := patharg.Sys(op, "path", v, !lstat)
			if err != nil {
				return nil, err
			}
			st, err := stat(procenv.Get(thread).Path(p))
			return starlark.Bool(err == nil && f(st)), nil
		})
	}
	// info is a field of os.stat, OSError naming the path on failure.
	info := func(name string, f func(*unix.Stat_t) starlark.Value) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
				return nil, typeError(err)
			}
			p, err := patharg.Sys("stat", "path", v, true)
			if err != nil {
				return nil, err
			}
			var st unix.Stat_t
			if err := unix.Stat(procenv.Get(thread).Path(p), &st); err != nil {
				return nil, oserr.New(err, p)
			}
			return f(&st), nil
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
		"splitext":   str1("splitext", func(p string) starlark.Value { root, ext := splitext(p); return starlark.Tuple{str(root), str(ext)} }),
		"normpath":   str1("normpath", func(p string) starlark.Value { return str(normpath(p)) }),
		"isabs":      str1("isabs", func(p string) starlark.Value { return starlark.Bool(strings.HasPrefix(p, "/")) }),
		"expanduser": str1("expanduser", func(p string) starlark.Value { return str(expanduser(p, environ)) }),
		"abspath":    path1("abspath", func(thread *starlark.Thread, p string) starlark.Value { return str(abspath(thread, p)) }),
		"realpath":   starlark.NewBuiltin("realpath", realpathBuiltin),
		"relpath":    starlark.NewBuiltin("relpath", relpath),
		"exists":     test("exists", false, func(os.FileInfo) bool { return true }),
		"lexists":    test("lexists", true, func(os.FileInfo) bool { return true }),
		"isfile":     test("isfile", false, func(st os.FileInfo) bool { return st.Mode().IsRegular() }),
		"isdir":      test("isdir", false, func(st os.FileInfo) bool { return st.IsDir() }),
		"islink":     test("islink", true, func(st os.FileInfo) bool { return st.Mode()&os.ModeSymlink != 0 }),
		"getsize":    info("getsize", func(st *unix.Stat_t) starlark.Value { return starlark.MakeInt64(st.Size) }),
		"getmtime":   info("getmtime", func(st *unix.Stat_t) starlark.Value { return pyTime(st.Mtim) }),
		"getatime":   info("getatime", func(st *unix.Stat_t) starlark.Value { return pyTime(st.Atim) }),
		"getctime":   info("getctime", func(st *unix.Stat_t) starlark.Value { return pyTime(st.Ctim) }),
		"curdir":     starlark.String("."),
		"pardir":     starlark.String(".."),
		"extsep":     starlark.String("."),
		"pathsep":    starlark.String(":"),
		"altsep":     starlark.None,
		"devnull":    starlark.String(os.DevNull),
		"normcase":   str1("normcase", func(p string) starlark.Value { return str(p) }),
		"splitdrive": str1("splitdrive", func(p string) starlark.Value { return starlark.Tuple{str(""), str(p)} }),
		"splitroot": str1("splitroot", func(p string) starlark.Value {
			a, b, c := splitroot(p)
			return starlark.Tuple{str(a), str(b), str(c)}
		}),
		"isjunction":   str1("isjunction", func(string) starlark.Value { return starlark.False }), // no junctions on POSIX
		"expandvars":   str1("expandvars", func(p string) starlark.Value { return str(expandvars(p, environ)) }),
		"ismount":      starlark.NewBuiltin("ismount", ismount),
		"samefile":     starlark.NewBuiltin("samefile", samefile),
		"commonpath":   starlark.NewBuiltin("commonpath", commonpath),
		"commonprefix": starlark.NewBuiltin("commonprefix", commonprefix),
	}}
}

// expanduser is Python's posixpath.expanduser: "~" and "~/..." take $HOME
// (the password file's home if HOME is unset), "~name/..." that user's
// home; an unknown user leaves the path as it is. The home loses its
// trailing slashes, and an empty result is "/" (HOME=/ or HOME="").
func expanduser(p string, environ *Environ) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	i := strings.IndexByte(p[1:], '/') + 1
	if i == 0 {
		i = len(p)
	}
	var home string
	if i == 1 {
		var ok bool
		if home, ok = environ.lookup("HOME"); !ok {
			u, err := user.Current()
			if err != nil {
				return p
			}
			home = u.HomeDir
		}
	} else {
		u, err := user.Lookup(p[1:i])
		if err != nil {
			return p
		}
		home = u.HomeDir
	}
	if r := strings.TrimRight(home, "/") + p[i:]; r != "" {
		return r
	}
	return "/"
}

// relpath is Python's os.path.relpath(path, start=os.curdir): a falsy path
// is "no path specified", start=None is the current directory.
func relpath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv, sv starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &pv, "start?", &sv); err != nil {
		return nil, typeError(err)
	}
	if !pv.Truth() {
		return nil, pyerr.New(pyerr.ValueError, "no path specified")
	}
	p, err := patharg.FSPath(pv)
	if err != nil {
		return nil, err
	}
	start := "."
	if sv != starlark.None {
		if start, err = patharg.FSPath(sv); err != nil {
			return nil, err
		}
	}
	r, err := filepath.Rel(abspath(thread, start), abspath(thread, p))
	if err != nil {
		return nil, pyerr.New(pyerr.ValueError, "%v", err)
	}
	return starlark.String(r), nil
}

// realpathBuiltin is Python's os.path.realpath(path, *, strict=False).
func realpathBuiltin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, pyerr.New(pyerr.TypeError, "realpath() takes 1 positional argument but %d were given", len(args))
	}
	var v starlark.Value
	strict := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "filename", &v, "strict?", &strict); err != nil {
		return nil, typeError(err)
	}
	p, err := patharg.FSPath(v)
	if err != nil {
		return nil, err
	}
	r, err := realpathStrict(thread, p, strict)
	if err != nil {
		return nil, err
	}
	return starlark.String(r), nil
}

// realpath is Python's non-strict posixpath.realpath: symbolic links are
// resolved one component at a time, so ".." after a link leaves the link's
// target, and what does not exist is kept as written after the part that
// does (and a loop of links stays a link).
func realpath(thread *starlark.Thread, p string) string {
	r, _ := realpathStrict(thread, p, false)
	return r
}

// realpathStrict is realpath, or with strict Python's realpath(strict=True):
// a component that cannot be lstat'ed is that OSError (FileNotFoundError,
// NotADirectoryError, ...), and a loop of links the ELOOP OSError of
// os.stat on the link, each naming the path as far as it got.
func realpathStrict(thread *starlark.Thread, p string, strict bool) (string, error) {
	env := procenv.Get(thread)
	seen := map[string]*string{}
	var joinReal func(path, rest string) (string, bool, error)
	joinReal = func(path, rest string) (string, bool, error) {
		if strings.HasPrefix(rest, "/") {
			rest, path = rest[1:], "/"
		}
		for rest != "" {
			var name string
			name, rest, _ = strings.Cut(rest, "/")
			switch {
			case name == "" || name == ".":
				continue
			case name == "..":
				if path == "" {
					path = ".."
				} else {
					head, tail := dirname(path), path[strings.LastIndexByte(path, '/')+1:]
					path = head
					if tail == ".." {
						path = patharg.Join(patharg.Join(path, ".."), "..")
					}
				}
				continue
			}
			next := patharg.Join(path, name)
			st, err := os.Lstat(env.Path(next))
			if err != nil && strict {
				return "", false, oserr.New(err, next)
			}
			if err != nil || st.Mode()&os.ModeSymlink == 0 {
				path = next
				continue
			}
			if r, ok := seen[next]; ok {
				if r != nil {
					path = *r
					continue
				}
				if strict {
					_, err := os.Stat(env.Path(next)) // ELOOP, as CPython's os.stat(newpath)
					if err == nil {
						err = syscall.ELOOP
					}
					return "", false, oserr.New(err, next)
				}
				return patharg.Join(next, rest), false, nil // a loop
			}
			seen[next] = nil
			link, err := os.Readlink(env.Path(next))
			if err != nil {
				if strict {
					return "", false, oserr.New(err, next)
				}
				path = next
				continue
			}
			var ok bool
			if path, ok, err = joinReal(path, link); err != nil || !ok {
				return patharg.Join(path, rest), false, err
			}
			resolved := path
			seen[next] = &resolved
		}
		return path, true, nil
	}
	r, _, err := joinReal("", p)
	if err != nil {
		return "", err
	}
	return abspath(thread, r), nil
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
		s, ok := patharg.AsPath(a)
		if !ok && i == 0 {
			_, err := patharg.FSPath(a) // join's first step is os.fspath(a)
			return nil, err
		}
		if !ok { // then genericpath._check_arg_types
			return nil, pyerr.New(pyerr.TypeError, "join() argument must be str, bytes, or os.PathLike object, not '%s'", patharg.TypeName(a))
		}
		if i == 0 {
			path = s
			continue
		}
		path = patharg.Join(path, s)
	}
	return starlark.String(path), nil
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
		p = patharg.Join(cwd, p)
	}
	return normpath(p)
}
