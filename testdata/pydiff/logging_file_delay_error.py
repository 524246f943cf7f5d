# FileHandler(delay=True) open errors: the same program as
# logging_file_delay_error.star.
import logging, os, sys
def E(f, *a, **k):
    try:
        return f(*a, **k)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
h = logging.FileHandler("/nonexistent-dir/x.log", delay=True)
lg = logging.getLogger("d")
lg.addHandler(h)
out = logging.StreamHandler(sys.stdout)
lg.addHandler(out)
print(E(lg.error, "x: the open error is the caller's; the handlers after it do not run"))
print(E(h.handle, logging.makeLogRecord({"msg": "y"})))
lg.removeHandler(h)
lg.error("the other handler")
path = "/tmp/procstar-logging-delay-%d.log" % os.getpid()
h2 = logging.FileHandler(path, delay=True, encoding="nope")
print(E(h2.handle, logging.makeLogRecord({"msg": "y"})), os.path.exists(path))
h3 = logging.FileHandler(path, delay=True)
lg.addHandler(h3)
lg.error("opened on the first record")
h3.close()
print(open(path).read().strip())
os.remove(path)
