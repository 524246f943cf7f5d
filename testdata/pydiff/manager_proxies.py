# The CPython half of manager_proxies.star.
from multiprocessing import Event, Manager, Process, set_start_method

def masked(x):
    s = repr(x)
    i = s.find(" at 0x")
    j = s.find(" ", i + 4)
    return s[:i + 4] + "ADDR" + s[j:]

def grow(l, d):
    l.append(3)
    l *= 2
    d["k"] = len(l)

if __name__ == "__main__":
    set_start_method("spawn")
    m = Manager()
    l = m.list([3, 1, 2, 3])
    print("count", l.count(3), l.count(9))
    l.sort()
    print("sort", l[:])
    l.sort(reverse=True)
    print("sort reverse", l[:])
    l.reverse()
    print("reverse", l[:])
    print("plus", l + [9], type(l + [9]).__name__)
    print("times", l * 2, 2 * l)
    l2 = l
    l *= 2
    n, s, t = 3, "ab", [1]
    n *= 4
    s *= 2
    t *= 2
    print("plain *=", n, s, len(t))
    print("imul in place", type(l).__name__, len(l2), l2[:])
    d = m.dict({"a": 1})
    c = d.copy()
    c["b"] = 2
    print("copy", type(c).__name__, ",".join(sorted(c.keys())), ",".join(sorted(d.keys())))
    p = Process(target=grow, args=(l, d))
    p.start()
    p.join()
    print("child *=", len(l), d["k"])
    v = m.Value("i", 3)
    print("value", v.get(), v.value)
    v.set(5)
    print("value set", v.value, v.get())
    e = Event()
    print(masked(e))
    e.set()
    print(masked(e))
    m.shutdown()
