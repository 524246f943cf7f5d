# The CPython half of os_extras.star: the os functions scripts use beyond SPEC §8, side by side with CPython:
# os.system (its wait status, output order with prints, environment and
# directory, in a child process too) and waitstatus_to_exitcode; symlink,
# readlink, link, lstat, chmod, access, utime, truncate, umask, the ids,
# uname, getloadavg, urandom, strerror, putenv/unsetenv against os.environ,
# get_terminal_size; os.path's getatime, getctime, samefile, ismount,
# commonpath, commonprefix, expandvars, normcase, splitdrive; and their
# errors (OSError type, errno and filenames; TypeError for a None path).
# The tests may run as root: what a permission allows is printed as
# "as expected for this uid", the same text either way.
import multiprocessing
import os
import shutil
import subprocess
import sys
from multiprocessing import Process

from errtext import err, et

base = "/tmp/procstar-os-extras-%d" % os.getpid()

def fmt(x):
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join([fmt(y) for y in x]) + "]"
    return str(x).replace(base, "BASE")

def show(*parts):
    print(*[fmt(p) for p in parts])
    sys.stdout.flush()

# e(f, *args, **kwargs) is the result of a call, or its error with the
# OSError attributes.
def e(f, *args, **kwargs):
    try:
        res = f(*args, **kwargs)
    except Exception as x:
        t = type(x)
        name = t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__
        return fmt("%s: %s (errno=%s filename=%s filename2=%s)" % (name, x, getattr(x, "errno", None), getattr(x, "filename", None), getattr(x, "filename2", None)))
    return "ok " + fmt(res)

def write(p, text):
    f = open(p, "w")
    f.write(text)
    f.close()

def setitem(k, v):
    os.environ[k] = v

