# statistics side by side with CPython.
import statistics

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(r)

sets = [[1, 2, 3, 4], [1, 2, 3], [2.5, 3.25, 5.75], [1, 2.5, 3], [0.1, 0.2, 0.3], [10, 20, 30, 40, 50, 60, 70],
        [1e300, 1e300], [-5, 5, 7, 100, 3, 3], [True, False, True], [1.5], [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]]
for d in sets:
    print(d, statistics.mean(d), statistics.fmean(d), statistics.median(d), statistics.median_low(d), statistics.median_high(d), statistics.mode(d), statistics.multimode(d))
    if len(d) > 1:
        print("  ", statistics.variance(d), statistics.stdev(d), statistics.pvariance(d), statistics.pstdev(d), statistics.quantiles(d), statistics.quantiles(d, n=10, method="inclusive"))
print(statistics.variance([1, 2, 3, 4], 2), statistics.pvariance([1, 2, 3, 4], mu=2.5), statistics.mean([1, 2, 4]), statistics.median([5, 1, 3, 2]))
times = [0.731, 0.712, 0.698, 0.745, 0.701, 0.733]
print("mean %.4f stdev %.4f median %.4f" % (statistics.mean(times), statistics.stdev(times), statistics.median(times)))
show(statistics.mean, [])
show(statistics.median, [])
show(statistics.variance, [1])
show(statistics.pstdev, [])
show(statistics.mode, [])
show(statistics.quantiles, [1, 2], n=0)
show(statistics.quantiles, [1, 2], method="x")
show(statistics.mean, ["a"])
print("|".join(statistics.multimode("aabbbcccd")), statistics.mode("abcab"))
show(statistics.quantiles, [7])
