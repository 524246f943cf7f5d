# A time tuple's fields are C ints and its year at least INT_MIN + 1900,
# with CPython's gettmarg errors; time.strftime refuses a NUL in its format
# (CPython's test_time: test_asctime, test_strftime).
import os, sys, time, logging
from errtext import show
def catch(f, *a):
    try:
        return f(*a), None
    except Exception as e:
        class E: pass
        x = E(); x.type = type(e).__name__; x.message = str(e)
        return None, x
for name, f in [("asctime", time.asctime), ("strftime", lambda t: time.strftime("%Y %y|", t)), ("mktime", time.mktime)]:
    for t in [(2147483647, 6, 1) + (0,) * 6, (-2147483648 + 1900, 6, 1) + (0,) * 6, (2147483647 + 1,) + (0,) * 8,
              (-2147483648 + 1900 - 1,) + (0,) * 8, (-2147483648 - 1,) + (0,) * 8, (2000, 2147483648) + (0,) * 7,
              (2000, 1, 1, 0, 0, 0, 0, 1, -2147483649)]:
        r, e = catch(f, t)
        print(name, t[0], t[1], t[8], ("! " + e.type + ": " + e.message) if e else (r if name != "mktime" else "ok"))
show("nul", time.strftime, "%S\0", time.gmtime(0))
show("nul only", time.strftime, "\0", time.gmtime(0))
show("nul now", time.strftime, "a\0b")
