# The CPython half of os_more.star: os.path's string
# edge cases (join, normpath, relpath, splitext, split, expanduser), and on
# a fresh directory with symbolic links: exists/isfile/isdir/islink,
# realpath, scandir entries, os.walk (top-down pruning, bottom-up, a missing
# top), stat fields, and the OSError (type, errno, filename) of listdir,
# makedirs, mkdir, rmdir, remove, rename and replace; then the TypeError
# text of a None path. Directory orders are the file system's in Python,
# so listings are sorted.
import os
import shutil
import subprocess

from errtext import err

base = "/tmp/procstar-os-more-%d" % os.getpid()

def fmt(x):
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join([fmt(y) for y in x]) + "]"
    return str(x).replace(base, "BASE")

def show(*parts):
    print(*[fmt(p) for p in parts])

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

def ln(target, name):
    subprocess.run(["ln", "-s", target, name], check=True)

if __name__ == "__main__":
    j = os.path.join
    P = os.path
    print("-- os.path on strings")
    show(j("a", "/b", "c"), j("/a", "", "b"), j("a", "", ""), j("", ""), j("a", "b/"), j("/", "a"), j("a//", "b"), j("", "/x"))
    show(P.normpath("a/../.."), P.normpath("/../a"), P.normpath("a/b/"), P.normpath("//"), P.normpath("///"), P.normpath("./"))
    show(P.normpath("a/./b/../../c/"), P.normpath("//a/../b"), P.normpath(".."), P.normpath("../../a/.."), P.normpath("/a/b/../../.."))
    show(P.relpath("/a/b/c", start="/a"), P.relpath("a/b", "a"), P.relpath("a", "a"), P.relpath("/x/y", "/a/b"), P.relpath("a/b", start="c"), P.relpath("a", None))
    show(P.splitext(".bashrc"), P.splitext("..x"), P.splitext("a.b.c"), P.splitext("/a/.b.c"), P.splitext("a."), P.splitext("..."))
    show(P.splitext("a/.."), P.splitext(""), P.splitext("a.b/"), P.splitext(".a.b"))
    show(P.basename("a/b/"), P.dirname("a/b/"), P.basename("/"), P.dirname("a//b"), P.dirname("//a//b"), P.dirname("///a"), P.basename(""), P.dirname(""))
    show(P.split("/"), P.split(""), P.split("a/"), P.split("//"), P.split("a//b"), P.split("//a"), P.split("///a"))
    show(P.isabs("/a"), P.isabs(""), P.isabs("//"), P.isabs("a/b"))
    here = os.getcwd()
    show(P.abspath("a/../b") == j(here, "b"), P.abspath("../x") == j(P.dirname(here), "x"), P.abspath("") == here, P.abspath("/a/../../b"), P.abspath("//a"))

    print("-- expanduser")
    home = os.environ.get("HOME")
    for h in ["/home/tester", "/home/tester/", "/", ""]:
        os.environ["HOME"] = h
        show("HOME=" + h, P.expanduser("~"), P.expanduser("~/x"), P.expanduser("x/~"), P.expanduser("~no-such-user-xyz/x"))
    if home == None:
        os.environ.pop("HOME")
    else:
        os.environ["HOME"] = home

    print("-- links and tests")
    os.mkdir(base)
    os.chdir(base)
    os.makedirs("d/sub/deep")
    os.makedirs("d/other")
    write("d/f.txt", "hello")
    write("d/sub/g.txt", "g")
    write("top.txt", "top")
    ln("d/f.txt", "lnk")
    ln("nowhere", "dangling")
    ln("d", "dlnk")
    ln("d/sub", "sublnk")
    for p in ["lnk", "dangling", "dlnk", "d", "top.txt", "nope", "", "top.txt/", "d/"]:
        show("path=" + p, P.exists(p), P.lexists(p), P.isfile(p), P.isdir(p), P.islink(p))
    show(P.realpath("lnk") == j(base, "d/f.txt"), P.realpath("dangling") == j(base, "nowhere"), P.realpath("sublnk/..") == j(base, "d"))
    show(P.realpath("dlnk/nope/x") == j(base, "d/nope/x"), P.realpath("nope/../top.txt") == j(base, "top.txt"))

    print("-- scandir")
    for x in sorted(os.scandir("."), key=lambda x: x.name):
        show(x.name, x.path, x.is_dir(), x.is_file(), x.is_symlink(), x.is_dir(follow_symlinks=False), x.is_file(follow_symlinks=False))
    show(sorted([x.path for x in os.scandir(base + "/d/")]), sorted([x.path for x in os.scandir()]))
    show([x.stat().st_size for x in os.scandir("d") if x.name == "f.txt"], e(lambda: [x.stat() for x in os.scandir(".") if x.name == "dangling"]))

    print("-- walk")
    for dirpath, dirnames, filenames in os.walk("."):
        names = sorted(dirnames)  # the walk enters them in this order
        dirnames.clear()
        dirnames.extend(names)
        show(dirpath, dirnames, sorted(filenames))
    for dirpath, dirnames, filenames in os.walk("d/"):
        if "sub" in dirnames:
            dirnames.remove("sub")  # pruned: not entered
        show(dirpath, sorted(dirnames), sorted(filenames))
    show(sorted([t[0] for t in os.walk(base + "/d", topdown=False)]))
    show(sorted([t[0] for t in os.walk("dlnk", followlinks=True)]), sorted([t[0] for t in os.walk(".", followlinks=True) if "lnk" in t[0]]))
    show(list(os.walk("nope")), list(os.walk("top.txt")))

    print("-- stat")
    subprocess.run(["touch", "-d", "@1577934245.123456789", "d/f.txt"], check=True)
    st = os.stat("d/f.txt")
    show(st.st_size, st.st_mtime, st.st_mtime_ns, P.getmtime("d/f.txt"), st.st_mode & 0o170000 == 0o100000, st.st_nlink)
    show(type(st.st_mode) == type(0), type(st.st_size) == type(0), type(st.st_mtime) == type(0.0))
    show(os.stat("lnk").st_size, os.stat("lnk", follow_symlinks=False).st_mode & 0o170000 == 0o120000, e(os.stat, "dangling"))
    show(e(P.getsize, "nope"), e(P.getmtime, "nope"), e(P.getsize, "dangling"))

    print("-- errors")
    show(e(os.listdir, "top.txt"), e(os.listdir, "nope"), e(os.scandir, "top.txt"))
    show(e(os.makedirs, "top.txt", exist_ok=True), e(os.makedirs, "top.txt/x/y", exist_ok=True), e(os.makedirs, "d", exist_ok=True))
    show(e(os.makedirs, "d"), e(os.makedirs, "lnk", exist_ok=True), e(os.makedirs, "dlnk", exist_ok=True), e(os.makedirs, "dangling/x"))
    show(e(os.makedirs, "n1/n2/", exist_ok=True), P.isdir("n1/n2"), e(os.makedirs, "n1/./", exist_ok=True))
    show(e(os.mkdir, "d"), e(os.mkdir, "top.txt"), e(os.mkdir, "nope/x"), e(os.mkdir, "d/"))
    show(e(os.rmdir, "d"), e(os.rmdir, "top.txt"), e(os.rmdir, "nope"), e(os.rmdir, "dlnk"))
    show(e(os.remove, "d"), e(os.unlink, "nope"), e(os.remove, "dlnk/"), e(os.remove, "top.txt/"), P.islink("dlnk"))
    write("a1", "A1")
    write("a2", "A2")
    os.makedirs("e1/x")
    os.makedirs("e2")
    os.makedirs("e3")
    show(e(os.rename, "a1", "a2"), open("a2").read(), P.exists("a1"))
    show(e(os.rename, "a2", "e2"), e(os.rename, "e2", "a2"), e(os.rename, "e2", "e1"))
    show(e(os.replace, "e2", "e3"), P.exists("e2"), e(os.rename, "e3", "e3/sub"))
    show(e(os.replace, "a2", "nope/x"), e(os.rename, "nope", "x"))
    show(e(os.chdir, "top.txt"), e(os.chdir, "nope"))
    os.chdir("dlnk")
    show(os.getcwd() == j(base, "d"), sorted(os.listdir(".")))
    os.chdir("sub/../..")
    show(os.getcwd() == base)

    print("-- a path that is not a str")
    for f in [P.basename, P.dirname, P.split, P.splitext, P.normpath, P.isabs, P.expanduser, P.abspath, P.realpath, P.relpath, P.join]:
        print(err(f, None))
    for f in [P.exists, P.isfile, P.isdir, P.islink, P.lexists, P.getsize, P.getmtime, os.stat, os.mkdir, os.makedirs, os.remove, os.unlink, os.rmdir, os.walk, os.chdir]:
        print(err(f, None))
    print(err(P.join, "a", 5))
    print(err(os.rename, "a", None))
    print(err(os.rename, None, "a"))
    print(err(P.relpath, ""))
    print(err(os.mkdir, 5))

    os.chdir(here)
    shutil.rmtree(base)
    show(P.exists(base))
