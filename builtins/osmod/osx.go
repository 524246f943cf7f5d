package osmod

import (
	"math"
	"os"
	"os/user"
	"strconv"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/builtins/subprocessmod"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// The os functions orchestration scripts use beyond SPEC §8's: system,
// links, permissions, times, ids, uname, load, random bytes, error texts,
// putenv and the terminal's size, with CPython's arguments and errors.
func extraMembers() starlark.StringDict {
	id := func(name string, f func() int) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, typeError(err)
			}
			return starlark.MakeInt(f()), nil
		})
	}
	return starlark.StringDict{
		"F_OK":                   starlark.MakeInt(unix.F_OK),
		"R_OK":                   starlark.MakeInt(unix.R_OK),
		"W_OK":                   starlark.MakeInt(unix.W_OK),
		"X_OK":                   starlark.MakeInt(unix.X_OK),
		"system":                 starlark.NewBuiltin("system", system),
		"popen":                  starlark.NewBuiltin("popen", popen),
		"waitstatus_to_exitcode": starlark.NewBuiltin("waitstatus_to_exitcode", waitstatusToExitcode),
		"lstat":                  starlark.NewBuiltin("lstat", lstat),
		"symlink":                starlark.NewBuiltin("symlink", symlink),
		"readlink":               starlark.NewBuiltin("readlink", readlink),
		"link":                   starlark.NewBuiltin("link", link),
		"chmod":                  starlark.NewBuiltin("chmod", chmod),
		"access":                 starlark.NewBuiltin("access", access),
		"utime":                  starlark.NewBuiltin("utime", utime),
		"truncate":               starlark.NewBuiltin("truncate", truncate),
		"umask":                  starlark.NewBuiltin("umask", umask),
		"getuid":                 id("getuid", os.Getuid),
		"geteuid":                id("geteuid", os.Geteuid),
		"getgid":                 id("getgid", os.Getgid),
		"getegid":                id("getegid", os.Getegid),
		"getlogin":               starlark.NewBuiltin("getlogin", getlogin),
		"uname":                  starlark.NewBuiltin("uname", uname),
		"getloadavg":             starlark.NewBuiltin("getloadavg", getloadavg),
		"urandom":                starlark.NewBuiltin("urandom", urandom),
		"strerror":               starlark.NewBuiltin("strerror", strerror),
		"putenv":                 starlark.NewBuiltin("putenv", putenv),
		"unsetenv":               starlark.NewBuiltin("unsetenv", unsetenv),
		"get_terminal_size":      starlark.NewBuiltin("get_terminal_size", getTerminalSize),
	}
}

// noNul is CPython's check of a string it hands to C.
func noNul(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return pyerr.New(pyerr.ValueError, "embedded null byte")
	}
	return nil
}

// system is os.system(command): the command runs through /bin/sh -c as a
// program of the process tree (subprocess's machinery), and the result is
// its wait status, as CPython's: the exit code << 8, or the number of the
// signal that killed it.
func system(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "command", &v); err != nil {
		return nil, typeError(err)
	}
	cmd, err := patharg.FSPath(v)
	if err != nil {
		return nil, err
	}
	if err := noNul(cmd); err != nil {
		return nil, err
	}
	rc, err := subprocessmod.System(thread, cmd)
	if err != nil {
		return nil, err
	}
	if rc < 0 {
		return starlark.MakeInt(-rc), nil
	}
	return starlark.MakeInt(rc << 8), nil
}

// popen is os.popen(cmd, mode="r", buffering=-1), with Python's checks.
func popen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmdV, modeV starlark.Value = nil, starlark.String("r")
	var bufV starlark.Value = starlark.MakeInt(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "cmd", &cmdV, "mode?", &modeV, "buffering?", &bufV); err != nil {
		return nil, typeError(err)
	}
	cmd, ok := cmdV.(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "invalid cmd type (<class '%s'>, expected string)", pyformat.TypeName(cmdV))
	}
	if m, ok := modeV.(starlark.String); !ok || (m != "r" && m != "w") {
		text := pyformat.Repr(modeV)
		if ok {
			text = pyerr.QuoteStr(string(m))
		}
		return nil, pyerr.New(pyerr.ValueError, "invalid mode %s", text)
	}
	if bufV == starlark.None {
		return nil, pyerr.New(pyerr.ValueError, "popen() does not support unbuffered streams")
	}
	n, err := intarg.CInt(bufV)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, pyerr.New(pyerr.ValueError, "popen() does not support unbuffered streams")
	}
	if err := noNul(string(cmd)); err != nil {
		return nil, err
	}
	return subprocessmod.OSPopen(thread, string(cmd), modeV == starlark.String("w"), n)
}

