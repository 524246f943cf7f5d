# A naive datetime's timestamp() and astimezone() fail as CPython's
# local_to_seconds does when a local time it looks at, up to a day from
# the wall time, falls outside years 1..9999 ('year 0 is out of range');
# astimezone() also looks a day later in 3.12 (CPython's TestDateTime
# test_timestamp_naive tries datetime(2, 1, 1) and datetime(9998, 12, 12)).
import os, sys, time, logging
from datetime import datetime, timezone
from errtext import show
for tz in ["UTC", "EST5", "MSK-3", "America/New_York", "Asia/Tokyo"]:
    os.environ["TZ"] = tz
    time.tzset()
    for d in [datetime(1, 1, 1), datetime(1, 1, 1, 12), datetime(1, 1, 2, 1), datetime(1, 1, 2, 23), datetime(2, 1, 1),
              datetime(9998, 12, 12), datetime(9999, 12, 30), datetime(9999, 12, 31, 12), datetime(9999, 12, 31, 23)]:
        show(tz + " " + str(d) + " timestamp", d.timestamp)
        # (3.12 also fails astimezone() on 9999-12-31, 3.11 does not)
        if d.year < 9999 or d.day < 31:
            show(tz + " " + str(d) + " astimezone", d.astimezone)
            show(tz + " " + str(d) + " astimezone utc", d.astimezone, timezone.utc)
