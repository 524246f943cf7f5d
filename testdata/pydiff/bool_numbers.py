# The CPython half of bool_numbers.star.
from heapq import nlargest, nsmallest
from multiprocessing import Pool
from random import choices, gauss, seed, triangular, uniform, vonmisesvariate
from time import sleep

def sq(x):
    return x * x

def catch(f, *args):
    try:
        return (f(*args), None)
    except Exception as e:
        return (None, "%s: %s" % (type(e).__name__, e))

if __name__ == "__main__":
    import multiprocessing
    multiprocessing.set_start_method("spawn")
    print(sleep(False))
    seed(7)
    print(uniform(False, True), triangular(False, True), gauss(True, False), vonmisesvariate(True, False))
    print(choices([1, 2, 3], weights=[True, False, True], k=5))
    print(choices([1, 2], cum_weights=[False, True], k=3))
    p = Pool(True)
    print(p.apply(sq, (3,)))
    p.terminate()
    print(catch(Pool, False)[1])
    print(nlargest(True, [3, 1, 2]), nsmallest(False, [3, 1, 2]), nlargest(pow(2, 100), [3, 1, 2]), nsmallest(-1, [3, 1, 2]))
