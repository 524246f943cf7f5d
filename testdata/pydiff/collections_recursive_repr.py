# The CPython half of collections_recursive_repr.star.
# A collection that holds itself writes a placeholder in its repr, as
# CPython's, instead of overflowing the stack.
from collections import deque, OrderedDict, defaultdict, ChainMap

d = deque([0, 1, 2])
d.append(d)
print(d)
d = deque()
d.append([d])
print(d)
od = OrderedDict()
od["x"] = od
od["y"] = [od]
# 3.12 writes OrderedDict({'x': ..., 'y': [...]}), 3.11 a list of pairs.
print("..." in repr(od), "[...]" in repr(od))
dd = defaultdict(list)
dd["a"] = dd
print(dd)
cm = ChainMap()
cm["a"] = cm
print(cm)
print([deque([1]), ChainMap({"a": 1})])
