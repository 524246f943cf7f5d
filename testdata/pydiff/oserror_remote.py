# The CPython half of oserror_remote.star.
import concurrent.futures
import os
import subprocess
from multiprocessing import Pool, set_start_method

def opener(path):
    open(path)

def mkdir(path):
    os.mkdir(path)

def rename(a, b):
    os.rename(a, b)

def failing():
    subprocess.check_output(["sh", "-c", "echo out; exit 3"])

def show(err):
    print(type(err).__name__, err.errno, err.strerror, err.filename)

def catch(f, *args):
    try:
        return f(*args), None
    except Exception as e:
        return None, e

if __name__ == "__main__":
    set_start_method("spawn")
    p = Pool(1)
    show(catch(p.apply, opener, ("/nonexistent/a",))[1])
    show(catch(p.apply, mkdir, ("/",))[1])
    show(catch(p.map, opener, ["/"])[1])
    r = p.apply_async(opener, ("/nonexistent/b",))
    r.wait()
    show(catch(r.get)[1])
    err = catch(p.apply, rename, ("/nonexistent/c", "/nonexistent/d"))[1]
    show(err)
    print(err.filename2)
    err = catch(p.apply, failing)[1]
    print(type(err).__name__, err.returncode, " ".join(err.cmd), len(err.output))
    p.close()
    p.join()
    ex = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=__import__("multiprocessing").get_context("spawn"))
    show(ex.submit(opener, "/nonexistent/e").exception())
    show(catch(ex.submit(mkdir, "/").result)[1])
    ex.shutdown()
