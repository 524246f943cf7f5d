# A logger sent to another process arrives as CPython unpickles one: by its
# name, the receiver's own logger of that name with the receiver's
# configuration (its level is not the sender's); the multiprocessing
# logger likewise. The same program as logging_send.star.
import json
import logging
from multiprocessing import Pool, Process, Queue, get_logger, set_start_method

def work(lg, mlg, q):
    q.put([lg.name, lg.getEffectiveLevel(), lg.level, str(mlg), lg == logging.getLogger("app.db")])

def level_in_child(lg):
    return [lg.name, lg.getEffectiveLevel()]

if __name__ == "__main__":
    set_start_method("spawn")
    lg = logging.getLogger("app.db")
    lg.setLevel(logging.INFO)
    q = Queue()
    p = Process(target=work, args=(lg, get_logger(), q))
    p.start()
    print(json.dumps(q.get()))
    p.join()
    pool = Pool(1)
    print(json.dumps(pool.apply(level_in_child, (logging.getLogger("x.y"),))))
    print(json.dumps(pool.apply(level_in_child, (logging.getLogger(),))))
    pool.close()
    pool.join()
