# The CPython half of deque_concat.star.
# deque + deque and deque * int (test_deque's test_add and test_mul): a
# new deque with the left operand's maxlen, as CPython's.

from collections import deque


class Err:
    def __init__(self, e):
        self.type = type(e).__name__
        self.message = str(e)


def catch(f, *args):
    try:
        return f(*args), None
    except Exception as e:
        return None, Err(e)

def show(f, *args):
    r, e = catch(f, *args)
    print(r if not e else e.type + ": " + e.message)

e = deque(["a", "b", "c"])
f = deque(["d", "e", "f"])
print(deque() + deque(), e + f, e + e, e + deque())
g = deque(["a", "b", "c", "d", "e", "f"], maxlen=4)
h = deque(["g", "h"])
print(g + h, h + g)
print(e, f, g, h)
show(lambda: e + ["d"])
show(lambda: e + (1, 2))
for n in [-10, -1, 0, 1, 2, 10]:
    print(n, deque() * n, e * n, n * e, deque(["a", "b", "c"], maxlen=5) * n)
print(len(deque([1, 2]) * 1000), deque([1, 2, 3], maxlen=4) * 1000000, deque([1], maxlen=0) * 3)
x = deque([1, 2])
x *= 2
print(x)
x = deque([1])
x += deque([2, 3])
print(x)
show(lambda: e * "2")
show(lambda: e * 1.5)
show(lambda: e * e)
