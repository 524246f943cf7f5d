# fromisoformat of a string of the right form with a field out of range is
# the constructor's error (the date's before the time's), an offset of a
# day or more timezone's, its fields not checked one by one (+23:60 is a
# day); fromisocalendar takes keywords, its errors CPython's (CPython's
# TestDate test_fromisoformat_fails, test_fromisocalendar_value_errors).
import os, sys, time, logging
from datetime import date, datetime, time as dtime
from errtext import show
for s in ["2009-01-32", "2009-02-29", "0000-01-01", "2009-00-10", "20090230", "2019-W53-1", "2009-01-01x"]:
    show("date " + s, date.fromisoformat, s)
for s in ["2009-02-29T25:00", "0000-01-01T00:00", "2009-13-01T00:00", "2009-01-01T24:00", "2009-02-30T10:61",
          "2009-02-30Tx", "2009-02-30T10:00+25:00", "2009-02-28T10:00+23:60", "2009-02-28T10:00-24:00",
          "2009-02-28T10:00+99:99:99", "2009-02-28T10:00+23:59:59.999999", "2009-02-28T10:00+0530",
          "2009-02-30 10:00:00.123456+05:00", "2009-02-28T10:00:60", "0000-01-01", "2009-02-28T10:00+05:00Z"]:
    show(s, datetime.fromisoformat, s)
for s in ["10:00+25:00", "25:00+01:00", "10:00+23:60", "10:00:61-05:00"]:
    show("time " + s, dtime.fromisoformat, s)
for ic in [(2019, 1, 0), (2019, 1, 8), (2019, 0, 1), (2019, 53, 1), (0, 1, 1), (10000, 1, 1), (9999999, 1, 1),
           (2 << 32, 1, 1), (2019, 2 << 32, 1), (2019, 1, -(2 << 32)), (9999, 52, 6), (9999, 52, 5), (2020, 53, 7)]:
    show("fromisocalendar " + str(ic), date.fromisocalendar, *ic)
    show("datetime.fromisocalendar " + str(ic), datetime.fromisocalendar, *ic)
show("kw", date.fromisocalendar, year=2019, week=1, day=1)
show("kw datetime", datetime.fromisocalendar, 2019, day=3, week=2)
show("missing", date.fromisocalendar, 2019, 1)
show("missing kw", date.fromisocalendar, year=2019, day=1)
show("none", date.fromisocalendar, 2019, None, 1)
show("float", date.fromisocalendar, 2019, 1, 1.0)
