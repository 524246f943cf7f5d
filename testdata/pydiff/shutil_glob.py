# The CPython half of shutil_glob.star.
import glob, os, shutil
from errtext import err

base = "/tmp/procstar-shutil-%d" % os.getpid()

def fmt(p):
    if isinstance(p, (list, tuple)):
        return "[" + ", ".join([fmt(x) for x in p]) + "]"
    return str(p).replace(base, "BASE")

def show(*parts):
    print(*[fmt(p) for p in parts])

def write(p, text):
    f = open(p, "w")
    f.write(text)
    f.close()

if __name__ == "__main__":
    j = os.path.join
    os.makedirs(j(base, "src", "sub"))
    write(j(base, "src", "a.txt"), "alpha")
    write(j(base, "src", "b.log"), "beta")
    write(j(base, "src", ".hidden"), "h")
    write(j(base, "src", "sub", "c.txt"), "gamma")
    show(shutil.copyfile(j(base, "src", "a.txt"), j(base, "copy.txt")), open(j(base, "copy.txt")).read())
    show(shutil.copy(j(base, "src", "a.txt"), j(base, "src", "sub")))
    show(shutil.copy2(j(base, "src", "b.log"), j(base, "b2.log")), os.path.getmtime(j(base, "b2.log")) == os.path.getmtime(j(base, "src", "b.log")))
    show(shutil.copytree(j(base, "src"), j(base, "tree")), sorted(os.listdir(j(base, "tree"))), sorted(os.listdir(j(base, "tree", "sub"))))
    show(err(shutil.copytree, j(base, "src"), j(base, "tree")).replace(base, "BASE"))
    show(err(shutil.copyfile, j(base, "nope"), j(base, "x")).replace(base, "BASE"))
    show(err(shutil.copyfile, j(base, "copy.txt"), j(base, "copy.txt")).replace(base, "BASE"))
    show(shutil.move(j(base, "copy.txt"), j(base, "tree")), os.path.exists(j(base, "copy.txt")))
    show(shutil.move(j(base, "b2.log"), j(base, "moved.log")))
    show(sorted(glob.glob(j(base, "src", "*"))))
    show(sorted(glob.glob(j(base, "src", ".*"))))
    show(sorted(glob.glob(j(base, "**", "*.txt"), recursive=True)))
    show(sorted(glob.glob(j(base, "*", "*.t?t"))), sorted(glob.glob(j(base, "src", "[ab].*"))), sorted(glob.glob(j(base, "src", "[!a]*"))))
    show(glob.glob(j(base, "nothing*")), glob.escape("a*b?[c]"))
    show(shutil.which("sh") != None, shutil.which("no-such-program-xyz"))
    u = shutil.disk_usage(base)
    show(u.total >= u.used, u.free > 0)
    show(shutil.rmtree(base), os.path.exists(base), err(shutil.rmtree, base).replace(base, "BASE"))
