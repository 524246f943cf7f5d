# The CPython half of logging_std.star.
import logging, os
from multiprocessing import Process, set_start_method

path = "/tmp/procstar-logging-%d.log" % (os.getppid() if __name__ != "__main__" else os.getpid())
logging.basicConfig(filename=path, level=logging.DEBUG, format="%(asctime)s|%(levelname)s|%(name)s|%(processName)s|%(message)s")
log = logging.getLogger("app.worker")

def work(n):
    for i in range(200):
        log.info("line %d of %d %s", i, n, "x" * 50)

if __name__ == "__main__":
    set_start_method("spawn")
    log.debug("main starts")
    logging.getLogger("app").setLevel(logging.INFO)
    log.debug("hidden: app is at INFO")
    print(log.getEffectiveLevel(), logging.getLogger("app").level, logging.getLogger().getEffectiveLevel())
    ps = [Process(target=work, args=(n,)) for n in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    logging.getLogger("app").warning("done")
    lines = open(path).read().split("\n")
    print(len(lines), lines[-1] == "")
    good = 0
    for line in lines[:-1]:
        f = line.split("|")
        if len(f) == 5 and len(f[0]) == 23 and (f[4].startswith("line ") and len(f[4].split(" ")) == 5 or f[4] in ("main starts", "done")):
            good += 1
    print("well-formed", good)
    print(", ".join(lines[0].split("|")[1:]))
    print(", ".join(lines[-2].split("|")[1:]))
    os.remove(path)
