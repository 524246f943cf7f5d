# A naive datetime's fold (PEP 495) picks the instant of a local wall time:
# timestamp() and astimezone() take the later of a repeated hour's two
# instants for fold=1, and read a time in a gap with the offset from after
# the transition; fromtimestamp() (and now()) sets fold=1 on the second of
# two instants that read as the same wall time. Equality and hashing ignore
# fold. Zones: a repeated hour, a gap, half an hour, Dublin's negative DST.
import os, time
from datetime import date, datetime, timedelta, timezone, time as dtime
from zoneinfo import ZoneInfo
from errtext import show
for tz, days in [("America/New_York", [(2021, 3, 14), (2021, 11, 7)]), ("Australia/Lord_Howe", [(2024, 4, 7), (2024, 10, 6)]),
                 ("Europe/Dublin", [(2024, 3, 31), (2024, 10, 27)])]:
    os.environ["TZ"] = tz
    time.tzset()
    for y, m, d in days:
        for q in range(0, 8):
            dt = datetime(y, m, d, q // 2, (q % 2) * 30, 7, 250, fold=1)
            print(tz, repr(dt), dt.timestamp() - dt.replace(fold=0).timestamp(), dt.astimezone(), dt.astimezone(timezone.utc))
        for q in range(0, 16):
            ts = datetime(y, m, d, tzinfo=timezone.utc).timestamp() + q * 3600
            for t in [ts - 24 * 3600, ts, ts + 0.5]:
                r = datetime.fromtimestamp(t)
                if r.fold or r.timestamp() != t:
                    print(" ", t, repr(r), r.timestamp() == t, r.replace(fold=0).timestamp() == t)
os.environ["TZ"] = "America/New_York"
time.tzset()
a = datetime(2021, 11, 7, 1, 30)
b = a.replace(fold=1)
print(a == b, b != a, {a: 1}.get(b), a < b, b.fold, repr(b), repr(b.time()), b.time() == a.time())
print(repr(b.replace(fold=0)), repr(datetime.combine(b.date(), b.timetz())), b.timestamp() - a.timestamp())
print(repr(datetime.fromtimestamp(1636266600).astimezone(ZoneInfo("Europe/London"))), b.astimezone(ZoneInfo("Europe/London")))
z = datetime(2021, 11, 7, 1, 30, tzinfo = ZoneInfo("America/New_York"), fold = 1)
print(z.utcoffset(), z.replace(fold = 0).utcoffset(), repr(z))
show("min fold=1 timestamp", datetime(1, 1, 1, fold=1).timestamp)
show("min+1 fold=1 timestamp", datetime(1, 1, 2, fold=1).timestamp)
show("max fold=1 timestamp", datetime(9999, 12, 31, 23, fold=1).timestamp)
show("max-1 fold=1 timestamp", datetime(9999, 12, 30, 23, fold=1).timestamp)
# (3.12 also fails astimezone() of 0001-01-01 12:00 fold=1, as it looks at
# fold 0 too; 3.11 does not)
show("min+1 fold=1 astimezone", datetime(1, 1, 2, fold=1).astimezone)
show("max fold=1 astimezone", datetime(9999, 12, 31, 12, fold=1).astimezone)
show("max-1 fold=1 astimezone", datetime(9999, 12, 30, 23, fold=1).astimezone)
show("now fold", lambda: datetime.now().fold in [0, 1])
