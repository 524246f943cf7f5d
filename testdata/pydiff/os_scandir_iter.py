import os, shutil, tempfile
# os.scandir returns an iterator, not a list: it is consumed once (a second
# loop goes on where the first stopped), and close() ends it.
d = tempfile.mkdtemp()
for n in ["a", "b", "c"]:
    open(os.path.join(d, n), "w").close()
it = os.scandir(d)
first = []
for e in it:
    first.append(e.name)
    break
rest = sorted([e.name for e in it])
print(len(first), len(rest), " ".join(sorted(first + rest)))
print(len(list(it)))
it = os.scandir(d)
print(it.close(), it.close(), list(it))
try:
    len(os.scandir(d))
except TypeError as e:
    print(type(e).__name__)
shutil.rmtree(d)
