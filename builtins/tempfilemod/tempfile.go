// Package tempfilemod is procstar's "tempfile" module: gettempdir,
// gettempprefix, mkdtemp, mkstemp, NamedTemporaryFile, TemporaryFile and
// TemporaryDirectory, as CPython 3.12's (names of "tmp" and 8 random
// characters, modes 0o600 and 0o700). Starlark has no with: close() a
// temporary file and cleanup() a directory; what a killed process leaves
// behind stays, as in Python.
package tempfilemod

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/fileio"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns a new "tempfile" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "tempfile", Members: starlark.StringDict{
		"gettempdir":         b("gettempdir", gettempdir),
		"gettempprefix":      b("gettempprefix", gettempprefix),
		"mkdtemp":            b("mkdtemp", mkdtemp),
		"mkstemp":            b("mkstemp", mkstemp),
		"NamedTemporaryFile": b("NamedTemporaryFile", namedTemporaryFile),
		"TemporaryFile":      b("TemporaryFile", namedTemporaryFile),
		"TemporaryDirectory": b("TemporaryDirectory", temporaryDirectory),
	}}
}

const template = "tmp"

// tempDir is _get_default_tempdir: TMPDIR, TEMP, TMP, then /tmp, /var/tmp,
// /usr/tmp and the working directory, the first one that is a writable
// directory, made absolute.
func tempDir(thread *starlark.Thread) (string, error) {
	env := procenv.Get(thread)
	var dirs []string
	for _, k := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v := os.Getenv(k); v != "" {
			dirs = append(dirs, v)
		}
	}
	dirs = append(dirs, "/tmp", "/var/tmp", "/usr/tmp", env.Path("."))
	for _, d := range dirs {
		d = env.Path(d)
		if st, err := os.Stat(d); err == nil && st.IsDir() && unix.Access(d, unix.W_OK|unix.X_OK) == nil {
			return filepath.Clean(d), nil
		}
	}
	return "", pyerr.New("FileNotFoundError", "[Errno 2] No usable temporary directory found in %s", strings.Join(dirs, ", "))
}

func gettempdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	d, err := tempDir(thread)
	return starlark.String(d), err
}

func gettempprefix(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	return starlark.String(template), nil
}

// randomName is _RandomNameSequence's: 8 of a-z, 0-9 and _.
func randomName() string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789_"
	var b [8]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b[:])
}

// names is the (suffix, prefix, dir) of a temporary name; dir is absolute.
type names struct{ suffix, prefix, dir string }

func unpackNames(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, more ...any) (names, error) {
	var suffix, prefix, dir starlark.Value = starlark.None, starlark.None, starlark.None
	pairs := append([]any{"suffix?", &suffix, "prefix?", &prefix, "dir?", &dir}, more...)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return names{}, pyerr.New(pyerr.TypeError, "%s", err)
	}
	n := names{prefix: template}
	for _, p := range []struct {
		v   starlark.Value
		out *string
	}{{suffix, &n.suffix}, {prefix, &n.prefix}, {dir, &n.dir}} {
		if p.v == starlark.None {
			continue
		}
		s, ok := patharg.AsPath(p.v)
		if !ok {
			return names{}, pyerr.New(pyerr.TypeError, "Can't mix bytes and non-bytes in path components.")
		}
		*p.out = s
	}
	if n.dir == "" {
		d, err := tempDir(thread)
		if err != nil {
			return names{}, err
		}
		n.dir = d
	}
	n.dir = procenv.Get(thread).Path(n.dir)
	// Python returns absolute names (mkstemp's _mkstemp_inner, and
	// mkdtemp since 3.12), even when dir= is relative.
	if !filepath.IsAbs(n.dir) {
		abs, err := filepath.Abs(n.dir)
		if err != nil {
			return names{}, oserr.New(err, n.dir)
		}
		n.dir = abs
	}
	return n, nil
}

// create tries names until make makes one that did not exist (as
// CPython's TMP_MAX attempts).
func create(n names, make func(path string) error) (string, error) {
	var err error
	for range 10000 {
		path := filepath.Join(n.dir, n.prefix+randomName()+n.suffix)
		if err = make(path); err == nil {
			return path, nil
		}
		if err != unix.EEXIST {
			return "", oserr.New(err, path)
		}
	}
	return "", pyerr.New("FileExistsError", "[Errno 17] No usable temporary file name found")
}

// createFile is a new file of a temporary name, open for reading and
// writing (mode 0o600), and its descriptor.
func createFile(n names) (int, string, error) {
	fd := -1
	path, err := create(n, func(p string) error {
		var err error
		fd, err = unix.Open(p, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
		return err
	})
	return fd, path, err
}

func mkdtemp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := unpackNames(thread, b, args, kwargs)
	if err != nil {
		return nil, err
	}
	path, err := create(n, func(p string) error { return unix.Mkdir(p, 0o700) })
	return starlark.String(path), err
}

func mkstemp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	text := false
	n, err := unpackNames(thread, b, args, kwargs, "text?", &text)
	if err != nil {
		return nil, err
	}
	fd, path, err := createFile(n)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{starlark.MakeInt(fd), starlark.String(path)}, nil
}

