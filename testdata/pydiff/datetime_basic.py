# The datetime module side by side with CPython: fixed values, local time
# under an explicit TZ.
import os, time
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print(r)

os.environ["TZ"] = "America/New_York"
time.tzset()

# timedelta: normalisation, str, repr, arithmetic
for td in [timedelta(), timedelta(1), timedelta(days=-1), timedelta(seconds=-1), timedelta(hours=25, minutes=61, seconds=3661),
           timedelta(microseconds=-1), timedelta(weeks=2, milliseconds=1500), timedelta(days=1.5), timedelta(seconds=0.5),
           timedelta(microseconds=0.5), timedelta(microseconds=1.5), timedelta(minutes=-0.0001), timedelta(days=999999999)]:
    print(str(td), repr(td), td.days, td.seconds, td.microseconds, td.total_seconds())
a, b = timedelta(hours=5, seconds=7), timedelta(minutes=90)
print(a + b, a - b, b - a, -a, +a, a * 3, 3 * a, a * 0.5, a / 2, a / b, a // b, a % b, a // 3, a / 7, a > b, a == timedelta(seconds=18007), bool(timedelta()), bool(b))
print(timedelta.max, timedelta.min, timedelta.resolution, [timedelta(1, 2, 3)])
show(timedelta, days="1")
show(lambda: timedelta.max + timedelta(1))
show(lambda: a / 0)
show(lambda: a // timedelta())
print({timedelta(1): "x"}[timedelta(hours=24)])

# date
d = date(2024, 2, 28)
print(d, repr(d), d.year, d.month, d.day, d.weekday(), d.isoweekday(), d.toordinal(), d.isoformat(), d.ctime())
print(d + timedelta(days=1), d + timedelta(days=2), d - timedelta(days=60), date(2025, 1, 1) - d, d - date(2025, 1, 1), d < date(2024, 3, 1))
print(tuple(d.isocalendar()), tuple(date(2021, 1, 3).isocalendar()), tuple(date(2020, 12, 31).isocalendar()), tuple(date(2026, 12, 28).isocalendar()))
print(date.fromordinal(738000), date.fromisoformat("2024-02-29"), date.fromisoformat("20240229"), date.fromisoformat("2024-W09-4"), date.fromisocalendar(2020, 53, 5))
print(d.replace(day=1), d.replace(year=2023, month=3), d.strftime("%Y/%m/%d %A %B %j %U %a %b %%"), date.min, date.max)
print(tuple(d.timetuple()))
for args in [(2024, 2, 30), (2023, 2, 29), (0, 1, 1), (2024, 13, 1), (10000, 1, 1)]:
    show(date, *args)
show(date.fromisoformat, "2024-2-3")
show(d.replace, day=31)
show(date, 2024.0, 1, 1)
show(lambda: date.max + timedelta(1))
ords = [date.fromordinal(o) for o in range(1, 3652059, 9973)]
print(len(ords), ords[-1], all([x.toordinal() == o for x, o in zip(ords, range(1, 3652059, 9973))]))

# time
t = dtime(13, 5, 9, 250)
print(t, repr(t), repr(dtime()), repr(dtime(1, 2, 3)), t.hour, t.minute, t.second, t.microsecond, t.isoformat("milliseconds"), t.isoformat("minutes"), t.strftime("%H.%M.%S %p %f"))
print(dtime.fromisoformat("04:05"), dtime.fromisoformat("04:05:06.5"), dtime.fromisoformat("T0405"), dtime(1, tzinfo=timezone.utc), t < dtime(14), t.replace(hour=1))
show(dtime, 24)
show(t.isoformat, "nope")

# datetime, naive
dt = datetime(2024, 3, 10, 1, 30, 15, 500)
print(dt, repr(dt), dt.date(), dt.time(), dt.isoformat(), dt.isoformat(" ", "seconds"), dt.isoformat(timespec="hours"), dt.ctime())
print(dt + timedelta(hours=1), dt - timedelta(days=70), datetime(2025, 1, 1) - dt, dt.replace(hour=23, microsecond=0), dt.weekday(), tuple(dt.timetuple()))
print(dt.strftime("%Y-%m-%d %H:%M:%S.%f %z|%Z| %I%p %y %e"), dt.timestamp(), datetime.fromtimestamp(dt.timestamp()) == dt)
print(datetime.fromtimestamp(0), datetime.utcfromtimestamp(1700000000.5), datetime.fromtimestamp(1e9 + 0.0000015), datetime.fromtimestamp(1720000000))
print(datetime.combine(d, t), datetime.combine(d, dtime(1, 2), timezone.utc), datetime.fromisoformat("2024-03-10T01:30:15.5"), datetime.fromisoformat("2024-03-10 01:30"), datetime.fromisoformat("2024-03-10"))
print(datetime.strptime("2024-03-10 01:30:15.25", "%Y-%m-%d %H:%M:%S.%f"), datetime.strptime("10/Mar/2024:13:55:36 +0530", "%d/%b/%Y:%H:%M:%S %z"), datetime.strptime("1 Jan 2020", "%d %b %Y"))
show(datetime.strptime, "2024-13-01", "%Y-%m-%d")
show(datetime, 2024, 1, 1, 25)
show(datetime.fromisoformat, "2024-03-10T25:00")
print(datetime.min, datetime.max, datetime.resolution, datetime(2024, 1, 1) == datetime(2024, 1, 1, 0, 0), {datetime(2024, 1, 1): 1}[datetime(2024, 1, 1)])

# aware
ist = timezone(timedelta(hours=5, minutes=30))
named = timezone(timedelta(hours=-8), "PST")
print(ist, repr(ist), named, repr(named), timezone.utc, repr(timezone.utc), timezone(timedelta(0)), repr(timezone(timedelta(seconds=-61))), timezone.max, timezone.min)
adt = datetime(2024, 3, 10, 12, 0, tzinfo=ist)
print(adt, repr(adt), adt.utcoffset(), adt.tzname(), adt.dst(), adt.isoformat(), adt.timestamp(), adt.astimezone(timezone.utc), adt.astimezone(named))
print(adt == datetime(2024, 3, 10, 6, 30, tzinfo=timezone.utc), adt - datetime(2024, 3, 10, tzinfo=named), adt.strftime("%z %Z"), datetime(2024, 1, 1, tzinfo=named).strftime("%z|%Z"))
print(datetime.fromtimestamp(1700000000, timezone.utc), datetime.fromtimestamp(1700000000, tz=ist), datetime.fromisoformat("2024-03-10T12:00:00+05:30"), datetime.fromisoformat("2024-03-10T12:00:00Z"), datetime.fromisoformat("2024-03-10T12:00:00-01:02:03"))
print(dt.astimezone(), dt.astimezone(timezone.utc), datetime(2024, 7, 1, 12).astimezone().tzname(), adt.replace(tzinfo=None), adt.timetz(), adt.time())
show(lambda: adt < dt)
show(lambda: adt - dt)
print(adt == dt, adt != dt)
show(timezone, timedelta(hours=24))
show(timezone, 5)


# now() is today's local time
n = datetime.now()
print(type(n).__name__, n.date() == date.today(), abs((datetime.now(timezone.utc) - n.astimezone(timezone.utc)).total_seconds()) < 60, datetime.now(ist).utcoffset())
print(abs(timedelta(hours=-1)), abs(timedelta(1)), divmod(timedelta(hours=5), timedelta(hours=2)), divmod(timedelta(hours=-5), timedelta(hours=2)), abs(-3), abs(2.5))
show(divmod, timedelta(1), timedelta(0))
show(divmod, timedelta(1), 2)
show(abs, "x")
