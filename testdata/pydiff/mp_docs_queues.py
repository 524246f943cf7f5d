# The Python side of mp_docs_queues.star; the queues example of CPython's multiprocessing documentation ("An example
# showing how to use queues to feed tasks to a collection of worker
# processes"), with iter(queue.get, "STOP") and func.__name__.
import time
from multiprocessing import Process, Queue, current_process, freeze_support, active_children, set_start_method
sleep = time.sleep

def calculate(func, args):
    result = func(*args)
    return "%s says that %s%s = %s" % (current_process().name, func.__name__, args, result)

def mul(a, b):
    sleep(0.01)
    return a * b

def plus(a, b):
    return a + b

def worker(input, output):
    for func, args in iter(input.get, "STOP"):
        result = calculate(func, args)
        output.put(result)

def test():
    NUMBER_OF_PROCESSES = 4
    TASKS1 = [(mul, (i, 7)) for i in range(20)]
    TASKS2 = [(plus, (i, 8)) for i in range(10)]
    task_queue = Queue()
    done_queue = Queue()
    for task in TASKS1:
        task_queue.put(task)
    for i in range(NUMBER_OF_PROCESSES):
        Process(target=worker, args=(task_queue, done_queue)).start()
    # Which worker computes what varies from run to run: print the results
    # without the worker's name, in order.
    print("Unordered results:")
    res = [done_queue.get().split(" says ")[1] for i in range(len(TASKS1))]
    for r in sorted(res, key=lambda s: int(s.split(" = ")[1])):
        print("\t", r)
    for task in TASKS2:
        task_queue.put(task)
    print("Unordered results:")
    res = [done_queue.get() for i in range(len(TASKS2))]
    names = sorted(set([r.split(" says ")[0] for r in res]))
    print(all([n.startswith("Process-") for n in names]))
    for r in sorted([r.split(" says ")[1] for r in res]):
        print("\t", r)
    for i in range(NUMBER_OF_PROCESSES):
        task_queue.put("STOP")
    for p in active_children():
        p.join()
    print(len(active_children()))

if __name__ == "__main__":
    freeze_support()
    set_start_method("spawn")
    test()
