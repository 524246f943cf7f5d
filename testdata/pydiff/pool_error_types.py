# The CPython half of pool_error_types.star.
from multiprocessing import Pool, set_start_method

def div(x):
    return 10 // x

def lookup(k):
    return {"a": 1}[k]

def errtype(f, *args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__
    return "no error"

if __name__ == "__main__":
    set_start_method("spawn")
    p = Pool(2)
    print("map", errtype(p.map, div, [1, 0, 2]))
    print("apply", errtype(p.apply, lookup, ("b",)))
    print("starmap", errtype(p.starmap, div, [(1,), ("x",)]))
    r = p.apply_async(div, (0,))
    r.wait()
    print("successful", r.successful(), errtype(r.get))
    got = []
    r = p.map_async(lookup, ["a", "zz"], error_callback=lambda e: got.append(type(e).__name__))
    r.wait()
    print("error_callback", len(got), got[0])
    p.close()
    p.join()
