# pprint as Python's: dicts sorted, containers broken over lines to fit
# width, long strings split at spaces, depth, compact, indent, pp.
import pprint, io, random

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    print(type(e).__name__ + ": " + str(e) if e else r)

data = {"name": "procstar", "version": (0, 1, 0), "modules": ["os", "sys", "subprocess", "multiprocessing", "re", "json", "time", "logging"],
        "nested": {"z": [1, 2, 3], "a": {"deep": {"deeper": [10, 20, 30, {"x": None, "y": True}]}}, "m": 2.5},
        "empty": {}, "elist": [], "etuple": (), "one": (1,), "long": "the quick brown fox jumps over the lazy dog " * 4,
        "multi": "line one\nline two is longer than the first\n", "b": b"bytes value", "neg": -12345678901234567890, "f": 1e16}
pprint.pprint(data)
pprint.pprint(data, width=40)
pprint.pprint(data, width=120)
pprint.pprint(data, depth=2)
pprint.pprint(data["modules"], width=30, compact=True)
pprint.pprint(data["modules"], width=30)
pprint.pprint(data, indent=4, width=60)
pprint.pp({"b": 1, "a": [2, 3]})
pprint.pprint({"b": 1, "a": 2}, sort_dicts=False)
pprint.pprint(1234567, underscore_numbers=True)
pprint.pprint(["x" * 30, "y" * 30, "z" * 30])
pprint.pprint(("a" * 50, "b" * 50))
pprint.pprint([[1, 2, 3] * 10, {"k": list(range(30))}])
pprint.pprint(set(range(40)))
pprint.pprint("a very long string without spaces" * 4)
pprint.pprint(["word " * 30])
print(pprint.pformat({"x": [1, 2], "a": "b"}), pprint.saferepr({"b": [1], "a": (2,)}))
print(pprint.isreadable([1, "a", None]), pprint.isrecursive([1]))
buf = io.StringIO()
pprint.pprint({"s": 1}, stream=buf)
print(repr(buf.getvalue()))
pp = pprint.PrettyPrinter(width=20, indent=2)
print(pp.pformat({"alpha": [1, 2, 3], "beta": "gamma delta epsilon"}))
pp.pprint(list(range(12)))
random.seed(7)
def gen(d):
    r = random.random()
    if d > 3 or r < 0.3:
        return random.choice([random.randint(-1000, 10**12), "w" * random.randint(0, 12) + " x" * random.randint(0, 6), 3.25, None, True])
    if r < 0.55:
        return [gen(d + 1) for _ in range(random.randint(0, 6))]
    if r < 0.75:
        return tuple(gen(d + 1) for _ in range(random.randint(0, 4)))
    return {"k%d" % random.randint(0, 99): gen(d + 1) for _ in range(random.randint(0, 5))}
for i in range(40):
    v = gen(0)
    w = random.choice([20, 35, 50, 80])
    print(pprint.pformat(v, width=w, compact=random.random() < 0.3))
show(lambda: pprint.pformat(1, width=0))
show(lambda: pprint.pformat(1, indent=-1))
show(lambda: pprint.pformat(1, depth=0))
