# json.dumps(separators=) is unpacked into two strings as Python does: a
# two-character string works, another length is unpacking's ValueError;
# CPython's test_json.test_separators; the same program as json_separators.star.

import json

def show(name, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(name, "->", type(e).__name__ + ":", e)
        return
    print(name, "->", r)

h = [['blorpie'], [], 'd-shtaeou', {'nifty': 87}, {'field': 'yes', 'morefield': False}]
show("spaced", json.dumps, h, indent=2, sort_keys=True, separators=(' ,', ' : '))
for seps in [(',',), (',', ':', 'x'), 'abc', 'a', [], ['; ', '= '], 'ab', None]:
    show(json.dumps(seps), json.dumps, [1, {'a': 2}], separators=seps)
    show(json.dumps(seps) + " indent", json.dumps, [1, {'a': 2}], separators=seps, indent=1)
try:
    json.dumps({1: 2}, separators=(b', ', ': '))
except TypeError:
    print("bytes -> TypeError")
