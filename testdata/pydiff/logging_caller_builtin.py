# A record's caller through a builtin: the same program as
# logging_caller_builtin.star, E calling f on the line where that one
# calls catch.
import logging, sys
def E(f, *a, **k):
    try: return f(*a, **k)
    except Exception: return None
h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter("%(funcName)s %(lineno)d %(module)s %(message)s"))
lg = logging.getLogger("fc")
lg.addHandler(h)
def wrapper():
    E(lg.error, "called by catch: the caller is E")
wrapper()
def g(x):
    lg.warning("sorted calls g: the caller is g, %d", x)
    return x
def main():
    sorted([2, 1], key=g)
    E(lg.warning, "stacklevel 2 through catch: main", stacklevel=2)
    E(logging.warning, "the root logger through catch: E")
main()
