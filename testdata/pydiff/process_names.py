# The CPython half of process_names.star.
import json
from multiprocessing import Process, Queue, current_process, set_start_method

def show(q):
    q.put(current_process().name)

if __name__ == "__main__":
    set_start_method("spawn")
    q = Queue()
    for name in ["a\0b", "line\nbreak", "quote'\"", "ünï ☃", "", "-x --procstar-child=y"]:
        p = Process(target=show, args=(q,), name=name)
        p.start()
        got = q.get()
        p.join()
        print(p.exitcode, json.dumps(got), got == name, json.dumps(p.name))
