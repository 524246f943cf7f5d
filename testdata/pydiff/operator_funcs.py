# The CPython half of operator_funcs.star.
import operator
import time
from operator import itemgetter, attrgetter, methodcaller

def errname(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"

rows = [(3, "c", 1.5), (1, "a", 2.5), (2, "b", 0.5)]
print(sorted(rows, key=itemgetter(0)) == sorted(rows), [r[0] for r in sorted(rows, key=itemgetter(2))])
print(itemgetter(1, 0)(rows[0])[1], itemgetter(-1)([1, 2, 3]))
print(itemgetter("k")({"k": 5}), errname(itemgetter("z"), {"k": 5}))
print(errname(itemgetter(5), [1]), errname(itemgetter(5), (1,)), errname(itemgetter(1), 3))
print(errname(itemgetter))
print(repr(itemgetter(1, "a")), repr(attrgetter("a.b", "c")), repr(methodcaller("f", 1, k=2)))
print(methodcaller("upper")("abc"), len(methodcaller("split", ",")("a,b")))
print(methodcaller("replace", "a", "o")("banana"), methodcaller("get", "x", 7)({}))
print(attrgetter("tm_year")(time.gmtime(0)), attrgetter("tm_year", "tm_mon")(time.gmtime(0)))
print(errname(attrgetter("tm_nope"), time.gmtime(0)))
print(errname(methodcaller("nope"), 3).split(":")[0])
print(operator.add(1, 2), operator.sub(5, 7), operator.mul(3, 4), operator.truediv(7, 2), operator.floordiv(7, 2), operator.mod(7, 3))
print(operator.neg(3), operator.pos(-3), operator.abs(-4), operator.abs(-2.5), operator.not_(0), operator.truth([1]))
print(operator.eq(1, 1), operator.ne(1, 2), operator.lt(1, 2), operator.le(2, 2), operator.gt(1, 2), operator.ge(3, 2))
print(operator.and_(6, 3), operator.or_(6, 3), operator.xor(6, 3), operator.contains([1, 2], 2), operator.contains("abc", "z"))
print(operator.getitem([1, 2, 3], 1), operator.getitem({"a": 1}, "a"), operator.concat([1], [2]), operator.concat("a", "b"))
print(operator.index(5), operator.index(True))
print(errname(operator.index, 1.5))
print(errname(operator.concat, 1, 2))
x = [1]
print(operator.is_(x, x), operator.is_(x, [1]), operator.is_not(None, None), operator.is_(None, None))
print(operator.add("a", "b"), operator.mul([0], 3))
