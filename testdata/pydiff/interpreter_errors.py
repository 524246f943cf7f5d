# The CPython half of interpreter_errors.star.
import json, math, os
def show(f):
    try:
        f()
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"

def errtype(f):
    try:
        f()
    except Exception as e:
        return type(e).__name__
    return "no error"

# Names, not literals, where CPython's compiler warns of a literal's misuse.
A, I, N = "a", 1, None
BIG, HUGE = pow(2, 40), pow(2, 70)  # indices beyond 32 and 64 bits

def f1(x):
    return x
def f0():
    return 0
def f2d(a, b=1):
    return a
def f3(a, b, c):
    return a
def fkw(*, a):
    return a
def fkw2(a, *, b, c):
    return a
def unb():
    if False:
        y = 1
    return y
def unpack_many():
    a, b = [1, 2, 3]
def unpack_few():
    a, b, c = [1, 2]
def unpack_int():
    a, b = 1
def tup_assign():
    t = (1, 2)
    t[0] = 5
def str_assign():
    t = "ab"
    t[0] = "x"
def list_assign_oob():
    l = [1]
    l[5] = 2
def dict_iter_insert():
    d = {1: 2}
    for k in d:
        d[3] = 4
def setattr_int():
    x = 1
    x.foo = 2
def rec(n):
    return rec(n + 1)
def dict_unhashable_assign():
    d = {}
    d[[1]] = 1
def dict_del_missing():
    d = {}
    d.pop("zz")
def for_int():
    for x in 1:
        pass
def set_iter_add():
    s = set([1])
    for x in s:
        s.add(2)
def list_iter_append():
    l = [1]
    for x in l:
        l.append(2)
def dict_iter_pop():
    d = {1: 2}
    for k in d:
        d.pop(1)
def glob():
    return G
def closure():
    def inner():
        return v
    x = inner()
    v = 1
    return x
def f(a, b, c, d):
    return a

