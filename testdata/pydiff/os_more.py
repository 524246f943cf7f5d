import os, glob, shutil, tempfile
# os.sched_getaffinity/getpgid/killpg/fsync, glob.iglob and
# shutil.copytree(ignore=shutil.ignore_patterns(...)) beside CPython.
d = tempfile.mkdtemp()
cpus = os.sched_getaffinity(0)
print(len(cpus) > 0, min(cpus) >= 0, len(cpus) <= os.cpu_count(), os.getpgid(0) == os.getpgid(os.getpid()))
print(os.killpg(os.getpgid(0), 0))
fd = os.open(os.path.join(d, "f.txt"), os.O_WRONLY | os.O_CREAT)
os.write(fd, b"x")
print(os.fsync(fd))
os.close(fd)
src = os.path.join(d, "src")
for p in ["a.txt", "b.pyc", "sub/c.txt", "sub/d.pyc", "tmp/e.txt", ".hidden"]:
    full = os.path.join(src, p)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    open(full, "w").write(p)
shutil.copytree(src, os.path.join(d, "dst"), ignore=shutil.ignore_patterns("*.pyc", "tmp"))
found = []
for root, dirs, files in os.walk(os.path.join(d, "dst")):
    for f in files:
        found.append(os.path.relpath(os.path.join(root, f), os.path.join(d, "dst")))
print(sorted(found) == [".hidden", "a.txt", "sub/c.txt"], len(found))
seen = []
def ign(dir, names):
    seen.append(len(names))
    return [n for n in names if n.startswith("s")]
shutil.copytree(src, os.path.join(d, "dst2"), ignore=ign)
print(sorted(seen), sorted(os.listdir(os.path.join(d, "dst2"))) == [".hidden", "a.txt", "b.pyc", "tmp"])
it = glob.iglob(os.path.join(src, "*.txt"))
print(len(list(it)), len(list(glob.iglob(os.path.join(src, "**", "*.txt"), recursive=True))))
shutil.rmtree(d)
