# The CPython half of logger_root_level.star.
import logging
from multiprocessing import Pipe, Process, get_logger, set_start_method

def level(conn):
    logger = get_logger()
    conn.send((logger.getEffectiveLevel(), logger.level, logger.isEnabledFor(logging.INFO)))

def run():
    reader, writer = Pipe(duplex=False)
    p = Process(target=level, args=(writer,))
    p.start()
    got = reader.recv()
    p.join()
    p.close()
    return got

if __name__ == "__main__":
    set_start_method("spawn")
    logger = get_logger()
    root = logging.getLogger()
    print("default", logger.getEffectiveLevel(), logger.level, root.level, run())
    logger.setLevel(32)
    print("own level", logger.getEffectiveLevel(), run())
    logger.setLevel(logging.NOTSET)
    root.setLevel(37)
    print("root 37", logger.getEffectiveLevel(), logger.level, logger.isEnabledFor(36), logger.isEnabledFor(37), run())
    root.setLevel(logging.DEBUG)
    print("root DEBUG", logger.getEffectiveLevel(), logger.isEnabledFor(logging.INFO), run())
    root.setLevel(logging.WARNING)
    print("root WARNING", logger.getEffectiveLevel(), run())
    logger.setLevel(level=logging.ERROR)
    root.setLevel(logging.DEBUG)
    print("own ERROR", logger.getEffectiveLevel(), run())
