# The CPython half of collections_dict_union.star.
# d | other and other | d for a defaultdict or an OrderedDict and a dict
# (test_defaultdict's test_union, test_ordered_dict's test_merge_operator):
# the result has the collection's type (a defaultdict keeps its factory).
import json
from collections import defaultdict, OrderedDict


def show(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))

i = defaultdict(int, {1: 1, 2: 2})
s = defaultdict(str, {0: "zero", 1: "one"})
i_s = i | s
print(i_s.default_factory == int, i_s)
s_i = s | i
print(s_i.default_factory == str, s_i)
print(i | dict(s))
print(dict(s) | i, (dict(s) | i).default_factory == int)
show(lambda: i | list(s.items()))
show(lambda: list(s.items()) | i)
print(i, s)
i |= s
print(i)
a = OrderedDict([("a", 1), ("b", 2), ("c", 3)])
b = OrderedDict([("c", 30), ("d", 4), ("a", 10)])
for r in [a | b, b | a, a | {"e": 5, "a": 0}, {"e": 5, "a": 0} | a, a | i, i | a]:
    print(type(r) == type(a), type(r) == type(i), json.dumps(list(r.items())))
show(lambda: a | [("x", 1)])
print(json.dumps(list(a.items())), json.dumps(list(b.items())))
a |= {"z": 26}
print(json.dumps(list(a.items())))
