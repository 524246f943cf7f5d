# collections.OrderedDict side by side with CPython.
import collections, json
d = collections.OrderedDict()
d["b"] = 1
d["a"] = 2
d["c"] = 3
print("|".join(d), "|".join(d.keys()), [kv[1] for kv in d.items()], len(d), "a" in d, d["a"], d.get("z", 0))
d.move_to_end("b")
print("|".join(d))
d.move_to_end("b", last=False)
print("|".join(d))
print(d.popitem()[0], "|".join(d), d.popitem(last=False)[1], "|".join(d))
e = collections.OrderedDict([("x", 1), ("y", 2)])
f = collections.OrderedDict([("y", 2), ("x", 1)])
print(e == f, e == collections.OrderedDict(x=1, y=2), e != f, dict(e) == dict(f))
try:
    d.move_to_end("zz")
except KeyError as err:
    print("KeyError", err)
g = collections.OrderedDict()
try:
    g.popitem()
except KeyError as err:
    print("KeyError", err)
print(json.dumps(e), sorted(e.values()), e.copy() == e, len(collections.OrderedDict(e)))
for k, v in e.items():
    print(k, v)
