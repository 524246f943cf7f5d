# The CPython half of tempfile_cpython.star: CPython 3.12's Lib/test/test_tempfile.py, ported for what procstar has
# (names are random, so their shape is printed): gettempprefix,
# gettempdir (TMPDIR), mkstemp and mkdtemp (basic, choose_directory,
# file_mode/mode, nonexisting and non-directory dir, textmode),
# NamedTemporaryFile (creates_named, del_on_close, dis_del_on_close,
# multiple_close, bad_mode), TemporaryFile, TemporaryDirectory (explicit
# cleanup, ignore_cleanup_errors).
import os, shutil, tempfile
from errtext import et

def shape(path, d, pre, suf):
    name = os.path.basename(path)
    ok = os.path.dirname(path) == d and name.startswith(pre) and name.endswith(suf)
    mid = name[len(pre):len(name) - len(suf)]
    return "%s len=%d chars=%s" % (ok, len(mid), all([c in "abcdefghijklmnopqrstuvwxyz0123456789_" for c in mid]))

if __name__ == "__main__":
    top = tempfile.mkdtemp(prefix="pydiff-")
    os.chdir(top)
    os.mkdir("tt")
    base = os.path.abspath("tt")
    os.environ["TMPDIR"] = base
    tempfile.tempdir = None  # procstar reads TMPDIR at each call
    print(tempfile.gettempprefix(), tempfile.gettempdir() == base)
    # mkstemp: test_basic, test_choose_directory, test_file_mode
    for pre, suf in [("tmp", ""), ("a", ""), ("tmp", "b"), ("a", "b"), ("aa", ".txt"), ("", "")]:
        fd, path = tempfile.mkstemp(suffix=suf, prefix=pre)
        os.write(fd, b"blat")
        os.close(fd)
        print("mkstemp", "<%s> <%s>" % (pre, suf), shape(path, base, pre, suf), oct(os.stat(path).st_mode & 0o777), os.path.getsize(path))
        os.remove(path)
    d = tempfile.mkdtemp(dir=base)
    fd, path = tempfile.mkstemp(dir=d)
    os.close(fd)
    print("choose_directory", shape(path, d, "tmp", ""), os.path.isabs(path))
    fd, path = tempfile.mkstemp(dir=d, text=True)
    f = os.fdopen(fd, "w")
    f.write("blat\n")
    f.close()
    print("textmode", open(path).read() == "blat\n")
    fd, path = tempfile.mkstemp(prefix="rel", dir="tt")
    os.close(fd)
    print("relative dir", path.startswith(base + "/rel"))
    f = tempfile.NamedTemporaryFile(dir="tt/../tt", prefix="nt")
    print("relative named", f.name.startswith(base + "/nt"))
    f.close()
    # (mkdtemp's name is absolute for a relative dir= since 3.12 only)
    # test_nonexisting_directory, test_non_directory
    print(et(tempfile.mkstemp, dir=os.path.join(base, "nonexistent"))[:24])
    print(et(tempfile.mkdtemp, dir=os.path.join(base, "nonexistent"))[:24])
    print(et(tempfile.mkstemp, dir=path)[:30], et(tempfile.mkdtemp, dir=path)[:30])
    # mkdtemp: test_basic, test_mode
    for pre, suf in [("tmp", ""), ("a", ""), ("tmp", "b"), ("aa", ".txt")]:
        p = tempfile.mkdtemp(suffix=suf, prefix=pre)
        print("mkdtemp", "<%s> <%s>" % (pre, suf), shape(p, base, pre, suf), os.path.isdir(p), oct(os.stat(p).st_mode & 0o777))
        os.rmdir(p)
    print(et(tempfile.mkdtemp, suffix=b"a", prefix="x"), et(tempfile.mkstemp, prefix="x", dir=b"/tmp"))
    # NamedTemporaryFile: test_basic, test_creates_named, test_del_on_close
    f = tempfile.NamedTemporaryFile(dir=d, prefix="aa", suffix=".txt")
    print("named", shape(f.name, d, "aa", ".txt"), os.path.exists(f.name))
    f.write(b"blat")
    f.seek(0)
    print(f.read())
    name = f.name
    f.close()
    print("del_on_close", os.path.exists(name))
    f = tempfile.NamedTemporaryFile(dir=d, delete=False)
    name = f.name
    f.write(b"blat")
    f.close()
    print("dis_del_on_close", os.path.exists(name), open(name, "rb").read())
    os.remove(name)
    f = tempfile.NamedTemporaryFile(dir=d)
    f.write(b"abc\n")
    f.close()
    print("multiple_close", et(f.close))
    f = tempfile.NamedTemporaryFile(mode="w+", dir=d)
    f.write("text\n")
    f.seek(0)
    print("<%s>" % f.read(), f.mode if hasattr(f, "mode") else "w+")
    f.close()
    print(et(tempfile.NamedTemporaryFile, mode="wr", dir=d)[:10], et(tempfile.NamedTemporaryFile, mode=2, dir=d)[:10])
    # TemporaryFile
    f = tempfile.TemporaryFile(dir=d)
    f.write(b"hello")
    f.seek(0)
    print(f.read())
    f.close()
    f = tempfile.TemporaryFile(mode="w+", dir=d)
    f.write("a\nb\n")
    f.seek(0)
    print("|".join(f.readlines()))
    f.close()
    # TemporaryDirectory: explicit cleanup
    t = tempfile.TemporaryDirectory(dir=d, prefix="pp", suffix="ss")
    print("tempdir", shape(t.name, d, "pp", "ss"), os.path.isdir(t.name))
    os.makedirs(os.path.join(t.name, "x", "y"))
    open(os.path.join(t.name, "x", "f"), "w").close()
    t.cleanup()
    print("cleanup", os.path.exists(t.name), et(t.cleanup))
    t = tempfile.TemporaryDirectory(dir=d, ignore_cleanup_errors=True)
    os.rmdir(t.name)
    print("ignore errors", et(t.cleanup))
    print(sorted(os.listdir(d)) == [os.path.basename(path)])
    os.chdir("/")
    shutil.rmtree(top)
    print(os.path.exists(top))
