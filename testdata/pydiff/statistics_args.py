# statistics' arguments as CPython 3.12 takes them: data by name, fmean's
# weights= (3.11), quantiles' n=True (a bool is an int); a mean or variance
# past the float range is an OverflowError, not inf; the same program as
# statistics_args.star.
import statistics
from errtext import et

print(et(statistics.mean, data=[1, 2]))
print(et(statistics.fmean, data=[1, 2]))
print(et(statistics.median, data=[3, 1, 2]))
print(et(statistics.median_low, data=[1, 2]))
print(et(statistics.median_high, data=[1, 2]))
print(et(statistics.mode, data=[1, 2, 2]))
print(et(statistics.multimode, data=[1, 2]))
print(et(statistics.fmean, [1, 2, 3], weights=[1, 2, 3]))
print(et(statistics.fmean, [1, 2, 3], [0.25, 0.25, 0.5]))
print(et(statistics.fmean, [1.5, 2], weights=[True, False]))
print(et(statistics.fmean, [1, 2], weights=[0, 0]))
print(et(statistics.fmean, [1, 2], weights=[1]))
print(et(statistics.fmean, [1, float("inf")], weights=[1, 1]))
print(et(statistics.fmean, [1, 2], weights=None))
print(et(statistics.fmean, [0.1, 0.2, 0.3], weights=range(1, 4)))
print(et(statistics.quantiles, [1, 2, 3], n=True))
print(et(statistics.quantiles, [1, 2, 3], n=1.5))
print(et(statistics.mean, [10**400, 1]))
print(et(statistics.mean, [10**400, 0.5]))
print(et(statistics.pvariance, [1e308, -1e308]))
print(et(statistics.variance, [10**400, 0.5]))
print(et(statistics.mean, [10**400, 10**400]))
# n and method are keyword-only (CPython's TestQuantiles.test_error_cases)
print(et(statistics.quantiles, [10, 20, 30], 4))
print(et(statistics.quantiles, [10, 20, 30], 4, "inclusive"))
print(et(statistics.quantiles, [10, 20, 30], 13, n=4))
print(et(statistics.quantiles, [10, 20, 30], 13, n=4, method="inclusive"))
