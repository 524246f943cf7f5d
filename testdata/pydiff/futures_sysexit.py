# The CPython half of futures_sysexit.star.
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, wait, FIRST_EXCEPTION

def leave(code):
    sys.exit(code)

def leave_quietly():
    sys.exit()

def pid():
    return os.getpid()

def describe(e):
    return "%s [%s] code=%s" % (type(e).__name__, e, e.code)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ex = ProcessPoolExecutor(max_workers=1)
    first = ex.submit(pid).result()
    f = ex.submit(leave, 3)
    print("exception:", describe(f.exception()))
    print("message:", describe(ex.submit(leave, "bye").exception()))
    print("no code:", describe(ex.submit(leave_quietly).exception()))
    print("the same worker goes on:", ex.submit(pid).result() == first)
    done, not_done = wait([f, ex.submit(pid)], return_when=FIRST_EXCEPTION)
    print("wait:", f in done)
    print("result() ends the script with the task's status")
    f.result()
    print("not reached")
