# The CPython half of functools_more.star.
from functools import partial, reduce, cmp_to_key, lru_cache, cache

def errname(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"

def f(a, b, c=0, d=0):
    return [a, b, c, d]

p = partial(f, 1, c=3)
print(p(2), p(2, c=5, d=6))
def kws(p):
    return " ".join([k + "=" + str(v) for k, v in p.keywords.items()])

print(p.args, kws(p))
q = partial(p, 7, d=9)
print(q(), q.func == f, q.args, kws(q))
print(repr(partial(f, "s", 2, c=[1, "t"])).split(">", 1)[1])
print(errname(partial, 3))
print(errname(partial))

def add(x, y):
    return x + y

print(reduce(add, [1, 2, 3, 4]), reduce(add, [], 10), reduce(add, ["a", "b"], "z"))
print(reduce(add, [5]))
print(errname(reduce, add, []))
print(errname(reduce, add))
print(errname(reduce, add, 5))
print(errname(reduce, add, [1], 2, 3))

def rev(a, b):
    return b - a

print(sorted([3, 1, 2], key=cmp_to_key(rev)))

def bylen(a, b):
    return len(a) - len(b)

print(" ".join(sorted(["ccc", "a", "bb"], key=cmp_to_key(bylen), reverse=True)))

calls = []

def sq(x):
    calls.append(x)
    return x * x

sq2 = lru_cache(maxsize=2)(sq)
print(sq2(1), sq2(2), sq2(1), sq2(3), sq2(2), sq2(1))
print(calls, sq2.cache_info())
info = sq2.cache_info()
print(info.hits, info.misses, info.maxsize, info.currsize, info[0], list(info))
sq2.cache_clear()
print(sq2.cache_info())

def fib(n):
    if n < 2:
        return n
    return cfib(n - 1) + cfib(n - 2)

cfib = cache(fib)
print(cfib(30), cfib.cache_info())
lf = lru_cache(fib)
print(lf(5), lf.cache_info())
print(errname(cfib, [1]))
kw = lru_cache(maxsize=None)(f)
print(kw(1, 2, c=3), kw(1, 2, c=3), kw(1, 2, d=3), kw.cache_info())
nc = lru_cache(maxsize=0)(sq)
print(nc(4), nc(4), nc.cache_info())
