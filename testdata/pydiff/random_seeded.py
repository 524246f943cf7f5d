# random seeded as in CPython: the same generator (MT19937), seeding and
# algorithms, so the same numbers (the same program as random_seeded.star).
import random

def show(name, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(name, "->", type(e).__name__ + ":", str(e.args[0]) if isinstance(e, KeyError) else str(e))
        return
    print(name, "->", fmt(r))

def approx(x):
    # float distributions go through libm (log, cos, pow): equal to ~1e-15
    return round(x, 12)

def fmt(x):
    # the same text in both languages (their reprs quote differently)
    if type(x) == list:
        return "[" + ", ".join([fmt(e) for e in x]) + "]"
    if type(x) == bytes:
        return "bytes" + str(list(x))
    return str(x)

def draws():
    out = [random.random(), random.randint(1, 1000000), random.randrange(100),
           random.randrange(10, 1000, 7), random.randrange(1000, 10, -3),
           random.choice("abcdefg"), random.choice([1, 2, 3]), random.choice(range(50)),
           random.getrandbits(1), random.getrandbits(31), random.getrandbits(32),
           random.getrandbits(33), random.getrandbits(100), random.uniform(1, 7),
           random.uniform(2.5, -1.5), random.randint(-(1000000000000000000000000000000), 1000000000000000000000000000000)]
    l = list(range(30))
    random.shuffle(l)
    out.append(l)
    out.append(random.sample(range(100), 5))
    out.append(random.sample(range(1000000), 10))
    out.append(random.sample("procstar", 3))
    out.append(random.sample(["a", "b", "c"], 3))
    out.append(random.sample(["x", "y"], 4, counts=[3, 2]))
    out.append(random.choices(["a", "b", "c"], k=5))
    out.append(random.choices(["a", "b", "c"], [1, 0, 5], k=6))
    out.append(random.choices(["a", "b", "c"], cum_weights=[0.5, 0.75, 1.0], k=6))
    out.append(random.choices(range(4)))
    out.append(random.randbytes(5))
    out.append(random.triangular())
    out.append(random.triangular(0, 10, 8))
    out.append(random.triangular(3, 3, 3))
    out.append([approx(random.gauss()) for _ in range(3)])
    out.append(approx(random.gauss(10, 2)))
    out.append(approx(random.normalvariate(5, 0.5)))
    out.append(approx(random.lognormvariate(0, 1)))
    out.append(approx(random.expovariate(2)))
    out.append(approx(random.vonmisesvariate(1, 4)))
    out.append(approx(random.vonmisesvariate(1, 0)))
    out.append([approx(random.gammavariate(a, 2)) for a in (0.5, 1, 3.5)])
    out.append(approx(random.betavariate(2, 3)))
    out.append(approx(random.paretovariate(3)))
    out.append(approx(random.weibullvariate(1, 1.5)))
    return out

for s in (0, 1, 42, -42, 1099511627779, 1267650600228229401496703205376, 7.0, 7.5, -2.25, 1e300, "procstar", b"procstar", "", True):
    random.seed(s)
    print("seed", fmt(s) if type(s) != type(b"") else fmt(s))
    for x in draws():
        print("  ", fmt(x))

random.seed("text", version=1)
print("v1", random.random())
random.seed(b"\xff\x00", version=1)
print("v1 bytes", random.random())

# state round trip, and Random instances with their own state
random.seed(5)
st = random.getstate()
a = [random.random() for _ in range(3)]
g = random.gauss()
random.setstate(st)
print("state", a == [random.random() for _ in range(3)], g == random.gauss())
print("state shape", len(st), st[0], len(st[1]), st[1][-1], st[2])
r1 = random.Random(99)
r2 = random.Random(99)
print("instances", r1.random() == r2.random(), r1.randint(1, 100), r2.choice("xyz"))
random.seed(99)
print("module vs instance", random.random() == random.Random(99).random())
r3 = random.Random()
r3.seed(3)
random.seed(3)
print("instance seed", r3.getrandbits(64) == random.getrandbits(64))

# errors, as CPython words them
show("randrange(0)", random.randrange, 0)
show("randrange(1, 5, 0)", random.randrange, 1, 5, 0)
show("randrange(10, step=2)", random.randrange, 10, None, 2)
show("getrandbits(-1)", random.getrandbits, -1)
show("choice([])", random.choice, [])
show("choice(5)", random.choice, 5)
show("choice(dict)", random.choice, {0: "zero"})
show("sample(set)", random.sample, set([1, 2]), 1)
show("sample big", random.sample, [1, 2], 3)
show("sample neg", random.sample, [1, 2], -1)
show("sample counts len", random.sample, [1, 2], 1, counts=[1])
show("sample counts neg", random.sample, [1, 2], 1, counts=[1, -5])
show("sample counts mixed", random.sample, ["a", "b", "c"], 2, counts=[2, -1, 3])
show("choices weights len", random.choices, [1, 2], [1])
show("choices both", random.choices, [1, 2], [1, 1], cum_weights=[1, 2])
show("choices zero", random.choices, [1, 2], [0, 0])
show("choices k positional", random.choices, [1, 2], 3)
show("choices inf", random.choices, [1, 2], [1, float("inf")])
show("choices empty", random.choices, [], k=0)
show("shuffle tuple", random.shuffle, (1, 2))
show("seed list", random.seed, [1])
show("gammavariate(0, 1)", random.gammavariate, 0, 1)
show("expovariate(0)", random.expovariate, 0)
show("setstate bad", random.setstate, (1, (), None))
show("setstate v2", random.setstate, (2, (), None))
show("setstate size", random.setstate, (3, (1, 2), None))
show("uniform str", random.uniform, "a", 2)
