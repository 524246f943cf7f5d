# The CPython half of statistics_fsum.star.
import statistics
from errtext import et

NAN, INF = float("nan"), float("inf")
for d in [[pow(2, 53) + 1, 1], [1, 2.5, True], [INF, -INF], [10, NAN], [NAN, INF], [10, INF], [NAN, INF, -INF],
          [1e308, 1e308], [1e308, 1e308, -1e308], [1e308, -1e308, 1e308], [INF, 1e308, 1e308], [pow(10, 400)],
          [0.1] * 10, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50], [], ["a"], [1, None]]:
    print(et(statistics.fmean, d))
for d, w in [([1, 2], [INF, -INF]), ([1, 2], [1e308, 1e308]), ([INF, 1], [1, 1]), ([1, 2], [1, -1])]:
    print(et(statistics.fmean, d, w))