// waitstatusToExitcode is os.waitstatus_to_exitcode: the exit code, or
// -N for a program killed by signal N.
func waitstatusToExitcode(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "status", &v); err != nil {
		return nil, typeError(err)
	}
	n, err := intarg.CInt(v)
	if err != nil {
		return nil, err
	}
	ws := syscall.WaitStatus(uint32(int32(n)))
	switch {
	case ws.Exited():
		return starlark.MakeInt(ws.ExitStatus()), nil
	case ws.Signaled():
		return starlark.MakeInt(-int(ws.Signal())), nil
	case ws.Stopped():
		return nil, pyerr.New(pyerr.ValueError, "process stopped by delivery of signal %d", int(ws.StopSignal()))
	}
	return nil, pyerr.New(pyerr.ValueError, "invalid wait status: %d", n)
}

// lstat is os.lstat(path): stat of a symbolic link itself.
func lstat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, false, false)
	if err != nil {
		return nil, err
	}
	return statResult(real, given, false)
}

// twoPaths unpacks src and dst (symlink, link), checked as CPython's
// path_converter does.
func twoPaths(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, more ...any) (src, dst, realSrc, realDst string, err error) {
	var sv, dv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, append([]any{"src", &sv, "dst", &dv}, more...)...); err != nil {
		return "", "", "", "", typeError(err)
	}
	if src, err = patharg.Sys(b.Name(), "src", sv, false); err != nil {
		return "", "", "", "", err
	}
	if dst, err = patharg.Sys(b.Name(), "dst", dv, false); err != nil {
		return "", "", "", "", err
	}
	env := procenv.Get(thread)
	return src, dst, env.Path(src), env.Path(dst), nil
}

// symlink is os.symlink(src, dst, target_is_directory=False): the link
// holds src as written (not resolved against the working directory).
func symlink(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var isDir bool // Windows' argument; ignored on POSIX, as in CPython
	src, dst, _, realDst, err := twoPaths(thread, b, args, kwargs, "target_is_directory?", &isDir)
	if err != nil {
		return nil, err
	}
	if err := unix.Symlink(src, realDst); err != nil {
		return nil, oserr.NewPair(err, src, dst)
	}
	return starlark.None, nil
}

// link is os.link(src, dst, follow_symlinks=True): a hard link. On Linux
// CPython calls link(2) by default and linkat(2) without
// AT_SYMLINK_FOLLOW for follow_symlinks=False: neither follows a symbolic
// link src, whatever follow_symlinks says.
func link(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	follow := true
	src, dst, realSrc, realDst, err := twoPaths(thread, b, args, kwargs, "follow_symlinks?", &follow)
	if err != nil {
		return nil, err
	}
	if err := unix.Linkat(unix.AT_FDCWD, realSrc, unix.AT_FDCWD, realDst, 0); err != nil {
		return nil, oserr.NewPair(err, src, dst)
	}
	return starlark.None, nil
}

func readlink(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	given, real, err := pathArg(thread, b, args, kwargs, false, false)
	if err != nil {
		return nil, err
	}
	s, err := os.Readlink(real)
	if err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.String(s), nil
}

// chmod is os.chmod(path, mode, follow_symlinks=True). Linux cannot change
// a link's own mode: follow_symlinks=False is CPython's
// NotImplementedError there.
func chmod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv starlark.Value
	follow := true
	given, real, err := pathArg(thread, b, args, kwargs, false, true, "mode", &mv, "follow_symlinks?", &follow)
	if err != nil {
		return nil, err
	}
	mode, err := intarg.Arg(mv)
	if err != nil {
		return nil, err
	}
	if !follow {
		st, err := os.Lstat(real)
		if err != nil {
			return nil, oserr.New(err, given)
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return nil, pyerr.New("NotImplementedError", "chmod: follow_symlinks unavailable on this platform")
		}
	}
	if err := unix.Chmod(real, uint32(mode)); err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.None, nil
}

// access is os.access(path, mode, effective_ids=False,
// follow_symlinks=True): whether the access is allowed; never an OSError.
func access(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv starlark.Value
	effective, follow := false, true
	_, real, err := pathArg(thread, b, args, kwargs, false, false, "mode", &mv, "effective_ids?", &effective, "follow_symlinks?", &follow)
	if err != nil {
		return nil, err
	}
	mode, err := intarg.Arg(mv)
	if err != nil {
		return nil, err
	}
	flags := 0
	if effective {
		flags |= unix.AT_EACCESS
	}
	if !follow {
		flags |= unix.AT_SYMLINK_NOFOLLOW
	}
	return starlark.Bool(unix.Faccessat(unix.AT_FDCWD, real, uint32(mode), flags) == nil), nil
}

