# The CPython half of functools_operator.star.
# functools and operator: partial (its attributes, flattening, keywords the
# call overrides), reduce, cmp_to_key, cache and lru_cache, and operator's
# functions, with their errors.
import json, operator
from functools import partial, reduce, cmp_to_key, cache, lru_cache

def err(f, *args):
    try:
        f(*args)
    except Exception as e:
        print(type(e).__name__, str(e))
        return
    print("no error", "")

def one(x):
    return x

def work(x, factor=1, offset=0):
    return x * factor + offset

p = partial(work, factor=3)
print(p(2), p(2, factor=4), p.func == work, len(p.args), json.dumps(sorted(p.keywords.keys())))
pp = partial(p, 1, offset=5)
print(pp(), pp.func == work, len(pp.args), json.dumps(sorted(pp.keywords.keys())), pp(factor=0))
print(partial(max, 1, 5)(3), partial(sorted, reverse=True)([2, 3, 1]))
print(partial(work)(4))
err(partial)
err(partial, 5)
err(partial(one, 1, 2))

print(reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(lambda a, b: a + b, [], 7), reduce(lambda a, b: a - b, [5]))
print(reduce(operator.add, range(5), 100), reduce(max, [3, 9, 2]))
err(reduce, lambda a, b: a, [])
err(reduce, lambda a, b: a)
err(reduce, lambda a, b: a, 5)

def desc(a, b):
    return b - a

print(sorted([3, 1, 2], key=cmp_to_key(desc)), json.dumps(sorted(["bb", "a", "ccc"], key=cmp_to_key(lambda a, b: len(a) - len(b)))))
print(max([3, 1, 2], key=cmp_to_key(desc)))

calls = []

def double(x):
    calls.append(x)
    return x * 2

f = lru_cache(maxsize=2)(double)
print(f(1), f(1), f(2), f(3), f(1), len(calls), f.cache_info())
print(f.cache_info().hits, f.cache_info().currsize)
f.cache_clear()
print(f.cache_info())
g = cache(double)
print(g(5), g(5), g(x=5), g.cache_info())
h = lru_cache(double)
print(h(7), h(7), h.cache_info())
z = lru_cache(maxsize=0)(double)
print(z(1), z(1), z.cache_info())
err(lru_cache, "a")

def fib(n):
    return n if n < 2 else fibc(n - 1) + fibc(n - 2)

fibc = cache(fib)
print(fibc(80), fibc.cache_info())

print(operator.add(1, 2), operator.sub(5, 3), operator.mul(3, 4), operator.truediv(7, 2), operator.floordiv(7, 2), operator.mod(7, 3))
print(operator.neg(5), operator.pos(-5), operator.abs(-3), operator.not_(0), operator.truth([]), operator.index(4))
print(operator.and_(6, 3), operator.or_(6, 3), operator.xor(6, 3), operator.lshift(1, 4), operator.rshift(16, 2), operator.invert(5))
print(operator.eq(1, 1), operator.ne(1, 2), operator.lt(1, 2), operator.le(2, 2), operator.gt(1, 2), operator.ge(3, 2))
print(operator.contains([1, 2], 2), operator.getitem([1, 2, 3], -1), operator.getitem({"a": 1}, "a"), operator.concat([1], [2]))
print(operator.getitem("abc", 1))
print(operator.is_(None, None), operator.is_not(None, 1))
print(operator.itemgetter(1)([5, 6]), json.dumps(operator.itemgetter(0, 2)("abc")), operator.itemgetter("k")({"k": 9}))
rows = [("b", 2), ("a", 3), ("c", 1)]
print(json.dumps(sorted(rows, key=operator.itemgetter(1))), sorted(rows, key=operator.itemgetter(0))[0][0])
print(operator.methodcaller("upper")("ab"), json.dumps(operator.methodcaller("split", ",")("a,b")), operator.methodcaller("replace", "a", "b", 1)("aaa"))
print(operator.methodcaller("count", "a")("banana"))
err(operator.itemgetter(5), [1])
err(operator.getitem, {}, "k")
err(operator.concat, 1, 2)
err(operator.index, 1.5)
err(operator.methodcaller, 5)
err(operator.itemgetter)
