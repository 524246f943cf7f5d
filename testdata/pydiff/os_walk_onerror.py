import os, shutil, tempfile
# os.walk(top, topdown=True, onerror=None, followlinks=False): a directory
# that cannot be read goes to onerror with its OSError, and is skipped; a
# directory removed while the walk is in its parent is such a directory.
d = tempfile.mkdtemp()
os.makedirs(os.path.join(d, "a", "x"))
os.makedirs(os.path.join(d, "b"))
errors = []
print(list(os.walk(os.path.join(d, "missing"), onerror=errors.append)))
for e in errors:
    print(type(e).__name__, e.errno, e.filename == os.path.join(d, "missing"))
errors = []
roots = []
for root, dirs, files in os.walk(d, True, errors.append):
    if root == d:
        os.rename(os.path.join(d, "a"), os.path.join(d, "a2"))
    roots.append(os.path.relpath(root, d))
print(" ".join(roots))
for e in errors:
    print(type(e).__name__, e.errno, os.path.relpath(e.filename, d))
errors = []
print(len(list(os.walk(os.path.join(d, "nope"), topdown=False, onerror=errors.append))), len(errors))
def stop(e):
    raise Exception("stop")
try:
    list(os.walk(os.path.join(d, "nope"), topdown=False, onerror=stop))
except Exception as e:
    print(e)
shutil.rmtree(d)