// namedTemporaryFile is NamedTemporaryFile(mode="w+b", buffering=-1,
// encoding=None, newline=None, suffix=None, prefix=None, dir=None,
// delete=True, *, errors=None, delete_on_close=True); TemporaryFile is
// the same file, its name removed at once.
func namedTemporaryFile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mode starlark.Value = starlark.String("w+b")
	var buffering starlark.Value = starlark.MakeInt(-1)
	var encoding, newline, errs starlark.Value = starlark.None, starlark.None, starlark.None
	var suffix, prefix, dir starlark.Value = starlark.None, starlark.None, starlark.None
	del, delOnClose := true, true
	pairs := []any{"mode?", &mode, "buffering?", &buffering, "encoding?", &encoding, "newline?", &newline,
		"suffix?", &suffix, "prefix?", &prefix, "dir?", &dir}
	named := b.Name() == "NamedTemporaryFile"
	if named {
		pairs = append(pairs, "delete?", &del)
	}
	pairs = append(pairs, "errors?", &errs)
	if named {
		pairs = append(pairs, "delete_on_close?", &delOnClose)
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	n, err := unpackNames(thread, b, nil, []starlark.Tuple{{starlark.String("suffix"), suffix}, {starlark.String("prefix"), prefix}, {starlark.String("dir"), dir}})
	if err != nil {
		return nil, err
	}
	fd, path, err := createFile(n)
	if err != nil {
		return nil, err
	}
	if !named {
		unix.Unlink(path)
	}
	// The mode's own flags (w, a...) are for the file name, not an open
	// descriptor: open(fd) takes the text/binary part and + from it.
	f, err := starlark.Call(thread, fileio.Builtin(), starlark.Tuple{starlark.MakeInt(fd)}, []starlark.Tuple{
		{starlark.String("mode"), mode}, {starlark.String("buffering"), buffering}, {starlark.String("encoding"), encoding},
		{starlark.String("newline"), newline}, {starlark.String("errors"), errs}})
	if err != nil {
		unix.Close(fd)
		if named {
			unix.Unlink(path)
		}
		return nil, err
	}
	file := f.(*fileio.File)
	if !named {
		return file, nil
	}
	return &TempFile{File: file, path: path, delete: del && delOnClose}, nil
}

// TempFile is NamedTemporaryFile's result: the file, whose name is its
// path and which close() removes (delete=True).
type TempFile struct {
	*fileio.File
	path   string
	delete bool
}

func (t *TempFile) String() string { return "<tempfile._TemporaryFileWrapper " + t.path + ">" }
func (t *TempFile) Type() string   { return "tempfile._TemporaryFileWrapper" }

func (t *TempFile) AttrNames() []string { return append(t.File.AttrNames(), "delete") }

func (t *TempFile) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(t.path), nil
	case "delete":
		return starlark.Bool(t.delete), nil
	case "close":
		return starlark.NewBuiltin("close", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			closeFn, err := t.File.Attr("close")
			if err != nil {
				return nil, err
			}
			closed, _ := t.File.Attr("closed")
			v, err := starlark.Call(th, closeFn, args, kwargs)
			if err == nil && t.delete && closed == starlark.False {
				if e := unix.Unlink(t.path); e != nil && e != unix.ENOENT {
					return nil, oserr.New(e, t.path)
				}
			}
			return v, err
		}).BindReceiver(t), nil
	}
	return t.File.Attr(name)
}

// temporaryDirectory is TemporaryDirectory(suffix=None, prefix=None,
// dir=None, ignore_cleanup_errors=False, *, delete=True).
func temporaryDirectory(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	ignore, del := false, true
	n, err := unpackNames(thread, b, args, kwargs, "ignore_cleanup_errors?", &ignore, "delete?", &del)
	if err != nil {
		return nil, err
	}
	path, err := create(n, func(p string) error { return unix.Mkdir(p, 0o700) })
	if err != nil {
		return nil, err
	}
	return &TempDir{path: path, ignore: ignore}, nil
}

// TempDir is TemporaryDirectory's result: name, and cleanup() to remove it
// with what it holds.
type TempDir struct {
	path    string
	ignore  bool
	cleaned bool
}

var _ starlark.HasAttrs = (*TempDir)(nil)

func (d *TempDir) String() string        { return "<TemporaryDirectory " + pyerr.QuoteStr(d.path) + ">" }
func (d *TempDir) Type() string          { return "tempfile.TemporaryDirectory" }
func (d *TempDir) Freeze()               {}
func (d *TempDir) Truth() starlark.Bool  { return starlark.True }
func (d *TempDir) Hash() (uint32, error) { return starlark.String(d.path).Hash() }
func (d *TempDir) AttrNames() []string   { return []string{"cleanup", "name"} }

func (d *TempDir) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(d.path), nil
	case "cleanup":
		return starlark.NewBuiltin("cleanup", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			if d.cleaned {
				return starlark.None, nil
			}
			d.cleaned = true
			if err := os.RemoveAll(d.path); err != nil && !d.ignore {
				return nil, oserr.New(err, d.path)
			}
			return starlark.None, nil
		}).BindReceiver(d), nil
	}
	return nil, nil
}
