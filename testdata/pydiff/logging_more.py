# The CPython half of logging_more.star.
import logging, os, sys
from errtext import err

if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, level="INFO", format="%(levelname)-8s|%(levelno)d|%(name)s|%(message)s")
    logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="ignored %(message)s")
    logging.debug("hidden: the second basicConfig did nothing")
    logging.info("%s has %d items (%.1f%%)", "queue", 3, 12.5)
    logging.warning("%(who)s said %(what)s", {"who": "worker", "what": "hi"})
    logging.log(25, "custom level %s", 25)
    logging.error("plain, args none")
    root = logging.getLogger()
    print(root.level, root.getEffectiveLevel(), root.name, logging.getLogger("root").name, root == logging.getLogger(""))
    a = logging.getLogger("app")
    ab = logging.getLogger("app.db")
    abc = ab.getChild("pool")
    print(abc.name, abc.getEffectiveLevel(), abc == logging.getLogger("app.db.pool"), root.getChild("x").name)
    a.setLevel("WARNING")
    print(ab.getEffectiveLevel(), ab.level, ab.isEnabledFor(logging.INFO), ab.isEnabledFor(30), root.isEnabledFor(20))
    ab.info("hidden: app is at WARNING")
    ab.warning("from %s", ab.name)
    ab.setLevel(logging.DEBUG)
    ab.debug("app.db at DEBUG")
    abc.log(15, "level 15 from the pool")
    print(logging.getLevelName(10), logging.getLevelName(15), logging.getLevelName("ERROR"), logging.getLevelName("WARN"), logging.getLevelName("nope"), logging.getLevelName(0))
    print(err(a.setLevel, "info"), err(a.setLevel, None), err(lambda: logging.basicConfig(stream=sys.stdout, filename="x", force=True)), err(lambda: logging.basicConfig(format="no fields", force=True)))
    # Unknown keywords fail after the handler is set.
    print(err(lambda: logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(message)s", force=True, foo=1, bar=2)))
    logging.exception("outside an except block")
    a.error("with exc_info", exc_info=True)
    a.critical("without")
    # A bad record goes to stderr as "--- Logging error ---"; the script goes on.
    logging.warning("%d items", "three")
    logging.warning("one %s", "two", "three")
    print("still running")
    logging.basicConfig(stream=sys.stdout, format="%(name)s:%(levelname)s:%(message)s", level=logging.WARNING, force=True)
    logging.info("hidden")
    a.warning("after force")
    # A file: filemode="w" truncates; the default "a" appends.
    path = "/tmp/procstar-logging-more-%d.log" % os.getpid()
    for mode in ["w", "w", "a"]:
        logging.basicConfig(filename=path, filemode=mode, format="%(levelname)s %(name)s %(message)s %(process)d", force=True)
        logging.getLogger("file").error("mode %s", mode)
    logging.shutdown()
    lines = open(path).read().split("\n")
    print(" | ".join([l.replace(" %d" % os.getpid(), " PID") for l in lines]))
    os.remove(path)
