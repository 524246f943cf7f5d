# The CPython half of process_close_self.star.
import os
from multiprocessing import Process, current_process, parent_process, set_start_method

from errtext import et

def exitcode(p):
    return p.exitcode

def pid_is_mine(p):
    return p.pid == os.getpid()

def child():
    me = current_process()
    print("child close:", et(me.close))
    print("child exitcode:", et(exitcode, me), et(exitcode, current_process()))
    print("child pid:", et(pid_is_mine, me))
    print("child is_alive:", et(me.is_alive))
    print("child name:", me.name, "closed>" in repr(me))
    pp = parent_process()
    print("parent close:", et(pp.close), et(exitcode, pp), et(pp.is_alive), et(pp.join, 0))

if __name__ == "__main__":
    set_start_method("spawn")
    me = current_process()
    # _MainProcess.close does nothing: the root's object stays usable.
    print("root close:", et(me.close), et(me.close))
    print("root exitcode:", et(exitcode, me))
    print("root pid:", et(pid_is_mine, me), et(pid_is_mine, current_process()))
    print("root is_alive:", et(me.is_alive))
    print("root repr:", repr(me))
    p = Process(target=child)
    p.start()
    p.join()
    print("child exitcode", p.exitcode)
