# The CPython half of logger_level.star.
from multiprocessing import Pool, Process, get_logger, set_start_method

def child(tag):
    print(tag, get_logger().getEffectiveLevel(), get_logger().level)

def level(_):
    return get_logger().getEffectiveLevel()

def run(tag):
    p = Process(target=child, args=(tag,))
    p.start()
    p.join()

if __name__ == "__main__":
    set_start_method("spawn")
    run("default")
    get_logger().setLevel(10)
    run("after setLevel(10)")
    with_pool = Pool(1)
    print("pool worker", with_pool.map(level, [0])[0])
    with_pool.close()
    with_pool.join()
    get_logger().setLevel(40)
    run("after setLevel(40)")
