# The CPython half of open_modes.star.
import os, shutil

def err(f, *args):
    try:
        f(*args)
    except Exception as e:
        print(type(e).__name__, str(e))
        return
    print("no error", "")

base = os.path.join(os.getcwd(), "open_modes_tmp")
if os.path.exists(base):
    shutil.rmtree(base)
os.mkdir(base)
lock = os.path.join(base, "lock")
f = open(lock, "x")
print(f.mode, f.write("pid 1\n"))
f.close()
print(open(lock).read(), end="")
try:
    open(lock, "x")
except OSError as e:
    print(type(e).__name__, e.errno, str(e).replace(base, "BASE"))
try:
    open(lock, "xb")
except OSError as e:
    print(type(e).__name__)
g = open(os.path.join(base, "data"), "xb")
print(g.write(b"\x00\x01"), g.mode)
g.close()
print(len(open(os.path.join(base, "data"), "rb").read()))
for m in ["rw", "q", "", "bb", "rbt", "xx", "tb", "wa", "xr", "rr"]:
    err(open, lock, m)
shutil.rmtree(base)
