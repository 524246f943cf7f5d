// Package shutilmod is procstar's "shutil" module: copy, copy2, copyfile,
// copytree, rmtree, move, which and disk_usage, with Python's results and
// errors.
package shutilmod

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/builtins/globmod"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/builtins/osmod"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "shutil" module. osModule gives the script's os
// module (nil if it has none), whose functions rmtree hands to onexc and
// onerror, so that func == os.unlink holds there as in Python.
func Module(osModule func() starlark.Value) *starlarkstruct.Module {
	m := &module{os: osModule}
	return &starlarkstruct.Module{Name: "shutil", Members: starlark.StringDict{
		"copyfile":        starlark.NewBuiltin("copyfile", copyBuiltin(false, false)),
		"copy":            starlark.NewBuiltin("copy", copyBuiltin(true, false)),
		"copy2":           starlark.NewBuiltin("copy2", copyBuiltin(true, true)),
		"copytree":        starlark.NewBuiltin("copytree", copytree),
		"ignore_patterns": starlark.NewBuiltin("ignore_patterns", ignorePatterns),
		"rmtree":          starlark.NewBuiltin("rmtree", m.rmtree),
		"move":            starlark.NewBuiltin("move", move),
		"which":           starlark.NewBuiltin("which", which),
		"disk_usage":      starlark.NewBuiltin("disk_usage", diskUsage),
	}}
}

// module holds what a module's builtins share.
type module struct {
	os func() starlark.Value
}

// ownOS is an os module of shutil's own, for a script without one (a host
// that dropped it).
var ownOS = lazy.Value[starlark.StringDict]{New: func() starlark.StringDict { return osmod.Module().Members }}

// osFunc is the os function name ("islink" is os.path's), from the
// script's os module if it has one.
func (m *module) osFunc(name string) starlark.Value {
	get := func(mod starlark.Value, name string) starlark.Value {
		if h, ok := mod.(starlark.HasAttrs); ok {
			if v, err := h.Attr(name); err == nil {
				return v
			}
		}
		return nil
	}
	if m.os != nil {
		if mod := m.os(); mod != nil {
			v := mod
			if name == "islink" {
				v = get(v, "path")
			}
			if v = get(v, name); v != nil {
				return v
			}
		}
	}
	if name == "islink" {
		return get(ownOS.Get()["path"], name)
	}
	return ownOS.Get()[name]
}

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

// Errors of shutil's own, by the names Python prints.
const (
	shutilError   = "shutil.Error"
	sameFileError = "shutil.SameFileError"
)

