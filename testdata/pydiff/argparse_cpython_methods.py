# Python twin of argparse_cpython_methods.star.
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

def show(ns):
    d = nsdict(ns)
    return "NS(" + ", ".join(["%s=%s" % (k, fmtv(d[k])) for k in sorted(d)]) + ")"

def fmtv(v):
    if v == str(v):
        return "'%s'" % v
    if type(v) in ("list", list):
        return "[" + ", ".join([fmtv(x) for x in v]) + "]"
    return str(v)

def fmtl(l):
    return "[" + ", ".join([fmtv(x) for x in l]) + "]"

# TestAddSubparsers._get_parser (type=complex replaced by float)
def sub_parser(subparser_help=False, prefix_chars=None, aliases=False, eoe=True):
    if prefix_chars:
        parser = argparse.ArgumentParser(prog='PROG', description='main description', prefix_chars=prefix_chars, exit_on_error=eoe)
        parser.add_argument(prefix_chars[0] * 2 + 'foo', action='store_true', help='foo help')
    else:
        parser = argparse.ArgumentParser(prog='PROG', description='main description', exit_on_error=eoe)
        parser.add_argument('--foo', action='store_true', help='foo help')
    parser.add_argument('bar', type=float, help='bar help')
    kw = {'required': False}
    if aliases:
        kw['metavar'] = 'COMMAND'
        kw['title'] = 'commands'
    else:
        kw['help'] = 'command help'
    subparsers = parser.add_subparsers(**kw)
    k1 = dict(description='1 description')
    if subparser_help:
        k1['help'] = '1 help'
    if aliases:
        k1['aliases'] = ['1alias1', '1alias2']
    parser1 = subparsers.add_parser('1', **k1)
    parser1.add_argument('-w', type=int, help='w help')
    parser1.add_argument('x', choices='abc', help='x help')
    k2 = dict(description='2 description')
    if subparser_help:
        k2['help'] = '2 help'
    parser2 = subparsers.add_parser('2', **k2)
    parser2.add_argument('-y', choices='123', help='y help')
    parser2.add_argument('z', type=float, nargs='*', help='z help')
    k3 = dict(description='3 description')
    if subparser_help:
        k3['help'] = '3 help'
    parser3 = subparsers.add_parser('3', **k3)
    parser3.add_argument('t', type=int, help='t help')
    parser3.add_argument('u', nargs='...', help='u help')
    return parser

def sub_help():
    return sub_parser(subparser_help=True)

def sub_alias(eoe=True):
    return sub_parser(aliases=True, eoe=eoe)

def sub_alias_help():
    return sub_parser(aliases=True, subparser_help=True)

def sub_prefix():
    return sub_parser(prefix_chars='+:-')

