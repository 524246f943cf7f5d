# The CPython half of zoneinfo_cross.star.
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from multiprocessing import Process, Queue, set_start_method
from zoneinfo import ZoneInfo

def values():
    paris = ZoneInfo("Europe/Paris")
    return [
        paris,
        datetime(2024, 10, 27, 2, 30, tzinfo = paris, fold = 1),
        datetime(2024, 3, 31, 2, 30, tzinfo = paris),
        datetime(2024, 7, 1, 9, 15, 30, 250, tzinfo = ZoneInfo("America/New_York")),
        datetime(2024, 4, 7, 1, 45, tzinfo = ZoneInfo("Australia/Lord_Howe"), fold = 1),
        dtime(12, 30, tzinfo = ZoneInfo("Etc/GMT+5")),
        ZoneInfo.no_cache("UTC"),
    ]

def describe(side, vals):
    print(side, [repr(v) for v in vals], flush = True)
    d = vals[1]
    print(side, d.utcoffset(), d.tzname(), d.fold, d.timestamp(), d.tzinfo == ZoneInfo("Europe/Paris"), vals[0] == d.tzinfo, flush = True)
    print(side, vals[4].isoformat(), vals[4].dst(), vals[5].utcoffset(), vals[6] == ZoneInfo("UTC"), vals[6].key, flush = True)

def child(inq, outq, vals):
    describe("child (args):", vals)
    got = inq.get(timeout = 30)
    describe("child (queue):", got)
    outq.put(got)
    outq.put([v + timedelta(hours = 1) if type(v) == datetime else v for v in got])

if __name__ == "__main__":
    set_start_method("spawn")
    vals = values()
    inq, outq = Queue(), Queue()
    p = Process(target = child, args = (inq, outq, vals))
    p.start()
    inq.put(vals)
    back = outq.get(timeout = 30)
    shifted = outq.get(timeout = 30)
    p.join()
    describe("parent:", back)
    print([repr(v) for v in shifted])
    print(back[:6] == vals[:6], back[6] == vals[6], shifted[1] - vals[1], shifted[2] - vals[2], shifted[1] == vals[1] + timedelta(hours = 1))