func basename(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// fs resolves the script's paths against the calling thread's working
// directory; errors keep the paths as the script wrote them.
// fs is the file-system work of one call: paths resolve in env; ignore is
// copytree's ignore= (nil: none), copyFn its copy_function= (nil: copy2's
// own work, with no call through Starlark).
type fs struct {
	env    *procenv.Env
	ignore func(dir string, names []string) (map[string]bool, error)
	copyFn func(src, dst string) error
}

func (f fs) stat(p string) (os.FileInfo, error)  { return os.Stat(f.env.Path(p)) }
func (f fs) lstat(p string) (os.FileInfo, error) { return os.Lstat(f.env.Path(p)) }
func (f fs) isdir(p string) bool                 { st, err := f.stat(p); return err == nil && st.IsDir() }
func (f fs) islink(p string) bool {
	st, err := f.lstat(p)
	return err == nil && st.Mode()&os.ModeSymlink != 0
}

// samefile is os.path.samefile, false if either path cannot be stat'ed:
// "f.txt", "./f.txt" and a link to it are one file.
func (f fs) samefile(a, b string) bool {
	sa, err := f.stat(a)
	if err != nil {
		return false
	}
	sb, err := f.stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// osErr is err named by the script's path p (Go's errors carry resolved
// paths, which may differ).
func osErr(err error, p string) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return oserr.New(err, p)
}

// copyfile is shutil.copyfile: SameFileError for one file under two names,
// else src's bytes into dst (created or truncated, through a symbolic
// link), whose directory must exist. With follow false, a symbolic link
// src is copied as a new link dst (which must not exist), as Python's
// follow_symlinks=False.
func (f fs) copyfile(src, dst string, follow bool) error {
	if f.samefile(src, dst) {
		return pyerr.New(sameFileError, "%s and %s are the same file", pyformat.QuoteStr(src), pyformat.QuoteStr(dst))
	}
	if !follow && f.islink(src) {
		return f.copylink(src, dst)
	}
	in, err := os.Open(f.env.Path(src))
	if err != nil {
		return osErr(err, src)
	}
	defer in.Close()
	if st, err := in.Stat(); err == nil && st.IsDir() {
		return oserr.New(syscall.EISDIR, src) // Python's open(dir, "rb")
	}
	out, err := os.OpenFile(f.env.Path(dst), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		if errors.Is(err, syscall.EISDIR) {
			if _, serr := f.stat(dst); serr != nil { // "x/" with no x
				return pyerr.New("FileNotFoundError", "Directory does not exist: %s", dst)
			}
		}
		return osErr(err, dst)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return osErr(err, dst)
	}
	if err := out.Close(); err != nil {
		return osErr(err, dst)
	}
	return nil
}

// copylink is os.symlink(os.readlink(src), dst).
func (f fs) copylink(src, dst string) error {
	link, err := os.Readlink(f.env.Path(src))
	if err != nil {
		return osErr(err, src)
	}
	if err := unix.Symlink(link, f.env.Path(dst)); err != nil {
		return oserr.NewPair(err, link, dst)
	}
	return nil
}

// copystat gives dst src's mode bits (copymode) and, with times, its
// access and modification times (copystat, as copy2 does). With follow
// false and both src and dst symbolic links, it works on the links
// themselves, as Python on Linux does: copystat sets the link's times
// (there is no lchmod), copymode does nothing.
func (f fs) copystat(src, dst string, times, follow bool) error {
	if !follow && f.islink(src) && f.islink(dst) {
		if !times {
			return nil
		}
		var st unix.Stat_t
		if err := unix.Lstat(f.env.Path(src), &st); err != nil {
			return oserr.New(err, src)
		}
		ts := []unix.Timespec{st.Atim, st.Mtim}
		if err := unix.UtimesNanoAt(unix.AT_FDCWD, f.env.Path(dst), ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return oserr.New(err, dst)
		}
		return nil
	}
	var st unix.Stat_t
	if err := unix.Stat(f.env.Path(src), &st); err != nil {
		return oserr.New(err, src)
	}
	if times {
		ts := []unix.Timespec{st.Atim, st.Mtim}
		if err := unix.UtimesNano(f.env.Path(dst), ts); err != nil {
			return oserr.New(err, dst)
		}
	}
	if err := unix.Chmod(f.env.Path(dst), st.Mode&0o7777); err != nil {
		return oserr.New(err, dst)
	}
	return nil
}

// copyBuiltin is copyfile (bytes), copy (and mode bits; dst may be a
// directory) and copy2 (and times); each returns the destination path.
// follow_symlinks=False (keyword only) copies a symbolic link src as a
// link.
func copyBuiltin(mode, times bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) > 2 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes 2 positional arguments but %d were given", b.Name(), len(args))
		}
		var srcv, dstv starlark.Value
		var followv starlark.Value = starlark.True
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &srcv, "dst", &dstv, "follow_symlinks?", &followv); err != nil {
			return nil, typeError(err)
		}
		follow := bool(followv.Truth())
		// A path that is not a str fails at Python's first use of it:
		// os.stat for isdir(dst) and samefile, os.path.basename of src for
		// a directory dst.
		dst, err := patharg.Sys("stat", "path", dstv, true)
		if err != nil {
			return nil, err
		}
		f := fs{env: procenv.Get(thread)}
		if mode && f.isdir(dst) { // copy and copy2 put the file into a directory dst
			src, err := patharg.FSPath(srcv)
			if err != nil {
				return nil, err
			}
			dst = patharg.Join(dst, basename(src))
		}
		src, err := patharg.Sys("stat", "path", srcv, true)
		if err != nil {
			return nil, err
		}
		if err := f.copyfile(src, dst, follow); err != nil {
			return nil, err
		}
		if mode {
			if err := f.copystat(src, dst, times, follow); err != nil {
				return nil, err
			}
		}
		return starlark.String(dst), nil
	}
}

