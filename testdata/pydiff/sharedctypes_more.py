# The CPython half of sharedctypes_more.star.
from multiprocessing import *

from errtext import et

def incr(v, a, n):
    for _ in range(n):
        v.get_lock().acquire()
        v.value += 1
        v.get_lock().release()
    a.get_lock().acquire()
    a[0] = a[0] + n
    a.get_lock().release()

def setv(v, x):
    v.value = x

def seti(a, i, x):
    a[i] = x

# noaddr is a repr without the object's address (" at 0x...").
def noaddr(v):
    s = str(v)
    i = s.find(" at 0x")
    if i < 0:
        return s
    return s[:i] + s[s.find(">", i):]

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    for tc in ["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"]:
        v = Value(tc)
        print(tc, v.value, v, RawValue(tc), Value(tc, 3).value, Value(tc, 3, lock=False))
    print(Value("f", 1.1).value, Value("d", 1.1).value, Value("d", 3).value, Value("i", True).value)
    print(Value("d", 1234567.0), RawValue("d", 1e16), RawValue("f", 1e-7), Value("d", -0.0), Value("f", 0.5))
    print(et(Value, "i", 1.5))
    print(et(Value, "i", "1"))
    print(et(Value, "d", "1"))
    print(et(Value, "i", None))
    print(et(Value, "d", None))
    print(et(Value, "x").split(":")[0])
    c = Value("c")
    print(c, c.value == b"\x00")
    c2 = Value("c", b"a")
    print(c2, c2.value == b"a")
    print(Value("c", 66), Value("c", 66).value == b"B", Value("c", True), Value("c", b"'"), Value("c", b"\\"), Value("c", b"\n"))
    print(et(Value, "c", "a"))
    print(et(Value, "c", b"ab"))
    print(et(Value, "c", b""))
    c2.value = b"z"
    print(c2)
    setv(c2, 65)
    print(c2.value == b"A")
    print(et(setv, c2, "a"))
    print(et(setv, c2, b""))
    print(et(setv, Value("d"), "1"))
    print(et(setv, Value("i"), None))
    v = Value("i", 5)
    v.value = 7
    print(v.value, v.get_obj(), v.get_obj().value)
    print(v.get_lock())
    print(v.acquire(), v.get_lock())
    v.release()
    lk = Lock()
    v2 = Value("i", 1, lock=lk)
    print(v2.get_lock() == lk, v2.get_lock())
    print(Value("d", 1, lock=RLock()).get_lock())
    print(et(Value, "i", 0, lock="x"))
    print(et(Value, "i", 0, lock=0))
    rv = Value("i", 4, lock=False)
    print(rv, rv.value, et(lambda: rv.get_lock()))
    rv2 = RawValue("d", 2.5)
    print(rv2, et(lambda: rv2.get_lock()), et(lambda: rv2.get_obj()))

    a = Array("i", 4)
    print(len(a), a[0], a[-1], a[:], a[1:3], a[::2], a[::-1], a[-2:], a[5:], a[2:1])
    a = Array("i", [1, 2, 3, 4, 5])
    print(a[:], a[1:4], a[-1], a[-5], a[1:-1], a[::2], a[4:0:-2], 2 in a, 9 in a)
    a[-1] = 50
    a[0] = -10
    print(a[:], list(a), [x for x in a])
    print(et(seti, a, 0, 1.5))
    print(et(seti, a, 0, "1"))
    print(et(Array, "i", [1, "a"]))
    print(et(Array, "i", -1).split(":")[0])
    print(et(Array, "i", 1.5).split(":")[0])
    print(Array("i", [])[:], len(Array("i", [])), Array("i", (1, 2))[:], Array("q", [4611686018427387904])[:])
    d = Array("d", 2)
    seti(d, 0, 3)
    seti(d, 1, True)
    print(d[:])
    print(et(seti, d, 0, "1"))
    print(Array("f", [1.1, 2.2])[:], Array("b", b"abc")[:])
    ra = RawArray("d", [0.5, 1.5])
    print(ra[:], len(ra), et(lambda: ra.get_lock()), et(lambda: ra.get_obj()))
    print(RawArray("h", 3)[:])
    ca = Array("c", b"hello")
    print(ca.value == b"hello", ca.raw == b"hello", ca[0] == b"h", ca[1:3] == b"el", ca[::2] == b"hlo", len(ca))
    ca[0] = b"j"
    ca[1] = 69
    print(ca.value == b"jEllo")
    ca2 = Array("c", 4)
    print(ca2.value == b"", ca2.raw == b"\x00\x00\x00\x00")
    setv(ca2, b"a\x00c")
    print(ca2.value == b"a", ca2.raw == b"a\x00c\x00", len(ca2))
    print(et(setv, ca2, b"abcde"))
    print(et(setv, ca2, "ab"))
    print(et(seti, ca2, 0, "x"))
    print(et(seti, ca2, 0, b"xy"))
    rc = RawArray("c", b"xyz")
    print(rc.value == b"xyz", len(rc), rc[2] == b"z")
    al = Array("i", 3, lock=False)
    print(al[:], et(lambda: al.get_lock()))
    lk2 = RLock()
    print(Array("i", 3, lock=lk2).get_lock() == lk2)
    print(noaddr(Array("i", 2)))
    print(noaddr(Array("c", 2)))
    print(noaddr(RawArray("i", 2)))
    print(noaddr(Array("d", 2).get_obj()))
    print(str(Array("i", 2)).count(" at 0x"), str(RawArray("i", 2)).count(" at 0x"))

    v = Value("i", 0)
    a = Array("l", 1)
    ps = [Process(target=incr, args=(v, a, 200)) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(v.value, a[0], [p.exitcode for p in ps])
