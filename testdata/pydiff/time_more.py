# The CPython half of time_more.star.
import time
from errtext import err

if __name__ == "__main__":
    t = time.gmtime(1700000000)
    print(t)
    print(len(t), t[0], t[-1], t[5], tuple(t[:3]), list(t)[6:], t.tm_zone, t.tm_gmtoff, t.n_fields, t.n_sequence_fields)
    print(tuple(t) == (2023, 11, 14, 22, 13, 20, 1, 318, 0), t == time.gmtime(1700000000.9), t < time.gmtime(1700000001))
    for secs in [0, -1, -1.5, 1.999, 951782400, 253402300799, 253402300800, True]:
        g = time.gmtime(secs)
        print(secs, tuple(g), time.strftime("%Y-%m-%d %H:%M:%S %a %j %U %W %V %G %u %w %C %y", g))
    print(err(time.gmtime, 67768036191676800), err(time.gmtime, 1e20), err(time.gmtime, "x"), err(time.gmtime, float("nan")), err(time.gmtime, 2 * 9223372036854775807))
    f = "%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %P %r %R %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%"
    print(time.strftime(f, t))
    print(time.strftime("%-d|%_d|%5d|%-5d|%_5H|%^a|%^B|%#a|%#p|%#Z|%^c|%10Y|%_m|%-j|%Ey|%Od|%EY|%OY|%f|%q|%5q|%^q|%", t))
    for tup in [(2024, 2, 29, 23, 59, 60, 3, 60, 0), (2023, 0, 0, 0, 0, 0, 0, 0, 0), (2000, 1, 1, 12, 0, 0, -1, 1, 0), (1999, 12, 31, 0, 0, 0, 4, 365, 0)]:
        print(time.strftime("%Y-%m-%d %H:%M:%S %a %j %p %I %U %W %V %G", tup), time.asctime(tup))
    for tup in [(2023, 13, 1, 0, 0, 0, 0, 1, 0), (2023, 1, 32, 0, 0, 0, 0, 1, 0), (2023, 1, 1, 24, 0, 0, 0, 1, 0), (2023, 1, 1, 0, 60, 0, 0, 1, 0), (2023, 1, 1, 0, 0, 62, 0, 1, 0), (2023, 1, 1, 0, 0, 0, -2, 1, 0), (2023, 1, 1, 0, 0, 0, 0, 367, 0), (2023, 1, 1), [2023, 1, 1, 0, 0, 0, 0, 1, 0], (2023, 1, 1, 0, 0, 0, 0, 1, "x")]:
        print(err(time.strftime, "%Y", tup))
    print(err(time.strftime, 1), err(time.strftime, "%Y", 1), err(time.asctime, (1, 2)), err(time.gmtime, 1, 2))
    print(time.asctime(t), time.asctime(time.gmtime(0)))
    lt = time.localtime(1700000000)
    print(time.mktime(lt) == 1700000000.0, type(time.mktime(lt)).__name__, time.localtime(time.mktime(lt)) == lt)
    print(type(time.time_ns()).__name__, type(time.monotonic_ns()).__name__, type(time.perf_counter_ns()).__name__, type(time.process_time()).__name__, type(time.process_time_ns()).__name__)
