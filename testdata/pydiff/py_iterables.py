# A str iterates as its characters and a bytes as its ints, in for loops,
# comprehensions and the builtins that take iterables, as in Python; and
# the int, float and bytes methods Starlark lacks.
def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(r)
def _show(f, *args, **kwargs):
    r, e = catch(f, *args, **kwargs)
    if e:
        print(e.type + ": " + e.message)
    else:
        print(r)

word = "héllo"
out = []
for c in word:
    out.append(c.upper())
print("|".join(out), len([c for c in word if c != "l"]), "|".join([c * 2 for c in "ab"]))
for i, c in enumerate("xy"):
    print(i, c)
for b in b"AZ\x00":
    print(b)
print("".join(reversed(word)), "|".join(sorted("cab")), len(list("abc")), len(set("abca")), len(tuple("ab")))
print(max("abc"), min("zyx"), any(""), all("ab"), "|".join(["%s%s" % p for p in zip("ab", "cd")]))
print([i for i, _ in enumerate("abc", start=1)], list(enumerate("ab", 5))[0][0])
print(sorted(b"cab"), list(b"hi"), max(b"\x01\x09"), list(reversed(b"ab")))
print(min([], default=0), max([], default="none"), min([3, 1], default=9), max("", default="e"))
show(min, [1], [2], default=0)

show(list, 5)
words = {}
for w in "the cat the hat".split():
    for ch in w:
        words[ch] = words.get(ch, 0) + 1
print(" ".join(["%s=%d" % kv for kv in sorted(words.items())]))
print("a\r\nb\rc\nd\x0be\x0cf\x1cg\u2028h".splitlines() == ["a", "b", "c", "d", "e", "f", "g", "h"], len("x\r\n\ny".splitlines(True)), len("".splitlines()), "a\n".splitlines() == ["a"])
print((255).bit_length(), (0).bit_length(), (-8).bit_length(), pow(2, 100).bit_length())
print((1024).to_bytes(2, "big"), (1024).to_bytes(4, "little"), (-1).to_bytes(2, "big", signed=True), (5).to_bytes(), (0).to_bytes(0, "big"))
show(lambda: (256).to_bytes(1, "big"))
show(lambda: (-1).to_bytes(1, "big"))
show(lambda: (128).to_bytes(1, "big", signed=True))
show(lambda: (1).to_bytes(1, "middle"))
print((2.0).is_integer(), (2.5).is_integer(), float("inf").is_integer(), (-0.0).is_integer())
print(bytes.fromhex("ff00 0A"), bytes.fromhex(""), bytes.fromhex("de ad be ef"))
show(bytes.fromhex, "f")
show(bytes.fromhex, "zz")
show(bytes.fromhex, "0g")
print(max("abc", "abd"), min("b", "a"), len(list(enumerate("ab", 3))), list(enumerate("ab", 3))[1][0])
