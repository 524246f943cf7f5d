# Methods that take no arguments refuse them with CPython's METH_NOARGS
# errors, naming the type ("date.weekday() takes no arguments (1 given)",
# "... takes no keyword arguments"); timedelta.total_seconds took any
# (CPython's TestTimeTZ.test_zones: t.utcoffset("no args")).
import os, sys, time, logging
from datetime import date, datetime, timedelta, timezone, time as dtime
from errtext import show
d = date(2000, 1, 1)
dt = datetime(2000, 1, 1, tzinfo=timezone.utc)
t = dtime(1, tzinfo=timezone.utc)
for name, f in [("d.isoformat", d.isoformat), ("d.ctime", d.ctime), ("d.weekday", d.weekday), ("d.isoweekday", d.isoweekday),
                ("d.toordinal", d.toordinal), ("d.isocalendar", d.isocalendar), ("d.timetuple", d.timetuple),
                ("dt.weekday", dt.weekday), ("dt.isocalendar", dt.isocalendar), ("dt.utcoffset", dt.utcoffset), ("dt.dst", dt.dst),
                ("dt.tzname", dt.tzname), ("dt.timestamp", dt.timestamp), ("dt.date", dt.date), ("dt.time", dt.time),
                ("dt.timetz", dt.timetz), ("dt.ctime", dt.ctime), ("dt.timetuple", dt.timetuple), ("dt.utctimetuple", dt.utctimetuple),
                ("t.utcoffset", t.utcoffset), ("t.dst", t.dst), ("t.tzname", t.tzname), ("date.today", date.today),
                ("datetime.today", datetime.today), ("td.total_seconds", timedelta(1).total_seconds)]:
    show(name, f, 1)
    show(name + " kw", f, x=1)
    show(name + " both", f, 1, x=1)
