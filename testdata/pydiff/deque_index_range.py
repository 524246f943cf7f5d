# The CPython half of deque_index_range.star.
# deque.index(x, start, stop) searches d[start:stop] (test_deque's
# test_index and test_index_bug_24913), as CPython's.

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

d = deque(["a", "b", "c", "d", "e", "f", "g", "h", "c", "i", "j"])
show(d.index, "c")
show(d.index, "c", 3)
show(d.index, "c", -3)
show(d.index, "c", 0, 8)
show(d.index, "c", 3, 7)
show(d.index, "c", 0, 1)
show(d.index, "c", -100, 100)
show(d.index, "j", 5, -1)
show(d.index, "a", 1, 0)
# Every bound against a list's index.
n = 12
d = deque(range(n))
s = list(range(n))
bad = 0
for start in range(-2 * n, 2 * n):
    for stop in range(-2 * n, 2 * n):
        r1, e1 = catch(s.index, 6, start, stop)
        r2, e2 = catch(d.index, 6, start, stop)
        if r1 != r2 or bool(e1) != bool(e2):
            bad += 1
print("mismatches:", bad)
