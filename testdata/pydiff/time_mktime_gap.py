# time.mktime of a wall time in a gap (skipped as the clocks go forward)
# reads it as glibc's mktime does: with the summer time offset for
# tm_isdst 1, the other one for 0 and -1 (in Dublin, whose winter is its
# summer time in the zone data, that is the offset after the gap).
import os, sys, time, logging
from errtext import show
for tz, y, m, d, h in [("Europe/Paris", 2024, 3, 31, 2), ("America/New_York", 2024, 3, 10, 2), ("Australia/Lord_Howe", 2024, 10, 6, 2),
                       ("Australia/Sydney", 2024, 10, 6, 2), ("Europe/Dublin", 2024, 3, 31, 1), ("EST+05EDT,M3.2.0,M11.1.0", 2012, 3, 11, 2),
                       ("America/Sao_Paulo", 2018, 11, 4, 0)]:
    os.environ["TZ"] = tz
    time.tzset()
    for mi in [0, 15, 30, 45]:
        print(tz, h, mi, [time.mktime((y, m, d, h, mi, 0, 0, 0, dst)) for dst in [-1, 0, 1]])
    # and either side of the gap
    print(tz, [time.mktime((y, m, d, hh, 0, 0, 0, 0, -1)) for hh in [h - 1, h + 2]])
