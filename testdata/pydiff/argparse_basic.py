import argparse
p = argparse.ArgumentParser(prog="tool", description="Process some files.", exit_on_error=False)
p.add_argument("files", nargs="+", help="input files")
p.add_argument("-w", "--workers", type=int, default=4, help="number of workers")
p.add_argument("-v", "--verbose", action="count", default=0)
p.add_argument("--mode", choices=["fast", "slow"], default="fast")
p.add_argument("--flag", action=argparse.BooleanOptionalAction)
p.add_argument("-I", dest="incs", action="append")
p.add_argument("-q", action="store_true")
for a in [["a", "b", "-vv", "--work=8", "--no-flag"], ["-qvI", "x", "-Iy", "f"], ["--", "-f"], ["f", "--mode", "slow", "-w3"]]:
    print(p.parse_args(a))
for a in [["-w", "x", "a"], ["a", "--mode", "z"], ["a", "--mo", "fast", "--verb"]]:
    try:
        print(p.parse_args(a))
    except argparse.ArgumentError as e:
        print("argparse." + type(e).__name__, e)
ns, rest = p.parse_known_args(["a", "--zzz"])
print(ns, len(rest), rest[0])
ns = argparse.Namespace(a=1, b="x")
print(ns, ns.a, ns == argparse.Namespace(a=1, b="x"), getattr(ns, "b"))
print(p.format_usage(), end="")
p.print_help()
