# date, time and datetime strftime take format by keyword too, with the
# errors of CPython's argument parsing (CPython's TestDate.test_strftime:
# t.strftime(format="%f"), t.strftime(), t.strftime("one", "two"),
# t.strftime(42)).
import os, sys, time, logging
from datetime import date, datetime, time as dtime
def type(t):
    return "datetime." + t.__class__.__name__
from errtext import show
for t in [date(2005, 3, 2), datetime(2005, 3, 2, 1, 2, 3, 4), dtime(1, 2, 3, 4)]:
    show(type(t) + " kw", t.strftime, format="%f %H %Y")
    show(type(t) + " pos", t.strftime, "%f %H %Y")
    show(type(t) + " no arg", t.strftime)
    show(type(t) + " two", t.strftime, "one", "two")
    show(type(t) + " pos and kw", t.strftime, "one", format="two")
    show(type(t) + " 42", t.strftime, 42)
    show(type(t) + " None", t.strftime, None)
    show(type(t) + " bad kw", t.strftime, fmt="%Y")
