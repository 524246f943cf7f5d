# bytes.decode and str.encode with CPython's UTF-16 and UTF-32 (a BOM, or
# little-endian without one), utf-8-sig and cp1252 (the 'charmap' codec in
# messages), every error handler, and CPython's messages: truncated data,
# lone surrogates, code points out of range, an unknown codec or handler
# (wrapped as the codecs registry wraps it for names C does not know).
# Decoded text is shown as UTF-8 with backslashreplace, which shows a
# surrogateescape'd byte as \udcNN in both.
import os
from errtext import et
se = lambda b: b.decode("utf-8", "surrogateescape")
strs = ["a\u00e9\u20ac\U0001f600", se(b"\x80x"), se(b"\x80\x81") + "a", "a\u0100\u0101", "a" + se(b"\x80") + "\u0100", "\ufeffa", "\u0152\u2122\u0178\U0001f600\u0100", ""]
blobs = [b"", b"\xff\xfea\x00", b"\xfe\xff\x00a", b"a\x00b", b"\x00\xd8a\x00", b"\x00\xdc", b"=\xd8\x00\xde", b"\x00\xd8a", b"\x81\x80\x9d",
         b"\x00\x00\x11\x00", b"\x00\xd8\x00\x00", b"\x00\x00\xfe\xff\x00\x00\x00a", b"\xef\xbb\xbf\xef\xbb\xbfa\xff", b"\xef\xbb\xbfab",
         b"\xff\xfe\x00", b"\xfe\xff\x00", b"a\x00\x00\xd8", bytes(range(0x7e, 0x100))]

def decoded(b, enc, e):
    return b.decode(enc, e).encode("utf-8", "backslashreplace")

for enc in ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "cp1252", "utf-8-sig", "u16", "UTF_32BE", "windows-1252", "utf16le"]:
    for s in strs:
        print(enc, "encode", s.encode("utf-8", "backslashreplace"), " | ".join([et(s.encode, enc, e) for e in ["strict", "ignore", "replace", "backslashreplace", "surrogateescape", "xmlcharrefreplace", "nope"]]))
    for b in blobs:
        print(enc, "decode", b, " | ".join([et(decoded, b, enc, e) for e in ["strict", "ignore", "replace", "backslashreplace", "surrogateescape", "nope"]]))
    print(enc, "roundtrip", et(lambda: [s.encode(enc).decode(enc) == s for s in ["a\u00e9\u20ac\U0001f600", "\u0152\u2122\u0178", "", "\ufeff\ufeffx"]]))
for enc in ["utf-8", "u8", "latin-1", "latin", "ascii", "646", "utf_16", "u32"]:
    print(enc, et(decoded, b"\xff\xfe\xff", enc, "nope"), et("\u0100\U0001f600".encode, enc, "nope"))
print(et(decoded, b"", "nope", "strict"), et("".encode, "nope"), et(decoded, b"abc", "nope", "strict"))
# surrogateescape's error spans the rest of the run (Latin-1, ASCII) or all of it (charmap)
for enc in ["latin-1", "ascii", "cp1252"]:
    for s in ["a\u0100\u0101", "a" + se(b"\x80") + "\u0100", "a\u0100" + se(b"\x80"), "a" + se(b"\x80\x81") + "\u0100", "a" + se(b"\x80\x81")]:
        print(enc, et(s.encode, enc, "surrogateescape"))
# cp1252 is a text file's encoding too
path = "/tmp/procstar_codecs_more_%d.txt" % os.getpid()
f = open(path, "w", encoding = "cp1252")
f.write("\u20ac5 \u2122\n")
f.close()
f = open(path, "rb")
print(f.read())
f.close()
f = open(path, encoding = "windows-1252")
print(f.read(2).encode("utf-8"), f.readline().encode("utf-8"))
f.close()
os.remove(path)
