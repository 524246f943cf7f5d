# glob's keyword-only options, side by side with CPython: root_dir (patterns
# and matches relative to it, an absolute pattern as it is), include_hidden
# (wildcards and ** match a leading dot), and recursive given by position
# refused.
import glob, os, shutil
from errtext import show

base = "/tmp/procstar-globroot-%d" % os.getpid()

def touch(p):
    open(p, "w").close()

def rel(names):
    return " ".join(sorted([n.replace(base, "BASE") for n in names]))

if __name__ == "__main__":
    j = os.path.join
    os.makedirs(j(base, "d", "sub"))
    os.makedirs(j(base, "d", ".cache"))
    for p in ["d/a.txt", "d/.h.txt", "d/sub/b.txt", "d/.cache/c.txt"]:
        touch(j(base, p))
    show("root *", lambda: rel(glob.glob("*", root_dir=j(base, "d"))))
    show("root */*", lambda: rel(glob.glob("*/*.txt", root_dir=j(base, "d"))))
    show("root literal", lambda: rel(glob.glob("sub/b.txt", root_dir=j(base, "d"))))
    show("root missing", lambda: rel(glob.glob("nope", root_dir=j(base, "d"))))
    show("root dir/", lambda: rel(glob.glob("sub/", root_dir=j(base, "d"))))
    show("root **", lambda: rel(glob.glob("**", root_dir=j(base, "d"), recursive=True)))
    show("root absolute", lambda: rel(glob.glob(j(base, "d", "*.txt"), root_dir="/nonexistent")))
    show("hidden *", lambda: rel(glob.glob(j(base, "d", "*"), include_hidden=True)))
    show("hidden **", lambda: rel(glob.glob(j(base, "d", "**", "*.txt"), recursive=True, include_hidden=True)))
    show("not hidden **", lambda: rel(glob.glob(j(base, "d", "**", "*.txt"), recursive=True)))
    show("iglob root", lambda: rel(list(glob.iglob("*", root_dir=j(base, "d"), include_hidden=True))))
    show("positional", glob.glob, "*", True)
    show("root type", glob.glob, "*", root_dir=5)
    shutil.rmtree(base)
