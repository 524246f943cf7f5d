# The CPython half of shutil_more.star: copy into a
# directory (and "dir/"), copy2's times and mode, copyfile's errors, one
# file under two names (SameFileError, not a truncated file), copytree onto
# an existing destination and of links, rmtree of a missing path, a file
# and a link, move over files and into directories (and a directory into
# itself), which with PATH set by the script, disk_usage as a tuple; glob's
# wildcards, sets, hidden names, ** with and without recursive=True, paths
# kept as written, escape; the TypeError text of a None path. Python lists
# directories in the file system's order, so listings are sorted.
import glob
import os
import shutil
import subprocess

from errtext import err

base = "/tmp/procstar-shutil-more-%d" % os.getpid()

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
        return fmt("%s: %s (errno=%s filename=%s)" % (name, x, getattr(x, "errno", None), getattr(x, "filename", None)))
    return "ok " + fmt(res)

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

def mode(p):
    return "%o" % (os.stat(p).st_mode & 0o777)

if __name__ == "__main__":
    here = os.getcwd()
    os.mkdir(base)
    os.chdir(base)
    os.makedirs("src/sub")
    write("src/a.txt", "A")
    write("src/sub/b.txt", "B")
    write("f.txt", "F")
    os.mkdir("dir")
    sh("ln", "-s", "f.txt", "lnk")
    sh("ln", "-s", "nowhere", "dangling")
    sh("chmod", "750", "f.txt")
    sh("touch", "-d", "@1577934245.5", "f.txt")

    print("-- copy")
    show(e(shutil.copy, "f.txt", "dir"), e(shutil.copy, "f.txt", "dir/"), e(shutil.copy, "f.txt", base + "/dir"), mode("dir/f.txt"))
    show(e(shutil.copy2, "f.txt", "c2.txt"), os.stat("c2.txt").st_mtime, mode("c2.txt"), e(shutil.copy2, "f.txt", "dir"))
    show(e(shutil.copyfile, "f.txt", "dir"), e(shutil.copyfile, "f.txt", "dir/"), e(shutil.copyfile, "dir", "x"))
    show(e(shutil.copyfile, "nope", "x"), e(shutil.copyfile, "f.txt", "nope/x"), e(shutil.copyfile, "f.txt", "cf.txt"))
    show(e(shutil.copy, "f.txt", "f.txt"), e(shutil.copy, "f.txt", "./f.txt"), e(shutil.copyfile, "f.txt", "lnk"), e(shutil.copy, "lnk", "dir"), read("f.txt"))
    show(e(shutil.copy, "lnk", "lnkcopy"), os.path.islink("lnkcopy"), e(shutil.copyfile, "f.txt", "dangling"), os.path.islink("dangling"), read("nowhere"))

    print("-- copytree")
    show(e(shutil.copytree, "src", "dir"), e(shutil.copytree, "src", "tree"), sorted(os.listdir("tree")), e(shutil.copytree, "src", "tree", dirs_exist_ok=True))
    show(e(shutil.copytree, "nope", "t2"), e(shutil.copytree, "f.txt", "t3"), os.path.exists("t3"))
    os.mkdir("links")
    sh("ln", "-s", "../f.txt", "links/to-file")
    sh("ln", "-s", "../src", "links/to-dir")
    show(e(shutil.copytree, "links", "lt1"), os.path.islink("lt1/to-file"), os.path.islink("lt1/to-dir"), sorted(os.listdir("lt1/to-dir")))
    show(e(shutil.copytree, "links", "lt2", symlinks=True), os.path.islink("lt2/to-file"), os.path.islink("lt2/to-dir"))
    sh("ln", "-s", "../nowhere-else", "links/broken")
    show(e(shutil.copytree, "links", "lt3"), sorted(os.listdir("lt3")))

    print("-- rmtree")
    show(e(shutil.rmtree, "nope"), e(shutil.rmtree, "f.txt"), e(shutil.rmtree, "lnk"), e(shutil.rmtree, "links/to-dir"), os.path.exists("src/a.txt"))
    show(e(shutil.rmtree, "nope", ignore_errors=True), e(shutil.rmtree, "f.txt", True), e(shutil.rmtree, "lt3"), os.path.exists("lt3"))

    print("-- move")
    write("m1", "M1")
    write("m2", "M2")
    show(e(shutil.move, "m1", "m2"), read("m2"), e(shutil.move, "m2", "dir"), sorted(os.listdir("dir")), e(shutil.move, "nope", "x"))
    write("m3", "M3")
    write("dir/m3", "old")
    show(e(shutil.move, "m3", "dir"), e(shutil.move, "m3", "dir/"), e(shutil.move, "tree", "tree2"), e(shutil.move, "tree2", "dir"))
    show(e(shutil.move, "dir", "dir/sub"), e(shutil.move, "dir", "dir"), sorted(os.listdir("dir/tree2")))

    print("-- which, disk_usage")
    os.mkdir("bin")
    write("bin/tool", "#!/bin/sh\n")
    write("bin/plain", "")
    sh("chmod", "755", "bin/tool")
    path = os.environ.get("PATH")
    os.environ["PATH"] = base + "/bin:/nonexistent"
    show(shutil.which("tool"), shutil.which("plain"), shutil.which("no-such-prog-xyz"), shutil.which("bin/tool"), shutil.which("./bin/plain"))
    show(shutil.which("tool", path="/nonexistent"), shutil.which("tool", path="bin"))
    os.environ["PATH"] = path
    u = shutil.disk_usage(".")
    total, used, free = u
    show(type(u.total) == type(0), total == u.total and used == u.used and free == u.free, u.total >= u.used, len(u), e(shutil.disk_usage, "nope"))

    print("-- glob")
    G = glob.glob
    os.mkdir("g")
    os.chdir("g")
    os.makedirs("a/b/c")
    os.makedirs(".hid/x")
    os.makedirs("a/.h2")
    for p in ["f1.txt", "f2.txt", "f10.txt", "g.log", ".dot", "a/x.txt", "a/b/y.txt", "a/b/c/z.txt", ".hid/h.txt", "a/.h2/q.txt", "a/.hf", "[x].txt", "star*.txt", "q?.txt", "b]", "back\\slash"]:
        write(p, p)
    sh("ln", "-s", "a", "alink")
    sh("ln", "-s", "nowhere", "dang")
    show(sorted(G("*")))
    show(sorted(G("f?.txt")), sorted(G("f[0-9]*.txt")), sorted(G("f[!1]*")), sorted(G("[fg]*")), sorted(G("*.txt")))
    show(sorted(G(".*")), sorted(G("*/")), sorted(G("*/*.txt")), sorted(G("a/*")))
    show(sorted(G("**")), sorted(G("**/*.txt")))
    show(sorted(G("**", recursive=True)))
    show(sorted(G("**/*.txt", recursive=True)))
    show(sorted(G("**/", recursive=True)))
    show(sorted(G("a/**", recursive=True)), sorted(G("a/**/", recursive=True)), sorted(G("a/**/*.txt", recursive=True)))
    show(sorted(G("a/**/c/*", recursive=True)), sorted(G("**/c", recursive=True)), sorted(G("a**", recursive=True)))
    show(sorted(G(base + "/g/a/*")), sorted(G(base + "/g/**/z.txt", recursive=True)))
    show(G("dang"), G("d*"), G("nope"), G("nope/*"), G(""), G("a/b/"), G("f1.txt/"), G("a//b"), G("./a"), sorted(G("./f*")), G("a/./b"), G("a/../f1.txt"))
    show(G(glob.escape("[x].txt")), G(glob.escape("star*.txt")), G("[[]x].txt"), glob.escape("a[b]c*?"), glob.escape("/x/*"), glob.escape(""))
    show(G("*.TXT"), sorted(G("*[.]txt")), G("[x"), G("f1.tx[t"), sorted(G("f[1-2].txt")), G("f[]1].txt"), G("[!.]dot"))
    show(G("b[]]"), G("f[2-1].txt"), G("f[!2-1].txt"), sorted(G("f[--2].txt")), G("back\\*"), G("[a-c]link"), G("?"))

    print("-- a path that is not a str")
    os.chdir(base)
    print(err(shutil.copy, "f.txt", None))
    print(err(shutil.copy, None, "dir"))
    print(err(shutil.copy, None, "nope"))
    print(err(shutil.move, None, "nope"))
    print(err(shutil.move, None, "dir"))
    print(err(shutil.rmtree, None))
    print(err(shutil.which, None))
    print(err(shutil.disk_usage, None))
    print(err(glob.glob, None))
    print(err(glob.escape, None))
    show(e(shutil.rmtree, None, True))

    os.chdir(here)
    shutil.rmtree(base)
    show(os.path.exists(base))
