# The CPython half of repr_quotes.star.
# A str inside a printed list, tuple, dict or set, and repr/%r/!r of a str,
# are quoted as Python quotes them ('a', "it's", '\n' escaped), and a set
# prints as {x} or set(): the same text in procstar and CPython.
words = ["a", "it's", 'say "hi"', "both ' and \"", "tab\there\n", "é ü 日", "\x00\x7f", "\\"]
print(words)
print(tuple(words[:2]), ("one",), ())
print({"k": "v", 1: ["x", ("y",)], "n": None, "b": True, "f": 1.5})
print(set(["s"]), set([1]), set())
print([set(["x"]), {"d": set()}])
for w in words:
    print(repr(w), "%r" % w, "{!r}".format(w), str([w]))
print("%s|%r" % (["a"], ["b"]), "{}|{!r}".format({"c": "d"}, "e"))
print(str(("a", 1)), repr(["q"]))
nested = [[["deep"]], {"k": {"j": "v"}}]
print(nested)
print(b"bytes", [b"in", b"list"], "text")
