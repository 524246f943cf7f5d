# The CPython half of futures_map_iterable_error.star.
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from errtext import et

def sqr(x):
    return x * x

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=2)
    print("map:", et(ex.map, sqr, map(int, ["1", "2", "x", "4"])))
    print("second iterable:", et(ex.map, pow, [1, 2, 3], map(int, ["2", "x"])))
    print("goes on:", list(ex.map(sqr, map(int, ["1", "2", "3"]))))
    ex.shutdown()
