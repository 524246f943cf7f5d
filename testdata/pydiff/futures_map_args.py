# The CPython half of futures_map_args.star.
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import set_start_method

def add(a, b):
    return a + b

def outcome(f, *args, **kwargs):
    try:
        return list(f(*args, **kwargs))
    except Exception as e:
        return type(e).__name__ + ": " + str(e)

if __name__ == "__main__":
    set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=2)
    print("chunksize=0", outcome(ex.map, add, [1], [2], chunksize=0))
    print("chunksize=-3", outcome(ex.map, add, [1], [2], chunksize=-3))
    print("chunksize=2", outcome(ex.map, add, [1, 2, 3], [10, 20], chunksize=2))
    print("no iterables", outcome(ex.map, add))
    print("no iterables, timeout", outcome(ex.map, add, timeout=1))
    print("submit without fn", outcome(lambda: [ex.submit()]))
    print("map without fn", outcome(ex.map))
    ex.shutdown()
