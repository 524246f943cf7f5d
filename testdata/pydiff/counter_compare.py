# The CPython half of counter_compare.star.
# Counter comparisons are Python 3.10's: a missing key counts 0, so
# Counter(a=1) == Counter(a=1, b=0), and <, <=, >, >= are multiset
# inclusion (test_collections' TestCounter.test_eq, test_le, test_lt...).
from collections import Counter

cs = [Counter(), Counter(a=0), Counter(a=1), Counter(a=1, b=0), Counter(a=1, b=2), Counter(a=2, b=1), Counter(b=-1), Counter(a=1.0)]
for x in cs:
    print(" ".join(["%s%s%s%s%s%s" % (int(x == y), int(x != y), int(x < y), int(x <= y), int(x > y), int(x >= y)) for y in cs]))
print(Counter("abc") == Counter("cba"), Counter(a=3) != Counter(a=3, b=0))