// ignorePatterns is shutil.ignore_patterns(*patterns): for copytree's
// ignore=, a function of (dir, names) giving the names that match one of
// the patterns (fnmatch's, case-sensitive on POSIX).
func ignorePatterns(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "ignore_patterns() got an unexpected keyword argument")
	}
	var pats []*regexp.Regexp
	for _, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "expected str, not %s", patharg.TypeName(a))
		}
		pats = append(pats, globmod.Compile(string(s))) // fnmatch's matcher
	}
	return starlark.NewBuiltin("_ignore_patterns", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var dir starlark.Value
		var names starlark.Iterable
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &dir, &names); err != nil {
			return nil, typeError(err)
		}
		out := starlark.NewSet(0)
		iter := names.Iterate()
		defer iter.Done()
		var x starlark.Value
		for iter.Next(&x) {
			n, _ := starlark.AsString(x)
			for _, p := range pats {
				if p.MatchString(n) {
					out.Insert(x)
					break
				}
			}
		}
		return out, nil
	}), nil
}

// copytree is shutil.copytree(src, dst, symlinks=False, ignore=None,
// copy_function=copy2, ignore_dangling_symlinks=False,
// dirs_exist_ok=False):
// dst and its parents are made (FileExistsError if dst exists, unless
// dirs_exist_ok), files are copied with copy_function(src, dst). A
// symbolic link is copied as a link with symlinks=True, else what it
// points to is (or, with ignore_dangling_symlinks, nothing if that does
// not exist). As in Python, an OSError inside the tree does not stop the
// copy: the failures are gathered into one shutil.Error at the end;
// another error (of copy_function or ignore) stops it.
func copytree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var srcv, dstv starlark.Value
	var ignore, copyFn starlark.Value = starlark.None, nil
	var symlinks, dangling, dirsExistOK starlark.Value = starlark.False, starlark.False, starlark.False
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &srcv, "dst", &dstv, "symlinks?", &symlinks, "ignore?", &ignore,
		"copy_function?", &copyFn, "ignore_dangling_symlinks?", &dangling, "dirs_exist_ok?", &dirsExistOK); err != nil {
		return nil, typeError(err)
	}
	src, err := patharg.FSPath(srcv)
	if err != nil {
		return nil, err
	}
	dst, err := patharg.FSPath(dstv)
	if err != nil {
		return nil, err
	}
	f := fs{env: procenv.Get(thread), copyFn: callCopy(thread, copyFn)}
	if ignore != starlark.None {
		// ignore(dir, names) gives the names not to copy, as Python calls it.
		f.ignore = func(dir string, names []string) (map[string]bool, error) {
			l := make([]starlark.Value, len(names))
			for i, n := range names {
				l[i] = starlark.String(n)
			}
			v, err := starlark.Call(thread, ignore, starlark.Tuple{starlark.String(dir), starlark.NewList(l)}, nil)
			if err != nil {
				return nil, err
			}
			out := map[string]bool{}
			if it, ok := v.(starlark.Iterable); ok {
				iter := it.Iterate()
				defer iter.Done()
				var x starlark.Value
				for iter.Next(&x) {
					if s, ok := x.(starlark.String); ok {
						out[string(s)] = true
					}
				}
			}
			return out, nil
		}
	}
	errs, err := f.copytree(src, dst, bool(symlinks.Truth()), bool(dangling.Truth()), bool(dirsExistOK.Truth()))
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, treeError(errs)
	}
	return starlark.String(dst), nil
}

