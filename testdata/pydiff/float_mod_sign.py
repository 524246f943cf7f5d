# The CPython half of float_mod_sign.star.
def mods(x, y):
    r = x
    r %= y
    a = [x]
    a[0] %= y
    d = {"k": x}
    d["k"] %= y
    return [x % y, r, a[0], d["k"]]

if __name__ == "__main__":
    for x, y in [(-0.0, 1), (0.0, -1), (5.0, -0.5), (-5.0, 0.5), (3.0, -3), (-3.0, 3), (4.0, 2.0), (-4.0, -2.0), (2.5, -1.0), (-1.0, 3.0), (7, 3.5), (-7, 3.5), (pow(10, 20), -2.5)]:
        print(x, y, mods(x, y), divmod(x, y)[1])
