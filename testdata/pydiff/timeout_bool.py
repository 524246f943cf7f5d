# The CPython half of timeout_bool.star.
import concurrent.futures
import multiprocessing
import subprocess
import time
from multiprocessing import Pool, Process

def catch(f, *args, **kwargs):
    try:
        return (f(*args, **kwargs), None)
    except Exception as e:
        return (None, e)

def nap():
    time.sleep(0.3)

def sq(x):
    return x * x

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    p = Process(target=nap)
    p.start()
    print(catch(p.join, False), p.is_alive())
    print(catch(p.join, True)[1])  # accepted; how long it waits is not asserted
    p.join()
    print(p.exitcode)
    pool = Pool(1)
    r = pool.apply_async(sq, (3,))
    print(catch(r.get, True), catch(r.wait, True), catch(r.get, False))
    print(catch(pool.map_async(sq, [1, 2]).get, True))
    it = pool.imap(sq, [4])
    print(catch(it.next, True))
    pool.close()
    pool.join()
    print(catch(subprocess.run, ["true"], timeout=True)[0].returncode)
    ex = concurrent.futures.ProcessPoolExecutor(1)
    f = ex.submit(sq, 5)
    f.result()  # done: as_completed's timeout cannot expire, however loaded the machine
    print([x.result() for x in concurrent.futures.as_completed([f], timeout=True)])
    ex.shutdown()
