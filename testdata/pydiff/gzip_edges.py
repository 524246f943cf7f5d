# The CPython half of gzip_edges.star.
import gzip, os
from errtext import et

def name(e):
    t = type(e)
    return t.__name__ if t.__module__ == "builtins" else t.__module__ + "." + t.__name__

def short(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        return name(e) + ": " + str(e)
    return "ok: %d bytes" % len(r)

if __name__ == "__main__":
    path = "/tmp/procstar-pydiff-gzip-edges-%d.gz" % os.getpid()
    data = "".join(["line %d\n" % i for i in range(5000)]).encode()
    c = gzip.compress(data)
    c2 = gzip.compress(b"second")
    cases = [b"", c[:1], c[:2], c[:5], c[:-1], c + b"\x00", c + b"\x00" * 9,
              c + b"\x00\x00" + c2 + b"\x00", c + c2, c + b"x", c + b"\x00\x00y",
              c[:2] + b"\x07" + c[3:], c[:-8] + b"\x00\x00\x00\x00" + c[-4:],
              c[:-4] + b"\x00\x00\x00\x00", b"\x1f\x8bxyz", b"plain text"]
    for i in range(len(cases)):
        print(i, short(gzip.decompress, cases[i]))
    print(gzip.decompress(c + b"\x00" + c2) == data + b"second")
    for z in [b"", c + b"\x00\x00" + c2 + b"\x00\x00\x00", c + b"junk"]:
        f = open(path, "wb")
        f.write(z)
        f.close()
        # procstar decompresses at open (README): the error comes there.
        try:
            r = gzip.open(path)
            print(short(r.read))
        except Exception as e:
            print(name(e) + ": " + str(e))
    for lv in [True, False, "1", 1.5, None, 10, -2, pow(2, 40)]:
        print(lv, short(lambda: gzip.decompress(gzip.compress(b"x", compresslevel=lv))))
        try:
            r = gzip.open(path, "wb", compresslevel=lv)
        except Exception as e:
            print(name(e), e)
        else:
            r.write(b"abc")
            r.close()
            print(gzip.open(path).read())
    os.remove(path)
