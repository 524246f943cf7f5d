# datetime.fromtimestamp, utcfromtimestamp and date.fromtimestamp at the edges
# of their range, with CPython's errors in CPython's order: OverflowError past a
# 64-bit time_t, OSError where glibc's year overflows, ValueError naming a year
# outside 1..9999 (the local one a day earlier too, from the fold probe);
# microseconds rounded half to even, date's seconds floored.
import os, time
from datetime import date, datetime, timedelta, timezone, time as dtime
from errtext import show
os.environ["TZ"] = "Asia/Kolkata"
time.tzset()
for x in [1e15, -1e15, 1e17, -9223372036854775808, 1e19, 9223372036854775808, 253402300800, 253402281000, 253402300799.9999999, -62135596801, -62135596800, -62135616000, True, -0.0000005, -0.0000015, -1.9999995, 1e9 + 0.0000015, 86399.9999996]:
    show(x, datetime.fromtimestamp, x)
    show(x, datetime.utcfromtimestamp, x)
    show(x, date.fromtimestamp, x)
    show(x, datetime.fromtimestamp, x, timezone.utc)
    show(x, datetime.fromtimestamp, x, timezone(timedelta(hours=-5)))
show("nan", datetime.fromtimestamp, float("nan"))
show("inf", datetime.fromtimestamp, float("-inf"))
show("nan date", date.fromtimestamp, float("nan"))
show("tz first", datetime.fromtimestamp, float("nan"), 5)
show("ord max", date.fromordinal, 3652059)
show("ord over", date.fromordinal, 3652060)
show("ord 0", date.fromordinal, 0)
show("ord dt over", datetime.fromordinal, 3652060)
