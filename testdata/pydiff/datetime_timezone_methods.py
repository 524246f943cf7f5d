# timezone's utcoffset, dst and tzname take a datetime or None only, and it
# has fromutc (CPython's TestTimeZone test_utcoffset, test_dst, test_tzname,
# test_fromutc, test_comparison, test_constructor).
import os, sys, time, logging
from datetime import datetime, timedelta, timezone
from errtext import show
HOUR = timedelta(hours=1)
ACDT = timezone(timedelta(hours=9.5), "ACDT")
EST = timezone(-5 * HOUR, "EST")
DT = datetime(2010, 1, 1)
for name in ["utcoffset", "dst", "tzname"]:
    for arg in ["x", 5, None, DT, DT.replace(tzinfo=ACDT)]:
        show(name + " " + str(arg), getattr(EST, name), arg)
    show(name + " no arg", getattr(EST, name))
    show(name + " two args", getattr(EST, name), None, None)
show("fromutc naive", timezone.utc.fromutc, DT)
show("fromutc str", timezone.utc.fromutc, "not datetime")
show("fromutc other", EST.fromutc, DT.replace(tzinfo=ACDT))
show("fromutc none", EST.fromutc, None)
for tz in [EST, ACDT, timezone.utc, timezone.min, timezone.max]:
    u = DT.replace(tzinfo=tz)
    local = tz.fromutc(u)
    print(repr(local), local - u == tz.utcoffset(local), local == DT.replace(tzinfo=timezone.utc))
show("lt", lambda: timezone(HOUR) < timezone(HOUR))
show("ge", lambda: timezone(HOUR) >= EST)
show("extra", timezone, HOUR, "ABC", "extra")