def in_child():
    print("child before", flush=True)
    print("child status", os.system("echo child shell; exit 4"), flush=True)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    here = os.getcwd()
    print("-- system")
    print("before", flush=True)
    print(os.system("echo from shell"), flush=True)
    print(os.system("exit 3"), os.system("kill -9 $$"), os.system("kill -TERM $$"), os.system("exit 255"), os.system(""), flush=True)
    print(os.system("echo out; echo err >&2; echo out2"), flush=True)
    print("after", flush=True)
    print(os.waitstatus_to_exitcode(os.system("exit 7")), os.waitstatus_to_exitcode(9), os.waitstatus_to_exitcode(0), os.waitstatus_to_exitcode(os.system("kill -9 $$")))
    for s in [0x7f | (19 << 8), -1, 0xffff, "x", 2**40]:
        print(et(os.waitstatus_to_exitcode, s))
    print(et(os.system, 1), et(os.system, None), et(os.system, "a\0b"), sep="\n")
    os.environ["OSX_VAR"] = "env-value"
    os.system("echo child sees $OSX_VAR")
    os.putenv("OSX_PUT", "put-value")
    show(os.getenv("OSX_PUT"), "OSX_PUT" in os.environ, os.environ.get("OSX_PUT"))
    os.system("echo child sees $OSX_PUT")
    os.unsetenv("OSX_VAR")
    show(os.getenv("OSX_VAR"), os.environ["OSX_VAR"])
    os.system("echo child sees [$OSX_VAR]")
    c = Process(target=in_child)
    c.start()
    c.join()
    show("child exitcode", c.exitcode)

    print("-- links")
    os.mkdir(base)
    os.chdir(base)
    os.system("test \"$(pwd)\" = %s && echo shell in chdir directory" % base)
    write("f.txt", "hello")
    os.mkdir("d")
    os.symlink("f.txt", "lnk")
    os.symlink("nowhere", "dangling")
    os.symlink("d", "dlnk", target_is_directory=True)
    os.symlink(base + "/f.txt", "abslnk")
    show(os.readlink("lnk"), os.readlink("dangling"), os.readlink("dlnk"), os.readlink("abslnk"), open("lnk").read())
    show(e(os.symlink, "f.txt", "lnk"), e(os.symlink, "x", "nope/y"))
    show(e(os.readlink, "f.txt"), e(os.readlink, "nope"), e(os.readlink, "d"))
    os.link("f.txt", "hard")
    show(os.stat("hard").st_nlink, os.path.samefile("f.txt", "hard"), os.path.samefile("f.txt", "lnk"), os.path.samefile("f.txt", "d"))
    show(e(os.link, "f.txt", "hard"), e(os.link, "nope", "x"), e(os.link, "d", "dhard"), e(os.link, "f.txt", "nope/x"))
    os.link("lnk", "hardlnk")
    os.link("lnk", "hardlnk2", follow_symlinks=False)
    show(os.path.islink("hardlnk"), os.path.islink("hardlnk2"), os.stat("f.txt").st_nlink, os.lstat("lnk").st_nlink)
    show(e(os.path.samefile, "f.txt", "nope"), e(os.path.samefile, "dangling", "f.txt"))
    show(os.lstat("lnk").st_mode & 0o170000 == 0o120000, os.lstat("f.txt").st_size, os.lstat("dangling").st_size, e(os.lstat, "nope"))

    print("-- chmod, access")
    os.chmod("f.txt", 0o640)
    show("%o" % (os.stat("f.txt").st_mode & 0o777))
    os.chmod("lnk", 0o600)
    show("%o" % (os.stat("f.txt").st_mode & 0o777), e(os.chmod, "dlnk", 0o700, follow_symlinks=False))
    show(e(os.chmod, "nope", 0o644), e(os.chmod, "f.txt", "x"), e(os.chmod, "f.txt", 1.5), e(os.chmod, "dangling", 0o644))
    show(os.F_OK, os.R_OK, os.W_OK, os.X_OK)
    show(os.access("f.txt", os.F_OK), os.access("f.txt", os.R_OK), os.access("nope", os.F_OK), os.access("f.txt", os.X_OK))
    show(os.access("d", os.X_OK | os.W_OK), os.access("f.txt", 99), os.access("dangling", os.F_OK), os.access("dangling", os.F_OK, follow_symlinks=False))
    show(os.access("f.txt", os.R_OK, effective_ids=True), e(os.access, "f.txt", "x"))
    root = os.getuid() == 0
    os.chmod("f.txt", 0o444)
    show("read-only file writable:", os.access("f.txt", os.W_OK) == root)
    os.chmod("f.txt", 0o000)
    show("unreadable file:", root or err(open, "f.txt") == "PermissionError: [Errno 13] Permission denied: 'f.txt'")
    os.chmod("f.txt", 0o644)

    print("-- utime, truncate, umask")
    os.utime("f.txt", (1000000000, 1500000000.25))
    st = os.stat("f.txt")
    show(st.st_atime, st.st_mtime, st.st_atime_ns, st.st_mtime_ns, os.path.getatime("f.txt"), os.path.getmtime("f.txt"))
    os.utime("f.txt", ns=(1, 2500000000))
    st = os.stat("f.txt")
    show(st.st_atime_ns, st.st_mtime_ns)
    os.utime("f.txt", (1.999999999999, -1.5))
    st = os.stat("f.txt")
    show(st.st_atime_ns, st.st_mtime_ns)
    os.utime("f.txt", ns=(-1, 10**9 + 5))
    st = os.stat("f.txt")
    show(st.st_atime_ns, st.st_mtime_ns)
    os.utime("f.txt")
    show(os.stat("f.txt").st_mtime > 1500000000, os.path.getctime("f.txt") == os.stat("f.txt").st_ctime)
    os.utime("lnk", (5, 6), follow_symlinks=False)
    show(os.lstat("lnk").st_mtime, os.stat("lnk").st_mtime == 6)
    show(e(os.utime, "nope"), e(os.utime, "f.txt", 5), e(os.utime, "f.txt", (1,)), e(os.utime, "f.txt", [1, 2]))
    show(e(os.utime, "f.txt", ("a", 1)), e(os.utime, "f.txt", ns=5), e(os.utime, "f.txt", ns=(1.5, 2)), e(os.utime, "f.txt", (1, 2), ns=(1, 2)))
    show(e(os.utime, "f.txt", None), e(os.utime, "f.txt", (float("nan"), 1)))
    show(e(os.path.getatime, "nope"), e(os.path.getctime, "nope"))
    os.truncate("f.txt", 2)
    show(open("f.txt").read(), os.path.getsize("f.txt"))
    os.truncate("f.txt", 5)
    show(os.path.getsize("f.txt"), len(open("f.txt").read()))
    show(e(os.truncate, "nope", 0), e(os.truncate, "d", 0), e(os.truncate, "f.txt", -1), e(os.truncate, "f.txt", "x"))
    old = os.umask(0o027)
    show("%o" % os.umask(0o077))
    os.mkdir("um")
    write("um/f", "")
    show("%o" % (os.stat("um").st_mode & 0o777), "%o" % (os.stat("um/f").st_mode & 0o777))
    os.umask(old)
    show(e(os.umask, "x"))

    print("-- ids, uname, load, random, strerror")
    st = os.stat("um/f")
    show(st.st_uid == os.geteuid(), st.st_gid == os.getegid(), os.getuid() == os.geteuid(), os.getgid() == os.getegid())
    try:
        ok = isinstance(os.getlogin(), str)
    except OSError:
        ok = True
    show("getlogin:", ok)
    u = os.uname()
    show(len(u), u.sysname, u[0], u[-1] == u.machine, list(u[1:3]) == [u.nodename, u.release], u.version == u[3])
    show(u.nodename == subprocess.check_output(["uname", "-n"], text=True).strip(), u.machine == subprocess.check_output(["uname", "-m"], text=True).strip())
    l = os.getloadavg()
    show(len(l), [type(x) == type(0.0) and x >= 0 for x in l])
    show(len(os.urandom(16)), os.urandom(0) == b"", os.urandom(32) != os.urandom(32), e(os.urandom, -1), e(os.urandom, "x"))
    for c in [0, 1, 2, 11, 13, 22, 41, 84, 110, 133, 134, 9999, -1]:
        show(c, os.strerror(c))
    show(e(os.strerror, "x"), e(os.strerror, 2**40))
    show(e(os.get_terminal_size), e(os.get_terminal_size, 99), e(os.get_terminal_size, "x"))

    print("-- environ, putenv, unsetenv")
    for k, v in [("", "x"), ("a=b", "x"), (1, "x"), ("a", 1), ("a\0", "x"), ("a", "x\0")]:
        show(e(setitem, k, v))
    for k, v in [("", "x"), ("a=b", "x"), (1, "x"), ("a", 1), ("a\0", "x"), ("a", "x\0")]:
        show(e(os.putenv, k, v))
    show(e(os.unsetenv, 1), e(os.unsetenv, ""), e(os.unsetenv, "a=b"), e(os.unsetenv, "a\0"), e(os.unsetenv, "OSX_NOPE"))
    os.environ.update([("OSX_U1", "1")], OSX_U2="2")
    os.environ.update({"OSX_U3": "3"})
    show(os.environ.get("OSX_U1"), os.environ["OSX_U2"], os.getenv("OSX_U3"), e(os.environ.update, 5))
    show(os.environ.setdefault("OSX_SD", "v"), os.environ.setdefault("OSX_SD", "w"), os.environ.copy()["OSX_SD"])
    show(os.environ.pop("OSX_SD"), os.environ.pop("OSX_SD", "gone"), e(os.environ.pop, "OSX_SD"))
    k, v = os.environ.popitem()
    show(k in os.environ)
    os.environ[k] = v
    os.system("echo child sees $OSX_U1$OSX_U2$OSX_U3")

    print("-- os.path")
    P = os.path
    show(P.commonpath(["/a/b/c", "/a/b/d", "/a//b/./x"]), P.commonpath(["a/b", "a"]), P.commonpath(["", ""]), P.commonpath(["/", "/a"]), P.commonpath(["a", "b"]))
    show(P.commonpath(("x/y/", "x/y/z")), P.commonpath(["/usr/lib", "/usr/local/lib"]), P.commonpath(["./a", "a/b"]), P.commonpath("abc"), P.commonpath(["/a"]))
    show(e(P.commonpath, []), e(P.commonpath, ["/a", "b"]), e(P.commonpath, None), e(P.commonpath, [None]), e(P.commonpath, 5))
    show(P.commonprefix([]), P.commonprefix(["abc", "abd", "ab"]), P.commonprefix(None), P.commonprefix("abc"), P.commonprefix(["/usr/lib", "/usr/local/lib"]))
    show(P.commonprefix([[1, 2], [1, 3]]), P.commonprefix([(1, 2, 3), (1, 2)]), P.commonprefix(["é", "è"]), P.commonprefix(["aé", "aé"]))
    show(e(P.commonprefix, [None]), e(P.commonprefix, [1]), e(P.commonprefix, ["a", None]))
    os.environ["OSX_E"] = "val"
    os.environ["OSX_E2"] = ""
    for s in ["$OSX_E/${OSX_E}x$OSX_NOPE${OSX_NOPE}$ ${}$$", "$OSX_Ez", "${OSX_E", "a$", "$OSX_E2|${OSX_E2}|", "no dollar", "$$OSX_E", "${OSX_E}${OSX_E}$OSX_E", "$1 $é"]:
        show(P.expandvars(s))
    os.putenv("OSX_PUTONLY", "p")
    show(P.expandvars("[$OSX_PUTONLY]"))
    show(P.normcase("A/b//C"), P.splitdrive("/a/b"), P.splitdrive("c:x"), P.ismount("/"), P.ismount(base), P.ismount("nope"), P.ismount("lnk"), P.ismount("d/.."))
    for f in [P.getatime, P.getctime, P.expandvars, P.normcase, P.splitdrive, P.ismount, os.readlink, os.lstat, os.utime]:
        print(err(f, None))
    print(err(P.samefile, None, "x"))
    print(err(P.samefile, "f.txt", None))
    for f in [os.symlink, os.link]:
        print(err(f, None, "x"))
        print(err(f, "x", None))
    for f in [os.chmod, os.access, os.truncate]:
        print(err(f, None, 0))

    os.chdir(here)
    shutil.rmtree(base)
    show(P.exists(base))