texts = [
    lambda: {}["k"], lambda: {"a": 1}[1], lambda: {}[(1, "a")], lambda: {}['it"s'], lambda: {}[1.5],
    lambda: {}[None], lambda: {}.popitem(), lambda: [1][5], lambda: [][0], lambda: [1, 2][-3],
    lambda: (1,)[3], lambda: ()[0], lambda: "abc"[10], lambda: ""[0], lambda: range(3)[5],
    lambda: [].pop(), lambda: [1].pop(5), lambda: [1][A], lambda: (1,)[A], lambda: "abc"[A],
    lambda: range(3)["a"], lambda: I[0], lambda: N[0], lambda: int("x"), lambda: int("1", 99),
    lambda: int("12", 2), lambda: int(""), lambda: int("1.5"), lambda: int(1, 2), lambda: int(None),
    lambda: int([]), lambda: float("x"), lambda: float(""), lambda: float(None), lambda: float([]),
    lambda: chr(-1), lambda: chr(0x110000), lambda: chr("a"), lambda: ord("ab"), lambda: ord(""),
    lambda: ord(1), lambda: [].remove(1), lambda: "abc".index("z"), lambda: "abc".rindex("z"),
    lambda: range(1, 2, 0), lambda: range("a"), lambda: "a".split(""), lambda: "a".rsplit(""),
    lambda: 1 << -1, lambda: 1 >> -1, lambda: min(), lambda: max(), lambda: min(1),
    lambda: dict([(1, 2, 3)]), lambda: dict([1]), lambda: dict(1), lambda: dict(1, 2),
    lambda: int(float("nan")), lambda: int(float("inf")), lambda: [1, 2, 3][::0],
    lambda: "abc"[::0], lambda: [1]["a":], lambda: "a" + 1, lambda: 1 + "a", lambda: None + 1,
    lambda: [] + (), lambda: () + [], lambda: -"a", lambda: ~1.5, lambda: +"a", lambda: "x" * "y",
    lambda: [1] * 1.5, lambda: 1 < "a", lambda: "a" >= 1, lambda: [1] < (1,), lambda: None < None,
    lambda: {} < {}, lambda: 1 - "a", lambda: {} | [], lambda: 1 / "a", lambda: 1 // "a",
    lambda: 1 % [], lambda: 1 & 1.5, lambda: 1 in 5, lambda: 1 in "abc", lambda: len(5),
    lambda: len(None), lambda: hash([]), lambda: hash({}), lambda: {[1]: 2}, lambda: {}[[1]],
    lambda: set([[1]]), lambda: set(1), lambda: list(1), lambda: tuple(5), lambda: zip(1),
    lambda: zip([1], 2), lambda: sorted(1), lambda: sorted([1, "a"]), lambda: sorted([1, None]),
    lambda: enumerate(1), lambda: reversed(1), lambda: any(1), lambda: all(1), lambda: bool(1, 2),
    lambda: len(), lambda: len(1, 2), lambda: "a".replace(), lambda: "a".upper(1),
    lambda: [].append(), lambda: "abc".startswith(1), lambda: "abc".find(1), lambda: "abc".split(1),
    lambda: [].extend(1), lambda: [].insert("a", 1), lambda: f1(), lambda: f1(1, 2),
    lambda: f1(y=1), lambda: f1(1, x=1), lambda: f0(1), lambda: f0(1, 2), lambda: f2d(),
    lambda: f3(), lambda: f3(1), lambda: fkw(1), lambda: I(), lambda: N(), lambda: A(),
    lambda: f1(**{1: 2}), lambda: getattr(1, "zz"), lambda: (1).zz, lambda: "a".foo, lambda: None.x,
    lambda: [].foo(), lambda: {}.foo, lambda: f1.foo, lambda: len.foo, lambda: getattr(1, 2),
    lambda: os.zzz_none, lambda: math.qqq_none, lambda: getattr(json, "zzz_none"),
    lambda: unb(), lambda: unpack_many(), lambda: unpack_few(), lambda: unpack_int(),
    lambda: tup_assign(), lambda: str_assign(), lambda: dict_iter_insert(), lambda: setattr_int(),
    lambda: rec(0), lambda: dict_unhashable_assign(), lambda: 1 // 0, lambda: 1 % 0, lambda: 1 / 0,
    lambda: 1.0 % 0, lambda: divmod(1, 0), lambda: divmod(1.0, 0), lambda: float(pow(10, 400)),
    lambda: "%d" % "a", lambda: "%d" % (), lambda: "%d" % (1, 2), lambda: "%(a)s" % {},
    lambda: "%z" % 1, lambda: "{".format(1), lambda: "{a}".format(b=1), lambda: "{1}".format(1),
    lambda: set().pop(), lambda: {}.get(), lambda: {}.setdefault(), lambda: {}.update(1),
    lambda: {}.update([1]), lambda: {}.update([(1, 2, 3)]), lambda: "abc".count(1),
    lambda: list(1, 2), lambda: abs("a"), lambda: round("a"), lambda: sum(["a"]),
    lambda: pow("a", 2), lambda: type(), lambda: repr(), lambda: [1].pop("a"),
    lambda: range(1, 2, 3, 4), lambda: sorted([1], key=1), lambda: sorted([1], foo=1),
    lambda: int("1", base=1), lambda: "abc".strip(1), lambda: {}.get(1, 2, 3),
    lambda: tuple([1], 2), lambda: {}.keys(1), lambda: set([1]) | [1], lambda: set([1]) - 1,
    lambda: set([1]).add([1]), lambda: set([1]).union(1), lambda: for_int(), lambda: set_iter_add(),
    lambda: dict_iter_pop(), lambda: glob(), lambda: {}[1e16], lambda: {}[1234567.0],
    lambda: {}[b"x\x01"], lambda: {}["a\nb"], lambda: {}["it's"], lambda: {}["both'\""],
    lambda: {}[True], lambda: {}[(1.0, "a", None)], lambda: {}["é\u200b"], lambda: {}[float("inf")],
    lambda: {}[-0.0], lambda: {}[1e-05], lambda: "a" * 1.5, lambda: 1.5 * "a", lambda: [1] * [2],
    lambda: b"a" + "b", lambda: "x" in 1, lambda: 1 not in 5, lambda: {}.get([1]),
    lambda: sorted([1], key=len), lambda: sorted([1], revers=True), lambda: int("abc\n", 10),
    lambda: float("1,5"), lambda: "a".startswith(("a", 1)), lambda: list(range(3))[1:"a"],
    lambda: [1, 2][::"a"], lambda: I[1:2], lambda: "a".join(1), lambda: "a".count("a", "b"),
    lambda: "abc".replace("a", 1), lambda: dict(a=1, **{"a": 2}), lambda: f(1),
    lambda: enumerate([], "a"), lambda: range(1.5), lambda: "%s" % (1, 2), lambda: abs(None),
    lambda: chr(1.5), lambda: bool(x=1), lambda: "abc"[BIG], lambda: [1][HUGE], lambda: (1,)[-BIG],
    lambda: b"abc"[BIG], lambda: range(3)[BIG], lambda: range(3)[HUGE], lambda: chr(BIG), lambda: chr(-BIG),]
types = [
    lambda: {}.pop("x"), lambda: [1].index(5), lambda: min([]), lambda: max([]),
    lambda: "a".join([1]), lambda: "a".join(["a", 2]), lambda: f2d(1, 2, 3), lambda: fkw(),
    lambda: fkw2(1), lambda: (lambda x: x)(), lambda: f1(*1), lambda: f1(**1), lambda: len(*1),
    lambda: "a".uper, lambda: list_assign_oob(), lambda: dict_del_missing(), lambda: 1.0 / 0,
    lambda: 1.0 // 0, lambda: 1 // 0.0, lambda: set().remove(1), lambda: str(1, 2),
    lambda: [].index(1, "a"),]
for i, c in enumerate(texts):
    print(i, show(c))
for i, c in enumerate(types):
    print("type", i, errtype(c))
G = 1
