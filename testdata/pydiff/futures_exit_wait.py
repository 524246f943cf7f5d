# The CPython half of futures_exit_wait.star.
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

def sleep_and_print(t, msg):
    time.sleep(t)
    print(msg, flush=True)
    return msg

def done(f):
    print("callback:", f.result(), flush=True)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    never_shut = ProcessPoolExecutor(max_workers=1)
    never_shut.submit(sleep_and_print, 0.3, "apple").add_done_callback(done)
    never_shut.submit(sleep_and_print, 0.3, "banana")
    no_wait = ProcessPoolExecutor(max_workers=1)
    no_wait.submit(sleep_and_print, 1.2, "cherry")
    no_wait.shutdown(wait=False)
    print("end of script", flush=True)
