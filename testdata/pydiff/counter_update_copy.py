# The CPython half of counter_update_copy.star.
# Counter(mapping) and Counter(**kw) into an empty Counter copy the values
# as dict.update does, so they need not be numbers (test_collections'
# test_repr_nonsortable); into a non-empty one they add.
import json
from collections import Counter


def show(f, *args, **kwargs):
    try:
        print(f(*args, **kwargs))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))

c = Counter(a=2, b=None)
print(repr(c))
print(Counter({"x": "s", "y": [1]}))
c = Counter()
c.update({"a": "x"})
print(c)
show(c.update, {"a": 1})
c = Counter(a=1)
show(c.update, {"b": None})
c = Counter()
c.update(self=42, iterable=1)
print(json.dumps(sorted(c.items())))
c = Counter()
c.subtract({"a": 2}, b=1)
print(c)
print(Counter(["a", "a"], a=5))
c = Counter({"a": "x"})
c.update({"a": "y"})
print(c)