// utime is os.utime(path, times=None, *, ns=None, follow_symlinks=True).
// As CPython's, its OSError names no file.
func utime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var times, ns starlark.Value = starlark.None, nil
	follow := true
	_, real, err := pathArg(thread, b, args, kwargs, false, true, "times?", &times, "ns?", &ns, "follow_symlinks?", &follow)
	if err != nil {
		return nil, err
	}
	if times != starlark.None && ns != nil {
		return nil, pyerr.New(pyerr.ValueError, "utime: you may specify either 'times' or 'ns' but not both")
	}
	ts := []unix.Timespec{{Nsec: unix.UTIME_NOW}, {Nsec: unix.UTIME_NOW}}
	if times != starlark.None {
		t, ok := times.(starlark.Tuple)
		if !ok || len(t) != 2 {
			return nil, pyerr.New(pyerr.TypeError, "utime: 'times' must be either a tuple of two ints or None")
		}
		for i, v := range t {
			if ts[i], err = timespec(v); err != nil {
				return nil, err
			}
		}
	} else if ns != nil {
		t, ok := ns.(starlark.Tuple)
		if !ok || len(t) != 2 {
			return nil, pyerr.New(pyerr.TypeError, "utime: 'ns' must be a tuple of two ints")
		}
		for i, v := range t {
			if _, isInt := v.(starlark.Int); !isInt {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", patharg.TypeName(v))
			}
			n, ok := v.(starlark.Int).Int64()
			if !ok {
				return nil, pyerr.New("OverflowError", "timestamp too large to convert to C _PyTime_t")
			}
			// divmod(ns, 10**9), floored as Python's.
			sec, nsec := n/1e9, n%1e9
			if nsec < 0 {
				sec, nsec = sec-1, nsec+1e9
			}
			ts[i] = unix.Timespec{Sec: sec, Nsec: nsec}
		}
	}
	flags := 0
	if !follow {
		flags = unix.AT_SYMLINK_NOFOLLOW
	}
	if err := unix.UtimesNanoAt(unix.AT_FDCWD, real, ts, flags); err != nil {
		return nil, oserr.Errno(err)
	}
	return starlark.None, nil
}

// timespec is CPython's _PyTime_ObjectToTimespec with round-floor: an
// int, or a float split into seconds and nanoseconds.
func timespec(v starlark.Value) (unix.Timespec, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return unix.Timespec{}, pyerr.New("OverflowError", "timestamp out of range for platform time_t")
		}
		return unix.Timespec{Sec: n}, nil
	case starlark.Float:
		d := float64(x)
		if math.IsNaN(d) {
			return unix.Timespec{}, pyerr.New(pyerr.ValueError, "Invalid value NaN (not a number)")
		}
		ip, fp := math.Modf(d)
		fp = math.Floor(fp * 1e9)
		if fp >= 1e9 {
			fp -= 1e9
			ip++
		} else if fp < 0 {
			fp += 1e9
			ip--
		}
		if ip >= math.MaxInt64 || ip < math.MinInt64 {
			return unix.Timespec{}, pyerr.New("OverflowError", "timestamp out of range for platform time_t")
		}
		return unix.Timespec{Sec: int64(ip), Nsec: int64(fp)}, nil
	}
	return unix.Timespec{}, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", patharg.TypeName(v))
}

// truncate is os.truncate(path, length).
func truncate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lv starlark.Value
	given, real, err := pathArg(thread, b, args, kwargs, false, true, "length", &lv)
	if err != nil {
		return nil, err
	}
	n, err := intarg.Ssize(lv)
	if err != nil {
		return nil, err
	}
	if err := unix.Truncate(real, int64(n)); err != nil {
		return nil, oserr.New(err, given)
	}
	return starlark.None, nil
}

// umask is os.umask(mask): the previous mask. The mask is the process's,
// shared by its threads, as in CPython.
func umask(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "mask", &mv); err != nil {
		return nil, typeError(err)
	}
	mask, err := intarg.Arg(mv)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(unix.Umask(mask)), nil
}

// getlogin is glibc's getlogin(3) as CPython calls it: the user of the
// audit login uid (/proc/self/loginuid; ENXIO when unset), else the user
// logged in on the terminal of stdin, which procstar does not look up in
// utmp: ENOTTY when stdin is no terminal, else ENOENT.
func getlogin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	if data, err := os.ReadFile("/proc/self/loginuid"); err == nil {
		uid, perr := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 32)
		if perr == nil {
			if uid == math.MaxUint32 {
				return nil, oserr.Errno(syscall.ENXIO)
			}
			if u, err := user.LookupId(strconv.FormatUint(uid, 10)); err == nil {
				return starlark.String(u.Username), nil
			}
		}
	}
	if _, err := unix.IoctlGetTermios(0, unix.TCGETS); err != nil {
		return nil, oserr.Errno(err)
	}
	return nil, oserr.Errno(syscall.ENOENT)
}

