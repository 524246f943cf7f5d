# A format's non-ASCII literal characters match themselves in
# time.strptime and datetime.strptime (CPython's TestDateTime.test_strptime
# with a separator outside ASCII): they were compiled byte by byte.
import os, sys, time, logging
from datetime import datetime
from errtext import show
show("time", lambda: tuple(time.strptime("2004\u00e912\u00e901", "%Y\u00e9%m\u00e9%d"))[:3])
show("time case", lambda: tuple(time.strptime("\u00e9t\u00e9 2004 \u2014 12", "\u00c9T\u00c9 %Y \u2014 %m"))[:2])
show("time mismatch", time.strptime, "2004\u00e912", "%Y\u00e8%m")
show("datetime", datetime.strptime, "2004-12-01\u00e913:02:47.197", "%Y-%m-%d\u00e9%H:%M:%S.%f")
show("emoji", datetime.strptime, "\U0001f600 2004", "\U0001f600 %Y")
