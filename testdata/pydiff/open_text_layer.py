# open()'s + modes, seek/tell/truncate, iteration, encodings and newline=,
# side by side with CPython, in a fresh directory.
import os, shutil

# q is a str's repr in the same text in both languages (Starlark's repr
# quotes with ").
def q(x):
    if type(x) == type(""):
        return "<" + x.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + ">"
    if type(x) == type([]):
        return "[" + ", ".join([q(i) for i in x]) + "]"
    if x == None:
        return "None"
    return repr(x)

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(q(r))

d = os.environ.get("TMPDIR", "/tmp") + "/procstar-open-" + str(os.getpid())
os.makedirs(d)
os.chdir(d)

f = open("a.txt", "w+")
print(f.write("line one\nline two\nthree"), f.tell(), f.readable(), f.writable(), f.seekable(), f.isatty())
print(f.seek(0), q(f.readline()), f.tell(), q(f.read(4)), f.tell())
print(f.seek(0, 2), f.write("\nfour"), f.tell())
f.seek(0)
print(q([l for l in f]))
f.seek(0)
print(q(next(f)), q(next(f)), q(f.readlines()), q(next(f, "END")))
show(next, f)
print(f.truncate(8), f.tell())
f.seek(0)
print(q(f.read()))
f.close()

f = open("a.txt", "r+")
print(q(f.read(4)), f.tell())
f.write("ONE")
print(f.tell())
f.seek(0)
print(q(f.read()))
show(f.seek, 1, 1)
show(f.seek, -1, 2)
show(f.seek, -1)
show(f.seek, 0, 3)
print(f.seek(0, 1), f.seek(0, 2))
f.close()

f = open("a.txt", "a+")
print(f.tell(), q(f.read()), f.write("!"), f.seek(0), q(f.read()))
f.close()

f = open("b.bin", "wb+")
print(f.write(b"0123456789"), f.seek(-3, 2), f.read(), f.seek(2), f.seek(3, 1), f.read(2), f.tell(), f.truncate(), f.tell())
f.seek(0)
print(f.read(), [l for l in open("b.bin", "rb")])
show(f.seek, -20, 1)
f.close()

g = open("c.txt", "x+")
g.write("x")
g.seek(0)
print(q(g.read()))
g.close()
show(open, "c.txt", "x+")

for enc in ["utf-8", "latin-1", "ascii", "UTF8", "Latin_1"]:
    w = open("e.txt", "w", encoding=enc, errors="replace")
    print(enc, w.encoding, w.errors, w.write("café €"))
    w.close()
    print(q(open("e.txt", "rb").read()), q(open("e.txt", encoding=enc, errors="replace").read()))
show(lambda: open("e.txt", "w", encoding="ascii").write("é"))
open("e.txt", "wb").write(b"ok\xffend\n")
show(lambda: open("e.txt").read())
print(q(open("e.txt", errors="ignore").read()), q(open("e.txt", errors="backslashreplace").readline()), q(open("e.txt", encoding="latin-1").read()))
show(open, "e.txt", encoding="nope")
show(open, "e.txt", "rb", errors="strict")

open("n.txt", "wb").write(b"a\r\nb\rc\nd")
for nl in [None, "", "\n", "\r", "\r\n"]:
    print(q(nl), q([l for l in open("n.txt", newline=nl)]), q(open("n.txt", newline=nl).read()))
for nl in [None, "", "\n", "\r", "\r\n"]:
    w = open("w.txt", "w", newline=nl)
    w.write("x\ny\n")
    w.close()
    print(q(nl), q(open("w.txt", "rb").read()))
show(open, "n.txt", newline="x")
show(open, "n.txt", "rb", newline="")

r = open("n.txt")
show(r.truncate)
show(r.write, "x")
r.close()
r = open("n.txt")
r.close()
show(r.tell)
show(r.seek, 0)
show(r.readable)
show(r.fileno)
show(r.readline)
w = open("w.txt", "w")
show(w.read)
show(lambda: next(w))
print(type(open("n.txt").fileno()) == type(0))
shutil.rmtree(d)
