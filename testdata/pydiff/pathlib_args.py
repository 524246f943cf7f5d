# The CPython half of pathlib_args.star: a pathlib path is accepted wherever a path string is, as CPython's
# os.PathLike: open, os, os.path, shutil, glob's results joined, subprocess
# argument lists; and refused where CPython refuses it.
import glob
import json
import os
import shutil
import subprocess
from pathlib import Path

base = "/tmp/procstar-pathlib-args-%d" % os.getpid()

def fmt(v):
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join([fmt(x) for x in v]) + "]"
    return str(v).replace(base, "BASE")

def show(*parts):
    print(*[fmt(p) for p in parts])

def shown(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        return (type(e).__name__ + ": " + str(e)).replace(base, "BASE")
    return "ok " + fmt(r)

if __name__ == "__main__":
    root = Path(base)
    os.makedirs(root / "d")
    f = open(root / "d" / "a.txt", "w")
    f.write("alpha")
    f.close()
    show(os.listdir(root), os.listdir(root / "d"), os.path.exists(root / "d"), os.path.isfile(root / "d/a.txt"))
    show(os.path.join(root, "d", Path("a.txt")), os.path.basename(root / "d"), os.path.dirname(Path("x/y")), os.path.splitext(Path("a/b.tar.gz")))
    show(os.stat(root / "d/a.txt").st_size, os.path.getsize(Path(base, "d", "a.txt")), os.path.abspath(Path("/x/../y")), os.path.relpath(root / "d", root))
    show(shown(shutil.copy, root / "d/a.txt", root / "b.txt"), open(Path(base) / "b.txt").read())
    show(shown(shutil.copytree, root / "d", root / "e"), sorted(os.listdir(root / "e")), shown(shutil.move, root / "b.txt", root / "c.txt"))
    show(shown(os.rename, root / "c.txt", root / "e" / "c.txt"), sorted(os.listdir(root / "e")), shown(os.remove, root / "e/c.txt"))
    r = subprocess.run(["cat", root / "d" / "a.txt"], capture_output=True, text=True)
    show(r.returncode, r.stdout)
    r = subprocess.run(Path("/bin/echo"), capture_output=True, text=True)
    show(r.returncode, json.dumps(r.stdout))
    r = subprocess.run(["pwd"], cwd=root / "d", capture_output=True, text=True)
    show(r.stdout.strip(), shown(subprocess.run, ["true"], cwd=1))
    show(sorted(glob.glob(os.path.join(root, "*"))), [w[0] for w in os.walk(root / "d")])
    show(shown(os.chdir, root / "d"), os.getcwd(), open(Path("a.txt")).read(), Path("a.txt").exists())
    show(shown(shutil.rmtree, root), os.path.exists(root))
    show(shown(os.path.join, "a", 1), shown(open, 3.5), shown(os.listdir, [root]))
