# io.StringIO and io.BytesIO as Python's: write and read, lines, seek/tell/
# truncate, newline=None, and as the file of csv.writer and print.
import io, csv

def out(*args):
    print(" ".join([str(a) for a in args]))

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    out(type(e).__name__ + ": " + str(e) if e else r)

s = io.StringIO()
out(s.write("hello\n"), s.write("world"), s.tell(), s.getvalue())
s.seek(0)
out(s.read(3), s.tell(), s.readline(), s.readline(), s.readline(), s.read())
s.seek(2)
s.write("XY")
out(s.getvalue(), s.tell())
s.seek(20)
s.write("!")
out(len(s.getvalue()), s.getvalue().count("\0"))
out(s.truncate(4), s.getvalue(), s.tell())
s.seek(0, 2)
out(s.tell(), s.seek(0), s.readable(), s.writable(), s.seekable(), s.isatty(), s.closed)
r = io.StringIO("a\nb\r\nc\rd\n\nlast")
out([line for line in r])
r.seek(0)
out(r.readlines(), r.read(), r.readline())
r.seek(0)
out(r.readline(1), r.readline(-1), r.readlines(3))
u = io.StringIO("a\r\nb\rc", newline=None)
out([line for line in u], u.getvalue().replace("\n", "$"))
e = io.StringIO("x", newline="")
out(e.getvalue(), io.StringIO(None).getvalue() == "", io.StringIO().read())
w = io.StringIO()
w.writelines(["1\n", "2\n"])
print("three", 4, sep="-", file=w)
writer = csv.writer(w)
writer.writerow(["a", "b,c", 'say "hi"'])
out(w.getvalue().replace("\r\n", "<CRLF>").replace("\n", "<LF>"))
out(list(csv.reader(io.StringIO("x,y\n1,2\n"))))
show(lambda: s.write(b"x"))
show(lambda: s.seek(-1))
show(lambda: s.seek(1, 1))
show(lambda: s.seek(0, 3))
show(lambda: s.truncate(-1))
show(lambda: io.StringIO(5))
show(lambda: io.StringIO("", newline="x"))
s.close()
out(s.closed)
show(lambda: s.getvalue())
show(lambda: s.write("x"))
show(lambda: s.close())

b = io.BytesIO(b"abc\ndef\n")
out(b.read(2), b.readline(), b.tell(), [line for line in b], b.getvalue())
b.seek(-2, 2)
out(b.read(), b.seek(1, 0), b.seek(1, 1), b.write(b"ZZ"), b.getvalue())
b.seek(10)
b.write(b"!")
out(b.getvalue(), b.truncate(3), b.getvalue(), io.BytesIO().getvalue())
show(lambda: b.write("x"))
show(lambda: b.seek(-1))
show(lambda: b.seek(0, 3))
show(lambda: io.BytesIO("x"))
out(io.SEEK_SET, io.SEEK_CUR, io.SEEK_END)
# a size of the wrong type: CPython's text; a bool is an int
for a in ["1", 1.0, [1], True]:
    show(lambda: io.StringIO("ab\ncd").read(a))
    show(lambda: io.BytesIO(b"ab\ncd").readline(a))
    show(lambda: io.StringIO("ab\ncd").readlines(a))
