# bisect with hi past the end fails with IndexError as Python's a[mid] does
# (it crashed procstar), and lo/hi take a bool as an int; the same program as
# bisect_bounds.star.
import bisect
from errtext import et

print(et(bisect.bisect_left, [1, 2], 1, 0, 10))
print(et(bisect.bisect_right, [1, 2], 5, hi=3))
print(et(bisect.bisect_right, (1, 2), 5, hi=3))
print(et(bisect.bisect_left, [1, 2], 2, hi=2))
l = [1, 2]
print(et(bisect.insort, l, 9, hi=4), l)
print(et(bisect.bisect_right, [1, 2, 2, 3], 2, lo=True))
print(et(bisect.bisect_right, [1, 2, 2, 3], 2, hi=True))
print(et(bisect.bisect_left, [1, 2], 1.5, hi=1.0))
