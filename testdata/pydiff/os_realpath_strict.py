import os, shutil, tempfile
# os.path.realpath(filename, *, strict=False): strict raises what os.lstat
# raises on a missing component, and ELOOP on a loop of links.
def catch(fn, *a, **kw):
    try:
        return fn(*a, **kw), None
    except Exception as e:
        return None, e
def name(e):
    return type(e).__name__
d = tempfile.mkdtemp()
os.chdir(d)
os.symlink("a", "a")
os.symlink("c", "b")
os.symlink("b", "c")
open("f", "w").close()
os.symlink("nope/x", "d")
for p in ["a", "b", "a/x", "missing", "missing/x", "f/x", "d", ".", "", "f"]:
    r, e = catch(os.path.realpath, p, strict=True)
    if e:
        print(p, name(e), str(e), e.errno, e.filename)
    else:
        print(p, r == os.path.abspath(p), os.path.realpath(p, strict=False) == r)
print(os.path.realpath("a", strict=False) == os.path.join(d, "a"))
_, e = catch(os.path.realpath, "f", True)
print(name(e) + ": " + str(e))
_, e = catch(os.path.realpath, path="f")
print(name(e) + ": " + str(e))
shutil.rmtree(d)
