# The CPython half of os_errors.star.
import os

from errtext import err

if __name__ == "__main__":
    print(err(open, "/nonexistent-dir/x.txt"))
    print(err(open, "/nonexistent-dir/x.txt", "w"))
    print(err(open, "/"))
    print(err(open, "/", "w"))
    print(err(open, "os_errors.py/x"))
    print(err(os.kill, 2147483647, 0))
