# The CPython half of zoneinfo_basic.star.
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from zoneinfo import ZoneInfo, available_timezones

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        # procstar names a module's exception by the public module.
        t = type(e)
        name = t.__name__ if t.__module__ == "builtins" else "zoneinfo." + t.__name__
        print(name + ": " + str(e))
    else:
        print(r)

def info(d):
    return "%s %s %s %s" % (d.isoformat(), d.utcoffset(), d.dst(), d.tzname())

paris = ZoneInfo("Europe/Paris")
ny = ZoneInfo("America/New_York")
kolkata = ZoneInfo("Asia/Kolkata")
howe = ZoneInfo("Australia/Lord_Howe")
utcz = ZoneInfo("UTC")
gmt5 = ZoneInfo("Etc/GMT+5")
ZONES = [paris, ny, kolkata, howe, utcz, gmt5]

# The zones: key, str, repr, the cache (== is identity, as is)
for z in ZONES:
    print(z.key, str(z), repr(z), z == ZoneInfo(z.key), z == ZoneInfo.no_cache(z.key), {z: 1}.get(ZoneInfo(z.key)))
print(ZoneInfo, ZoneInfo.__name__, ZoneInfo(key = "Europe/Paris") == paris, paris != ny, paris == timezone.utc, isinstance(paris, ZoneInfo))

# Summer, winter and history in each zone
for z in ZONES:
    for d in [datetime(2024, 1, 15, 12), datetime(2024, 7, 15, 12, 30, 5, 250), datetime(1900, 6, 1), datetime(1943, 6, 1, 8)]:
        a = d.replace(tzinfo = z)
        print(z, info(a), a.strftime("%Y-%m-%d %H:%M:%S %Z %z"), a.timestamp(), a.timetuple()[8], tuple(a.utctimetuple())[:6])

# Both transitions: the gap (fold 0 is the offset before, 1 the one
# after) and the repeated hour (fold 0 the first, 1 the second)
for z, y, m, d, h, mi in [(paris, 2024, 3, 31, 2, 30), (paris, 2024, 10, 27, 2, 30), (ny, 2024, 3, 10, 2, 30), (ny, 2024, 11, 3, 1, 30),
                          (howe, 2024, 4, 7, 1, 45), (howe, 2024, 10, 6, 2, 15), (howe, 2024, 10, 6, 1, 59), (howe, 2024, 10, 6, 2, 30),
                          (paris, 2024, 10, 27, 3, 0), (paris, 2024, 10, 27, 1, 59), (kolkata, 1945, 10, 14, 23, 30)]:
    for fold in [0, 1]:
        a = datetime(y, m, d, h, mi, tzinfo = z, fold = fold)
        print(repr(a), info(a), a.fold, a.timestamp(), a.astimezone(timezone.utc))

# dst() as CPython infers it from the file's types: per type (two of
# Amsterdam's 1943 CEST types differ), and from the rule after the file's
# last transition (Inuvik's MDT is 2 hours of DST in the file, 1 after)
for z, d in [("Europe/Amsterdam", datetime(1943, 3, 29, 2, 30)), ("Europe/Amsterdam", datetime(1943, 7, 1)), ("Europe/Kyiv", datetime(1943, 3, 29, 2, 30)),
             ("America/Inuvik", datetime(2036, 7, 1)), ("America/Inuvik", datetime(2039, 7, 1)), ("Europe/Dublin", datetime(2024, 1, 1)), ("Europe/Dublin", datetime(2024, 7, 1))]:
    for fold in [0, 1]:
        print(z, info(d.replace(tzinfo = ZoneInfo(z), fold = fold)))

# Arithmetic is wall time, keeping the zone; subtraction under one zone
# object is wall time too, across zones through UTC
a = datetime(2024, 3, 30, 12, tzinfo = paris)
b = a + timedelta(days = 1)
print(b, b - a, b.astimezone(timezone.utc) - a.astimezone(timezone.utc), b - a.astimezone(ny), b - timedelta(hours = 33))
gap = datetime(2024, 3, 31, 1, 30, tzinfo = paris) + timedelta(hours = 1)
print(repr(gap), info(gap), gap.astimezone(timezone.utc).astimezone(paris))
fold1 = datetime(2024, 10, 27, 2, 30, tzinfo = paris, fold = 1)
print(fold1 + timedelta(minutes = 10), repr(fold1 + timedelta(0)), fold1 - datetime(2024, 10, 27, 2, 30, tzinfo = paris), fold1 - datetime(2024, 10, 27, 2, 30, tzinfo = ZoneInfo.no_cache("Europe/Paris")))
print(datetime(2024, 11, 3, 3, tzinfo = ny) - datetime(2024, 11, 3, 0, tzinfo = ny), datetime(2024, 11, 3, 3, tzinfo = ny) - datetime(2024, 11, 3, 5, tzinfo = timezone.utc))

# astimezone round trips, and UTC instants through the fold
for u in range(-2, 5):
    d = datetime(2024, 10, 27, 0, 15, tzinfo = timezone.utc) + timedelta(minutes = 30 * u)
    p = d.astimezone(paris)
    print(d, repr(p), p.astimezone(timezone.utc) == d, p.astimezone(ny), p.astimezone(kolkata).astimezone(howe), p.astimezone(paris) == p)
ts = datetime(2024, 10, 27, 0, 30, tzinfo = timezone.utc).timestamp()
for dt in [0, 1800, 3600, 5400, -1]:
    f = datetime.fromtimestamp(ts + dt, paris)
    print(ts + dt, repr(f), f.timestamp() == ts + dt, datetime.fromtimestamp(ts + dt, tz = howe))
