# iter, next, map, filter, isinstance, callable, hex/oct/bin, format, vars
# and f.__name__, side by side with CPython.

def show(f, *args):
    try:
        r = f(*args)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(r)

def addr(v):
    s = str(v)
    i = s.find(" at 0x")
    return s[:i] + ">" if i >= 0 else s

it = iter([1, 2, 3])
print(addr(it), next(it), next(it), list(it), next(it, "done"))
show(next, it)
print(addr(iter((1,))), addr(iter("ab")), addr(iter("é")), addr(iter({1: 2})), addr(iter(range(2))), addr(iter(b"x")))
print("|".join(iter("héllo")), "|".join(iter({"a": 1, "b": 2})), list(iter(b"AB")), list(iter(range(3))))
it2 = iter(it)
print(it2 == it)
x = [5, 4, 3, 2, 1]
print(list(iter(x.pop, 2)), x)
calls = []
def counter():
    calls.append(1)
    return len(calls)
print([v for v in iter(counter, 4)])
show(iter, 5)
show(iter, 5, 6)
show(iter)
show(next, [1])
show(next, "abc")
show(next)

m = map(lambda a, b: a * b, [1, 2, 3], (10, 20))
print(addr(m), next(m), list(m), list(m))
print("|".join(map(str, range(4))), list(map(len, ["a", "bb"])), list(map(pow, [2, 3], [3, 2])))
show(map, str)
show(next, map(5, [1]))
f = filter(lambda v: v % 2, range(10))
print(addr(f), list(f))
print(len(list(filter(None, [0, 1, "", "x", [], [0], None, False, True]))))
show(filter, None)
show(next, filter(5, [1]))
print(sum(map(int, "1 2 3".split())), "|".join(sorted(filter(lambda s: s.startswith("a"), ["b", "ab", "aa"]))))

for v in [1, True, 1.5, "s", [1], (1,), {}, None, b"b", range(1), set([1])]:
    print(isinstance(v, int), isinstance(v, float), isinstance(v, (int, float)), isinstance(v, str),
          isinstance(v, bool), isinstance(v, (list, tuple)), isinstance(v, dict), isinstance(v, bytes),
          isinstance(v, range), isinstance(v, set))
show(isinstance, 1, 5)
show(isinstance, 1, (int, 5))
show(isinstance, 1, lambda: 0)
def fn():
    pass
print(callable(fn), callable(len), callable(lambda: 1), callable(1), callable("s"), callable(str), callable([].append))
for v in [0, 1, -1, 255, -256, pow(2, 70), True]:
    print(hex(v), oct(v), bin(v))
show(hex, 1.5)
show(hex, "1")
show(oct, None)
print(format(3.14159, ".2f"), format(42, "08b"), format(1234567, ","), format("x", ">5"), format(7), format(0.5, "%"), format(255, "#x"))
show(format, 1, "q")
show(format, "s", "d")
print(fn.__name__, len.__name__, (lambda: 0).__name__, [].append.__name__, str.__name__)
show(lambda: (1).__name__)
