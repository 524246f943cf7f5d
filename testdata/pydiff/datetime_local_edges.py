# A naive datetime is local time: its timestamp() and astimezone() at the DST
# edges of several zones (a repeated hour, a gap, half an hour, Dublin's
# negative DST, Apia's skipped day) are CPython's local_to_seconds with
# fold 0: the earlier instant of a repeated hour, a gap read with the offset
# from before it, astimezone() with the offset at that instant.
import os, sys, time, logging
from datetime import date, datetime, timedelta, timezone, time as dtime
from errtext import show
for tz, days in [("Europe/Paris", [(2024, 3, 31), (2024, 10, 27)]), ("America/New_York", [(2024, 3, 10), (2024, 11, 3)]),
                 ("Australia/Lord_Howe", [(2024, 4, 7), (2024, 10, 6)]), ("Europe/Dublin", [(2024, 3, 31), (2024, 10, 27)]),
                 ("Pacific/Apia", [(2011, 12, 30), (2011, 12, 29)])]:
    os.environ["TZ"] = tz
    time.tzset()
    for y, m, d in days:
        for q in range(0, 4 * 4):
            dt = datetime(y, m, d, q // 4, (q % 4) * 15, 7, 250)
            print(tz, dt, dt.timestamp(), dt.astimezone(), dt.astimezone(timezone.utc), time.mktime(dt.timetuple()) - dt.timestamp() in [-3600.0, -1800.0, 0.0, 1800.0, 3600.0, 86400.0, -86400.0])
