# FileHandler encodings: the same program as logging_file_encoding.star.
import logging, os
def E(f, *a, **k):
    try:
        return f(*a, **k)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
fn = "/tmp/procstar-logging-enc-%d.log" % os.getpid()
h = logging.FileHandler(fn)
print(h.encoding, h.errors, h.stream.encoding)
h.close()
logging.basicConfig(filename=fn, format='%(message)s')
h = logging.root.handlers[0]
print(h.encoding, h.errors, h.stream.encoding)
logging.error('😂: ☃️: The Øresund')
h.close()
logging.root.handlers = []
for enc, errs in [("ascii", "strict"), ("ascii", None), ("latin-1", None), ("latin-1", "replace"), ("ascii", "backslashreplace"), ("ascii", "nope")]:
    h = logging.FileHandler(fn, "w", encoding=enc, errors=errs)
    h.setFormatter(logging.Formatter('%(message)s'))
    print(enc, errs, h.encoding, h.errors, h.stream.encoding)
    h.handle(logging.makeLogRecord({"msg": "Øresund ok"}))
    h.handle(logging.makeLogRecord({"msg": "plain"}))
    h.close()
    print(repr(open(fn, "rb").read()))
print(open(fn).read())
print(E(logging.FileHandler, fn, encoding="nope"))
print(E(logging.FileHandler, fn, encoding=5))
print(E(logging.FileHandler, fn, errors=5))
os.remove(fn)
