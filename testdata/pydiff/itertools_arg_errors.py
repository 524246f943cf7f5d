# The CPython half of itertools_arg_errors.star.
# Argument errors of itertools as CPython's (test_itertools'
# test_accumulate, test_repeat, test_tee, test_product): accumulate's
# initial is keyword-only, and a bad count names Python's type 'str'.
from itertools import accumulate, repeat, tee, product
from operator import add


def show(f, *args, **kwargs):
    try:
        print(list(f(*args, **kwargs)))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))

show(accumulate, [1, 2], add, 3)
show(accumulate, [1, 2], add, initial=3)
show(accumulate, [1, 2], None, initial=10)
show(repeat, None, "a")
show(tee, [1], "x")
show(product, [1], repeat="2")
show(repeat, 1, 2.0)
