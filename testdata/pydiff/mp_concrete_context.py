# The CPython half of mp_concrete_context.star.
import multiprocessing
from multiprocessing import get_context, get_start_method, set_start_method

from errtext import et

def child_method(conn):
    conn.send(multiprocessing.get_start_method())

if __name__ == "__main__":
    ctx = get_context("spawn")
    print(get_start_method(True) == None)
    print(ctx.get_start_method(), ctx.get_start_method(True), get_start_method(True) == None)
    print(et(ctx.set_start_method, "spawn"), "|", et(ctx.set_start_method, None))
    print(et(ctx.set_start_method, "spawn", True), "|", et(ctx.set_start_method, "fork", force=True))
    print(et(ctx.set_start_method), "|", et(ctx.get_context, 1, 2), "|", et(ctx.get_start_method, bogus=1))
    print(get_start_method(True) == None)
    print(ctx.get_context() == ctx, ctx.get_context(None) == ctx, ctx.get_context("spawn") == ctx, et(ctx.get_context, "nope"))
    print(get_context("spawn") == ctx, get_start_method(True) == None)
    get_context()
    print(get_start_method(True) == None, et(set_start_method, "spawn"))
    set_start_method(None, True)
    print(get_start_method(True) == None)
    # Python's default method on Linux is fork; procstar always spawns.
    print(multiprocessing.get_context() != None, get_start_method(True) == None, et(set_start_method, "spawn"))
    set_start_method("spawn", force=True)
    print(get_context() == ctx, get_start_method())
    # CPython's TestStartMethod.test_set_get: ctx.Process is SpawnProcess.
    print(ctx.Process.__name__, multiprocessing.Process.__name__)
    r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=child_method, args=(w,))
    p.start()
    w.close()
    print(r.recv(), ctx.get_start_method())
    p.join()
