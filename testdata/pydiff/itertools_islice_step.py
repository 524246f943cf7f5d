# The CPython half of itertools_islice_step.star.
# islice with a step past stop (up to sys.maxsize) reads no further than
# stop, as CPython's, which clamps the next index to stop
# (test_itertools' test_islice: islice(count(), 1, 10, maxsize)).
from itertools import count, islice

maxsize = (1 << 63) - 1
print(list(islice(count(), 1, 10, maxsize)))
print(list(islice(count(), 0, 10, maxsize)), list(islice(count(), 5, 6, maxsize)))
c = count()
print(list(islice(c, 1, 3, 50)), next(c))
c = count()
print(list(islice(c, 0, 3, 3)), next(c))
c = count()
print(list(islice(c, 2, 9, 4)), next(c))
c = count()
print(list(islice(c, 0, 20, maxsize)), next(c))
print(list(islice(range(100), 3, 20, 5)), list(islice(range(100), 10, 3)))
