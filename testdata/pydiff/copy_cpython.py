# The CPython half of copy_cpython.star: CPython 3.12's Lib/test/test_copy.py, ported for the values Starlark has
# (no classes, so no __copy__/__reduce__/__getstate__ tests). Identity is
# observed by mutation: "y is not x" mutates y and reads x, "y[0] is y[1]"
# mutates y[0] and reads y[1].
import collections, copy
from errtext import err

def global_foo(x, y):
    return x + y

if __name__ == "__main__":
    # test_copy_basic, test_copy_atomic, test_deepcopy_basic, test_deepcopy_atomic
    f = lambda: None
    for x in [None, 42, pow(2, 100), 3.14, True, False, "hello", b"world", max, global_foo, f, (1, 2), ()]:
        print(repr(x) if not callable(x) or x is max else x == global_foo, copy.copy(x) == x, copy.deepcopy(x) == x)
    # test_copy_list, test_copy_dict, test_copy_set
    for x in [[1, 2, 3], [], {"foo": 1, "bar": 2}, {}, set([1, 2, 3]), set()]:
        y = copy.copy(x)
        eq = y == x
        if isinstance(y, list):
            y.append(9)
        elif isinstance(y, dict):
            y["new"] = 9
        else:
            y.add(9)
        print(type(x).__name__, eq, len(x), len(y))
    # test_copy_tuple: a tuple is its own copy, even with a list inside
    x = (1, 2, 3, [])
    y = copy.copy(x)
    y[3].append(1)
    print(x, y)
    # test_deepcopy_memo
    x = []
    x = [x, x]
    y = copy.deepcopy(x)
    print(y == x)
    y[0].append(1)
    print(x, y)
    # test_deepcopy_list, test_deepcopy_tuple, test_deepcopy_dict
    x = [[1, 2], 3]
    y = copy.deepcopy(x)
    y[0].append(4)
    print(x, y)
    x = ([1, 2], 3)
    y = copy.deepcopy(x)
    y[0].append(4)
    print(x, y, y == ([1, 2, 4], 3))
    x = {"foo": [1, 2], "bar": 3}
    y = copy.deepcopy(x)
    y["foo"].append(4)
    print(x, y)
    # test_deepcopy_empty_tuple, test_deepcopy_tuple_of_immutables
    print(copy.deepcopy(()), copy.deepcopy(((1, 2), 3)))
    # test_deepcopy_reflexive_list
    x = []
    x.append(x)
    y = copy.deepcopy(x)
    print(len(y))
    y[0].append(5)
    print(len(x), len(y), y[1])
    # test_deepcopy_reflexive_tuple
    x = ([],)
    x[0].append(x)
    y = copy.deepcopy(x)
    y[0].append(6)
    print(len(x[0]), len(y[0]), len(y[0][0][0]))
    # test_deepcopy_reflexive_dict
    x = {}
    x["foo"] = x
    y = copy.deepcopy(x)
    y["foo"]["bar"] = 7
    print(len(x), len(y), sorted(y.keys()))
    # test_deepcopy_keepalive / dont_memo_immutable: memo= is accepted
    memo = {}
    print(copy.deepcopy([1, 2, 3, 4], memo), copy.deepcopy([(1, 2)], memo))
    # test_copy_function, test_deepcopy_function
    def foo(x, y):
        return x + y
    bar = lambda: None
    print(copy.copy(global_foo) == global_foo, copy.copy(foo) == foo, copy.copy(bar) == bar)
    print(copy.deepcopy(global_foo) == global_foo, copy.deepcopy(foo) == foo, copy.deepcopy(bar) == bar)
    # nested sharing across a dict and a list
    shared = [1]
    x = {"a": shared, "b": [shared, (shared,)]}
    y = copy.deepcopy(x)
    y["a"].append(2)
    print(x, y)
    # collections' containers: copy gives a new one, deepcopy copies its values
    c = collections.Counter("aab")
    d = collections.defaultdict(list)
    d["k"].append(1)
    dq = collections.deque([[1], 2], 5)
    od = collections.OrderedDict(a=[1])
    cm = collections.ChainMap({"a": 1}, {"b": 2})
    c2 = copy.copy(c)
    c2["z"] = 1
    d2 = copy.copy(d)
    d2["q"].append(2)
    d2["k"].append(3)
    dq2 = copy.copy(dq)
    dq2.append(9)
    dq2[0].append(4)
    od2 = copy.copy(od)
    od2["n"] = 2
    cm2 = copy.copy(cm)
    cm2["c"] = 3
    print(c, d, dq, dict(od), cm)
    print(c2, d2, dq2, dict(od2), cm2)
    x = [d, dq, od, d, c]
    y = copy.deepcopy(x)
    y[0]["k"].append(5)
    y[0]["new"].append(6)
    y[1][0].append(7)
    y[2]["a"].append(8)
    y[4]["b"] += 10
    print(*["collections." + type(v).__name__ for v in (y[0], y[1], y[2], y[4])], y[1].maxlen, y[0].default_factory == list)
    print(x[0], x[1], dict(x[2]), x[4])
    print(y[0], y[1], dict(y[2]), y[3] == y[0], y[3]["new"], y[4])
    print(list(y[2].keys()), list(copy.deepcopy(collections.OrderedDict([("z", 1), ("a", 2)])).keys()))
    # arguments
    print(err(copy.copy), err(copy.deepcopy))
