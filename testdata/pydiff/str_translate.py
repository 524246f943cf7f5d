# str.maketrans/translate, str.format_map, str(b, encoding), sys.version_info,
# sys.executable and sys.byteorder, as Python's.
import sys
from collections import defaultdict, Counter

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print(type(e).__name__ + ": " + str(e) if e else r)

t = str.maketrans("abc", "xyz")
print(sorted(t.items()), "abcabc".translate(t), "hello world".translate(str.maketrans("", "", "lo")))
print("hello".translate({ord("h"): "J", ord("o"): None, ord("l"): "LL"}), "abc".translate(["A", "B"] * 50), "héllo".translate({233: 101}))
print(" ".join(["%d:%s" % (k, v) for k, v in sorted("abc".maketrans({"a": "1", 98: None}).items())]), "".translate({}), "x".translate([]))
print("tab\there".translate({9: " -> "}), "a-b_c".translate(str.maketrans("-_", "  ")))
show(lambda: str.maketrans("ab", "c"))
show(lambda: str.maketrans(1))
show(lambda: str.maketrans({"ab": 1}))
show(lambda: str.maketrans({1.5: 1}))
show(lambda: str.maketrans("a", 1))
show(lambda: str.maketrans(1, "a"))
show(lambda: str.maketrans("a", "b", 3))
show(lambda: "a".translate({97: 1.5}))
show(lambda: "a".translate({97: -1}))
show(lambda: "a".translate({97: 1114112}))
show(lambda: "a".translate(5))

print("{name} is {age:>3}!".format_map({"name": "Ann", "age": 7}))
d = defaultdict(lambda: "?")
print("{x}-{y}".format_map(d), ",".join(sorted(d.keys())), "{n:>4}|{m}".format_map(Counter(m=2)))
print("{a[k]} {{literal}}".format_map({"a": {"k": "v"}}))
show(lambda: "{}".format_map({}))
show(lambda: "{0}".format_map({}))
show(lambda: "{x}".format_map({}))
show(lambda: "{x}".format_map([]))

print(str(b"caf\xc3\xa9", "utf-8"), str(b"\xff", "utf-8", "replace"), str(b"abc", encoding="ascii"), str(object="x"), str(b"a\xffb", errors="ignore"))
show(lambda: str("x", "utf-8"))
show(lambda: str(1, "utf-8"))
show(lambda: str(b"\xff", "utf-8"))
show(lambda: str(b"x", "no-such-codec"))

print(sys.version_info >= (3, 8), sys.version_info[:2] >= (3, 11), sys.version_info[0], len(sys.version_info), sys.version_info[3])
print(sys.byteorder, type(sys.executable) == type(""), len(sys.executable) > 0)
