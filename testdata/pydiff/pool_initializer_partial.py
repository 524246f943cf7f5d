# The CPython half of pool_initializer_partial.star.
import concurrent.futures
import functools
import json
from multiprocessing import Pool, set_start_method

SEEN = []

def init(*a):
    SEEN.append(a)

def seen(x):
    return [x, SEEN[0]]

if __name__ == "__main__":
    set_start_method("spawn")  # procstar always spawns
    pool = Pool(1, functools.partial(init, "p", [1, (2,)]), (3,))
    print(json.dumps(pool.apply(seen, ("task",))))
    pool.close()
    pool.join()
    ex = concurrent.futures.ProcessPoolExecutor(1, initializer=functools.partial(init, "e"), initargs=(4,))
    print(json.dumps(ex.submit(seen, "future").result()))
    ex.shutdown()
