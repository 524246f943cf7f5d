# The CPython half of functools_cmp_key_obj.star.
# A cmp_to_key key holds its value as .obj, as CPython's (test_functools'
# TestCmpToKey.test_obj_field).
from functools import cmp_to_key


def mycmp(x, y):
    return y - x


key = cmp_to_key(mycmp)
print(key(50).obj, key(obj="x").obj, key([1, 2]).obj)
print([k.obj for k in sorted([key(3), key(1), key(2)])])
