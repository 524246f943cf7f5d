# json's flags are tested for truth, as Python tests them (sort_keys=1,
# strict=0), indent=True is one space (a bool is an int), a NaN or infinite
# float key fails with allow_nan=False, and a pretty dict whose keys were
# all skipped keeps Python's empty line; the same program as json_flags.star.
import json

def show(name, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        # 3.12 ends the out-of-range text with the value, 3.11 does not
        print(name, "->", type(e).__name__ + ":", str(e).split(" compliant")[0] + " compliant" if "compliant" in str(e) else str(e))
        return
    print(name, "->", r)
show("sort_keys=1", json.dumps, {"b": 1, "a": 2}, sort_keys=1)
show("sort_keys=None", json.dumps, {"b": 1, "a": 2}, sort_keys=None)
show("sort_keys=[]", json.dumps, {"b": 1, "a": 2}, sort_keys=[])
show("ensure_ascii=0", json.dumps, "é", ensure_ascii=0)
show("ensure_ascii=''", json.dumps, "é", ensure_ascii="")
show("allow_nan=0", json.dumps, [float("nan")], allow_nan=0)
show("allow_nan='yes'", json.dumps, [float("nan")], allow_nan="yes")
show("skipkeys=1", json.dumps, {(1,): 1, "a": 2}, skipkeys=1)
show("check_circular=0", json.dumps, [[1]], check_circular=0)
show("indent=True", json.dumps, [1, [2]], indent=True)
show("indent=False", json.dumps, [1, [2]], indent=False)
show("inf key", json.dumps, {float("inf"): 1}, allow_nan=False)
show("-inf key", json.dumps, {1: 2, float("-inf"): 1}, allow_nan=False)
show("nan key", json.dumps, {float("nan"): 1}, allow_nan=False)
show("nan key allowed", json.dumps, {float("nan"): 1, float("-inf"): 2})
show("finite key", json.dumps, {2.5: 1}, allow_nan=False)
show("all skipped", json.dumps, {(1,): 2}, skipkeys=True, indent=2)
show("all skipped nested", json.dumps, [{(1,): 2, (2,): 3}], skipkeys=True, indent=1)
show("some skipped", json.dumps, {(1,): 2, "a": 1}, skipkeys=True, indent=2)
show("all skipped flat", json.dumps, {(1,): 2}, skipkeys=True)
show("strict=0", json.loads, '"a\tb"', strict=0)
show("strict=None", json.loads, '"a\tb"', strict=None)
show("strict=1", json.loads, '"a\tb"', strict=1)
