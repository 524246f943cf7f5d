# The CPython half of operator_type_names.star.
# operator's errors name Python's str type (test_operator's test_index,
# test_getitem, test_itemgetter, test_methodcaller), not Starlark's 'string'.
from operator import index, getitem, itemgetter, methodcaller, attrgetter


def show(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


show(index, "a")
show(index, 4.5)
show(getitem, "abc", "x")
show(getitem, [1, 2], "x")
show(getitem, (1, 2), "x")
show(itemgetter("name"), "ABCDE")
show(itemgetter(1, "a"), [1, 2])
show(getitem, "abc", 1)
show(methodcaller("foo"), "a")
show(attrgetter("foo"), "a")
