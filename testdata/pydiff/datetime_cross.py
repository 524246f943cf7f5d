# datetime values cross processes as Python pickles them: Process args, a
# Queue, Pool results.
import json, uuid
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from multiprocessing import Process, Queue, Pool, set_start_method

VALUES = [
    timedelta(days=-3, seconds=5, microseconds=7),
    date(2024, 2, 29),
    dtime(23, 59, 1, 5, tzinfo=timezone(timedelta(hours=-3), "BRT")),
    datetime(2024, 3, 10, 1, 30, 15, 500),
    datetime(2024, 3, 10, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(1, 1, 1, tzinfo=timezone.utc),
    timezone.utc,
    timezone(timedelta(minutes=-90)),
    uuid.UUID(int=12345),
]

def echo(q, vals):
    q.put([repr(v) for v in vals])
    q.put(vals)

def shift(v):
    return v + timedelta(days=1)

if __name__ == "__main__":
    set_start_method("spawn")
    q = Queue()
    p = Process(target=echo, args=(q, VALUES))
    p.start()
    reprs = q.get(timeout=30)
    back = q.get(timeout=30)
    p.join()
    print(reprs == [repr(v) for v in VALUES], back == VALUES)
    for v in back:
        print(repr(v))
    pool = Pool(2)
    print(pool.map(shift, [date(2024, 12, 31), datetime(2024, 2, 28, 23, 0), timedelta(hours=1)]))
    pool.close()
    pool.join()
    try:
        json.dumps({"t": datetime(2024, 1, 1)})
    except TypeError as e:
        print(type(e).__name__, e)
    print(json.dumps({"t": datetime(2024, 1, 1, 12)}, default=str))
