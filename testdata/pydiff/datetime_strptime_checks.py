# datetime.strptime makes its result as CPython's _strptime_datetime does:
# %z's fraction of a second is kept, an offset of a day or more is
# timezone's error, a date that is not one (Feb 29 of the default year
# 1900) the constructor's; a format's non-ASCII literal matches itself
# (CPython's TestDateTime.test_strptime).
import os, sys, time, logging
from datetime import datetime
from errtext import show
for s in ["-00:02:01.000003", "+00:02:01.3", "-23:59:59.999999", "+235959.5", "+2400", "-2400", "+23:60", "-000", "z", "Z"]:
    show(s, datetime.strptime, s, "%z")
show("name", datetime.strptime, "+00:00:00.5 UTC", "%z %Z")
show("leap 1900", datetime.strptime, "Feb 29", "%b %d")
show("leap 2000", datetime.strptime, "2000 Feb 29", "%Y %b %d")
show("leap 2001", datetime.strptime, "2001 Feb 29", "%Y %b %d")
show("both", datetime.strptime, "Feb 29 +2400", "%b %d %z")
show("non-ascii", datetime.strptime, "2004-12-01\u00e913:02:47.197", "%Y-%m-%d\u00e9%H:%M:%S.%f")
show("non-ascii 2", datetime.strptime, "\u00e9t\u00e9 2004 \u2014 12", "\u00c9T\u00c9 %Y \u2014 %m")
show("non-ascii 3", datetime.strptime, "2004\u00e912", "%Y\u00e8%m")
