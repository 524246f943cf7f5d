# datetime's strftime reads its format as a C string, as CPython's
# wrap_strftime does: it ends at a NUL (time.strftime refuses one).
import os, sys, time, logging
from datetime import date, datetime, timezone, time as dtime
from errtext import show
for v in [date(2000, 1, 2), datetime(2000, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc), dtime(1, 2)]:
    for f in ["%Y\0%m", "\0%Y", "%H:%M\0", "%z\0%Z", "%f\0x"]:
        show(f.replace("\0", "<NUL>"), lambda: "[" + v.strftime(f) + "]")
