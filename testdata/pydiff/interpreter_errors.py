# The CPython half of interpreter_errors.star.
def errtype(f):
    try:
        f()
    except Exception as e:
        return type(e).__name__
    return "no error"

cases = [
    lambda: int("a"), lambda: int("1", 99), lambda: float("x"), lambda: float(""),
    lambda: [1].index(5), lambda: [].remove(1), lambda: "abc".index("z"), lambda: range(1, 2, 0),
    lambda: "a".split(""), lambda: 1 << -1, lambda: min([]), lambda: chr(-1), lambda: dict([(1, 2, 3)]),
    lambda: int(float("nan")), lambda: [1, 2, 3][::0], lambda: "{".format(1),
    lambda: "a" + 1, lambda: None + 1, lambda: -"a", lambda: "x" * "y", lambda: 1 < "a", lambda: len(5),
    lambda: {[1]: 2}, lambda: {}[[1]], lambda: set([[1]]), lambda: hash([]), lambda: "a".join([1]),
    lambda: ord("ab"), lambda: dict(1), lambda: list(1), lambda: tuple(5), lambda: zip(1), lambda: max(),
    lambda: "a".replace(), lambda: "abc".startswith(1), lambda: [].extend(1), lambda: (lambda x: x)(),
    lambda: (lambda x: x)(1, 2), lambda: (lambda x: x)(y=1), lambda: 1 in "abc", lambda: "%d" % (1, 2),
    lambda: sorted([1, "a"]), lambda: [1][5], lambda: (1,)[3], lambda: "abc"[10], lambda: [].pop(),
    lambda: {}["k"], lambda: {}.pop("x"), lambda: "{a}".format(b=1), lambda: 1 // 0, lambda: 1 % 0,
    lambda: 1.0 / 0, lambda: 1.0 % 0, lambda: divmod(1, 0), lambda: int(float("inf")), lambda: float(pow(10, 400)),
    lambda: getattr(1, "zz"),
]
for i, c in enumerate(cases):
    print(i, errtype(c))