def req_attr(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    subparsers = parser.add_subparsers(dest='command')
    subparsers.required = True
    subparsers.add_parser('run')
    return parser

def req_kw(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    subparsers = parser.add_subparsers(dest='command', required=True)
    subparsers.add_parser('run')
    return parser

def req_nodest(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    subparsers = parser.add_subparsers(required=True)
    subparsers.add_parser('foo')
    subparsers.add_parser('bar')
    return parser

BUILDERS = {"sub_parser": sub_parser, "sub_alias": sub_alias, "req_attr": req_attr, "req_kw": req_kw, "req_nodest": req_nodest}

def parse(name, args):
    r, e = catch(BUILDERS[name](eoe=False).parse_args, args)
    if e:
        print(name, fmtl(args), "->", e.type, e.message)
    else:
        print(name, fmtl(args), "->", show(r))

def known(name, args):
    r, e = catch(BUILDERS[name](eoe=False).parse_known_args, args)
    if e:
        print(name, fmtl(args), "known ->", e.type, e.message)
    else:
        print(name, fmtl(args), "known ->", show(r[0]), fmtl(r[1]))

def main():
    # test_parse_args_failures (ArgumentError ones; the exits run in children)
    for a in ['a', 'a a', '0.5 a']:
        parse("sub_parser", a.split())
    for a in ['', '0.5 1', '0.5 1 -y', '0.5 2 -w']:
        print("exit", a, run_exit("sub_parser", a.split()))
    for a in ['0.5 1 b -w 7', '0.25 --foo 2 -y 2 3 -- -1', '--foo 0.125 1 c', '-1.5 3 11 -- a --foo 7 -- b']:
        parse("sub_parser", a.split())
    for a in ['0.5 1 b -w 7', '0.5 -p 1 b -w 7', '0.5 1 b -w 7 -p', '0.5 1 b -q -rs -w 7', '0.5 -W 1 b -X Y -w 7 Z']:
        known("sub_parser", a.split())
    # test_dest
    parser = argparse.ArgumentParser()
    parser.add_argument('--foo', action='store_true')
    subparsers = parser.add_subparsers(dest='bar')
    parser1 = subparsers.add_parser('1')
    parser1.add_argument('baz')
    print(show(parser.parse_args('1 2'.split())))
    # required subparsers
    for b in ["req_attr", "req_kw"]:
        print(show(BUILDERS[b]().parse_args(['run'])))
        print("exit", b, run_exit(b, []))
    print("exit req_nodest", run_exit("req_nodest", []))
    print("exit req_nodest baz", run_exit("req_nodest", ["baz"]))
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest='command')
    subparsers.add_parser('run')
    print(show(parser.parse_args([])))
    # help texts
    for b in [sub_parser, sub_help, sub_alias, sub_alias_help, sub_prefix, req_attr, req_nodest]:
        p = b()
        print(p.format_usage() + "====")
        print(p.format_help() + "====")
    # aliases parse
    for a in ['0.5 1alias1 b', '0.5 1alias2 b -w 7']:
        parse("sub_alias", a.split())
    # subparser help of a subparser
    p = argparse.ArgumentParser(prog='PROG')
    sp = p.add_subparsers(title='subcommands', description='additional text', help='additional help', metavar='{1,2}')
    a = sp.add_parser('1', help='1 help', prog='PROG 1', description='1 desc')
    a.add_argument('-w', help='w help')
    print(a.format_help() + "====")
    print(p.format_help() + "====")
    # TestSetDefaults (no parse_args(args, namespace) variants)
    parser = argparse.ArgumentParser()
    parser.set_defaults(x='foo')
    parser.set_defaults(y='bar', z=1)
    print(show(parser.parse_args([])))
    parser = argparse.ArgumentParser()
    parser.set_defaults(x='foo', y='bar')
    parser.add_argument('-x', default='xfoox')
    print(show(parser.parse_args([])), show(parser.parse_args('-x 1'.split())))
    parser = argparse.ArgumentParser()
    parser.set_defaults(x='foo')
    subparsers = parser.add_subparsers()
    parser_a = subparsers.add_parser('a')
    parser_a.set_defaults(y='bar')
    print(show(parser.parse_args('a'.split())))
    parser = argparse.ArgumentParser()
    xparser = parser.add_subparsers().add_parser('X')
    parser.set_defaults(foo=1)
    xparser.set_defaults(foo=2)
    print(show(parser.parse_args(['X'])))
    for grouped in [False, True]:
        parser = argparse.ArgumentParser()
        parser.set_defaults(w='W', x='X', y='Y', z='Z')
        g = parser.add_argument_group('foo') if grouped else parser
        g.add_argument('-w')
        g.add_argument('-x', default='XX')
        g.add_argument('y', nargs='?')
        g.add_argument('z', nargs='?', default='ZZ')
        print(show(parser.parse_args([])))
        parser.set_defaults(w='WW', x='X', y='YY', z='Z')
        print(show(parser.parse_args([])))
    # TestGetDefault
    parser = argparse.ArgumentParser()
    print(parser.get_default("foo"), parser.get_default("bar"))
    parser.add_argument("--foo")
    print(parser.get_default("foo"), parser.get_default("bar"))
    parser.add_argument("--bar", type=int, default=42)
    print(parser.get_default("foo"), parser.get_default("bar"))
    parser.set_defaults(foo="badger")
    print(parser.get_default("foo"), parser.get_default("bar"))
    # TestParseKnownArgs
    parser = argparse.ArgumentParser()
    r = parser.parse_known_args(["-x"] if False else [])
    print(show(r[0]), fmtl(r[1]))
    parser = argparse.ArgumentParser()
    parser.add_argument('--foo')
    r = parser.parse_known_args(['--foo', 'F', '--bar', '--baz'])
    print(show(r[0]), fmtl(r[1]))
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', nargs='?', const=1, type=int)
    parser.add_argument('--spam', action='store_false')
    parser.add_argument('badger')
    argv = ["B", "C", "--foo", "-v", "3", "4"]
    r = parser.parse_known_args(argv)
    print(show(r[0]), fmtl(r[1]))
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', nargs='?', const=1, type=int)
    parser.add_argument('--spam', action='store_false')
    parser.add_argument('badger', nargs='?')
    r = parser.parse_known_args(["-v", "--spam", "A", "B", "--", "C"] if False else ['-x', '--', 'a'])
    print(show(r[0]), fmtl(r[1]))
    # TestOptionalsHelpVersionActions: format_help of -h / --version parsers
    p = argparse.ArgumentParser(prog='PROG', add_help=False)
    p.add_argument('-x', action='help')
    p.add_argument('-y', action='version', version='1.0')
    p.add_argument('--z', action='version', version='%(prog)s 2.0', help='z help')
    print(p.format_help() + "====")
    # TestMessageContentError (exits in children; messages on stderr)
    print("exit msg1", run_exit("msg1", []))
    print("exit msg2", run_exit("msg2", ["myXargument"]))
    print("exit msg3", run_exit("msg3", []))
    print("exit msg4", run_exit("msg4", []))
    print("exit msg5", run_exit("msg5", ["--req_opt", "1"]))
    # TestTypeFunctionCallOnlyOnce / CalledOnDefault
    parser = argparse.ArgumentParser()
    parser.add_argument('--foo', type=spam_once, default='bar')
    print(show(parser.parse_args('--foo spam!'.split())))
    parser = argparse.ArgumentParser()
    parser.add_argument('--foo', type=spam_int, default=0)
    print(show(parser.parse_args([])))
    parser = argparse.ArgumentParser()
    parser.add_argument('--foo', type=spam_str, default='0')
    print(show(parser.parse_args([])))
    parser = argparse.ArgumentParser()
    parser.add_argument('--foo', type=spam_str, nargs='*', default=['a', 'b'])
    print(show(parser.parse_args([])))
    # TestWrappingMetavar
    parser = argparse.ArgumentParser(prog='this_is_spammy_prog_with_a_long_name_sorry_about_the_name')
    parser.add_argument('--proxy', metavar='<http[s]://example:1234>')
    print(parser.format_usage() + "====")
    # TestPositionalsGroups
    for i in range(3):
        parser = argparse.ArgumentParser(exit_on_error=False)
        parser.add_argument('foo')
        if i == 0:
            group = parser.add_argument_group('g')
            group.add_argument('-b', action='store_true')
        elif i == 1:
            group = parser.add_argument_group('g')
            group.add_argument('bar')
            group.add_argument('-b', action='store_true')
        else:
            group = parser.add_argument_group('g')
            group.add_argument('bar')
        parser.add_argument('baz')
        print(show(parser.parse_args('1 2 3'.split() if i else '1 2'.split())))
    # TestMutuallyExclusiveGroupErrors
    parser = argparse.ArgumentParser(prog='PROG')
    group = parser.add_mutually_exclusive_group()
    _, e = catch(group.add_argument, '--foo', required=True)
    print(e.type, e.message)
    for nargs in ['?', '*']:
        _, e = catch(group.add_argument, 'bar', nargs=nargs)
        print("ok" if not e else e.message)
    _, e = catch(group.add_argument, 'baz', nargs='+')
    print(e.type, e.message)
    parser = argparse.ArgumentParser(prog='PROG')
    group1 = parser.add_mutually_exclusive_group()
    group1.add_argument('--foo', action='store_true')
    group1.add_argument('--bar', action='store_false')
    group2 = parser.add_mutually_exclusive_group()
    group2.add_argument('--soup', action='store_true')
    group2.add_argument('--nuts', action='store_false')
    print(parser.format_help() + "====")
    # TestInvalidNargs
    parser = argparse.ArgumentParser()
    for n in ['?', '*', '+', '...', 'A...', 1, 2]:
        _, e = catch(parser.add_argument, '--f%s' % len(str(n)), nargs=n)
    for n in ['{}', 'zzz']:
        _, e = catch(parser.add_argument, '--g', nargs=n)
        print(e.type, e.message)
    _, e = catch(parser.add_argument, '--h', nargs=0)
    print(e.type, e.message)

def spam_once(string_to_convert):
    return 'foo_converted' if string_to_convert == 'spam!' else 'x'

def spam_int(int_to_convert):
    return 'foo_converted'

def spam_str(str_to_convert):
    return 'foo_converted'

def msg1(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', usage='')
    parser.add_argument('req_pos', type=str)
    parser.add_argument('-req_opt', type=int, required=True)
    parser.add_argument('need_one', type=str, nargs='+')
    return parser

def msg2(eoe=True):
    return msg1()

def msg3(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', usage='')
    parser.add_argument('req_pos', type=str)
    parser.add_argument('optional_positional', nargs='?', default='eggs')
    return parser

def msg4(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', usage='')
    parser.add_argument('--req_opt', type=int, required=True)
    parser.add_argument('--opt_opt', type=bool, nargs='?', default=True)
    return parser

def msg5(eoe=True):
    parser = argparse.ArgumentParser(prog='PROG', usage='')
    parser.add_argument('req_pos', type=str)
    parser.add_argument('--req_opt', type=int, required=True)
    return parser

BUILDERS.update({"msg1": msg1, "msg2": msg2, "msg3": msg3, "msg4": msg4, "msg5": msg5})

if __name__ == "__main__":
    main()
