import argparse
SUPPRESS = argparse.SUPPRESS

def show(p):
    print(p.format_usage(), end="")
    print(p.format_help(), end="")
    print("----")

p = argparse.ArgumentParser(prog="orchestrate", description="A well-known multi-process orchestration tool for long-running, fault-tolerant data-processing pipelines; see https://example.com/a-very-long-url-that-cannot-be-broken-anywhere-at-all for details.", epilog="Report bugs to the issue tracker. Exit status is non-zero on failure-of-any-kind.")
p.add_argument("jobs", nargs="*", metavar="JOB", help="jobs to run (default: all of them, in dependency-resolved order)")
p.add_argument("-n", "--dry-run", action="store_true", help="print what would be done without doing it")
p.add_argument("--concurrency-limit-per-host", type=int, default=8, metavar="N", help="at most N processes per host (default: %(default)s)")
p.add_argument("--pair", nargs=2, metavar=("KEY", "VALUE"), help="a key-value pair")
p.add_argument("--level", choices=["debug", "info", "warning"], default="info", help="one of %(choices)s")
p.add_argument("--secret", help=SUPPRESS)
p.add_argument("-x", nargs="?", const="c", help="optional value")
p.add_argument("--many", nargs="+", help="one or more")
p.add_argument("--version", action="version", version="%(prog)s 1.0")
g = p.add_argument_group("network", "Options that control how the tool reaches remote hosts over an unreliable network.")
g.add_argument("--host", required=True, help="the host")
g.add_argument("--port", type=int, default=22)
m = p.add_mutually_exclusive_group()
m.add_argument("--fast", action="store_true")
m.add_argument("--slow", action="store_true")
show(p)

q = argparse.ArgumentParser(prog="x", usage="%(prog)s [options] FILE", add_help=False)
q.add_argument("file")
q.add_argument("-o", dest="out", metavar="OUT")
show(q)

r = argparse.ArgumentParser(prog="a-program-with-a-rather-long-name-for-testing-usage-wrapping")
for i in range(8):
    r.add_argument("--option-number-%d" % i, metavar="VALUE%d" % i)
r.add_argument("inputs", nargs="+")
r.add_argument("output")
show(r)

s = argparse.ArgumentParser(prog="cmd")
sub = s.add_subparsers(dest="command", title="commands", description="valid commands", help="what to do")
a = sub.add_parser("start", help="start the thing")
a.add_argument("--now", action="store_true", help="immediately")
sub.add_parser("stop", help="stop the thing", aliases=["halt"])
show(s)
show(a)

t = argparse.ArgumentParser(prog="t")
t.add_argument("--n", type=int, default=3, help="an %(type)s, default %(default)r, dest %(dest)s, 100%%")
t.add_argument("--b", action=argparse.BooleanOptionalAction, default=True, help="toggle")
t.add_argument("--w", default="x y", help="%(default)s for %(prog)s")
show(t)
for bad in [dict(nargs=3, metavar=("A", "B")), dict(nargs="+", metavar=("A", "B", "C")), dict(nargs="?", metavar=("A", "B")), dict(nargs="*", metavar=("A", "B")), dict(nargs=1, metavar=("A",))]:
    try:
        t.add_argument("--z", **bad)
        print("ok")
    except Exception as e:
        # procstar's err.type: builtin exceptions bare, others by module.
        print(type(e).__name__ if type(e).__module__ == "builtins" else "argparse." + type(e).__name__, e)
t.add_argument("--y", nargs="*", metavar=("F", "G"))
print(t.format_usage(), end="")
