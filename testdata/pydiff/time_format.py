# The CPython half of time_format.star.
import time
if __name__ == "__main__":
    t = time.gmtime(1700000000)
    print(t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_wday, t.tm_yday, t.tm_isdst)
    print(time.strftime("%Y-%m-%d %H:%M:%S %a %A %b %B %j %p %I %y %%", t))
    print(time.strftime("%Y-%m-%d", time.gmtime(0)), time.gmtime(0).tm_wday)
    print(time.time_ns() > 1700000000 * 1000000000, time.monotonic_ns() > 0, len(time.strftime("%H:%M")) == 5)
