# datetime.isoformat's sep is one character (CPython's "C" format, its error
# naming argument 1 even as a keyword); timezone's name is a str, never None;
# argument errors name None as "None", as CPython's do.
import os, sys, time, logging
from datetime import date, datetime, timedelta, timezone, time as dtime
from errtext import show
d = datetime(2024, 1, 2, 3, 4, 5, 6)
for sep in ["T", " ", "", "ab", "é", "\u00e9x", 1, None, b"T"]:
    show(str(sep), d.isoformat, sep)
    show(str(sep), d.isoformat, sep=sep)
show("spec", d.isoformat, "x", "milliseconds")
show("spec bad", d.isoformat, "x", "nanoseconds")
show("combine none", datetime.combine, None, dtime())
show("combine none2", datetime.combine, date(2024, 1, 1), None)
show("tz none", timezone, None)
show("tz name none", timezone, timedelta(0), None)
show("strptime none", datetime.strptime, None, "%Y")
