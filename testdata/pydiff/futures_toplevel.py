# The CPython half of futures_toplevel.star.
import concurrent.futures
import multiprocessing
from multiprocessing import active_children, current_process

from errtext import et

multiprocessing.set_start_method("spawn", force=True)

# Made at the top level, without the main guard: each worker re-runs this
# line, which starts no process.
EX = concurrent.futures.ProcessPoolExecutor(2)

def f(x):
    return x * 10

def where(_):
    return current_process().name.startswith("Spawn")

if __name__ == "__main__":
    print("no worker yet:", active_children())
    print(list(EX.map(f, range(4))), EX.submit(where, 0).result())
    EX.shutdown()
    unused = concurrent.futures.ProcessPoolExecutor(1)
    print("unused:", active_children(), et(unused.shutdown), et(unused.submit, f, 1))
    print(et(concurrent.futures.ProcessPoolExecutor, 1, None, 5))
    print(et(concurrent.futures.ProcessPoolExecutor, 0))
