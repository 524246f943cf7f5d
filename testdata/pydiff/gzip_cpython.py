# The CPython half of gzip_cpython.star: CPython 3.12's Lib/test/test_gzip.py, ported for gzip.open, compress and
# decompress (no GzipFile class in procstar): test_write/read/append,
# many_append, exclusive_write, readline(s), zero_padded_file,
# bad_gzip_file, compress(_mtime), decompress(_truncated/_missing_trailer),
# read_truncated, read_with_extra, binary/implicit/text modes, bad_params,
# encoding_error_handler, newline. Compressed bytes are compared only
# through a round trip (procstar's deflate is Go's, not zlib's).
import gzip, os, shutil, tempfile
from errtext import et

data1 = b"""  int length=DEFAULTALLOC, err = Z_OK;
  PyObject *RetVal;
  int flushmode = Z_FINISH;
  unsigned long start_total_out;

"""

data2 = b"""/* zlibmodule.c -- gzip-compatible data compression */
/* See http://www.gzip.org/zlib/
/* See http://www.winimage.com/zLibDll for Windows */
"""

def ty(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
        return "ok"
    except Exception as e:
        return type(e).__name__

def readall(path, mode="rb", **kwargs):
    f = gzip.open(path, mode, **kwargs)
    d = f.read()
    f.close()
    return d

def writeall(path, mode, data, *args, **kwargs):
    f = gzip.open(path, mode, *args, **kwargs)
    f.write(data)
    f.close()

if __name__ == "__main__":
    top = tempfile.mkdtemp(prefix="pydiff-gz")
    fn = os.path.join(top, "f.gz")
    # test_write, test_read, test_append
    f = gzip.open(fn, "wb")
    f.write(data1 * 50)
    f.flush()
    f.close()
    f.close()
    print(readall(fn) == data1 * 50, readall(fn, "r") == data1 * 50)
    writeall(fn, "ab", data2 * 15)
    print(readall(fn) == data1 * 50 + data2 * 15)
    # test_many_append
    writeall(fn, "wb", b"a", 9)
    for i in range(0, 200):
        writeall(fn, "ab", b"a", 9)
    f = gzip.open(fn, "rb")
    contents = b""
    for i in range(1000):
        ztxt = f.read(8192)
        contents += ztxt
        if not ztxt:
            break
    f.close()
    print(contents == b"a" * 201)
    # test_exclusive_write
    os.remove(fn)
    writeall(fn, "xb", data1 * 50)
    print(readall(fn) == data1 * 50, ty(gzip.open, fn, "xb"), ty(gzip.open, fn, "x"))
    # test_readline, test_readlines
    writeall(fn, "wb", data1 * 50)
    f = gzip.open(fn, "rb")
    line_length = 0
    lens = []
    for i in range(10000):
        L = f.readline(line_length)
        if not L and line_length != 0:
            break
        if len(L) > line_length:
            print("readline too long", line_length, len(L))
        lens.append(len(L))
        line_length = (line_length + 1) % 50
    f.close()
    print(len(lens), sum(lens), lens[:20])
    f = gzip.open(fn, "rb")
    L = f.readlines()
    f.close()
    print(len(L), L[0], L[-1])
    f = gzip.open(fn, "rb")
    chunks = []
    for i in range(1000):
        L = f.readlines(150)
        if L == []:
            break
        chunks.append(len(L))
    f.close()
    print(chunks[:10], len(chunks))
    # test_zero_padded_file
    g = open(fn, "ab")
    g.write(b"\x00" * 50)
    g.close()
    print(readall(fn) == data1 * 50)
    # test_bad_gzip_file
    g = open(fn, "wb")
    g.write(data1 * 50)
    g.close()
    print(et(gzip.open(fn, "r").readlines) if ty(gzip.open, fn, "r") == "ok" else et(gzip.open, fn, "r"))
    # test_compress, test_compress_mtime, test_decompress
    for data in [data1, data2]:
        for args in [(), (1,), (6,), (9,)]:
            datac = gzip.compress(data, *args)
            datam = gzip.compress(data, *args, **{"mtime": 123456789})
            print(type(datac).__name__, gzip.decompress(datac) == data, gzip.decompress(datam) == data, datam[:8], list(datam[8:10]))
    # test_decompress_truncated_trailer, test_decompress_missing_trailer
    compressed = gzip.compress(data1)
    print(et(gzip.decompress, compressed[:-4]), et(gzip.decompress, compressed[:-8]))
    # test_read_truncated (through decompress: open reads a path)
    truncated = gzip.compress(data1 * 50)[:-8]
    print(et(gzip.decompress, truncated))
    for i in range(2, 10):
        print(i, et(gzip.decompress, truncated[:i]))
    # test_read_with_extra
    gzdata = b"\x1f\x8b\x08\x04\xb2\x17cQ\x02\xff" + b"\x05\x00Extra" + b"\x0bI-.\x01\x002\xd1Mx\x04\x00\x00\x00"
    print(gzip.decompress(gzdata))
    # test_binary_modes, test_implicit_binary_modes
    uncompressed = data1 * 50
    for w, r, a, x in [("wb", "rb", "ab", "xb"), ("w", "r", "a", "x")]:
        writeall(fn, w, uncompressed)
        g = open(fn, "rb")
        print(gzip.decompress(g.read()) == uncompressed, readall(fn, r) == uncompressed)
        g.close()
        writeall(fn, a, uncompressed)
        g = open(fn, "rb")
        print(gzip.decompress(g.read()) == uncompressed * 2, ty(gzip.open, fn, x))
        g.close()
        os.remove(fn)
        writeall(fn, x, uncompressed)
        print(readall(fn) == uncompressed)
    # test_text_modes
    text = data1.decode("ascii") * 50
    writeall(fn, "wt", text, encoding="ascii")
    print(readall(fn).decode("ascii") == text, readall(fn, "rt", encoding="ascii") == text)
    writeall(fn, "at", text, encoding="ascii")
    print(readall(fn).decode("ascii") == text * 2)
    # test_bad_params
    print(et(gzip.open, 123.456), et(gzip.open, fn, "wbt"), et(gzip.open, fn, "xbt"))
    print(et(gzip.open, fn, "rb", encoding="utf-8"), et(gzip.open, fn, "rb", errors="ignore"), et(gzip.open, fn, "rb", newline="\n"))
    # test_encoding_error_handler
    writeall(fn, "wb", b"foo\xffbar")
    print(readall(fn, "rt", encoding="ascii", errors="ignore"), readall(fn, "rt", encoding="latin-1"))
    # test_newline
    writeall(fn, "wt", text, encoding="ascii", newline="\n")
    f = gzip.open(fn, "rt", encoding="ascii", newline="\r")
    print(f.readlines() == [text])
    f.close()
    writeall(fn, "wt", "a\r\nb\rc\n", encoding="ascii")
    for nl in [None, "", "\n", "\r", "\r\n"]:
        f = gzip.open(fn, "rt", encoding="ascii", newline=nl)
        print([len(l) for l in f.readlines()])
        f.close()
    for nl in ["\r", "\r\n", "", "\n", None]:
        writeall(fn, "wt", "x\ny\n", encoding="ascii", newline=nl)
        print(list(readall(fn)), readall(fn, "rt", newline=nl) == "x\ny\n")
    print(et(gzip.open, fn, "rt", newline="x"), et(gzip.open, fn, "wt", newline=1), et(gzip.open, 3))
    shutil.rmtree(top)
