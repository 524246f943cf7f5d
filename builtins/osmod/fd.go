package osmod

import (
	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/fileio"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// fdMembers are os's file-descriptor functions (what tempfile.mkstemp's
// descriptor is used with) and the O_* flags of os.open.
func fdMembers(m starlark.StringDict) {
	m["open"] = starlark.NewBuiltin("open", fdOpen)
	m["close"] = starlark.NewBuiltin("close", fdClose)
	m["read"] = starlark.NewBuiltin("read", fdRead)
	m["write"] = starlark.NewBuiltin("write", fdWrite)
	m["fdopen"] = starlark.NewBuiltin("fdopen", fdopen)
	m["fsync"] = starlark.NewBuiltin("fsync", fsync)
	m["sched_getaffinity"] = starlark.NewBuiltin("sched_getaffinity", schedGetaffinity)
	m["getpgid"] = starlark.NewBuiltin("getpgid", getpgid)
	m["killpg"] = starlark.NewBuiltin("killpg", killpg)
	for name, v := range map[string]int{
		"O_RDONLY": unix.O_RDONLY, "O_WRONLY": unix.O_WRONLY, "O_RDWR": unix.O_RDWR, "O_APPEND": unix.O_APPEND,
		"O_CREAT": unix.O_CREAT, "O_EXCL": unix.O_EXCL, "O_TRUNC": unix.O_TRUNC, "O_NONBLOCK": unix.O_NONBLOCK,
		"O_CLOEXEC": unix.O_CLOEXEC, "O_SYNC": unix.O_SYNC, "O_NOFOLLOW": unix.O_NOFOLLOW, "O_DIRECTORY": unix.O_DIRECTORY,
	} {
		m[name] = starlark.MakeInt(v)
	}
}

// fdOpen is os.open(path, flags, mode=0o777): a descriptor, not inherited
// by programs started later (as Python's).
func fdOpen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var flags int
	mode := 0o777
	given, real, err := pathArg(thread, b, args, kwargs, false, false, "flags", &flags, "mode?", &mode)
	if err != nil {
		return nil, err
	}
	fd, err := unix.Open(real, flags|unix.O_CLOEXEC, uint32(mode))
	if err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.MakeInt(fd), nil
}

func fdArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, more ...any) (int, error) {
	var fd int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1+len(more), append([]any{&fd}, more...)...); err != nil {
		return 0, typeError(err)
	}
	return fd, nil
}

func fdClose(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fd, err := fdArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := unix.Close(fd); err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.None, nil
}

func fdRead(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	fd, err := fdArg(b, args, kwargs, &n)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyerr.New(pyerr.ValueError, "negative buffersize in read")
	}
	buf := make([]byte, min(n, 1<<24))
	got, err := unix.Read(fd, buf)
	if err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.Bytes(buf[:got]), nil
}

func fdWrite(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	fd, err := fdArg(b, args, kwargs, &data)
	if err != nil {
		return nil, err
	}
	bs, ok := data.(starlark.Bytes)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyformat.TypeName(data))
	}
	n, err := unix.Write(fd, []byte(bs))
	if err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.MakeInt(n), nil
}

// fdopen is os.fdopen(fd, *args, **kwargs): open(fd, ...).
func fdopen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.New(pyerr.TypeError, "fdopen() missing 1 required positional argument: 'fd'")
	}
	if _, ok := args[0].(starlark.Int); !ok {
		return nil, pyerr.New(pyerr.TypeError, "invalid fd type (<class '%s'>, expected integer)", pyformat.TypeName(args[0]))
	}
	return starlark.Call(thread, fileio.Builtin(), args, kwargs)
}

func fsync(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fd, err := fdArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := unix.Fsync(fd); err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.None, nil
}

// schedGetaffinity is os.sched_getaffinity(pid): the set of CPUs pid may
// run on (0: this process), what a container-aware script counts.
func schedGetaffinity(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pid, err := fdArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(pid, &set); err != nil {
		return nil, oserr.Errno(err)
	}
	out := starlark.NewSet(set.Count())
	for i := 0; i < len(set)*64; i++ {
		if set.IsSet(i) {
			out.Insert(starlark.MakeInt(i))
		}
	}
	return out, nil
}

func getpgid(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pid, err := fdArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	g, err := unix.Getpgid(pid)
	if err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.MakeInt(g), nil
}

func killpg(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sig int
	pgid, err := fdArg(b, args, kwargs, &sig)
	if err != nil {
		return nil, err
	}
	if err := unix.Kill(-pgid, unix.Signal(sig)); err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.None, nil
}
