# The core types' unbound methods, as Python's: sorted(names, key=str.lower).
def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print(type(e).__name__ + ": " + str(e) if e else r)
def _unused(f):
    r, e = catch(f)
    print(e.type + ": " + e.message if e else r)

names = ["bob", "Alice", "carol"]
print("|".join(sorted(names, key=str.lower)), "|".join(map(str.upper, names)), "|".join(map(str.strip, [" a ", "b "])))
print(str.join(",", ["x", "y"]), len(str.split("a b")), len(dict.fromkeys("ab")), list(map(int, ["1", "2"])), str.lower("ABC"))
l = []
list.append(l, 3)
print(l, dict.get({"a": 1}, "a"), str.startswith("abc", "a"), bytes.fromhex("00ff"), str.zfill("7", 3), int.bit_length(255))
show(lambda: str.lower(5))
show(lambda: str.nothing_here)
show(lambda: list.append((1,), 2))
print(str(5), int("7"), len(list("ab")))
print(len(list(zip([1, 2], "ab", strict=True))), list(zip([1], [2, 3], strict=False)))
show(lambda: list(zip([1, 2], [3], strict=True)))
show(lambda: list(zip([1], [2, 3], strict=True)))
show(lambda: list(zip([1, 2], [3, 4], [5], strict=True)))
show(lambda: list(zip([1], [2], [3, 4], strict=True)))
