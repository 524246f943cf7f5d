# The CPython half of shutilkw.star (on 3.11, which has no onexc=, rmtree
# gets it through onerror=, as 3.12 does it):
# rmtree's onexc(func, path, exc) and onerror(func, path, exc_info), called
# for each failure with the os function that failed while the removal goes
# on (onexc winning over onerror, ignore_errors over both, a callback's own
# error ending it, onexc keyword only); copyfile, copy and copy2 with
# follow_symlinks=False (a link copied as a link, with its times by copy2);
# copytree's copy_function= (copy, copyfile, a function of the script's,
# one that fails with an OSError, which is gathered, or with another error,
# which stops the copy) and ignore_dangling_symlinks= (which, as in
# Python, looks for a relative link's target from the working directory);
# move's copy_function=, used when rename fails. The failures are those
# root meets too; removing from a read-only directory (which root does not
# fail) is checked by its result only.
import os
import shutil
import subprocess
import sys

base = "/tmp/procstar-shutilkw-%d" % os.getpid()

def clean(x):
    return str(x).replace(base, "BASE")

def ename(x):
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__

def tname(t):
    return t.__name__

def msg(x):
    return str(x)

if sys.version_info < (3, 12):
    _rmtree = shutil.rmtree

    def rmtree(path, ignore_errors=False, onerror=None, *, onexc=None):
        if onexc is not None:
            onerror = lambda func, path, exc_info: onexc(func, path, exc_info[1])
        return _rmtree(path, ignore_errors, onerror)

    shutil.rmtree = rmtree

# et(f, *args, **kwargs) is "ok " and the result of the call, or its
# error's "Type: message", with base written BASE.
def et(f, *args, **kwargs):
    try:
        res = f(*args, **kwargs)
    except Exception as x:
        return clean(ename(x) + ": " + msg(x))
    return "ok " + clean(res)

def lst(xs):
    return "[" + ", ".join(xs) + "]"

def write(p, text):
    f = open(p, "w")
    f.write(text)
    f.close()

def read(p):
    f = open(p)
    text = f.read()
    f.close()
    return text

def sh(*args):
    subprocess.run(args, check=True)

OS_FUNCS = [os.lstat, os.open, os.scandir, os.unlink, os.rmdir, os.path.islink]

def recorder(calls):
    def onexc(func, path, exc):
        calls.append("%s(%s) %s: %s errno=%s %s" % (func.__name__, clean(path), ename(exc), clean(msg(exc)), getattr(exc, "errno", None), func in OS_FUNCS))
    return onexc

def onexc_calls(p, **kwargs):
    calls = []
    print(clean(p), et(shutil.rmtree, p, onexc = recorder(calls), **kwargs))
    for c in calls:
        print("   ", c)

def tree(top):
    os.makedirs(top + "/a/b")
    write(top + "/a/b/f", "F")
    write(top + "/g", "G")

