# The CPython half of re_bytes_escapes.star.
import re

from errtext import show

if __name__ == "__main__":
    for p in [b"\\u1234", b"\\U00012345", b"[\\u1234]", b"[\\U00012345]", b"\\N{LESS-THAN SIGN}", b"[\\N{LESS-THAN SIGN}]", b"a\\u"]:
        show(p, re.compile, p)
    for p in [b"\\x80", b"[\\377]", b"\\101\\x42"]:
        show(p, lambda: re.fullmatch(p, b"\x80") != None or re.fullmatch(p, b"\xff") != None or re.fullmatch(p, b"AB") != None)
    show("str", lambda: re.fullmatch("\\u0041\\U00000042", "AB") != None)