// callCopy is a copy_function= value as fs.copyFn: nil (copy2's own
// work) if none was given, else a call of it with (src, dst).
func callCopy(thread *starlark.Thread, fn starlark.Value) func(src, dst string) error {
	if fn == nil {
		return nil
	}
	return func(src, dst string) error {
		_, err := starlark.Call(thread, fn, starlark.Tuple{starlark.String(src), starlark.String(dst)}, nil)
		return err
	}
}

// copy2 copies a file as copytree's copy_function does.
func (f fs) copy2(src, dst string) error {
	if f.copyFn != nil {
		return f.copyFn(src, dst)
	}
	err := f.copyfile(src, dst, true)
	if err == nil {
		err = f.copystat(src, dst, true, true)
	}
	return err
}

// isOSError says whether err is an OSError (shutil's errors are OSErrors):
// what copytree gathers rather than stops at.
func isOSError(err error) bool {
	var pe *pyerr.Error
	if !errors.As(err, &pe) {
		return false
	}
	if _, ok := pe.Attrs["errno"]; ok {
		return true
	}
	switch pe.Type {
	case pyerr.OSError, shutilError, sameFileError, "FileNotFoundError", "FileExistsError", "IsADirectoryError",
		"NotADirectoryError", "PermissionError", "TimeoutError", "InterruptedError", "BlockingIOError":
		return true
	}
	return false
}

// treeErrors are the (src, dst, why) of the failures in a copytree.
type treeErrors [][3]string

// copytree is Python's _copytree: the failures inside the tree, or an
// error that stopped it (src unreadable, dst not made, an error of
// copy_function or ignore that is no OSError).
func (f fs) copytree(src, dst string, symlinks, dangling, dirsExistOK bool) (treeErrors, error) {
	names, err := readNames(f.env.Path(src)) // before dst is made, as Python's scandir
	if err != nil {
		return nil, osErr(err, src)
	}
	if f.ignore != nil {
		skip, err := f.ignore(src, names)
		if err != nil {
			return nil, err
		}
		kept := names[:0:0]
		for _, n := range names {
			if !skip[n] {
				kept = append(kept, n)
			}
		}
		names = kept
	}
	if err := f.makedirs(dst, dirsExistOK); err != nil {
		return nil, err
	}
	var errs treeErrors
	fail := func(from, to string, err error) {
		msg := err.Error()
		var pe *pyerr.Error
		if errors.As(err, &pe) {
			msg = pe.Message // str(OSError) has no type name
		}
		errs = append(errs, [3]string{from, to, msg})
	}
	for _, n := range names {
		from, to := patharg.Join(src, n), patharg.Join(dst, n)
		var err error
		switch {
		case f.islink(from):
			var link string
			if link, err = os.Readlink(f.env.Path(from)); err != nil {
				err = osErr(err, from)
				break
			}
			if symlinks {
				if err = unix.Symlink(link, f.env.Path(to)); err != nil {
					err = oserr.NewPair(err, link, to)
				} else {
					err = f.copystat(from, to, true, false)
				}
				break
			}
			// Python looks for the link's target from the working
			// directory, not from the link's own: so does procstar.
			if _, serr := f.stat(link); serr != nil && dangling {
				continue
			}
			if f.isdir(from) {
				var sub treeErrors
				sub, err = f.copytree(from, to, symlinks, dangling, dirsExistOK)
				errs = append(errs, sub...)
			} else {
				err = f.copy2(from, to)
			}
		case f.isdir(from):
			var sub treeErrors
			sub, err = f.copytree(from, to, symlinks, dangling, dirsExistOK)
			errs = append(errs, sub...)
		default:
			err = f.copy2(from, to)
		}
		if err != nil {
			if !isOSError(err) {
				return nil, err
			}
			fail(from, to, err)
		}
	}
	if err := f.copystat(src, dst, true, true); err != nil {
		fail(src, dst, err)
	}
	return errs, nil
}

