# gzip as Python's: compress and decompress round trips, files written and
# read in binary and text modes, lines, and Python's errors.
import gzip, os, tempfile

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print((type(e).__name__ + ": " + str(e)).replace(D[0], "D") if e else r)

D = []
data = b"hello gzip " * 100
c = gzip.compress(data)
print(len(data), c[:2] == b"\x1f\x8b", gzip.decompress(c) == data, gzip.decompress(gzip.compress(b"")) == b"")
print(gzip.decompress(gzip.compress(b"a") + gzip.compress(b"b")))
d = tempfile.mkdtemp()
D.append(d)
p = os.path.join(d, "log.txt.gz")
f = gzip.open(p, "wt")
print(f.write("line one\n"), f.write("línea dos\n"))
f.writelines(["three\n", "four"])
f.close()
with_lines = gzip.open(p, "rt")
print("|".join([line for line in with_lines]))
g = gzip.open(p, "rt")
print(g.readline(), g.read(5), "|".join(g.readlines()))
print(gzip.open(p).read()[:9], gzip.open(p, "rb").read().decode().count("\n"))
b = gzip.open(p, "ab")
b.write(b"\nappended")
b.close()
print("|".join(gzip.open(p, "rt").read().splitlines()))
w = gzip.open(os.path.join(d, "b.gz"), "wb", compresslevel=1)
print(w.write(b"\x00\x01\x02"), w.closed)
w.close()
print(w.closed, gzip.decompress(open(os.path.join(d, "b.gz"), "rb").read()))
show(lambda: gzip.decompress(b"not gzip data"))
show(lambda: gzip.decompress(c[:20]))
show(lambda: gzip.compress("str"))
show(lambda: gzip.compress(b"x", 10))
show(lambda: gzip.open(p, "rtb"))
show(lambda: gzip.open(p, "rb", encoding="utf-8"))
show(lambda: gzip.open(p, "z"))
show(lambda: gzip.open(os.path.join(d, "missing.gz")))
show(lambda: gzip.open(p, "wt").write(b"x"))
show(lambda: gzip.open(p, "xb"))
