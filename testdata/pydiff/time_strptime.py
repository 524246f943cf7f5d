# The CPython half of time_strptime.star.
# time.strptime (CPython's _strptime in the C locale), timezone, altzone,
# daylight, tzname and tzset, and localtime/mktime round trips under zones
# set with os.environ["TZ"] and time.tzset(), side by side with CPython.
import os
import time

from errtext import err

def p(s, *f):
    try:
        r = time.strptime(s, *f)
    except Exception as e:
        return err(time.strptime, s, *f)
    return "%s %s %s" % (tuple(r), r.tm_zone, r.tm_gmtoff)

if __name__ == "__main__":
    os.environ["TZ"] = "UTC"
    time.tzset()
    print(time.timezone, time.altzone, time.daylight, " ".join(time.tzname), type(time.tzname) == type(()))
    print(p("Tue Nov 14 22:13:20 2023"))
    print(time.strptime("Tue Nov 14 22:13:20 2023"))
    cases = [
        ("2023-11-14", "%Y-%m-%d"),
        ("14/11/23 10:05:03 PM", "%d/%m/%y %I:%M:%S %p"),
        ("12 am", "%I %p"), ("12 pm", "%I %p"), ("1 AM", "%I %p"), ("11", "%I"),
        ("69", "%y"), ("68", "%y"), ("00", "%y"),
        ("  5  March   2024", " %d %B %Y"), ("mar 5", "%b %d"), ("SEPTEMBER", "%B"),
        ("Wednesday 2024", "%A %Y"), ("wed", "%a"),
        ("2024 060", "%Y %j"), ("366", "%j"), ("2023 366", "%Y %j"),
        ("2024 10 3", "%Y %U %w"), ("2024 10 3", "%Y %W %w"), ("2024 0 0", "%Y %U %w"), ("2023 0 1", "%Y %W %u"),
        ("2024 1 1", "%G %V %u"), ("2021 53 7", "%G %V %u"), ("2020 1 1", "%G %V %u"),
        ("29 2", "%d %m"), ("29 2 1900", "%d %m %Y"), ("31 4", "%d %m"), ("0000", "%Y"),
        ("12:34:56.789", "%H:%M:%S.%f"), ("1", "%f"),
        ("+0530", "%z"), ("-07:00", "%z"), ("+01:02:03", "%z"), ("+0102:03", "%z"), ("Z", "%z"), ("z", "%z"), ("+01:0203", "%z"),
        ("UTC", "%Z"), ("gmt", "%Z"), ("CEST", "%Z"),
        ("11/14/23", "%x"), ("22:13:20", "%X"), ("Tue Nov 14 22:13:20 2023", "%c"),
        ("100%", "100%%"), ("a.b", "a.b"), ("a(b)", "a(b)"), ("x+y", "x+y"), ("[1]", "[%d]"),
        ("2023-11-14 extra", "%Y-%m-%d"), ("2023-11-14", "%Y-%m-%d %H"), ("2023/11/14", "%Y-%m-%d"),
        ("1", "%Q"), ("1", "%d%"), ("1.", "%d%."), ("1 ", "%d% "), ("24", "%H"), ("60", "%M"), ("61", "%S"), ("62", "%S"),
        ("", ""), ("", "%Y"), (" ", " "), ("\t1", " %d"),
        ("Thu Jan  1 00:00:00 1970",), ("Jan 1", "%b  %d"),
    ]
    for c in cases:
        print(c[0], "|".join(c[1:]), p(*c))
    print(err(time.strptime, 1), err(time.strptime, "1", 1))

    # Round trips through localtime and mktime in zones with and without
    # summer time, and tm_isdst's hint to mktime.
    for tz in ["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC", "EST+05EDT,M3.2.0,M11.1.0"]:
        os.environ["TZ"] = tz
        time.tzset()
        print(tz, time.timezone, time.altzone, time.daylight, " ".join(time.tzname))
        for secs in [0, 1700000000, 1719835200, 1711846800, 1730595600]:
            lt = time.localtime(secs)
            print(" ", secs, tuple(lt), lt.tm_zone, lt.tm_gmtoff, time.mktime(lt) == secs, time.strftime("%Z %z", lt), time.ctime(secs))
        print(" ", time.mktime((2024, 7, 1, 12, 0, 0, 0, 0, 0)), time.mktime((2024, 7, 1, 12, 0, 0, 0, 0, 1)), time.mktime((2024, 1, 1, 12, 0, 0, 0, 0, -1)), time.mktime((2024, 1, 1, 12, 0, 0, 0, 0, 1)))
        print(" ", p("2024 CET", "%Y %Z"), p("2024 EDT", "%Y %Z"), p("2024 est", "%Y %Z"))
