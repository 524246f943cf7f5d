# tempfile and os's descriptor functions side by side with CPython (names
# are random: the test prints their shape).
import os, shutil, tempfile

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(r)

base = tempfile.mkdtemp(prefix="pydiff-", suffix=".d")
os.environ["TMPDIR"] = base
tempfile.tempdir = None
print(tempfile.gettempdir() == base, tempfile.gettempprefix(), os.path.isdir(base), oct(os.stat(base).st_mode & 0o777))
print(os.path.basename(base).startswith("pydiff-"), base.endswith(".d"), len(os.path.basename(base)) == len("pydiff-") + 8 + 2)

d = tempfile.mkdtemp()
print(os.path.dirname(d) == base, os.path.basename(d)[:3], len(os.path.basename(d)), oct(os.stat(d).st_mode & 0o777))
d2 = tempfile.mkdtemp(suffix="-x", prefix="job_", dir=d)
print(os.path.dirname(d2) == d, os.path.basename(d2).startswith("job_"), d2.endswith("-x"))

fd, path = tempfile.mkstemp(suffix=".txt", prefix="data-", dir=d)
print(type(fd).__name__, os.path.exists(path), path.endswith(".txt"), os.path.basename(path).startswith("data-"), oct(os.stat(path).st_mode & 0o777))
print(os.write(fd, b"hello "), os.write(fd, b"world\n"))
os.close(fd)
show(os.close, fd)
print(open(path).read(), end="")
fd = os.open(path, os.O_RDONLY)
print(os.read(fd, 5), os.read(fd, 100), os.read(fd, 10))
os.close(fd)
fd = os.open(path, os.O_WRONLY | os.O_APPEND)
f = os.fdopen(fd, "w")
print(f.name == fd, f.mode, f.write("more\n"))
f.close()
show(os.write, fd, b"x")
print(len(open(path).readlines()))
fd, p2 = tempfile.mkstemp(text=True)
f = os.fdopen(fd, "w+")
f.write("x\ny\n")
f.seek(0)
print(len(f.readlines()), os.path.dirname(p2) == base)
f.close()
show(os.fdopen, "x")
show(lambda: os.open("/nonexistent-dir/none", os.O_RDONLY))
show(os.write, 1, "str")

t = tempfile.NamedTemporaryFile()
print(t.name.startswith(base + "/tmp"), os.path.exists(t.name), t.mode, t.delete, t.write(b"abc"), t.seek(0), t.read())
t.close()
print(os.path.exists(t.name), t.closed)
t = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
print(t.name.endswith(".log"), t.write("line\n"), t.mode)
t.close()
print(os.path.exists(t.name), open(t.name).read(), end="")
os.remove(t.name)
t = tempfile.TemporaryFile("w+")
t.write("anon")
t.seek(0)
print(t.read(), len(os.listdir(base)) == 3)
t.close()

td = tempfile.TemporaryDirectory(prefix="work-")
print(os.path.isdir(td.name), os.path.basename(td.name).startswith("work-"), os.path.dirname(td.name) == base)
open(os.path.join(td.name, "f"), "w").write("x")
os.makedirs(os.path.join(td.name, "a", "b"))
td.cleanup()
print(os.path.exists(td.name))
td.cleanup()
for fn in [tempfile.mkdtemp, tempfile.mkstemp]:
    try:
        fn(dir="/nonexistent-dir")
    except OSError as e:
        print(type(e).__name__, e.errno, str(e).startswith("[Errno 2] No such file or directory: '/nonexistent-dir/tmp"))
shutil.rmtree(base)
print(os.path.exists(base))