// treeError is the shutil.Error of copytree's failures: its text is the
// list of (src, dst, why) tuples, as Python's.
func treeError(errs treeErrors) error {
	parts := make([]string, len(errs))
	for i, t := range errs {
		parts[i] = "(" + pyformat.QuoteStr(t[0]) + ", " + pyformat.QuoteStr(t[1]) + ", " + pyformat.QuoteStr(t[2]) + ")"
	}
	return pyerr.New(shutilError, "[%s]", strings.Join(parts, ", "))
}

// makedirs is os.makedirs(p, exist_ok=existOK) for copytree.
func (f fs) makedirs(p string, existOK bool) error {
	if st, err := f.stat(p); err == nil {
		if existOK && st.IsDir() {
			return nil
		}
		return oserr.New(syscall.EEXIST, p)
	}
	if err := os.MkdirAll(f.env.Path(p), 0o777); err != nil {
		return osErr(err, p)
	}
	return nil
}

// readNames lists a directory, sorted.
func readNames(dir string) ([]string, error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, &os.PathError{Op: "scandir", Path: dir, Err: err}
	}
	sort.Strings(names)
	return names, nil
}

// rmtree is shutil.rmtree(path, ignore_errors=False, onerror=None, *,
// onexc=None, dir_fd=None), CPython's _rmtree_safe_fd: each failure is
// handed to onexc(func, path, exc) (func the os function that failed:
// os.lstat, os.open, os.scandir, os.unlink, os.rmdir, os.close or
// os.path.islink; exc the error, as catch gives it) and the removal goes
// on; onerror(func, path, exc_info) is the older form, exc_info a
// (type name, error, None) triple standing for Python's sys.exc_info().
// onexc wins over onerror and ignore_errors over both, as in Python;
// without them the first failure is the error. As in Python, a symbolic
// link is refused (even to a directory: only the link's target tree would
// go) and a file is NotADirectoryError. dir_fd (procstar has no dir_fd)
// must be None.
func (m *module) rmtree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 3 {
		return nil, pyerr.New(pyerr.TypeError, "rmtree() takes from 1 to 3 positional arguments but %d were given", len(args))
	}
	var pv starlark.Value
	var ignore starlark.Value = starlark.False
	var onerror, onexc, dirFD starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &pv, "ignore_errors?", &ignore, "onerror?", &onerror, "onexc?", &onexc, "dir_fd?", &dirFD); err != nil {
		return nil, typeError(err)
	}
	if dirFD != starlark.None {
		// CPython's words where its os has no dir_fd.
		return nil, pyerr.New("NotImplementedError", "dir_fd unavailable on this platform")
	}
	r := remover{env: procenv.Get(thread)}
	switch {
	case bool(ignore.Truth()):
		r.onexc = func(string, starlark.Value, error) error { return nil }
	case onexc != starlark.None:
		r.onexc = func(fn string, p starlark.Value, err error) error {
			_, cerr := starlark.Call(thread, onexc, starlark.Tuple{m.osFunc(fn), p, catch.FromError(err)}, nil)
			return cerr
		}
	case onerror != starlark.None:
		r.onexc = func(fn string, p starlark.Value, err error) error {
			e := catch.FromError(err)
			info := starlark.Tuple{starlark.String(e.Typ), e, starlark.None}
			_, cerr := starlark.Call(thread, onerror, starlark.Tuple{m.osFunc(fn), p, info}, nil)
			return cerr
		}
	default:
		r.onexc = func(_ string, _ starlark.Value, err error) error { return err }
	}
	if err := r.rmtree(pv); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// remover is one rmtree: paths resolve in env, failures go to onexc (the
