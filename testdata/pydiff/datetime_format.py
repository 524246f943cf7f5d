# str.format with a spec formats a date, time or datetime with strftime,
# as their __format__ does (CPython's test_format); an empty spec is str(),
# and a timedelta or timezone has no __format__ of its own.
import os, sys, time, logging
from datetime import date, datetime, timedelta, timezone, time as dtime
def type(v):
    return "datetime." + v.__class__.__name__
from errtext import show
dt = datetime(2007, 9, 10, 4, 5, 1, 123)
for v in [dt, date(2007, 9, 10), dtime(4, 5, 1, 123), dt.replace(tzinfo=timezone(timedelta(hours=-3), "X"))]:
    for f in ["{}", "{:m:%m d:%d y:%y}", "{:m:%m d:%d y:%y H:%H M:%M S:%S}", "{:%z %Z %f}", "{:>20}", "{:%%}", "{0:{1}}"]:
        show(type(v) + " " + f, f.format, v, "%Y")
show("timedelta", "{:x}".format, timedelta(1))
show("timedelta empty", "{}".format, timedelta(1))
show("timezone", "{:x}".format, timezone.utc)
show("repr spec", "{!r:%Y}".format, date(2000, 1, 1))
