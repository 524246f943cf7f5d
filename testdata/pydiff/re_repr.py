# The CPython half of re_repr.star.
import re

if __name__ == "__main__":
    pattern = "Very %spattern" % ("long " * 1000)
    for r in [repr(re.compile(pattern)), repr(re.compile(pattern, re.I))]:
        print(len(r), r[:30], r[-16:])
    print(re.compile("random pattern", 0x123000))
    print(re.compile("random pattern", 0x123000 | re.I))
    print(re.compile("random pattern", re.I | re.S | re.U))
    print(re.compile(b"\xc2\xb5x", re.A))
    print(re.search(b"\xb5+", b"a\xb5\xb5"))
    m = re.search("a+", "b" + "a" * 300)
    print(len(repr(m)), m)
    print(re.search("é+", "é" * 100))
    print(re.search(b"a+", b"a" * 100))
