# The CPython half of mp_start_method_args.star.
from errtext import et
import multiprocessing
from multiprocessing import *

if __name__ == "__main__":
    set_start_method("spawn")
    for f in [multiprocessing.get_context, get_context, multiprocessing.set_start_method, set_start_method,
              multiprocessing.get_start_method, get_start_method, multiprocessing.get_all_start_methods, get_all_start_methods]:
        print(et(f, 1, 2, 3), "|", et(f, bogus=1))
    print(et(set_start_method), "|", et(set_start_method, force=True), "|", et(set_start_method, "spawn", method="spawn"))
    print(et(get_context, "spawn", method="spawn"), "|", et(get_start_method, 1, 2), "|", et(get_all_start_methods, 1))
    print(et(set_start_method, method="spawn", force=True), "|", get_start_method(allow_none=True), "|", et(get_context, method="nope"))
