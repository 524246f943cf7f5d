# collections.ChainMap as Python's: lookups through the maps, writes to the first, new_child, parents, |, and crossing processes.
from collections import ChainMap
import os
from multiprocessing import Process, Queue, set_start_method

def show(f):
    try:
        r, e = f(), None
    except Exception as x:
        r, e = None, x
    out(type(e).__name__ + ": " + str(e) if e else r)

def out(*args):
    print(" ".join([str(a) for a in args]))

def child(cm, q):
    q.put((cm["a"], cm["b"], len(cm), sorted(cm.keys()), type(cm).__name__))

def main():
    defaults = {"a": 1, "b": 2, "c": 3}
    env = {"b": 20}
    cli = {"a": 100}
    cm = ChainMap(cli, env, defaults)
    out(cm["a"], cm["b"], cm["c"], len(cm), list(cm), list(cm.keys()), list(cm.values()), list(cm.items()))
    out(cm.get("z"), cm.get("z", 0), "a" in cm, "z" in cm, bool(ChainMap()), bool(cm), len(ChainMap()))
    out(cm)
    cm["d"] = 4
    out(cli, len(cm.maps), cm.maps[1] is env)
    cm.pop("d")
    out(cm.pop("a"), cli, cm["a"])
    show(lambda: cm.pop("b"))
    out(cm.pop("zz", "dflt"))
    show(lambda: cm["missing"])
    child_map = cm.new_child()
    child_map["x"] = 9
    out(child_map, child_map.parents == cm, len(child_map.maps))
    out(cm.new_child({"n": 1}), cm.new_child(k=2))
    out(cm.parents, ChainMap({"q": 1}).parents)
    c2 = cm.copy()
    c2["new"] = 1
    out("new" in cm, "new" in c2)
    out(cm | {"a": 7}, {"b": 5, "zz": 0} | cm)
    out(cm.setdefault("s", 5), cm.setdefault("b", 99), cm.maps[0])
    cm.update({"u": 1}, w=2)
    out(cm.maps[0])
    out(cm.popitem(), cm.maps[0])
    e = ChainMap()
    show(lambda: e.popitem())
    cm.clear()
    out(cm.maps[0], len(cm))
    out(ChainMap({"a": 1}) == ChainMap({"a": 1}, {"a": 2}), ChainMap({"a": 1}) != ChainMap({"a": 2}))
    show(lambda: cm[[1]])
    q = Queue()
    p = Process(target=child, args=(ChainMap({"a": 1}, {"b": 2, "a": 0}), q))
    p.start()
    out(q.get())
    p.join()

if __name__ == "__main__":
    set_start_method("spawn")
    main()
