# sort_keys orders bool keys as the ints they are in Python (False is 0,
# True is 1) among int and float keys, as CPython's test_dump does; keys
# that do not compare still fail; the same program as json_sort_keys_bool.star.
import json

def show(name, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(name, "->", type(e).__name__ + ":", e)
        return
    print(name, "->", r)

show("truefalse", json.dumps, {True: False, False: True}, sort_keys=True)
show("mixed", json.dumps, {2: 3.0, 4.0: 5, False: 1, 6: True}, sort_keys=True)
show("mixed2", json.dumps, {True: 1, 2.5: 2, -1: 3, 0.5: 4}, sort_keys=True)
show("indent", json.dumps, {1.5: 1, True: 2}, sort_keys=True, indent=1)
show("none", json.dumps, {True: 1, None: 2}, sort_keys=True)
show("str", json.dumps, {"a": 1, False: 2}, sort_keys=True)