if __name__ == "__main__":
    os.mkdir(base)
    os.chdir(base)
    write("file", "x")
    tree("dir")
    sh("ln", "-s", "dir", "dirlink")
    sh("ln", "-s", "nowhere", "dangling")

    print("-- rmtree onexc")
    for p in ["nope", "file", "dirlink", "dangling", "dir"]:
        onexc_calls(p)
    print(os.path.exists("file"), os.path.islink("dirlink"), os.path.exists("dir"))

    print("-- rmtree onerror")
    os.mkdir("dir")
    infos = []
    def onerror(func, path, exc_info):
        infos.append("%s(%s) %s %s: %s %s" % (func.__name__, clean(path), tname(exc_info[0]), ename(exc_info[1]), clean(msg(exc_info[1])), len(exc_info)))
    for p in ["nope", "file", "dirlink", "dangling"]:
        print(p, et(shutil.rmtree, p, onerror = onerror))
    for i in infos:
        print("   ", i)

    print("-- which wins")
    calls = []
    print(et(shutil.rmtree, "nope", True, recorder(calls)), et(shutil.rmtree, "nope", ignore_errors = 1, onexc = recorder(calls)), lst(calls))
    print(et(shutil.rmtree, "nope", onerror = onerror, onexc = recorder(calls)), lst(calls))
    print(et(shutil.rmtree, "nope", False, None), et(shutil.rmtree, "nope", onerror = None, onexc = None))

    print("-- a handler that fixes")
    def unlink_instead(func, path, exc):
        print("   ", func.__name__, clean(path), func == os.rmdir)
        if func == os.rmdir:
            os.unlink(path)
    print(et(shutil.rmtree, "file", onexc = unlink_instead), os.path.exists("file"))
    write("file", "x")
    def retry(func, path, exc_info):
        print("   ", func.__name__, clean(path), tname(exc_info[0]))
        if func == os.rmdir:
            os.unlink(path)
            os.mkdir(path)
            func(path)
    print(et(shutil.rmtree, "file", onerror = retry), os.path.exists("file"))

    # Root removes from a read-only directory; others fail with
    # PermissionError, which the usual handler fixes.
    tree("ro")
    sh("chmod", "500", "ro/a/b")
    def writable(func, path, exc):
        os.chmod(os.path.dirname(path), 0o700)
        func(path)
    print(et(shutil.rmtree, "ro", onexc = writable), os.path.exists("ro"))

    print("-- a handler that fails")
    def again(func, path, exc):
        func(path)
    def bad(func, path, exc):
        int("x")
    write("file", "x")
    print(et(shutil.rmtree, "nope", onexc = again), et(shutil.rmtree, "file", onexc = again), os.path.exists("file"))
    print(et(shutil.rmtree, "file", onexc = bad), et(shutil.rmtree, "file", onerror = bad), os.path.exists("file"))
    print(et(shutil.rmtree, "nope", onexc = 5), et(shutil.rmtree, "nope", onerror = "x"))

    print("-- wrong arguments")
    calls = []
    print(et(shutil.rmtree, None, onexc = recorder(calls)), lst(calls))
    print(et(shutil.rmtree, "nope", False, None, recorder(calls)))
    print(et(shutil.rmtree, "nope", bogus = 1))
    tree("ok")
    print(et(shutil.rmtree, "ok", onexc = 5), et(shutil.rmtree, "ok", onerror = 5), os.path.exists("ok"))

    print("-- copy follow_symlinks")
    sh("ln", "-s", "file", "flink")
    sh("touch", "-h", "-d", "@1577934245.5", "flink")
    for fn in [shutil.copyfile, shutil.copy, shutil.copy2]:
        name = fn.__name__
        print(name, et(fn, "flink", name + "-l", follow_symlinks = False), os.path.islink(name + "-l"), os.readlink(name + "-l"),
              et(fn, "flink", name + "-f"), os.path.islink(name + "-f"), read(name + "-f"))
        print("   ", et(fn, "dangling", name + "-d", follow_symlinks = False), os.readlink(name + "-d"),
              et(fn, "dangling", name + "-e"), et(fn, "flink", name + "-l", follow_symlinks = False),
              et(fn, "file", name + "-p", follow_symlinks = False), os.path.islink(name + "-p"))
    print(os.lstat("copy2-l").st_mtime == os.lstat("flink").st_mtime, os.lstat("copy-l").st_mtime == os.lstat("flink").st_mtime)
    os.mkdir("into")
    print(et(shutil.copy, "flink", "into", follow_symlinks = False), os.path.islink("into/flink"), et(shutil.copy2, "dangling", "into", follow_symlinks = 0), os.path.islink("into/dangling"))
    print(et(shutil.copy, "file", "x1", False), et(shutil.copyfile, "file", "x1", False), et(shutil.copy2, "file", "x1", follow = False))

    print("-- copytree copy_function")
    tree("src")
    sh("touch", "-d", "@1577934245.5", "src/g")
    print(et(shutil.copytree, "src", "t1", copy_function = shutil.copy), os.stat("t1/g").st_mtime == os.stat("src/g").st_mtime, read("t1/a/b/f"))
    print(et(shutil.copytree, "src", "t2", copy_function = shutil.copyfile), os.stat("t2/g").st_mtime == os.stat("src/g").st_mtime)
    print(et(shutil.copytree, "src", "t3", copy_function = shutil.copy2), os.stat("t3/g").st_mtime == os.stat("src/g").st_mtime)
    copied = []
    def logged(src, dst):
        copied.append(clean(src) + " -> " + clean(dst))
        return shutil.copy2(src, dst)
    print(et(shutil.copytree, "src", "t4", False, None, logged), lst(sorted(copied)), os.path.exists("t4/a/b/f"))
    def skip_g(src, dst):
        if src.endswith("g"):
            os.stat("nope/" + src)
        shutil.copyfile(src, dst)
    print(et(shutil.copytree, "src", "t5", copy_function = skip_g), lst(sorted(os.listdir("t5"))))
    def boom(src, dst):
        int("x")
    print(et(shutil.copytree, "src", "t6", copy_function = boom), os.path.exists("t6"))
    print(et(shutil.copytree, "src", "t7", copy_function = 5), et(shutil.copytree, "src", "t8", copy_function = None))
    copied = []
    print(et(shutil.copytree, "src", "t4", copy_function = logged, dirs_exist_ok = True), len(copied))

    print("-- copytree ignore_dangling_symlinks")
    os.mkdir("links")
    write("kw-target.txt", "T")
    sh("ln", "-s", "../kw-target.txt", "links/rel")
    sh("ln", "-s", base + "/kw-target.txt", "links/abs")
    sh("ln", "-s", "../nowhere", "links/broken")
    sh("touch", "-h", "-d", "@1577934245.5", "links/abs")
    print(et(shutil.copytree, "links", "l1"))
    print(et(shutil.copytree, "links", "l2", ignore_dangling_symlinks = True), lst(sorted(os.listdir("l2"))))
    print(et(shutil.copytree, "links", "l3", True, None, shutil.copy2, True), lst(sorted(os.listdir("l3"))), os.readlink("l3/broken"))
    print(os.lstat("l3/abs").st_mtime == os.lstat("links/abs").st_mtime)
    os.chdir("links")
    print(et(shutil.copytree, ".", "../l4", ignore_dangling_symlinks = True), lst(sorted(os.listdir("../l4"))))
    os.chdir(base)

    print("-- move copy_function")
    moved = []
    def made(src, dst):
        moved.append(clean(src) + " -> " + clean(dst))
        os.makedirs(os.path.dirname(dst), exist_ok = True)
        return shutil.copy2(src, dst)
    write("m1", "M1")
    print(et(shutil.move, "m1", "new/m1"), os.path.exists("m1"))
    print(et(shutil.move, "m1", "new/m1", made), lst(moved), os.path.exists("m1"), read("new/m1"))
    moved = []
    tree("md")
    print(et(shutil.move, "md", "new2/sub/md", copy_function = made), lst(sorted(moved)), os.path.exists("md"), read("new2/sub/md/a/b/f"))
    tree("md")
    print(et(shutil.move, "md", "new3/md", copy_function = boom), os.path.exists("md"), os.path.exists("new3/md/g"))
    write("m2", "M2")
    print(et(shutil.move, "m2", "new4/m2", copy_function = boom), et(shutil.move, "m2", "new4/m2", copy_function = 5), os.path.exists("m2"))
    print(et(shutil.move, "m2", "m3", copy_function = boom), read("m3"))

    os.chdir("/")
    shutil.rmtree(base)
