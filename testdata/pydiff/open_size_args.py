# The CPython half of open_size_args.star.
import json, os

def attempt(f, m, a):
    f.seek(0)
    try:
        r = getattr(f, m)(a)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return json.dumps([str(x) for x in r] if type(r) == list else str(r))

if __name__ == "__main__":
    path = "/tmp/procstar-pydiff-open-size-%d.txt" % os.getpid()
    f = open(path, "w")
    f.write("ab\ncd\n")
    f.close()
    for mode in ["rb", "r"]:
        f = open(path, mode)
        for m in ["read", "readline", "readlines"]:
            for a in [True, False, None, 2, "1", 1.0, [1]]:
                if mode == "r" and m == "readline" and type(a) in [str, float, list, type(None)]:
                    continue  # CPython 3.11's text readline takes ints only
                print(mode, m, a, attempt(f, m, a))
        f.close()
    os.remove(path)
