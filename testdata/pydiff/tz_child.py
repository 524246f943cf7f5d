# The local zone a child reads from TZ as its start found it, POSIX rules
# included (EST5 has no zone file: C's localtime reads the rule), whether
# the child started cold or from a spare that waited under another TZ.
import multiprocessing, os, time
from multiprocessing import Process
from time import localtime, sleep, strftime

def zone(tz):
    print(tz, time.tzname, time.timezone, time.altzone, time.daylight, strftime("%H:%M %Z", localtime(0)), flush=True)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    for tz in ["UTC0", "EST5", "EST5", "EST5EDT", "America/New_York", "CET-1CEST,M3.5.0,M10.5.0/3", ""]:
        os.environ["TZ"] = tz
        p = Process(target=zone, args=(tz,))
        p.start()
        p.join()
        sleep(0.3)
