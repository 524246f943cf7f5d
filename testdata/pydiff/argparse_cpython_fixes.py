import argparse
# Parts of CPython 3.12's test_argparse behaviour that procstar once got
# wrong, side by side with python3 (the full port is argparse_cpython).
def show(ns):
    d = vars(ns)
    return " ".join(["%s=%s" % (k, d[k]) for k in sorted(d)])

# argument_default and set_defaults override an action's own default
# (store_true's False, version's SUPPRESS), as CPython's add_argument does.
p = argparse.ArgumentParser(prog="d", argument_default=42)
p.add_argument("--t", action="store_true")
p.add_argument("--f", action="store_false")
p.add_argument("--version", action="version", version="1")
p.add_argument("--c", action="count")
print(show(p.parse_args([])))
p = argparse.ArgumentParser(prog="d", argument_default=argparse.SUPPRESS)
p.add_argument("--t", action="store_true")
p.add_argument("x", nargs="*")
print(show(p.parse_args([])))
p = argparse.ArgumentParser(prog="d")
p.set_defaults(t="set", v=7)
p.add_argument("--t", action="store_true")
p.add_argument("--version", action="version", version="1", dest="v")
print(show(p.parse_args([])), p.get_default("t"), p.get_default("help"))

# "-x=" of a flag is refused: ignored explicit argument ''.
p = argparse.ArgumentParser(prog="x", exit_on_error=False)
p.add_argument("-x", action="store_true")
p.add_argument("-y", action="store_true")
for a in [["-x="], ["-xy"], ["-xy="]]:
    try:
        print(a[0], show(p.parse_args(a)))
    except argparse.ArgumentError as e:
        print(a[0], e)

# choices may be a string: its characters are the choices.
p = argparse.ArgumentParser(prog="c", exit_on_error=False)
p.add_argument("-f", choices="abc", help="one of %(choices)s")
for a in [["-fa"], ["-f", "ab"], ["-f", "d"]]:
    try:
        print(" ".join(a), show(p.parse_args(a)))
    except argparse.ArgumentError as e:
        print(" ".join(a), e)
print(p.format_help())

# usage=SUPPRESS leaves the usage line out of the usage and the help.
p = argparse.ArgumentParser(prog="u", usage=argparse.SUPPRESS, description="Desc.")
p.add_argument("--foo", help="foo help")
print(len(p.format_usage()))
print(p.format_help())

# add_parser's name may be passed by keyword.
p = argparse.ArgumentParser(prog="s")
sub = p.add_subparsers(dest="cmd")
sub.add_parser(name="run", help="run it")
print(show(p.parse_args(["run"])))
print(p.format_usage())

# BooleanOptionalAction lists each --no-X right after its --X (3.12).
p = argparse.ArgumentParser(prog="b")
p.add_argument("-f", "--foobar", "--barfoo", action=argparse.BooleanOptionalAction)
print(p.format_help())

# A mutually exclusive group shows as one [a | b] in the usage only where
# its actions are contiguous; a positional in it loses its own [], and a
# required group with one shown member has no ().
p = argparse.ArgumentParser(prog="m")
g = p.add_mutually_exclusive_group()
g.add_argument("--foo", action="store_true")
g.add_argument("--spam")
g.add_argument("badger", nargs="*", default="X")
print(p.format_usage())
p = argparse.ArgumentParser(prog="m")
p.add_argument("x")
g = p.add_mutually_exclusive_group(required=True)
g.add_argument("a", nargs="?")
g.add_argument("-b", action="store_true")
p.add_argument("-y", action="store_true")
print(p.format_usage())
p = argparse.ArgumentParser(prog="m")
g = p.add_mutually_exclusive_group(required=True)
g.add_argument("-x", help=argparse.SUPPRESS)
g.add_argument("-y", action="store_true")
print(p.format_usage())

# A mutually exclusive group made from an argument group is listed in the
# help under that group's title.
p = argparse.ArgumentParser(prog="g")
t = p.add_argument_group("Titled group", "Group description")
m = t.add_mutually_exclusive_group()
m.add_argument("--bar", help="bar help")
m.add_argument("--baz", help="baz help")
print(p.format_help())

# A subparsers action without dest or metavar is named by its choices in
# an error: argument {a,b}: invalid choice.
p = argparse.ArgumentParser(prog="n", exit_on_error=False)
sub = p.add_subparsers()
sub.add_parser("a")
sub.add_parser("b", aliases=["bb"])
try:
    p.parse_args(["c"])
except argparse.ArgumentError as e:
    print(e)

# add_argument refuses what the action class's __init__ refuses, with
# CPython's errors; an action's repr names its class.
def bad(*args, **kwargs):
    try:
        argparse.ArgumentParser().add_argument(*args, **kwargs)
        e = None
    except Exception as x:
        e = x
    print(",".join(args), ",".join(sorted(kwargs.keys())), "->", type(e).__name__ + ": " + str(e) if e else "accepted")

bad()
bad("--")
bad("--foo", action=("store", "append"))
bad("-x", bar=1)
bad("-x", action="store_true", type=int)
bad("-x", action="count", const=1)
bad("-x", action="store_const", const=1, nargs="?")
bad("-x", action="append_const", const=1, choices=[1])
bad("-x", action="version", version="1", type=int)
bad("-x", action="store", const=1)
bad("-x", action="append", const=1, nargs="*")
bad("-x", action="append", nargs=0)
bad("-x", action="extend", nargs=0)
bad("-x", const=1, nargs="?")
p = argparse.ArgumentParser()
print(p.add_argument("--foo"))
print(p.add_argument("--bar", action="append"))

# 'x' in ns (Namespace.__contains__); a parser's repr shows its add_help.
ns = argparse.Namespace(a=1)
ns.b = 2
print("a" in ns, "b" in ns, "c" in ns)
print(argparse.ArgumentParser(prog="P", add_help=False))

# conflict_handler: 'error' (conflicting option string(s)), 'resolve' (the
# newer argument takes the option strings over), anything else ValueError.
try:
    argparse.ArgumentParser(conflict_handler="foo")
except ValueError as e:
    print("ValueError", e)
p = argparse.ArgumentParser(prog="PROG")
p.add_argument("-x", "--xx")
for names in [["-x"], ["-y", "--xx"], ["-x", "--xx"]]:
    try:
        p.add_argument(*names)
    except argparse.ArgumentError as e:
        print("argparse.ArgumentError", e)
p.add_argument("--flag", action="store_true")
try:
    p.add_argument("--no-flag", "--flag", action=argparse.BooleanOptionalAction)
except argparse.ArgumentError as e:
    print("argparse.ArgumentError", e)
p = argparse.ArgumentParser(prog="PROG", conflict_handler="resolve")
p.add_argument("-x", help="OLD X")
p.add_argument("-x", help="NEW X")
p.add_argument("--spam", "-s", metavar="OLD_SPAM")
p.add_argument("--spam", metavar="NEW_SPAM")
g = p.add_argument_group("grp")
g.add_argument("-s", help="group s")
print(p.format_help())
print(p.parse_args(["-x", "1", "-s", "2", "--spam", "3"]))
print(p)

# An argument group's description wraps to the help width less its indent.
p = argparse.ArgumentParser(prog="w")
g = p.add_argument_group("group", "abcd " * 14 + "abcdef x")
g.add_argument("baz")
print(p.format_help())
