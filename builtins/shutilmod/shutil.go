// Package shutilmod is procstar's "shutil" module: copy, copy2, copyfile,
// copytree, rmtree, move, which and disk_usage, with Python's results and
// errors.
package shutilmod

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "shutil" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "shutil", Members: starlark.StringDict{
		"copyfile":   starlark.NewBuiltin("copyfile", copyBuiltin(false, false)),
		"copy":       starlark.NewBuiltin("copy", copyBuiltin(true, false)),
		"copy2":      starlark.NewBuiltin("copy2", copyBuiltin(true, true)),
		"copytree":   starlark.NewBuiltin("copytree", copytree),
		"rmtree":     starlark.NewBuiltin("rmtree", rmtree),
		"move":       starlark.NewBuiltin("move", move),
		"which":      starlark.NewBuiltin("which", which),
		"disk_usage": starlark.NewBuiltin("disk_usage", diskUsage),
	}}
}

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

// copyFile copies src's bytes to dst (created or truncated); mode and times
// when asked (copy, copy2).
func copyFile(src, dst string, mode, times bool) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return &os.PathError{Op: "open", Path: src, Err: syscall.EISDIR}
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if mode {
		if err := os.Chmod(dst, st.Mode().Perm()); err != nil {
			return err
		}
	}
	if times {
		return os.Chtimes(dst, st.ModTime(), st.ModTime())
	}
	return nil
}

// copyBuiltin is copyfile (bytes), copy (and mode bits; dst may be a
// directory) and copy2 (and times); each returns the destination path.
func copyBuiltin(mode, times bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var src, dst string
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &src, "dst", &dst); err != nil {
			return nil, typeError(err)
		}
		env := procenv.Get(thread)
		if mode { // copy and copy2 put the file into a directory dst
			if st, err := os.Stat(env.Path(dst)); err == nil && st.IsDir() {
				dst = strings.TrimSuffix(dst, "/") + "/" + filepath.Base(src)
			}
		}
		if src == dst || env.Path(src) == env.Path(dst) {
			return nil, pyerr.New("shutil.SameFileError", "%s and %s are the same file", pyformat.QuoteStr(src), pyformat.QuoteStr(dst))
		}
		if err := copyFile(env.Path(src), env.Path(dst), mode, times); err != nil {
			return nil, pathErr(err, src, dst)
		}
		return starlark.String(dst), nil
	}
}

// pathErr is an os error named by the path the script gave for the one
// that failed.
func pathErr(err error, given ...string) error {
	var pe *os.PathError
	if len(given) > 1 && errors.As(err, &pe) {
		for _, g := range given {
			if strings.HasSuffix(pe.Path, strings.TrimPrefix(g, "./")) {
				return oserr.New(err, g)
			}
		}
		return oserr.New(err, pe.Path)
	}
	return oserr.New(err, given[0])
}

func copytree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst string
	dirsExistOK := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &src, "dst", &dst, "dirs_exist_ok?", &dirsExistOK); err != nil {
		return nil, typeError(err)
	}
	env := procenv.Get(thread)
	rsrc, rdst := env.Path(src), env.Path(dst)
	if st, err := os.Stat(rsrc); err != nil {
		return nil, oserr.New(err, src)
	} else if !st.IsDir() {
		return nil, oserr.New(syscall.ENOTDIR, src)
	}
	if _, err := os.Stat(rdst); err == nil && !dirsExistOK {
		return nil, oserr.New(syscall.EEXIST, dst)
	}
	err := filepath.Walk(rsrc, func(p string, st os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(rsrc, p)
		to := filepath.Join(rdst, rel)
		switch {
		case st.IsDir():
			return os.MkdirAll(to, st.Mode().Perm()|0o700)
		case st.Mode()&os.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, to)
		}
		return copyFile(p, to, true, true)
	})
	if err != nil {
		return nil, oserr.New(err, src)
	}
	return starlark.String(dst), nil
}

func rmtree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p string
	ignore := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &p, "ignore_errors?", &ignore); err != nil {
		return nil, typeError(err)
	}
	real := procenv.Get(thread).Path(p)
	st, err := os.Lstat(real)
	if err == nil && !st.IsDir() {
		err = syscall.ENOTDIR
	}
	if err == nil {
		err = os.RemoveAll(real)
	}
	if err != nil && !ignore {
		return nil, oserr.New(err, p)
	}
	return starlark.None, nil
}

// move renames src to dst (into dst if it is a directory), copying then
// removing across file systems; it returns the destination.
func move(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &src, "dst", &dst); err != nil {
		return nil, typeError(err)
	}
	env := procenv.Get(thread)
	if st, err := os.Stat(env.Path(dst)); err == nil && st.IsDir() {
		dst = strings.TrimSuffix(dst, "/") + "/" + filepath.Base(strings.TrimSuffix(src, "/"))
		if _, err := os.Lstat(env.Path(dst)); err == nil {
			return nil, pyerr.New("shutil.Error", "Destination path '%s' already exists", dst)
		}
	}
	err := os.Rename(env.Path(src), env.Path(dst))
	if le, ok := err.(*os.LinkError); ok && le.Err == syscall.EXDEV {
		if err = copyFile(env.Path(src), env.Path(dst), true, true); err == nil {
			err = os.Remove(env.Path(src))
		}
	}
	if err != nil {
		if le, ok := err.(*os.LinkError); ok {
			err = le.Err
		}
		return nil, oserr.New(err, src)
	}
	return starlark.String(dst), nil
}

// which finds an executable in PATH (or the path given), as Python's.
func which(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmd string
	var path starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "cmd", &cmd, "mode?", new(int), "path?", &path); err != nil {
		return nil, typeError(err)
	}
	env := procenv.Get(thread)
	executable := func(p string) bool {
		st, err := os.Stat(env.Path(p))
		return err == nil && !st.IsDir() && unix.Access(env.Path(p), unix.X_OK) == nil
	}
	if strings.Contains(cmd, "/") {
		if executable(cmd) {
			return starlark.String(cmd), nil
		}
		return starlark.None, nil
	}
	dirs, ok := starlark.AsString(path)
	if !ok {
		dirs = os.Getenv("PATH")
	}
	for _, d := range strings.Split(dirs, ":") {
		if d == "" {
			continue
		}
		if p := strings.TrimSuffix(d, "/") + "/" + cmd; executable(p) {
			return starlark.String(p), nil
		}
	}
	return starlark.None, nil
}

// diskUsage is shutil.disk_usage: total, used and free bytes.
func diskUsage(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
		return nil, typeError(err)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(procenv.Get(thread).Path(p), &st); err != nil {
		return nil, oserr.New(err, p)
	}
	bs := uint64(st.Bsize)
	total, free := st.Blocks*bs, st.Bavail*bs
	used := (st.Blocks - st.Bfree) * bs
	return starlarkstruct.FromStringDict(starlark.String("usage"), starlark.StringDict{
		"total": starlark.MakeUint64(total), "used": starlark.MakeUint64(used), "free": starlark.MakeUint64(free),
	}), nil
}
