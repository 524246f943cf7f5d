# Python twin of argparse_cpython_ctors.star.
import argparse, sys
from errtext import catch

def nsdict(ns):
    return vars(ns)


def run_exit(name, args):
    sys.stdout.flush()
    try:
        r = BUILDERS[name]().parse_args(args)
        print(name, args, "child parsed", sorted(nsdict(r).items()))
    except SystemExit as e:
        sys.stderr.flush()
        return e.code
    return 0

def fmt(t):
    return "(" + ", ".join(["'%s'" % x for x in t]) + ")" if type(t) != type("") else t

def bad(*args, **kwargs):
    parser = argparse.ArgumentParser()
    _, e = catch(parser.add_argument, *args, **kwargs)
    print(fmt(args), ",".join(sorted(kwargs.keys())), "->", e.type if e else "accepted", e.message if e else "")

def main():
    # TestInvalidArgumentConstructors
    bad('-x', bar=None)
    bad('-y', callback='foo')
    bad()
    for action in ['append', 'store']:
        bad(action=action)
    bad('--')
    bad('---')
    bad('--foo', type='int')
    bad('--foo', type=(1, 2))
    bad('-x', action='foo')
    bad('foo', action='baz')
    bad('--foo', action=('store', 'append'))
    bad("--foo", action="store-true")
    parser = argparse.ArgumentParser()
    parser.add_argument(dest='foo')
    _, e = catch(parser.add_argument, 'bar', dest='baz')
    print(e.type, e.message)
    for action in ['store_const', 'store_true', 'store_false', 'append_const', 'count']:
        for attrs in [dict(type=int), dict(nargs='+'), dict(choices='ab')]:
            bad('-x', action=action, **attrs)
    for action in ['store_true', 'store_false', 'count']:
        bad('-x', const='foo', action=action)
        bad('-x', nargs='*', action=action)
    for action in ['store', 'append']:
        bad('-x', nargs=0, action=action)
        bad('spam', nargs=0, action=action)
        for nargs in [1, '*', '+']:
            bad('-x', const='foo', nargs=nargs, action=action)
            bad('spam', const='foo', nargs=nargs, action=action)
    for action in ['store_const', 'append_const']:
        bad('-x', nargs='+', action=action)
    bad('foo', required=True)
    # TestAddArgumentMetavar
    for nargs in [None, '?', '*', '+', '...', 'A...', 1, 2, 3]:
        for mv in ["1", ("1",), ("1", "2"), ("1", "2", "3")]:
            parser = argparse.ArgumentParser()
            kw = {"metavar": mv}
            if nargs != None:
                kw["nargs"] = nargs
            _, e = catch(parser.add_argument, "--foo", **kw)
            print(nargs, fmt(mv), "->", e.type + ": " + e.message if e else "ok")
    # TestStrings-like: Namespace repr and equality
    ns = argparse.Namespace(foo=42, bar='spam')
    print(ns)
    print(argparse.Namespace(), argparse.Namespace(a=1) == argparse.Namespace(a=1), argparse.Namespace(a=1) != argparse.Namespace(a=2))
    # TestExitOnError
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument('--integers', metavar='N', type=int)
    print(show(parser.parse_args('--integers 4'.split())))
    _, e = catch(parser.parse_args, '--integers a'.split())
    print(e.type, e.message)
    # TestOptionalsHelpVersionActions: version action text on stdout, exit 0
    print("exit version", run_exit("vers", ["-V"]))
    print("exit help", run_exit("vers", ["-h"]))
    print("exit xh", run_exit("vers", ["-x", "-h"]))
    print("exit usage error", run_exit("vers", ["--foo"]))

def vers(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='description')
    p.add_argument('-V', '--version', action='version', version='%(prog)s 3.5')
    p.add_argument('-x', action='store_true')
    return p

def show(ns):
    d = nsdict(ns)
    return " ".join(["%s=%s" % (k, d[k]) for k in sorted(d)])

BUILDERS = {"vers": vers}

if __name__ == "__main__":
    main()