// uname is os.uname(): posix.uname_result(sysname, nodename, release,
// version, machine).
func uname(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return nil, oserr.Errno(err)
	}
	str := func(b []byte) starlark.Value {
		if i := strings.IndexByte(string(b), 0); i >= 0 {
			b = b[:i]
		}
		return starlark.String(b)
	}
	return &StructSeq{kind: unameResult, values: starlark.Tuple{
		str(u.Sysname[:]), str(u.Nodename[:]), str(u.Release[:]), str(u.Version[:]), str(u.Machine[:]),
	}}, nil
}

// getloadavg is os.getloadavg(): the three load averages, read from
// /proc/loadavg as glibc's getloadavg(3) reads them.
func getloadavg(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	unobtainable := pyerr.New(pyerr.OSError, "Load averages are unobtainable")
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil, unobtainable
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return nil, unobtainable
	}
	out := make(starlark.Tuple, 3)
	for i := range out {
		f, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return nil, unobtainable
		}
		out[i] = starlark.Float(f)
	}
	return out, nil
}

// urandom is os.urandom(size): bytes from getrandom(2).
func urandom(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size", &sv); err != nil {
		return nil, typeError(err)
	}
	n, err := intarg.Ssize(sv)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyerr.New(pyerr.ValueError, "negative argument not allowed")
	}
	buf := make([]byte, n)
	for got := 0; got < n; {
		k, err := unix.Getrandom(buf[got:], 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, oserr.Errno(err)
		}
		got += k
	}
	return starlark.Bytes(buf), nil
}

// strerror is os.strerror(code): glibc's text, which Go's errno table has
// with a small initial.
func strerror(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &cv); err != nil {
		return nil, typeError(err)
	}
	code, err := intarg.CInt(cv)
	if err != nil {
		return nil, err
	}
	return starlark.String(errText(code)), nil
}

func errText(code int) string {
	switch code {
	case 0:
		return "Success"
	case 133: // EHWPOISON, past the end of Go's table
		return "Memory page has hardware error"
	}
	msg := ""
	if code > 0 {
		msg = syscall.Errno(code).Error()
	}
	if msg == "" || strings.HasPrefix(msg, "errno ") {
		return "Unknown error " + strconv.Itoa(code)
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// envName checks a name or value for putenv and unsetenv: os.fspath's
// TypeError, and no NUL.
func envName(v starlark.Value) (string, error) {
	s, err := patharg.FSPath(v)
	if err != nil {
		return "", err
	}
	return s, noNul(s)
}

// putenv is os.putenv(name, value): the environment the children inherit
// changes, os.environ (and so os.getenv) does not, as in CPython.
func putenv(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, vv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &nv, &vv); err != nil {
		return nil, typeError(err)
	}
	name, err := envName(nv)
	if err != nil {
		return nil, err
	}
	value, err := envName(vv)
	if err != nil {
		return nil, err
	}
	if err := setenv(name, value); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// setenv is setenv(3) with CPython's checks: a name with "=" is a
// ValueError, an empty one setenv's EINVAL.
func setenv(name, value string) error {
	if strings.Contains(name, "=") {
		return pyerr.New(pyerr.ValueError, "illegal environment variable name")
	}
	if name == "" {
		return oserr.Errno(syscall.EINVAL)
	}
	if err := os.Setenv(name, value); err != nil {
		return oserr.Errno(err)
	}
	return nil
}

// unsetenv is os.unsetenv(name); like putenv it leaves os.environ alone.
func unsetenv(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &nv); err != nil {
		return nil, typeError(err)
	}
	name, err := envName(nv)
	if err != nil {
		return nil, err
	}
	if name == "" || strings.Contains(name, "=") {
		return nil, oserr.Errno(syscall.EINVAL) // unsetenv(3)'s
	}
	os.Unsetenv(name)
	return starlark.None, nil
}

// getTerminalSize is os.get_terminal_size(fd=1): os.terminal_size(columns,
// lines), an OSError when fd is no terminal.
func getTerminalSize(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fv starlark.Value = starlark.MakeInt(1)
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &fv); err != nil {
		return nil, typeError(err)
	}
	fd, err := intarg.CInt(fv)
	if err != nil {
		return nil, err
	}
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil {
		return nil, oserr.Errno(err)
	}
	return &StructSeq{kind: terminalSize, values: starlark.Tuple{starlark.MakeInt(int(ws.Col)), starlark.MakeInt(int(ws.Row))}}, nil
}
