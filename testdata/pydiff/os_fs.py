# The CPython half of os_fs.star.
import os
import subprocess
from multiprocessing import Process, set_start_method

from errtext import err

def fmt(p):
    if isinstance(p, (list, tuple)):
        return "[" + ", ".join([fmt(x) for x in p]) + "]"
    return str(p).replace(base, "BASE")

def show(*parts):
    print(*[fmt(p) for p in parts])

def shown(f, *args):
    return err(f, *args).replace(base, "BASE")

base = "/tmp/procstar-os-fs-%d" % os.getpid()

def show_cwd():
    show("child in:", os.path.basename(os.getcwd()))

def quit_now():
    os._exit(7)

if __name__ == "__main__":
    j = os.path.join
    show(j("a", "b", "c"), j("a/", "b"), j("a", "/b", "c"), j("a", ""), j("", "b"))
    show(os.path.basename("/x/y.tar.gz"), os.path.dirname("/x/y.tar.gz"), os.path.dirname("/"), os.path.dirname("//a"), os.path.dirname("a"))
    show(os.path.split("/x/y"), os.path.split("y"), os.path.split("/"))
    show(os.path.splitext("a/b.tar.gz"), os.path.splitext(".bashrc"), os.path.splitext("a.b/c"), os.path.splitext("x.."))
    show(os.path.normpath("a//b/../c/."), os.path.normpath(""), os.path.normpath("//a"), os.path.normpath("///a"), os.path.normpath("../x"))
    show(os.path.isabs("/a"), os.path.isabs("a"), os.sep, os.linesep == "\n", os.curdir, os.pardir)
    os.makedirs(j(base, "d1", "d2"))
    show(shown(os.makedirs, j(base, "d1")), os.makedirs(j(base, "d1"), exist_ok=True))
    f = open(j(base, "d1", "f.txt"), "w")
    f.write("hello")
    f.close()
    show(os.listdir(base), sorted(os.listdir(j(base, "d1"))))
    show(os.path.exists(base), os.path.isdir(base), os.path.isfile(base), os.path.exists(j(base, "nope")))
    show(os.path.isfile(j(base, "d1", "f.txt")), os.path.getsize(j(base, "d1", "f.txt")), os.stat(j(base, "d1", "f.txt")).st_size)
    show(shown(os.path.getsize, j(base, "nope")), shown(os.stat, j(base, "nope")))
    show(shown(os.mkdir, j(base, "d1")), shown(os.rmdir, j(base, "d1")), shown(os.remove, j(base, "d1")))
    show(shown(os.listdir, j(base, "d1", "f.txt")), shown(os.rename, j(base, "nope"), j(base, "x")))
    os.rename(j(base, "d1", "f.txt"), j(base, "g.txt"))
    show(sorted(os.listdir(base)), [e.name for e in os.scandir(base)], [e.is_dir() for e in os.scandir(base)])
    for dirpath, dirnames, filenames in os.walk(base):
        show(dirpath, sorted(dirnames), sorted(filenames))
    set_start_method("spawn")
    here = os.getcwd()
    os.chdir(j(base, "d1"))
    show(os.getcwd(), os.listdir("."), os.path.exists("d2"), os.path.abspath("x"), err(os.chdir, "nope"), err(os.chdir, j(base, "g.txt")).replace(base, "BASE"))
    p = Process(target=show_cwd)
    p.start()
    p.join()
    show("program in:", subprocess.run(["pwd"], capture_output=True, text=True).stdout.strip())
    os.chdir(here)
    os.replace(j(base, "g.txt"), j(base, "h.txt"))
    os.unlink(j(base, "h.txt"))
    os.rmdir(j(base, "d1", "d2"))
    os.rmdir(j(base, "d1"))
    os.rmdir(base)
    show(os.path.exists(base), os.path.relpath("/a/b/c", "/a"), os.path.relpath("/a", "/a/b"))
    p = Process(target=quit_now)
    p.start()
    p.join()
    show("os._exit(7) in a child:", p.exitcode)
