# The CPython half of start_cpu.star: N sequential start+join with the spawn
# start method, or the one named by $START_METHOD (fork).
# Usage: python3 start_cpu.py [N]
import multiprocessing
import os
import sys
from multiprocessing import Process


def noop():
    pass


if __name__ == "__main__":
    multiprocessing.set_start_method(os.environ.get("START_METHOD", "spawn"))
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 400):
        p = Process(target=noop)
        p.start()
        p.join()