// name of the os function that failed, the path as Python passes it, the
// error), whose error stops the removal.
type remover struct {
	env   *procenv.Env
	onexc func(fn string, path starlark.Value, err error) error
}

// rmtree removes the tree at pv as CPython's rmtree does with the fd
// functions: lstat the path, open it, and walk it only if what was opened
// is what was lstat'ed (not a link put there since).
func (r remover) rmtree(pv starlark.Value) error {
	p, err := patharg.Sys("lstat", "path", pv, false) // inside Python's error handling
	if err != nil {
		return r.onexc("lstat", pv, err)
	}
	real := r.env.Path(p)
	var st unix.Stat_t
	if err := unix.Lstat(real, &st); err != nil {
		return r.onexc("lstat", pv, oserr.New(err, p))
	}
	// O_NONBLOCK: a FIFO fails as a non-directory rather than hang.
	fd, err := unix.Open(real, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return r.onexc("open", pv, oserr.New(err, p))
	}
	if !sameOpened(fd, &st) {
		err := r.onexc("islink", pv, pyerr.New(pyerr.OSError, "Cannot call rmtree on a symbolic link"))
		unix.Close(fd)
		return err
	}
	err = r.walk(fd, p, pv)
	unix.Close(fd)
	if err != nil {
		return err
	}
	if err := unix.Rmdir(real); err != nil {
		return r.onexc("rmdir", pv, oserr.New(err, p))
	}
	return nil
}

// sameOpened is os.path.samestat(lstat'ed, os.fstat(fd)).
func sameOpened(fd int, st *unix.Stat_t) bool {
	var fst unix.Stat_t
	return unix.Fstat(fd, &fst) == nil && fst.Dev == st.Dev && fst.Ino == st.Ino
}

// walk is _rmtree_safe_fd: it empties the directory open as dirfd, named
// p (pv as the script gave it), working relative to dirfd (so a deep tree needs no long paths and a
// directory swapped for a link is not followed). Entries go in name order.
func (r remover) walk(dirfd int, p string, pv starlark.Value) error {
	entries, err := readDirFD(dirfd, r.env.Path(p))
	if err != nil {
		return r.onexc("scandir", pv, oserr.New(err, p))
	}
	for _, e := range entries {
		name := e.Name()
		full := patharg.Join(p, name)
		fullv := starlark.String(full)
		isDir := e.IsDir() // the entry's own type: a link is not a directory
		var st unix.Stat_t
		if isDir {
			if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
				if err := r.onexc("lstat", fullv, oserr.New(err, full)); err != nil {
					return err
				}
				continue
			}
			isDir = st.Mode&unix.S_IFMT == unix.S_IFDIR
		}
		if !isDir {
			if err := unix.Unlinkat(dirfd, name, 0); err != nil {
				if err := r.onexc("unlink", fullv, oserr.New(err, full)); err != nil {
					return err
				}
			}
			continue
		}
		sub, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err != nil {
			if err := r.onexc("open", fullv, oserr.New(err, full)); err != nil {
				return err
			}
			continue
		}
		if !sameOpened(sub, &st) {
			err := r.onexc("islink", fullv, pyerr.New(pyerr.OSError, "Cannot call rmtree on a symbolic link"))
			unix.Close(sub)
			if err != nil {
				return err
			}
			continue
		}
		err = r.walk(sub, full, fullv)
		unix.Close(sub)
		if err != nil {
			return err
		}
		if err := unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR); err != nil {
			if err := r.onexc("rmdir", fullv, oserr.New(err, full)); err != nil {
				return err
			}
		}
	}
	return nil
}

// readDirFD lists the directory open as fd (named real, for Go's lstat of
// an entry whose type the file system does not give), sorted, through a
// duplicate of fd (as os.scandir(fd) does), leaving fd open.
func readDirFD(fd int, real string) ([]os.DirEntry, error) {
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	d := os.NewFile(uintptr(dup), real)
	defer d.Close()
	entries, err := d.ReadDir(-1)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, nil
}

