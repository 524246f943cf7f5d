import argparse

def qualname(e):
    # procstar's err.type: builtin exceptions bare, others by module.
    t = type(e)
    return t.__name__ if t.__module__ == "builtins" else t.__module__ + "." + t.__name__

def attempt(p, args):
    try:
        print(p.parse_args(args))
    except argparse.ArgumentError as e:
        print("argparse.ArgumentError", e)

p = argparse.ArgumentParser(prog="e", exit_on_error=False)
p.add_argument("--count", type=int)
p.add_argument("--ratio", type=float)
p.add_argument("--mode", choices=["a", "b"])
p.add_argument("--num", choices=[1, 2], type=int)
p.add_argument("--pair", nargs=2)
p.add_argument("--one", nargs="+")
p.add_argument("--verbose", action="store_true")
p.add_argument("--version-info", action="store_true")
m = p.add_mutually_exclusive_group()
m.add_argument("--fast", action="store_true")
m.add_argument("--slow", action="store_true")
p.add_argument("-x", action="count")
for args in [["--count", "abc"], ["--count", "1.5"], ["--ratio", "x"], ["--mode", "c"], ["--num", "3"],
             ["--num", "z"], ["--pair", "a"], ["--pair"], ["--one"], ["--count"], ["--fast", "--slow"],
             ["--slow", "--fast"], ["--verbose=1"], ["-x=1"], ["--count=5", "--ratio", "1e3", "--mode=a", "--pair", "a", "b", "-xx"],
             ["--count", "-5"], ["--ratio", "-1.5"], ["--count", "0x10"]]:
    attempt(p, args)

q = argparse.ArgumentParser(prog="q", exit_on_error=False)
q.add_argument("n", type=int)
q.add_argument("rest", nargs="*")
for args in [["x"], ["1", "a", "b"], ["-1"]]:
    attempt(q, args)

r = argparse.ArgumentParser(prog="r", exit_on_error=False)
r.add_argument("--a", required=True)
r.add_argument("pos")
s = argparse.ArgumentParser(prog="s")
s.add_argument("--a")
for bad in [dict(action="nope"), dict(nargs=0), dict(nargs="x"), dict(type="int"), dict(dest="x", required=True)]:
    try:
        s.add_argument("--z", **bad)
        print("ok")
    except Exception as e:
        print(qualname(e), e)
for bad in [("a",), ("-a", "b")]:
    try:
        s.add_argument(*bad)
        print("ok")
    except Exception as e:
        print(qualname(e), e)
try:
    s.add_argument("--a")
except Exception as e:
    print(qualname(e), e)
print(r.parse_args(["--a", "1", "p"]))
p.parse_args(["--ver"])  # exits 2 even with exit_on_error=False, as in CPython 3.12
print("not reached")
