# The CPython half of functools_reduce_str.star.
# reduce over a str reduces its characters, as CPython's (test_functools'
# TestReduce.test_reduce: reduce(42, "1") == "1"), and as itertools and
# collections take a str here.
from functools import reduce


def show(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


def add(x, y):
    return x + y


show(reduce, 42, "1")
show(reduce, 42, "", "1")
show(reduce, add, "")
show(reduce, add, "abc")
show(reduce, add, "héllo", ">")
show(reduce, add, 42)
