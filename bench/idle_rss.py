# Memory of an idle child, the same workload as idle_rss.star (see there). Spawn, or the
# start method named by $START_METHOD (compare.sh also runs it with fork).
import multiprocessing as mp, os, time

def idle(ready, done):
    ready.set()
    done.wait()

def field(pid, path, name):
    for line in open("/proc/%d/%s" % (pid, path)).read().split("\n"):
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return -1

if __name__ == "__main__":
    mp.set_start_method(os.environ.get("START_METHOD", "spawn"))
    ready, done = mp.Event(), mp.Event()
    p = mp.Process(target = idle, args = (ready, done))
    p.start()
    ready.wait()
    time.sleep(0.5)
    print("idle_child_rss_kb", field(p.pid, "status", "VmRSS"))
    print("idle_child_pss_kb", field(p.pid, "smaps_rollup", "Pss"))
    done.set()
    p.join()
