# logging.getLogger("multiprocessing") is multiprocessing.get_logger(): one
# level, one set of handlers (log_to_stderr's among them), one propagate,
# and the parent of "multiprocessing.x".
import logging
import sys
from multiprocessing import Process, get_logger, log_to_stderr, set_start_method


def work(sent):
    lg = logging.getLogger("multiprocessing")
    print("sent logger:", sent == lg, sent.name, len(sent.handlers))
    print("child level", lg.level, lg.getEffectiveLevel(), "propagate", bool(lg.propagate), "handlers", len(lg.handlers))
    lg.warning("child warning")


if __name__ == "__main__":
    set_start_method("spawn")
    lg = logging.getLogger("multiprocessing")
    print("before get_logger: propagate", lg.propagate, "handlers", len(lg.handlers))
    mp = get_logger()
    print("same:", lg == mp, lg.name, mp.name)
    print("propagate after get_logger", bool(lg.propagate), bool(mp.propagate))
    lg.setLevel(logging.INFO)
    print("levels", mp.level, mp.getEffectiveLevel(), lg.level)
    mp.setLevel(logging.ERROR)
    print("levels", lg.level, lg.getEffectiveLevel(), lg.isEnabledFor(logging.WARNING))
    child = logging.getLogger("multiprocessing.sub")
    print("child of it:", child.parent == mp, child.getEffectiveLevel())
    l2 = log_to_stderr(logging.WARNING)
    print("log_to_stderr:", l2 == lg, len(lg.handlers), len(mp.handlers), lg.level)
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("stdout: %(name)s %(levelname)s %(message)s"))
    lg.addHandler(h)
    mp.warning("via get_logger %d", 1)
    lg.warning("via getLogger %d", 2)
    child.error("from the child logger")
    mp.info("hidden")
    print("hasHandlers", mp.hasHandlers(), len(mp.handlers))
    mp.removeHandler(h)
    lg.propagate = True
    print("propagate", bool(mp.propagate))
    p = Process(target=work, args=(mp,))
    p.start()
    p.join()
    print("exitcode", p.exitcode)
    lg.handlers.clear()
    lg.warning("no handler: the last resort")
