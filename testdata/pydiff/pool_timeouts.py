# The CPython half of pool_timeouts.star.
import time
from multiprocessing import Pool, set_start_method

def slow(x):
    time.sleep(x)
    return x

def show(f, *args):
    try:
        r = f(*args)
    except Exception as e:
        return "%s message of %d characters" % (type(e).__name__, len(str(e)))
    return "ok %r" % (r,)

if __name__ == "__main__":
    set_start_method("spawn")
    p = Pool(1)
    r = p.apply_async(slow, (1.0,))
    print("get", show(r.get, 0.05))
    print("ready", r.ready())
    print("get", show(r.get, 60))
    it = p.imap(slow, [1.0, 0])
    print("next", show(it.next, 0.05))
    print("next", show(it.next, 60))
    print("next", show(it.next, 60))
    m = p.map_async(slow, [0.5])
    print("map_async", show(m.get, 0.01), show(m.get, 60))
    p.close()
    p.join()
