# The CPython half of int_float_strings.star.
from errtext import et

if __name__ == "__main__":
    for i, s in enumerate(["  7\n", "\t-12 ", "\u00a012\u2003", " 1_000 ", " 0x1f ", "  ", "", " 7 7 ", "\n", " +3\r\n", " 1.5 ", "x "]):
        print(i, et(int, s), et(int, s, 0), et(int, s, 16), et(float, s))
    for i, s in enumerate(["1e400", "-1e400", " 1e999\n", "1_0e400", "1e-400", "-0.0 ", " inf ", "\tnan\n", "-Infinity ", "1__0", " 1.5e308 "]):
        print(i, et(float, s))
    print(et(float), et(float, True), et(float, None), et(int, " 5", base=10), et(int, "5 ", 36))
    print(list(map(float, ["1", " 2\n"])), "|".join(sorted(["30 ", " 4"], key=int)), sum([int(x) for x in "1\n2\n3\n".splitlines(True)]))
