# json's options, as CPython's: dumps(default=, allow_nan=, check_circular=,
# sort_keys=, indent=, separators=, ensure_ascii=, skipkeys=) and
# loads(object_hook=, object_pairs_hook=, parse_float=, parse_int=,
# parse_constant=, strict=); the same program as json_options.star.
import json

def fail(msg):
    raise Exception(msg)

def show(name, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(name, "->", type(e).__name__ + ":", e)
        return
    print(name, "->", fmt(r))

def fmt(x):
    # the same text in both languages (their reprs quote differently)
    if type(x) == list or type(x) == tuple:
        return "[" + ", ".join([fmt(e) for e in x]) + "]"
    if type(x) == dict:
        return "{" + ", ".join([fmt(k) + ": " + fmt(v) for k, v in x.items()]) + "}"
    return str(x)

obj = {"b": [1, 2.5, None, True, False], "a": {"z": "é\n\t\"", "y": []}, "c": {}}
show("plain", json.dumps, obj)
show("sorted", json.dumps, obj, sort_keys=True)
show("indent2", json.dumps, obj, indent=2)
show("indent0", json.dumps, obj, indent=0)
show("indent str", json.dumps, obj, indent="\t")
show("sep", json.dumps, obj, separators=(",", ":"))
show("sep indent", json.dumps, [1, [2]], indent=1, separators=(",", ": "))
show("ascii off", json.dumps, obj, ensure_ascii=False)
show("nan", json.dumps, [float("nan"), float("inf"), -float("inf")])
show("nan allowed", json.dumps, [1.5], allow_nan=False)
show("skipkeys", json.dumps, {(1, 2): 3, "a": 1}, skipkeys=True)
show("tuple key", json.dumps, {(1, 2): 3})
show("floats", json.dumps, [1.0, 1e16, 1e-7, 0.1, -0.0, 1e300])
show("set", json.dumps, {1})
show("default", json.dumps, {"s": {3, 1, 2}}, default=sorted)
show("default str", json.dumps, [{1}, 2], default=lambda o: "S")

def fails(o):
    fail("no")

def to_list(o):
    return [o]

show("default nested", json.dumps, {7}, default=lambda o: {"set": sorted(o)})
show("default fails", json.dumps, {7}, default=lambda o: json.loads("["))
show("default loops", json.dumps, {7}, default=lambda o: o)
show("circular", json.dumps, [[1], 2])
a = [1]
a.append(a)
show("circular list", json.dumps, a)
show("dump kw", json.dumps, [1], indent=None, sort_keys=False, check_circular=True)

text = '{"a": [1, 2.50, 3e2, -0], "b": {"c": NaN, "d": Infinity, "e": -Infinity}, "f": "x"}'
show("loads", json.loads, text)
show("object_hook", json.loads, text, object_hook=lambda d: sorted(d.keys()))
show("pairs_hook", json.loads, '{"b": 1, "a": 2, "b": 3}', object_pairs_hook=lambda ps: [list(p) for p in ps])
show("both hooks", json.loads, '{"a": {"b": 1}}', object_hook=len, object_pairs_hook=lambda ps: len(ps) + 100)
show("parse_float", json.loads, '[1.5, 2, 3e1]', parse_float=lambda s: "F" + s)
show("parse_int", json.loads, '[1.5, 2, -30]', parse_int=lambda s: "I" + s)
show("parse_int float", json.loads, '[10, 7]', parse_int=float)
show("parse_constant", json.loads, '[NaN, Infinity, -Infinity, 1]', parse_constant=lambda s: "C" + s)
show("strict", json.loads, '"a\tb"')
show("not strict", json.loads, '"a\tb\nc"', strict=False)
show("hook fails", json.loads, '{"a": 1}', object_hook=lambda d: json.loads("{"))
show("loads kw", json.loads, s='[1]')
show("loads none", json.loads)
