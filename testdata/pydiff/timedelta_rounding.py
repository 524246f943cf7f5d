# timedelta's float components add as CPython's delta_new does: each float's
# fraction times its unit in double arithmetic, the microseconds left over
# rounded half to even once (CPython's test_microsecond_rounding); days
# beyond a C int, the constructor's and a product's or quotient's, are
# "Python int too large to convert to C int" (test_overflow); % by a zero
# timedelta is "integer modulo by zero".
import os, sys, time, logging
from datetime import timedelta
from errtext import show
td = timedelta
usph = 3600e6
uspd = usph * 24
for kw in [dict(milliseconds=0.4/1000), dict(milliseconds=-0.4/1000), dict(milliseconds=0.5/1000),
           dict(milliseconds=-0.5/1000), dict(milliseconds=0.6/1000), dict(milliseconds=-0.6/1000),
           dict(milliseconds=1.5/1000), dict(milliseconds=-1.5/1000), dict(seconds=0.5/1000000),
           dict(seconds=-0.5/1000000), dict(seconds=1/128), dict(seconds=-1/128), dict(days=.4/uspd),
           dict(hours=.2/usph), dict(days=.4/uspd, hours=.2/usph), dict(days=-.4/uspd), dict(hours=-.2/usph),
           dict(days=-.4/uspd, hours=-.2/usph), dict(microseconds=0.5), dict(microseconds=1.5),
           dict(microseconds=1, milliseconds=0.0005), dict(microseconds=2, milliseconds=0.0005),
           dict(seconds=0.6112295), dict(minutes=1.0/60), dict(weeks=1.0/7), dict(hours=1.0/60, seconds=0.0000005),
           dict(days=1e-7, weeks=-3.3e-7), dict(microseconds=True, seconds=2.5e-7, milliseconds=2.5e-4)]:
    show(" ".join([k + "=" + str(v) for k, v in sorted(kw.items())]), td, **kw)
print(td(microseconds=0.5) == 0.5 * td(microseconds=1.0))
print(td(microseconds=0.5) // td.resolution, 0.5 * td.resolution // td.resolution)
day = td(1)
show("/ 1e-20", lambda: day / 1e-20)
show("/ 1e-10", lambda: day / 1e-10)
show("/ 9e-10", lambda: day / 9e-10)
show("* 1e9", lambda: day * 1e9)
show("* 3e9", lambda: day * 3000000000)
show("seconds=1e20", td, seconds=1e20)
show("days=3e9", td, days=3000000000)
show("days=-2147483649", td, days=-2147483649)
show("days=-2147483648", td, days=-2147483648)
show("% 0", lambda: td(minutes=2) % td(0))
show("// 0", lambda: td(minutes=2) // td(0))
