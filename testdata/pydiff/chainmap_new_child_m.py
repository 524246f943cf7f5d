# The CPython half of chainmap_new_child_m.star.
# ChainMap.new_child(m=...) takes the new first map by keyword, as
# CPython's new_child(m=None, **kwargs) (test_collections'
# TestChainMap.test_new_child); other keywords go into it.
import json
from collections import ChainMap


def show(f, *args, **kwargs):
    try:
        print(f(*args, **kwargs))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))

c = ChainMap({"a": 1})
show(c.new_child, m={"y": 2})
show(c.new_child, {"x": 1}, b=2)
show(c.new_child, m={"y": 2}, z=3)
show(c.new_child, m=None, z=3)
show(c.new_child, x=1)
show(c.new_child)
show(c.new_child, {"x": 1}, m={"y": 2})
m = {"k": 0}
d = c.new_child(m=m)
d["k"] = 5
print(json.dumps(m), d.maps[0] == m, len(d.maps))
