# The CPython half of defaultdict_factory_set.star.
# d.default_factory can be replaced, as in CPython (test_defaultdict's
# test_basic): None turns missing keys back into KeyErrors, and a
# non-callable is accepted until a missing key is read.
from collections import defaultdict


def show(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))

d1 = defaultdict()
print(d1.default_factory)
show(lambda: d1[12])
d1.default_factory = list
d1[12].append(42)
print(d1)
d1[12].append(24)
d1[13]
d1[14]
print(d1, sorted(d1.keys()))
d2 = defaultdict(list, foo=1, bar=2)
print(d2.default_factory == list, d2["foo"], d2["bar"], d2[42], "42" in d2, 42 in d2, len(d2))
d2.default_factory = None
print(d2.default_factory)
show(lambda: d2[15])
print(len(d2), d2.copy().default_factory)
d2.default_factory = 5
print(d2)
show(lambda: d2[15])
