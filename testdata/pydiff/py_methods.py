# Python's methods that Starlark's str, bytes, list, tuple and dict lack,
# side by side with CPython.

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print("<" + str(r) + ">" if type(r) == str else r)

for s in ["", "a", "ab", "abc", "héllo", "-5", "+12", "x" * 9]:
    for w in [-1, 0, 1, 4, 5, 8, 9]:
        print("|".join([s.ljust(w), s.rjust(w), s.center(w), s.center(w, "*"), s.ljust(w, "é"), s.zfill(w)]))
show("a".ljust, 3, "ab")
show("a".center, 3, "")
show("a".rjust, "3")
show("a".zfill, 2.5)
show("a".ljust, True, "-")
show("a".ljust)
for s in ["a\tb", "\tx\ty", "ab\tc\nd\te", "1234567\t8", "x\r\ty"]:
    print(s.expandtabs().replace("\n", "$").replace("\r", "^"), s.expandtabs(4).replace("\n", "$").replace("\r", "^"), s.expandtabs(0).replace("\n", "$").replace("\r", "^"), s.expandtabs(tabsize=1).replace("\n", "$").replace("\r", "^"))
for s in ["Hello World", "Straße", "ÀÉÎ", "123", "", "a1_b", "1a", "_x", "x y", "١٢٣", "½", "Ⅻ", "\t", "é", "\x7f"]:
    print(s.swapcase(), s.casefold(), s.isdecimal(), s.isnumeric(), s.isascii(), s.isidentifier(), s.isprintable())

l = [5, 3, 8, 1, 3]
l.sort()
print(l)
l.sort(reverse=True)
print(l)
words = ["banana", "Apple", "cherry", "apple"]
words.sort(key=lambda w: w.lower())
print(" ".join(words))
words.sort(key=len, reverse=True)
print(" ".join(words))
l.reverse()
print(l, l.copy() == l, "copy", l.count(3), l.count(9))
show(l.sort, len)
pairs = [(2, 20), (1, 10), (2, 30), (1, 5)]
pairs.sort(key=lambda p: p[0])
print(pairs)
e = []
e.sort()
e.reverse()
print(e, e.copy())
t = (1, 2, 3, 2, 1)
print(t.count(2), t.index(2), t.index(2, 2), t.index(1, -1), t.count("x"))
show(t.index, 9)
show(t.index, 1, 1, 4)
d = {"a": 1, "b": [2]}
c = d.copy()
c["a"] = 9
c["b"].append(3)
print(len(d), d["a"], d["b"], c["a"], c["b"])
print(list(dict.fromkeys(["x", "y"]).items()) == [("x", None), ("y", None)], dict.fromkeys("ab", 0) == {"a": 0, "b": 0}, dict.fromkeys(range(3), 7), dict.fromkeys([]))
show(dict.fromkeys, 5)
print(b"".hex(), b"\x00\x10\xab".hex(), b"\x01\x02\x03\x04\x05".hex("-"), b"\x01\x02\x03\x04\x05".hex(":", 2), b"\x01\x02\x03\x04\x05".hex(" ", -2), b"\x01\x02".hex(b"_"))
show(b"ab".hex, "--")
print(b"abcabc".count(b"bc"), b"aaa".count(b"aa"), b"abc".count(b""), b"abca".count(97))
show(b"a".count, "a")
show(b"a".count, 300)
show(lambda: (1).sort())
show(lambda: "x".copy())
print(b"caf\xc3\xa9".decode(), "café".encode(), "café".encode("latin-1"), b"\xff".decode("utf-8", "replace"), b"a\xffb".decode(errors="backslashreplace"), b"x".decode("ascii"), "é".encode("utf-8", "strict"), "é".encode(encoding="Latin_1"))
show(b"\xff".decode)
show("é".encode, "ascii")
show("x".encode, "nope")
show(b"x".decode, 5)
show(b"a\xe2\x82".decode)
show("a€€b".encode, "latin-1")
print(b"abc", [b"x", b"\x00\xff'\"", b"it's"], {b"k": (b"v",)}, str(b"q"), "%s|%r" % (b"s", b"r"), "{}".format(b"f"), "{!r}".format(b"g"))
