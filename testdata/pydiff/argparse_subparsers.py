import argparse
def build(ns):
    return "build %s" % ns.target

def clean(ns):
    return "clean all=%s" % ns.all

p = argparse.ArgumentParser(prog="mk", exit_on_error=False)
p.add_argument("--dry", action="store_true")
sub = p.add_subparsers(dest="cmd", help="what to do")
b = sub.add_parser("build", help="build a target", aliases=["b"])
b.add_argument("target")
b.set_defaults(func=build)
c = sub.add_parser("clean", help="remove outputs")
c.add_argument("--all", action="store_true")
c.set_defaults(func=clean)
for a in [["build", "x"], ["--dry", "b", "y"], ["clean", "--all"], ["clean"]]:
    ns = p.parse_args(a)
    print(ns.cmd, ns.dry, ns.func(ns))
g = argparse.ArgumentParser(prog="g", exit_on_error=False)
m = g.add_mutually_exclusive_group()
m.add_argument("-a", action="store_true")
m.add_argument("-b", action="store_true")
grp = g.add_argument_group("extra", "More options.")
grp.add_argument("--level", type=int, choices=[1, 2, 3], help="the level (default: %(default)s)", default=2)
print(g.parse_args(["-a", "--level", "3"]))
print(g.format_usage(), end="")
g.print_help()
p.print_help()