// move is Python's shutil.move: into dst if it is a directory (an
// existing entry there is shutil.Error), by rename if it can, else (across
// file systems) a link is re-made, a directory copied then removed (not
// into itself), a file copied with copy_function (copy2 by default) then
// removed. It returns the destination.
func move(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var srcv, dstv, copyFn starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &srcv, "dst", &dstv, "copy_function?", &copyFn); err != nil {
		return nil, typeError(err)
	}
	// A path that is not a str fails at Python's first use of it: os.stat
	// for isdir(dst), then for samefile if dst is a directory, else
	// os.rename.
	dst, err := patharg.Sys("stat", "path", dstv, true)
	if err != nil {
		return nil, err
	}
	f := fs{env: procenv.Get(thread), copyFn: callCopy(thread, copyFn)}
	op, arg, fd := "rename", "src", false
	if f.isdir(dst) {
		op, arg, fd = "stat", "path", true
	}
	src, err := patharg.Sys(op, arg, srcv, fd)
	if err != nil {
		return nil, err
	}
	realDst := dst
	if f.isdir(dst) {
		if f.samefile(src, dst) {
			// Python renames anyway (for case-insensitive file systems)
			// and returns None.
			if err := unix.Rename(f.env.Path(src), f.env.Path(dst)); err != nil {
				return nil, oserr.NewPair(err, src, dst)
			}
			return starlark.None, nil
		}
		realDst = patharg.Join(dst, basename(strings.TrimRight(src, "/")))
		if _, err := f.stat(realDst); err == nil {
			return nil, pyerr.New(shutilError, "Destination path '%s' already exists", realDst)
		}
	}
	if err := unix.Rename(f.env.Path(src), f.env.Path(realDst)); err == nil {
		return starlark.String(realDst), nil
	}
	switch {
	case f.islink(src):
		link, err := os.Readlink(f.env.Path(src))
		if err == nil {
			err = os.Symlink(link, f.env.Path(realDst))
		}
		if err == nil {
			err = os.Remove(f.env.Path(src))
		}
		if err != nil {
			return nil, osErr(err, src)
		}
	case f.isdir(src):
		if destInSrc(f.env, src, dst) {
			return nil, pyerr.New(shutilError, "Cannot move a directory '%s' into itself '%s'.", src, dst)
		}
		errs, err := f.copytree(src, realDst, true, false, false)
		if err != nil {
			return nil, err
		}
		if len(errs) > 0 {
			return nil, treeError(errs)
		}
		r := remover{env: f.env, onexc: func(_ string, _ starlark.Value, err error) error { return err }}
		if err := r.rmtree(starlark.String(src)); err != nil {
			return nil, err
		}
	default:
		if err := f.copy2(src, realDst); err != nil {
			return nil, err
		}
		if err := unix.Unlink(f.env.Path(src)); err != nil {
			return nil, oserr.New(err, src)
		}
	}
	return starlark.String(realDst), nil
}

// destInSrc is shutil._destinsrc: whether dst is src or below it, by their
// absolute paths (not resolving links).
func destInSrc(env *procenv.Env, src, dst string) bool {
	abs := func(p string) string {
		if !strings.HasPrefix(p, "/") {
			wd := env.Dir
			if wd == "" {
				wd, _ = os.Getwd()
			}
			p = wd + "/" + p
		}
		return strings.TrimSuffix(filepath.Clean(p), "/") + "/"
	}
	return strings.HasPrefix(abs(dst), abs(src))
}

