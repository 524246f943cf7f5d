# The CPython half of dialect_builtins.star.
from errtext import err

def values():
    print(sum([1, 2, 3]), sum([1, 2.5], 10), sum([[1], [2]], []), sum([], 7), sum([True, True]))
    print(sum(range(pow(10, 3))), sum([pow(10, 30), 1]), sum([0.5, pow(2, 70)]))
    print(err(sum, ["a"], ""), "|", err(sum, [1], None))
    print(round(2.5), round(3.5), round(-0.5), round(-1.5), round(0.5), round(True))
    print(round(2.675, 2), round(0.125, 2), round(0.375, 2), round(1234567.0, -2), round(-0.4, 0), round(5.5, 400), round(1e300, -400))
    print(round(15, -1), round(25, -1), round(-25, -1), round(12345, -7), round(7, 3), round(1e308, -308))
    print(err(round, float("inf")), "|", err(round, float("nan")), "|", err(round, "x"))
    print(divmod(7, -2), divmod(-7, 2), divmod(-7.5, 2), divmod(7, 2.0), divmod(-0.0, 1.0), divmod(pow(10, 20), 7))
    print(err(divmod, 1, 0), "|", err(divmod, 1.0, 0), "|", err(divmod, "a", 1))
    print(pow(2, 100), pow(2, -2), pow(3, 4, 5), pow(3, -1, 7), pow(3, 2, -7), pow(2.0, 0.5), pow(-2, 3), pow(5, 0, 1))
    inf = float("inf")
    print(pow(0.0, -inf), pow(-0.0, -inf), pow(0, -inf), pow(0.5, inf), pow(-1, -inf), pow(inf, -1), err(pow, 0.0, -1e308))
    print(err(pow, 0, -1), "|", err(pow, 2, 3, 0), "|", err(pow, 2, -1, 4), "|", err(pow, 2.0, 3, 5), "|", err(pow, 10.0, 400), "|", err(pow, "a", 2))

def text():
    inf = float("inf")
    print(1234567.0, 1e16, 1e-5, -0.0, inf, -inf, float("nan"), 0.1 + 0.2)
    print([1234567.0, inf], (1e22,), {1: 2.5e-7})
    print("%s|%f|%r|%s" % (inf, inf, 1234567.0, [1e16]), str(1234567.0), repr(-inf))
    print("{}|{!r}|{}".format(1234567.0, 1e16, [pow(2.0, 60)]))
    print("a", "b", 3, sep="-", end="!\n")
    print("x", end="")
    print("y", sep="", end="\n")
    print()
    print(1, 2, sep=None, end=None)

if __name__ == "__main__":
    values()
    text()
