# timedelta with a NaN or an infinity: CPython's errors and texts for the
# constructor (float.__int__'s, the first bad component from microseconds up
# to weeks) and for * and / (as_integer_ratio's); // and % are TypeErrors.
import os, sys, time, logging
from datetime import date, datetime, timedelta, timezone, time as dtime
from errtext import show
nan = float("nan")
inf = float("inf")
for x in [nan, inf, -inf]:
    show("mul", lambda: timedelta(seconds=1) * x)
    show("rmul", lambda: x * timedelta(seconds=1))
    show("div", lambda: timedelta(seconds=1) / x)
    show("rdiv", lambda: x / timedelta(seconds=1))
    show("floordiv", lambda: timedelta(seconds=1) // x)
    show("mod", lambda: timedelta(seconds=1) % x)
    for k in ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]:
        show(k, lambda: timedelta(**{k: x}))
show("zero mul", lambda: timedelta(0) * nan)
show("mix", lambda: timedelta(days=1, seconds=nan))
show("mix2", lambda: timedelta(days="x", seconds=nan))
show("mix3", lambda: timedelta(weeks=nan, minutes="x"))
show("mix4", lambda: timedelta(weeks="y", minutes="x"))
show("mix5", lambda: timedelta(1, "y", hours=inf))