// which is Python's shutil.which(cmd, mode=os.F_OK | os.X_OK, path=None):
// a cmd with a directory part is checked as it is; else each directory of
// path (PATH, or the system's default "/bin:/usr/bin" if PATH is unset) is
// tried in order, an empty one meaning the current directory.
func which(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmdv starlark.Value
	mode := unix.F_OK | unix.X_OK
	var path starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "cmd", &cmdv, "mode?", &mode, "path?", &path); err != nil {
		return nil, typeError(err)
	}
	cmd, err := patharg.FSPath(cmdv) // os.path.dirname(cmd) comes first
	if err != nil {
		return nil, err
	}
	f := fs{env: procenv.Get(thread)}
	ok := func(p string) bool {
		st, err := f.stat(p)
		return err == nil && !st.IsDir() && unix.Access(f.env.Path(p), uint32(mode)) == nil
	}
	if strings.Contains(cmd, "/") {
		if ok(cmd) {
			return starlark.String(cmd), nil
		}
		return starlark.None, nil
	}
	var dirs string
	if path == starlark.None {
		var set bool
		if dirs, set = os.LookupEnv("PATH"); !set {
			dirs = "/bin:/usr/bin" // confstr(CS_PATH)
		}
	} else if dirs, err = patharg.FSPath(path); err != nil {
		return nil, err
	}
	if dirs == "" {
		return starlark.None, nil
	}
	seen := map[string]bool{}
	for _, d := range strings.Split(dirs, ":") {
		if seen[d] {
			continue
		}
		seen[d] = true
		if p := patharg.Join(d, cmd); ok(p) {
			return starlark.String(p), nil
		}
	}
	return starlark.None, nil
}

// diskUsage is shutil.disk_usage: the named tuple usage(total, used,
// free), in bytes, as Python computes them from statvfs (f_frsize units).
func diskUsage(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &pv); err != nil {
		return nil, typeError(err)
	}
	p, err := patharg.Sys("statvfs", "path", pv, true)
	if err != nil {
		return nil, err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(procenv.Get(thread).Path(p), &st); err != nil {
		return nil, oserr.New(err, p)
	}
	unit := uint64(st.Frsize)
	if unit == 0 {
		unit = uint64(st.Bsize)
	}
	return &usage{total: st.Blocks * unit, used: (st.Blocks - st.Bfree) * unit, free: st.Bavail * unit}, nil
}

// usage is disk_usage's named tuple: fields total, used, free, and a
// tuple of the three (total, used, free = shutil.disk_usage(p)).
type usage struct{ total, used, free uint64 }

var (
	_ starlark.Indexable = (*usage)(nil)
	_ starlark.Sequence  = (*usage)(nil)
	_ starlark.HasAttrs  = (*usage)(nil)
)

func (u *usage) tuple() starlark.Tuple {
	return starlark.Tuple{starlark.MakeUint64(u.total), starlark.MakeUint64(u.used), starlark.MakeUint64(u.free)}
}
func (u *usage) String() string {
	return fmt.Sprintf("usage(total=%d, used=%d, free=%d)", u.total, u.used, u.free)
}
func (u *usage) Type() string               { return "usage" }
func (u *usage) Freeze()                    {}
func (u *usage) Truth() starlark.Bool       { return starlark.True }
func (u *usage) Hash() (uint32, error)      { return u.tuple().Hash() }
func (u *usage) Len() int                   { return 3 }
func (u *usage) Index(i int) starlark.Value { return u.tuple()[i] }
func (u *usage) Iterate() starlark.Iterator { return u.tuple().Iterate() }
func (u *usage) AttrNames() []string        { return []string{"free", "total", "used"} }
func (u *usage) Attr(name string) (starlark.Value, error) {
	switch name {
	case "total":
		return starlark.MakeUint64(u.total), nil
	case "used":
		return starlark.MakeUint64(u.used), nil
	case "free":
		return starlark.MakeUint64(u.free), nil
	}
	return nil, nil
}

// TupleSubclass marks a Python tuple subclass: json encodes it as an array.
func (*usage) TupleSubclass() {}
