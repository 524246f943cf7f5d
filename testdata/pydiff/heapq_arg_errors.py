# The CPython half of heapq_arg_errors.star.
# heapq's errors for a heap that is not a list are CPython's texts
# (test_heapq's test_push_pop, test_heapify, test_heapreplace): "argument"
# alone for a one-argument function, and None by name.
from heapq import heappush, heappop, heapify, heappushpop, heapreplace


def show(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))


for bad in [None, (1,), 5]:
    show(heappush, bad, 1)
    show(heappop, bad)
    show(heapify, bad)
    show(heappushpop, bad, 1)
    show(heapreplace, bad, 1)