print(datetime.fromtimestamp(0, utcz), datetime.fromtimestamp(1e9 + 0.25, gmt5), datetime.fromtimestamp(-86400 * 365 * 60, kolkata))
print(datetime.now(paris).tzinfo == paris, datetime.now(tz = howe).tzinfo == howe)

# Comparisons: one zone object compares wall times (fold ignored);
# across zones the instants, and a repeated or skipped wall time is
# never == another zone's (PEP 495)
f0 = datetime(2024, 10, 27, 2, 30, tzinfo = paris)
print(f0 == fold1, f0 < fold1, f0.astimezone(timezone.utc) < fold1.astimezone(timezone.utc), {f0: 1}.get(fold1))
print(fold1 == fold1.astimezone(timezone.utc), f0 == f0.astimezone(timezone.utc), fold1 < fold1.astimezone(ny), fold1 <= fold1.astimezone(ny), fold1 > f0.astimezone(ny))
noon = datetime(2024, 7, 1, 12, tzinfo = paris)
print(noon == datetime(2024, 7, 1, 6, tzinfo = ny), noon == noon.astimezone(kolkata), {noon: "x"}.get(noon.astimezone(howe)), noon < datetime(2024, 7, 1, 7, tzinfo = ny))
print(gap == datetime(2024, 3, 31, 1, 30, tzinfo = timezone.utc), gap == gap.replace(tzinfo = ZoneInfo.no_cache("Europe/Paris")), noon == noon.replace(tzinfo = ZoneInfo.no_cache("Europe/Paris")))
print(sorted([datetime(2024, 7, 1, 12, tzinfo = z) for z in ZONES]))
print(noon == datetime(2024, 7, 1, 12), noon != datetime(2024, 7, 1, 12))
show(lambda: noon < datetime(2024, 7, 1, 12))
show(lambda: noon - datetime(2024, 7, 1, 12))

# time: a zone's offset needs a date (None), but for a fixed zone
t = dtime(12, 30, tzinfo = paris)
print(repr(t), t, t.isoformat(), t.utcoffset(), t.dst(), t.tzname(), t.strftime("[%Z%z]"), repr(dtime(1, tzinfo = paris, fold = 1)))
for z in [utcz, gmt5, kolkata]:
    t = dtime(12, 30, tzinfo = z)
    print(t, t.utcoffset(), t.dst(), t.tzname(), t.strftime("[%Z%z]"))
print(dtime(12, tzinfo = gmt5) == dtime(17, tzinfo = timezone.utc), dtime(12, tzinfo = paris) == dtime(12, tzinfo = ny), dtime(12, tzinfo = paris) == dtime(12))
show(lambda: dtime(12, tzinfo = utcz) < dtime(12, tzinfo = paris))

# Building aware datetimes: combine, replace, timetz, time
print(repr(datetime.combine(datetime(2024, 10, 27).date(), dtime(2, 30, fold = 1), tzinfo = paris)), datetime.combine(datetime(2024, 1, 1).date(), dtime(9, tzinfo = ny)))
print(repr(noon.replace(tzinfo = ny)), repr(noon.replace(tzinfo = None)), repr(fold1.replace(fold = 0)), repr(fold1.timetz()), repr(fold1.time()), repr(fold1.replace(tzinfo = timezone.utc)))
print(fold1.ctime(), str(fold1), fold1.isoformat(" ", "minutes"), fold1.isoformat(timespec = "microseconds"))

# The zone's own methods
print(paris.utcoffset(noon), paris.dst(noon), paris.tzname(noon), paris.utcoffset(None), paris.tzname(None), utcz.utcoffset(None), gmt5.tzname(None), utcz.dst(None))
print(repr(paris.fromutc(datetime(2024, 10, 27, 1, 30, tzinfo = paris))), repr(paris.fromutc(datetime(2024, 10, 27, 0, 30, tzinfo = paris))))
show(paris.fromutc, datetime(2024, 1, 1))
show(paris.fromutc, datetime(2024, 1, 1, tzinfo = ny))
show(paris.fromutc, 5)
show(paris.utcoffset, 5)
show(paris.dst, dtime(1))
show(paris.tzname, datetime(2024, 1, 1).date())

# The database
names = available_timezones()
print(isinstance(names, set), len(names) > 300, "Europe/Paris" in names, "America/New_York" in names, "posixrules" in names, "right/UTC" in names, "zone.tab" in names)

# Errors: unknown and bad keys, keys of the wrong type, tzinfo not a tzinfo
for key in ["Nope/Zone", "Europe", "Local", "/etc/localtime", "../x", "a/../b", "", ".", "..", "Europe/Paris/", "./UTC", "Europe//Paris", "zone.tab", b"UTC", b"/UTC"]:
    show(ZoneInfo, key)
for key in [5, None, 1.5, [1]]:
    show(ZoneInfo, key)
show(ZoneInfo.no_cache, "Mars/Olympus")
show(ZoneInfo.no_cache, [1])
show(datetime, 2024, 1, 1, tzinfo = "Europe/Paris")
show(datetime, 2024, 1, 1, tzinfo = ZoneInfo)
show(dtime, 1, tzinfo = 5)
show(noon.astimezone, "UTC")
show(noon.replace, tzinfo = "x")
show(datetime.fromtimestamp, 0, "Europe/Paris")
show(lambda: paris < ny)

# clear_cache: later calls load again
ZoneInfo.clear_cache(only_keys = ["America/New_York"])
print(ZoneInfo("America/New_York") == ny, ZoneInfo("Europe/Paris") == paris)
ZoneInfo.clear_cache()
print(ZoneInfo("Europe/Paris") == paris, ZoneInfo("Europe/Paris") == ZoneInfo("Europe/Paris"), ZoneInfo("Europe/Paris"))
