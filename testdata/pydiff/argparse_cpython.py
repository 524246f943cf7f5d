# Python twin of argparse_cpython.star (same tables).
import argparse, sys
from errtext import catch

def nsdict(ns):
    return vars(ns)

def NSD(d):
    return d


PARSE_TESTS = []
HELP_TESTS = []

def run_exit(name, args):
    for t in PARSE_TESTS:
        if t[0] == name:
            sys.stdout.flush()
            try:
                r = t[1][0]().parse_args(args)
                print(name, args, "child parsed", sorted(nsdict(r).items()))
            except SystemExit as e:
                sys.stderr.flush()
                return e.code
            return 0

def b_TestActionExtend_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo', action='extend', nargs='+', type=str)
    return p

def b_TestActionExtend_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo', action='extend', nargs='+', type=str)
    return p

def b_TestActionExtend_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo', action='extend', nargs='+', type=str)
    return p

PARSE_TESTS.append(('TestActionExtend', [b_TestActionExtend_no_groups, b_TestActionExtend_one_group, b_TestActionExtend_many_groups], [(['--foo', 'f1', '--foo', 'f2', 'f3', 'f4'], {'foo': ['f1', 'f2', 'f3', 'f4']})], []))

def b_TestBooleanOptionalAction_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo', action=argparse.BooleanOptionalAction)
    return p

def b_TestBooleanOptionalAction_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo', action=argparse.BooleanOptionalAction)
    return p

def b_TestBooleanOptionalAction_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo', action=argparse.BooleanOptionalAction)
    return p

PARSE_TESTS.append(('TestBooleanOptionalAction', [b_TestBooleanOptionalAction_no_groups, b_TestBooleanOptionalAction_one_group, b_TestBooleanOptionalAction_many_groups], [([], {'foo': None}), (['--foo'], {'foo': True}), (['--no-foo'], {'foo': False}), (['--foo', '--no-foo'], {'foo': False}), (['--no-foo', '--foo'], {'foo': True})], [(['--foo', 'bar'], 'exit'), (['--foo=bar'], 'argerr')]))

def b_TestBooleanOptionalActionRequired_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo', required=True, action=argparse.BooleanOptionalAction)
    return p

def b_TestBooleanOptionalActionRequired_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo', required=True, action=argparse.BooleanOptionalAction)
    return p

def b_TestBooleanOptionalActionRequired_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo', required=True, action=argparse.BooleanOptionalAction)
    return p

PARSE_TESTS.append(('TestBooleanOptionalActionRequired', [b_TestBooleanOptionalActionRequired_no_groups, b_TestBooleanOptionalActionRequired_one_group, b_TestBooleanOptionalActionRequired_many_groups], [(['--foo'], {'foo': True}), (['--no-foo'], {'foo': False})], [([], 'exit')]))

def b_TestConstActionsMissingConstKwarg_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-f', action='append_const')
    p.add_argument('--foo', action='append_const')
    p.add_argument('-b', action='store_const')
    p.add_argument('--bar', action='store_const')
    return p

def b_TestConstActionsMissingConstKwarg_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-f', action='append_const')
    v1.add_argument('--foo', action='append_const')
    v1.add_argument('-b', action='store_const')
    v1.add_argument('--bar', action='store_const')
    return p

def b_TestConstActionsMissingConstKwarg_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-f', action='append_const')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--foo', action='append_const')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-b', action='store_const')
    v4 = p.add_argument_group('foo:3')
    v4.add_argument('--bar', action='store_const')
    return p

PARSE_TESTS.append(('TestConstActionsMissingConstKwarg', [b_TestConstActionsMissingConstKwarg_no_groups, b_TestConstActionsMissingConstKwarg_one_group, b_TestConstActionsMissingConstKwarg_many_groups], [([], {'f': None, 'foo': None, 'b': None, 'bar': None}), (['-f'], {'f': [None], 'foo': None, 'b': None, 'bar': None}), (['--foo'], {'f': None, 'foo': [None], 'b': None, 'bar': None}), (['-b'], {'f': None, 'foo': None, 'b': None, 'bar': None}), (['--bar'], {'f': None, 'foo': None, 'b': None, 'bar': None})], [(['-f', 'v'], 'exit'), (['--foo=bar'], 'argerr'), (['--foo', 'bar'], 'exit')]))

def b_TestDefaultSuppress_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?', default=argparse.SUPPRESS)
    p.add_argument('bar', nargs='*', default=argparse.SUPPRESS)
    p.add_argument('--baz', action='store_true', default=argparse.SUPPRESS)
    return p

def b_TestDefaultSuppress_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?', default=argparse.SUPPRESS)
    v1.add_argument('bar', nargs='*', default=argparse.SUPPRESS)
    v1.add_argument('--baz', action='store_true', default=argparse.SUPPRESS)
    return p

def b_TestDefaultSuppress_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?', default=argparse.SUPPRESS)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='*', default=argparse.SUPPRESS)
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('--baz', action='store_true', default=argparse.SUPPRESS)
    return p

PARSE_TESTS.append(('TestDefaultSuppress', [b_TestDefaultSuppress_no_groups, b_TestDefaultSuppress_one_group, b_TestDefaultSuppress_many_groups], [([], {}), (['a'], {'foo': 'a'}), (['a', 'b'], {'foo': 'a', 'bar': ['b']}), (['--baz'], {'baz': True}), (['a', '--baz'], {'foo': 'a', 'baz': True}), (['--baz', 'a', 'b'], {'foo': 'a', 'bar': ['b'], 'baz': True})], [(['-x'], 'exit')]))

def b_TestDisallowLongAbbreviationAllowsShortGrouping_no_groups(eoe=True):
    p = argparse.ArgumentParser(allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    p.add_argument('-r')
    p.add_argument('-c', action='count')
    return p

def b_TestDisallowLongAbbreviationAllowsShortGrouping_one_group(eoe=True):
    p = argparse.ArgumentParser(allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-r')
    v1.add_argument('-c', action='count')
    return p

def b_TestDisallowLongAbbreviationAllowsShortGrouping_many_groups(eoe=True):
    p = argparse.ArgumentParser(allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-r')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-c', action='count')
    return p

PARSE_TESTS.append(('TestDisallowLongAbbreviationAllowsShortGrouping', [b_TestDisallowLongAbbreviationAllowsShortGrouping_no_groups, b_TestDisallowLongAbbreviationAllowsShortGrouping_one_group, b_TestDisallowLongAbbreviationAllowsShortGrouping_many_groups], [([], {'r': None, 'c': None}), (['-ra'], {'r': 'a', 'c': None}), (['-rcc'], {'r': 'cc', 'c': None}), (['-cc'], {'r': None, 'c': 2}), (['-cc', '-ra'], {'r': 'a', 'c': 2}), (['-ccrcc'], {'r': 'cc', 'c': 2})], [(['-r'], 'argerr'), (['-c', '-r'], 'argerr')]))

def b_TestDisallowLongAbbreviationAllowsShortGroupingPrefix_no_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+', allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    p.add_argument('+r')
    p.add_argument('+c', action='count')
    return p

def b_TestDisallowLongAbbreviationAllowsShortGroupingPrefix_one_group(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+', allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('+r')
    v1.add_argument('+c', action='count')
    return p

def b_TestDisallowLongAbbreviationAllowsShortGroupingPrefix_many_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+', allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('+r')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('+c', action='count')
    return p

PARSE_TESTS.append(('TestDisallowLongAbbreviationAllowsShortGroupingPrefix', [b_TestDisallowLongAbbreviationAllowsShortGroupingPrefix_no_groups, b_TestDisallowLongAbbreviationAllowsShortGroupingPrefix_one_group, b_TestDisallowLongAbbreviationAllowsShortGroupingPrefix_many_groups], [([], {'r': None, 'c': None}), (['+ra'], {'r': 'a', 'c': None}), (['+rcc'], {'r': 'cc', 'c': None}), (['+cc'], {'r': None, 'c': 2}), (['+cc', '+ra'], {'r': 'a', 'c': 2}), (['+ccrcc'], {'r': 'cc', 'c': 2})], [(['+r'], 'argerr'), (['+c', '+r'], 'argerr')]))

def b_TestEmptyAndSpaceContainingArguments_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('x', nargs='?')
    p.add_argument('-y', '--yyy', dest='y')
    return p

def b_TestEmptyAndSpaceContainingArguments_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('x', nargs='?')
    v1.add_argument('-y', '--yyy', dest='y')
    return p

def b_TestEmptyAndSpaceContainingArguments_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('x', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-y', '--yyy', dest='y')
    return p

PARSE_TESTS.append(('TestEmptyAndSpaceContainingArguments', [b_TestEmptyAndSpaceContainingArguments_no_groups, b_TestEmptyAndSpaceContainingArguments_one_group, b_TestEmptyAndSpaceContainingArguments_many_groups], [([''], {'x': '', 'y': None}), (['a badger'], {'x': 'a badger', 'y': None}), (['-a badger'], {'x': '-a badger', 'y': None}), (['-y', ''], {'x': None, 'y': ''}), (['-y', 'a badger'], {'x': None, 'y': 'a badger'}), (['-y', '-a badger'], {'x': None, 'y': '-a badger'}), (['--yyy=a badger'], {'x': None, 'y': 'a badger'}), (['--yyy=-a badger'], {'x': None, 'y': '-a badger'})], [(['-y'], 'argerr')]))

def b_TestNargsRemainder_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('x')
    p.add_argument('y', nargs='...')
    p.add_argument('-z')
    return p

def b_TestNargsRemainder_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('x')
    v1.add_argument('y', nargs='...')
    v1.add_argument('-z')
    return p

def b_TestNargsRemainder_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('x')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('y', nargs='...')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-z')
    return p

PARSE_TESTS.append(('TestNargsRemainder', [b_TestNargsRemainder_no_groups, b_TestNargsRemainder_one_group, b_TestNargsRemainder_many_groups], [(['X'], {'x': 'X', 'y': [], 'z': None}), (['-z', 'Z', 'X'], {'x': 'X', 'y': [], 'z': 'Z'}), (['X', 'A', 'B', '-z', 'Z'], {'x': 'X', 'y': ['A', 'B', '-z', 'Z'], 'z': None}), (['X', 'Y', '--foo'], {'x': 'X', 'y': ['Y', '--foo'], 'z': None})], [([], 'exit'), (['-z'], 'argerr'), (['-z', 'Z'], 'exit')]))

def b_TestNargsZeroOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', nargs='*')
    p.add_argument('y', nargs='*')
    return p

def b_TestNargsZeroOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', nargs='*')
    v1.add_argument('y', nargs='*')
    return p

def b_TestNargsZeroOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', nargs='*')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('y', nargs='*')
    return p

PARSE_TESTS.append(('TestNargsZeroOrMore', [b_TestNargsZeroOrMore_no_groups, b_TestNargsZeroOrMore_one_group, b_TestNargsZeroOrMore_many_groups], [([], {'x': None, 'y': []}), (['-x'], {'x': [], 'y': []}), (['-x', 'a'], {'x': ['a'], 'y': []}), (['-x', 'a', '--', 'b'], {'x': ['a'], 'y': ['b']}), (['a'], {'x': None, 'y': ['a']}), (['a', '-x'], {'x': [], 'y': ['a']}), (['a', '-x', 'b'], {'x': ['b'], 'y': ['a']})], []))

def b_TestOptionLike_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', type=float)
    p.add_argument('-3', type=float, dest='y')
    p.add_argument('z', nargs='*')
    return p

def b_TestOptionLike_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', type=float)
    v1.add_argument('-3', type=float, dest='y')
    v1.add_argument('z', nargs='*')
    return p

def b_TestOptionLike_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', type=float)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-3', type=float, dest='y')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('z', nargs='*')
    return p

PARSE_TESTS.append(('TestOptionLike', [b_TestOptionLike_no_groups, b_TestOptionLike_one_group, b_TestOptionLike_many_groups], [([], {'x': None, 'y': None, 'z': []}), (['-x', '2.5'], {'x': 2.5, 'y': None, 'z': []}), (['-x', '2.5', 'a'], {'x': 2.5, 'y': None, 'z': ['a']}), (['-3.5'], {'x': None, 'y': 0.5, 'z': []}), (['-3-.5'], {'x': None, 'y': -0.5, 'z': []}), (['-3', '.5'], {'x': None, 'y': 0.5, 'z': []}), (['a', '-3.5'], {'x': None, 'y': 0.5, 'z': ['a']}), (['a'], {'x': None, 'y': None, 'z': ['a']}), (['a', '-x', '1'], {'x': 1.0, 'y': None, 'z': ['a']}), (['-x', '1', 'a'], {'x': 1.0, 'y': None, 'z': ['a']}), (['-3', '1', 'a'], {'x': None, 'y': 1.0, 'z': ['a']})], [(['-x'], 'argerr'), (['-y2.5'], 'exit'), (['-xa'], 'argerr'), (['-x', '-a'], 'argerr'), (['-x', '-3'], 'argerr'), (['-x', '-3.5'], 'argerr'), (['-3', '-3.5'], 'argerr'), (['-x', '-2.5'], 'argerr'), (['-x', '-2.5', 'a'], 'argerr'), (['-3', '-.5'], 'argerr'), (['a', 'x', '-1'], 'exit'), (['-x', '-1', 'a'], 'argerr'), (['-3', '-1', 'a'], 'argerr')]))

def b_TestOptionalsActionAppend_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--baz', action='append')
    return p

def b_TestOptionalsActionAppend_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--baz', action='append')
    return p

def b_TestOptionalsActionAppend_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--baz', action='append')
    return p

PARSE_TESTS.append(('TestOptionalsActionAppend', [b_TestOptionalsActionAppend_no_groups, b_TestOptionalsActionAppend_one_group, b_TestOptionalsActionAppend_many_groups], [([], {'baz': None}), (['--baz', 'a'], {'baz': ['a']}), (['--baz', 'a', '--baz', 'b'], {'baz': ['a', 'b']})], [(['a'], 'exit'), (['--baz'], 'argerr'), (['a', '--baz'], 'argerr'), (['--baz', 'a', 'b'], 'exit')]))

def b_TestOptionalsActionAppendConst_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-b', action='append_const', const='<Exception>')
    p.add_argument('-c', action='append', dest='b')
    return p

def b_TestOptionalsActionAppendConst_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-b', action='append_const', const='<Exception>')
    v1.add_argument('-c', action='append', dest='b')
    return p

def b_TestOptionalsActionAppendConst_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-b', action='append_const', const='<Exception>')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-c', action='append', dest='b')
    return p

PARSE_TESTS.append(('TestOptionalsActionAppendConst', [b_TestOptionalsActionAppendConst_no_groups, b_TestOptionalsActionAppendConst_one_group, b_TestOptionalsActionAppendConst_many_groups], [([], {'b': None}), (['-b'], {'b': ['<Exception>']}), (['-b', '-cx', '-b', '-cyz'], {'b': ['<Exception>', 'x', '<Exception>', 'yz']})], [(['a'], 'exit'), (['-c'], 'argerr'), (['a', '-c'], 'argerr'), (['-bx'], 'argerr'), (['-b', 'x'], 'exit')]))

def b_TestOptionalsActionAppendConstWithDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-b', action='append_const', const='<Exception>', default=['X'])
    p.add_argument('-c', action='append', dest='b')
    return p

def b_TestOptionalsActionAppendConstWithDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-b', action='append_const', const='<Exception>', default=['X'])
    v1.add_argument('-c', action='append', dest='b')
    return p

def b_TestOptionalsActionAppendConstWithDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-b', action='append_const', const='<Exception>', default=['X'])
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-c', action='append', dest='b')
    return p

PARSE_TESTS.append(('TestOptionalsActionAppendConstWithDefault', [b_TestOptionalsActionAppendConstWithDefault_no_groups, b_TestOptionalsActionAppendConstWithDefault_one_group, b_TestOptionalsActionAppendConstWithDefault_many_groups], [([], {'b': ['X']}), (['-b'], {'b': ['X', '<Exception>']}), (['-b', '-cx', '-b', '-cyz'], {'b': ['X', '<Exception>', 'x', '<Exception>', 'yz']})], [(['a'], 'exit'), (['-c'], 'argerr'), (['a', '-c'], 'argerr'), (['-bx'], 'argerr'), (['-b', 'x'], 'exit')]))

def b_TestOptionalsActionAppendWithDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--baz', action='append', default=['X'])
    return p

def b_TestOptionalsActionAppendWithDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--baz', action='append', default=['X'])
    return p

def b_TestOptionalsActionAppendWithDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--baz', action='append', default=['X'])
    return p

PARSE_TESTS.append(('TestOptionalsActionAppendWithDefault', [b_TestOptionalsActionAppendWithDefault_no_groups, b_TestOptionalsActionAppendWithDefault_one_group, b_TestOptionalsActionAppendWithDefault_many_groups], [([], {'baz': ['X']}), (['--baz', 'a'], {'baz': ['X', 'a']}), (['--baz', 'a', '--baz', 'b'], {'baz': ['X', 'a', 'b']})], [(['a'], 'exit'), (['--baz'], 'argerr'), (['a', '--baz'], 'argerr'), (['--baz', 'a', 'b'], 'exit')]))

def b_TestOptionalsActionCount_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', action='count')
    return p

def b_TestOptionalsActionCount_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', action='count')
    return p

def b_TestOptionalsActionCount_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', action='count')
    return p

PARSE_TESTS.append(('TestOptionalsActionCount', [b_TestOptionalsActionCount_no_groups, b_TestOptionalsActionCount_one_group, b_TestOptionalsActionCount_many_groups], [([], {'x': None}), (['-x'], {'x': 1})], [(['a'], 'exit'), (['-x', 'a'], 'exit'), (['-x', 'b'], 'exit'), (['-x', 'a', '-x', 'b'], 'exit')]))

def b_TestOptionalsActionStore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', action='store')
    return p

def b_TestOptionalsActionStore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', action='store')
    return p

def b_TestOptionalsActionStore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', action='store')
    return p

PARSE_TESTS.append(('TestOptionalsActionStore', [b_TestOptionalsActionStore_no_groups, b_TestOptionalsActionStore_one_group, b_TestOptionalsActionStore_many_groups], [([], {'x': None}), (['-xfoo'], {'x': 'foo'})], [(['a'], 'exit'), (['a', '-x'], 'argerr')]))

def b_TestOptionalsActionStoreConst_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-y', action='store_const', const='<object>')
    return p

def b_TestOptionalsActionStoreConst_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-y', action='store_const', const='<object>')
    return p

def b_TestOptionalsActionStoreConst_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-y', action='store_const', const='<object>')
    return p

PARSE_TESTS.append(('TestOptionalsActionStoreConst', [b_TestOptionalsActionStoreConst_no_groups, b_TestOptionalsActionStoreConst_one_group, b_TestOptionalsActionStoreConst_many_groups], [([], {'y': None}), (['-y'], {'y': '<object>'})], [(['a'], 'exit')]))

def b_TestOptionalsActionStoreFalse_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-z', action='store_false')
    return p

def b_TestOptionalsActionStoreFalse_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-z', action='store_false')
    return p

def b_TestOptionalsActionStoreFalse_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-z', action='store_false')
    return p

PARSE_TESTS.append(('TestOptionalsActionStoreFalse', [b_TestOptionalsActionStoreFalse_no_groups, b_TestOptionalsActionStoreFalse_one_group, b_TestOptionalsActionStoreFalse_many_groups], [([], {'z': True}), (['-z'], {'z': False})], [(['a'], 'exit'), (['-za'], 'argerr'), (['-z', 'a'], 'exit')]))

def b_TestOptionalsActionStoreTrue_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--apple', action='store_true')
    return p

def b_TestOptionalsActionStoreTrue_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--apple', action='store_true')
    return p

def b_TestOptionalsActionStoreTrue_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--apple', action='store_true')
    return p

PARSE_TESTS.append(('TestOptionalsActionStoreTrue', [b_TestOptionalsActionStoreTrue_no_groups, b_TestOptionalsActionStoreTrue_one_group, b_TestOptionalsActionStoreTrue_many_groups], [([], {'apple': False}), (['--apple'], {'apple': True})], [(['a'], 'exit'), (['--apple=b'], 'argerr'), (['--apple', 'b'], 'exit')]))

def b_TestOptionalsAllowLongAbbreviation_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo')
    p.add_argument('--foobaz')
    p.add_argument('--fooble', action='store_true')
    return p

def b_TestOptionalsAllowLongAbbreviation_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo')
    v1.add_argument('--foobaz')
    v1.add_argument('--fooble', action='store_true')
    return p

def b_TestOptionalsAllowLongAbbreviation_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--foobaz')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('--fooble', action='store_true')
    return p

PARSE_TESTS.append(('TestOptionalsAllowLongAbbreviation', [b_TestOptionalsAllowLongAbbreviation_no_groups, b_TestOptionalsAllowLongAbbreviation_one_group, b_TestOptionalsAllowLongAbbreviation_many_groups], [([], {'foo': None, 'foobaz': None, 'fooble': False}), (['--foo', '7'], {'foo': '7', 'foobaz': None, 'fooble': False}), (['--fooba', 'a'], {'foo': None, 'foobaz': 'a', 'fooble': False}), (['--foobl', '--foo', 'g'], {'foo': 'g', 'foobaz': None, 'fooble': True})], [(['--foob', '5'], 'exit'), (['--foob'], 'exit')]))

def b_TestOptionalsAlmostNumericAndPositionals_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('x', nargs='?')
    p.add_argument('-k4', dest='y', action='store_true')
    return p

def b_TestOptionalsAlmostNumericAndPositionals_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('x', nargs='?')
    v1.add_argument('-k4', dest='y', action='store_true')
    return p

def b_TestOptionalsAlmostNumericAndPositionals_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('x', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-k4', dest='y', action='store_true')
    return p

PARSE_TESTS.append(('TestOptionalsAlmostNumericAndPositionals', [b_TestOptionalsAlmostNumericAndPositionals_no_groups, b_TestOptionalsAlmostNumericAndPositionals_one_group, b_TestOptionalsAlmostNumericAndPositionals_many_groups], [([], {'x': None, 'y': False}), (['-2'], {'x': '-2', 'y': False}), (['a'], {'x': 'a', 'y': False}), (['-k4'], {'x': None, 'y': True}), (['-k4', 'a'], {'x': 'a', 'y': True})], [(['-k3'], 'exit')]))

def b_TestOptionalsAlternatePrefixChars_no_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+:/', add_help=False, prog='PROG', exit_on_error=eoe)
    p.add_argument('+f', action='store_true')
    p.add_argument('::bar')
    p.add_argument('/baz', action='store_const', const=42)
    return p

def b_TestOptionalsAlternatePrefixChars_one_group(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+:/', add_help=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('+f', action='store_true')
    v1.add_argument('::bar')
    v1.add_argument('/baz', action='store_const', const=42)
    return p

def b_TestOptionalsAlternatePrefixChars_many_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+:/', add_help=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('+f', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('::bar')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('/baz', action='store_const', const=42)
    return p

PARSE_TESTS.append(('TestOptionalsAlternatePrefixChars', [b_TestOptionalsAlternatePrefixChars_no_groups, b_TestOptionalsAlternatePrefixChars_one_group, b_TestOptionalsAlternatePrefixChars_many_groups], [([], {'f': False, 'bar': None, 'baz': None}), (['+f'], {'f': True, 'bar': None, 'baz': None}), (['::ba', 'B'], {'f': False, 'bar': 'B', 'baz': None}), (['+f', '::bar', 'B'], {'f': True, 'bar': 'B', 'baz': None}), (['+f', '/b'], {'f': True, 'bar': None, 'baz': 42}), (['/ba', '+f'], {'f': True, 'bar': None, 'baz': 42})], [(['--bar'], 'exit'), (['-fbar'], 'exit'), (['-b', 'B'], 'exit'), (['B'], 'exit'), (['-f'], 'exit'), (['--bar', 'B'], 'exit'), (['-baz'], 'exit'), (['-h'], 'exit'), (['--help'], 'exit'), (['+h'], 'exit'), (['::help'], 'exit'), (['/help'], 'exit')]))

def b_TestOptionalsAlternatePrefixCharsAddedHelp_no_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+:/', add_help=True, prog='PROG', exit_on_error=eoe)
    p.add_argument('+f', action='store_true')
    p.add_argument('::bar')
    p.add_argument('/baz', action='store_const', const=42)
    return p

def b_TestOptionalsAlternatePrefixCharsAddedHelp_one_group(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+:/', add_help=True, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('+f', action='store_true')
    v1.add_argument('::bar')
    v1.add_argument('/baz', action='store_const', const=42)
    return p

def b_TestOptionalsAlternatePrefixCharsAddedHelp_many_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+:/', add_help=True, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('+f', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('::bar')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('/baz', action='store_const', const=42)
    return p

PARSE_TESTS.append(('TestOptionalsAlternatePrefixCharsAddedHelp', [b_TestOptionalsAlternatePrefixCharsAddedHelp_no_groups, b_TestOptionalsAlternatePrefixCharsAddedHelp_one_group, b_TestOptionalsAlternatePrefixCharsAddedHelp_many_groups], [([], {'f': False, 'bar': None, 'baz': None}), (['+f'], {'f': True, 'bar': None, 'baz': None}), (['::ba', 'B'], {'f': False, 'bar': 'B', 'baz': None}), (['+f', '::bar', 'B'], {'f': True, 'bar': 'B', 'baz': None}), (['+f', '/b'], {'f': True, 'bar': None, 'baz': 42}), (['/ba', '+f'], {'f': True, 'bar': None, 'baz': 42})], [(['--bar'], 'exit'), (['-fbar'], 'exit'), (['-b', 'B'], 'exit'), (['B'], 'exit'), (['-f'], 'exit'), (['--bar', 'B'], 'exit'), (['-baz'], 'exit')]))

def b_TestOptionalsAlternatePrefixCharsMultipleShortArgs_no_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+-', add_help=False, prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', action='store_true')
    p.add_argument('+y', action='store_true')
    p.add_argument('+z', action='store_true')
    return p

def b_TestOptionalsAlternatePrefixCharsMultipleShortArgs_one_group(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+-', add_help=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', action='store_true')
    v1.add_argument('+y', action='store_true')
    v1.add_argument('+z', action='store_true')
    return p

def b_TestOptionalsAlternatePrefixCharsMultipleShortArgs_many_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+-', add_help=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('+y', action='store_true')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('+z', action='store_true')
    return p

PARSE_TESTS.append(('TestOptionalsAlternatePrefixCharsMultipleShortArgs', [b_TestOptionalsAlternatePrefixCharsMultipleShortArgs_no_groups, b_TestOptionalsAlternatePrefixCharsMultipleShortArgs_one_group, b_TestOptionalsAlternatePrefixCharsMultipleShortArgs_many_groups], [([], {'x': False, 'y': False, 'z': False}), (['-x'], {'x': True, 'y': False, 'z': False}), (['+y', '-x'], {'x': True, 'y': True, 'z': False}), (['+yz', '-x'], {'x': True, 'y': True, 'z': True})], [(['-w'], 'exit'), (['-xyz'], 'argerr'), (['+x'], 'exit'), (['-y'], 'exit'), (['+xyz'], 'exit')]))

def b_TestOptionalsChoices_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-f', choices='abc')
    p.add_argument('-g', type=int, choices=range(0, 5))
    return p

def b_TestOptionalsChoices_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-f', choices='abc')
    v1.add_argument('-g', type=int, choices=range(0, 5))
    return p

def b_TestOptionalsChoices_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-f', choices='abc')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-g', type=int, choices=range(0, 5))
    return p

PARSE_TESTS.append(('TestOptionalsChoices', [b_TestOptionalsChoices_no_groups, b_TestOptionalsChoices_one_group, b_TestOptionalsChoices_many_groups], [([], {'f': None, 'g': None}), (['-f', 'a'], {'f': 'a', 'g': None}), (['-f', 'c'], {'f': 'c', 'g': None}), (['-g', '0'], {'f': None, 'g': 0}), (['-g', '03'], {'f': None, 'g': 3}), (['-fb', '-g4'], {'f': 'b', 'g': 4})], [(['a'], 'exit'), (['-f', 'd'], 'argerr'), (['-fad'], 'argerr'), (['-ga'], 'argerr'), (['-g', '6'], 'argerr')]))

def b_TestOptionalsDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x')
    p.add_argument('-y', default=42)
    return p

def b_TestOptionalsDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x')
    v1.add_argument('-y', default=42)
    return p

def b_TestOptionalsDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-y', default=42)
    return p

PARSE_TESTS.append(('TestOptionalsDefault', [b_TestOptionalsDefault_no_groups, b_TestOptionalsDefault_one_group, b_TestOptionalsDefault_many_groups], [([], {'x': None, 'y': 42}), (['-xx'], {'x': 'x', 'y': 42}), (['-yy'], {'x': None, 'y': 'y'})], [(['a'], 'exit')]))

def b_TestOptionalsDest_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo-bar')
    p.add_argument('--baz', dest='zabbaz')
    return p

def b_TestOptionalsDest_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo-bar')
    v1.add_argument('--baz', dest='zabbaz')
    return p

def b_TestOptionalsDest_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo-bar')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--baz', dest='zabbaz')
    return p

PARSE_TESTS.append(('TestOptionalsDest', [b_TestOptionalsDest_no_groups, b_TestOptionalsDest_one_group, b_TestOptionalsDest_many_groups], [(['--foo-bar', 'f'], {'foo_bar': 'f', 'zabbaz': None}), (['--baz', 'g'], {'foo_bar': None, 'zabbaz': 'g'}), (['--foo-bar', 'h', '--baz', 'i'], {'foo_bar': 'h', 'zabbaz': 'i'}), (['--baz', 'j', '--foo-bar', 'k'], {'foo_bar': 'k', 'zabbaz': 'j'})], [(['a'], 'exit')]))

def b_TestOptionalsDisallowLongAbbreviation_no_groups(eoe=True):
    p = argparse.ArgumentParser(allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo')
    p.add_argument('--foodle', action='store_true')
    p.add_argument('--foonly')
    return p

def b_TestOptionalsDisallowLongAbbreviation_one_group(eoe=True):
    p = argparse.ArgumentParser(allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo')
    v1.add_argument('--foodle', action='store_true')
    v1.add_argument('--foonly')
    return p

def b_TestOptionalsDisallowLongAbbreviation_many_groups(eoe=True):
    p = argparse.ArgumentParser(allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--foodle', action='store_true')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('--foonly')
    return p

PARSE_TESTS.append(('TestOptionalsDisallowLongAbbreviation', [b_TestOptionalsDisallowLongAbbreviation_no_groups, b_TestOptionalsDisallowLongAbbreviation_one_group, b_TestOptionalsDisallowLongAbbreviation_many_groups], [([], {'foo': None, 'foodle': False, 'foonly': None}), (['--foo', '3'], {'foo': '3', 'foodle': False, 'foonly': None}), (['--foonly', '7', '--foodle', '--foo', '2'], {'foo': '2', 'foodle': True, 'foonly': '7'})], [(['-foon', '3'], 'exit'), (['--foon', '3'], 'exit'), (['--food'], 'exit'), (['--food', '--foo', '2'], 'exit')]))

def b_TestOptionalsDisallowLongAbbreviationPrefixChars_no_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+', allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    p.add_argument('++foo')
    p.add_argument('++foodle', action='store_true')
    p.add_argument('++foonly')
    return p

def b_TestOptionalsDisallowLongAbbreviationPrefixChars_one_group(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+', allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('++foo')
    v1.add_argument('++foodle', action='store_true')
    v1.add_argument('++foonly')
    return p

def b_TestOptionalsDisallowLongAbbreviationPrefixChars_many_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='+', allow_abbrev=False, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('++foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('++foodle', action='store_true')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('++foonly')
    return p

PARSE_TESTS.append(('TestOptionalsDisallowLongAbbreviationPrefixChars', [b_TestOptionalsDisallowLongAbbreviationPrefixChars_no_groups, b_TestOptionalsDisallowLongAbbreviationPrefixChars_one_group, b_TestOptionalsDisallowLongAbbreviationPrefixChars_many_groups], [([], {'foo': None, 'foodle': False, 'foonly': None}), (['++foo', '3'], {'foo': '3', 'foodle': False, 'foonly': None}), (['++foonly', '7', '++foodle', '++foo', '2'], {'foo': '2', 'foodle': True, 'foonly': '7'})], [(['+foon', '3'], 'exit'), (['++foon', '3'], 'exit'), (['++food'], 'exit'), (['++food', '++foo', '2'], 'exit')]))

def b_TestOptionalsDoubleDash_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo')
    return p

def b_TestOptionalsDoubleDash_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--foo')
    return p

def b_TestOptionalsDoubleDash_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--foo')
    return p

PARSE_TESTS.append(('TestOptionalsDoubleDash', [b_TestOptionalsDoubleDash_no_groups, b_TestOptionalsDoubleDash_one_group, b_TestOptionalsDoubleDash_many_groups], [([], {'foo': None}), (['--foo', 'a'], {'foo': 'a'}), (['--foo=a'], {'foo': 'a'}), (['--foo', '-2.5'], {'foo': '-2.5'}), (['--foo=-2.5'], {'foo': '-2.5'})], [(['--foo'], 'argerr'), (['-f'], 'exit'), (['-f', 'a'], 'exit'), (['a'], 'exit'), (['--foo', '-x'], 'argerr'), (['--foo', '--bar'], 'argerr')]))

def b_TestOptionalsDoubleDashPartialMatch_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--badger', action='store_true')
    p.add_argument('--bat')
    return p

def b_TestOptionalsDoubleDashPartialMatch_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--badger', action='store_true')
    v1.add_argument('--bat')
    return p

def b_TestOptionalsDoubleDashPartialMatch_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--badger', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--bat')
    return p

PARSE_TESTS.append(('TestOptionalsDoubleDashPartialMatch', [b_TestOptionalsDoubleDashPartialMatch_no_groups, b_TestOptionalsDoubleDashPartialMatch_one_group, b_TestOptionalsDoubleDashPartialMatch_many_groups], [([], {'badger': False, 'bat': None}), (['--bat', 'X'], {'badger': False, 'bat': 'X'}), (['--bad'], {'badger': True, 'bat': None}), (['--badg'], {'badger': True, 'bat': None}), (['--badge'], {'badger': True, 'bat': None}), (['--badger'], {'badger': True, 'bat': None})], [(['--bar'], 'exit'), (['--b'], 'exit'), (['--ba'], 'exit'), (['--b=2'], 'exit'), (['--ba=4'], 'exit'), (['--badge', '5'], 'exit')]))

def b_TestOptionalsDoubleDashPrefixMatch_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--badger', action='store_true')
    p.add_argument('--ba')
    return p

def b_TestOptionalsDoubleDashPrefixMatch_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--badger', action='store_true')
    v1.add_argument('--ba')
    return p

def b_TestOptionalsDoubleDashPrefixMatch_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--badger', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--ba')
    return p

PARSE_TESTS.append(('TestOptionalsDoubleDashPrefixMatch', [b_TestOptionalsDoubleDashPrefixMatch_no_groups, b_TestOptionalsDoubleDashPrefixMatch_one_group, b_TestOptionalsDoubleDashPrefixMatch_many_groups], [([], {'badger': False, 'ba': None}), (['--ba', 'X'], {'badger': False, 'ba': 'X'}), (['--ba=X'], {'badger': False, 'ba': 'X'}), (['--bad'], {'badger': True, 'ba': None}), (['--badg'], {'badger': True, 'ba': None}), (['--badge'], {'badger': True, 'ba': None}), (['--badger'], {'badger': True, 'ba': None})], [(['--bar'], 'exit'), (['--b'], 'exit'), (['--ba'], 'argerr'), (['--b=2'], 'exit'), (['--badge', '5'], 'exit')]))

def b_TestOptionalsNargs1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', nargs=1)
    return p

def b_TestOptionalsNargs1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', nargs=1)
    return p

def b_TestOptionalsNargs1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', nargs=1)
    return p

PARSE_TESTS.append(('TestOptionalsNargs1', [b_TestOptionalsNargs1_no_groups, b_TestOptionalsNargs1_one_group, b_TestOptionalsNargs1_many_groups], [([], {'x': None}), (['-x', 'a'], {'x': ['a']})], [(['a'], 'exit'), (['-x'], 'argerr')]))

def b_TestOptionalsNargs3_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', nargs=3)
    return p

def b_TestOptionalsNargs3_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', nargs=3)
    return p

def b_TestOptionalsNargs3_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', nargs=3)
    return p

PARSE_TESTS.append(('TestOptionalsNargs3', [b_TestOptionalsNargs3_no_groups, b_TestOptionalsNargs3_one_group, b_TestOptionalsNargs3_many_groups], [([], {'x': None}), (['-x', 'a', 'b', 'c'], {'x': ['a', 'b', 'c']})], [(['a'], 'exit'), (['-x'], 'argerr'), (['-x', 'a'], 'argerr'), (['-x', 'a', 'b'], 'argerr'), (['a', '-x'], 'argerr'), (['a', '-x', 'b'], 'argerr')]))

def b_TestOptionalsNargsDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x')
    return p

def b_TestOptionalsNargsDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x')
    return p

def b_TestOptionalsNargsDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x')
    return p

PARSE_TESTS.append(('TestOptionalsNargsDefault', [b_TestOptionalsNargsDefault_no_groups, b_TestOptionalsNargsDefault_one_group, b_TestOptionalsNargsDefault_many_groups], [([], {'x': None}), (['-x', 'a'], {'x': 'a'})], [(['a'], 'exit'), (['-x'], 'argerr')]))

def b_TestOptionalsNargsOneOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', nargs='+')
    p.add_argument('-y', nargs='+', default='spam')
    return p

def b_TestOptionalsNargsOneOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', nargs='+')
    v1.add_argument('-y', nargs='+', default='spam')
    return p

def b_TestOptionalsNargsOneOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', nargs='+')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-y', nargs='+', default='spam')
    return p

PARSE_TESTS.append(('TestOptionalsNargsOneOrMore', [b_TestOptionalsNargsOneOrMore_no_groups, b_TestOptionalsNargsOneOrMore_one_group, b_TestOptionalsNargsOneOrMore_many_groups], [([], {'x': None, 'y': 'spam'}), (['-x', 'a'], {'x': ['a'], 'y': 'spam'}), (['-x', 'a', 'b'], {'x': ['a', 'b'], 'y': 'spam'}), (['-y', 'a'], {'x': None, 'y': ['a']}), (['-y', 'a', 'b'], {'x': None, 'y': ['a', 'b']})], [(['a'], 'exit'), (['-x'], 'argerr'), (['-y'], 'argerr'), (['a', '-x'], 'argerr'), (['a', '-y', 'b'], 'exit')]))

def b_TestOptionalsNargsOptional_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-w', nargs='?')
    p.add_argument('-x', nargs='?', const=42)
    p.add_argument('-y', nargs='?', default='spam')
    p.add_argument('-z', nargs='?', type=int, const='42', default='84')
    return p

def b_TestOptionalsNargsOptional_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-w', nargs='?')
    v1.add_argument('-x', nargs='?', const=42)
    v1.add_argument('-y', nargs='?', default='spam')
    v1.add_argument('-z', nargs='?', type=int, const='42', default='84')
    return p

def b_TestOptionalsNargsOptional_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-w', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-x', nargs='?', const=42)
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-y', nargs='?', default='spam')
    v4 = p.add_argument_group('foo:3')
    v4.add_argument('-z', nargs='?', type=int, const='42', default='84')
    return p

PARSE_TESTS.append(('TestOptionalsNargsOptional', [b_TestOptionalsNargsOptional_no_groups, b_TestOptionalsNargsOptional_one_group, b_TestOptionalsNargsOptional_many_groups], [([], {'w': None, 'x': None, 'y': 'spam', 'z': 84}), (['-w'], {'w': None, 'x': None, 'y': 'spam', 'z': 84}), (['-w', '2'], {'w': '2', 'x': None, 'y': 'spam', 'z': 84}), (['-x'], {'w': None, 'x': 42, 'y': 'spam', 'z': 84}), (['-x', '2'], {'w': None, 'x': '2', 'y': 'spam', 'z': 84}), (['-y'], {'w': None, 'x': None, 'y': None, 'z': 84}), (['-y', '2'], {'w': None, 'x': None, 'y': '2', 'z': 84}), (['-z'], {'w': None, 'x': None, 'y': 'spam', 'z': 42}), (['-z', '2'], {'w': None, 'x': None, 'y': 'spam', 'z': 2})], [(['2'], 'exit')]))

def b_TestOptionalsNargsZeroOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', nargs='*')
    p.add_argument('-y', nargs='*', default='spam')
    return p

def b_TestOptionalsNargsZeroOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', nargs='*')
    v1.add_argument('-y', nargs='*', default='spam')
    return p

def b_TestOptionalsNargsZeroOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', nargs='*')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-y', nargs='*', default='spam')
    return p

PARSE_TESTS.append(('TestOptionalsNargsZeroOrMore', [b_TestOptionalsNargsZeroOrMore_no_groups, b_TestOptionalsNargsZeroOrMore_one_group, b_TestOptionalsNargsZeroOrMore_many_groups], [([], {'x': None, 'y': 'spam'}), (['-x'], {'x': [], 'y': 'spam'}), (['-x', 'a'], {'x': ['a'], 'y': 'spam'}), (['-x', 'a', 'b'], {'x': ['a', 'b'], 'y': 'spam'}), (['-y'], {'x': None, 'y': []}), (['-y', 'a'], {'x': None, 'y': ['a']}), (['-y', 'a', 'b'], {'x': None, 'y': ['a', 'b']})], [(['a'], 'exit')]))

def b_TestOptionalsNumeric_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-1', dest='one')
    return p

def b_TestOptionalsNumeric_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-1', dest='one')
    return p

def b_TestOptionalsNumeric_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-1', dest='one')
    return p

PARSE_TESTS.append(('TestOptionalsNumeric', [b_TestOptionalsNumeric_no_groups, b_TestOptionalsNumeric_one_group, b_TestOptionalsNumeric_many_groups], [([], {'one': None}), (['-1', 'a'], {'one': 'a'}), (['-1a'], {'one': 'a'}), (['-1-2'], {'one': '-2'})], [(['-1'], 'argerr'), (['a'], 'exit'), (['-1', '--foo'], 'argerr'), (['-1', '-y'], 'argerr'), (['-1', '-1'], 'argerr'), (['-1', '-2'], 'argerr')]))

def b_TestOptionalsNumericAndPositionals_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('x', nargs='?')
    p.add_argument('-4', dest='y', action='store_true')
    return p

def b_TestOptionalsNumericAndPositionals_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('x', nargs='?')
    v1.add_argument('-4', dest='y', action='store_true')
    return p

def b_TestOptionalsNumericAndPositionals_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('x', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-4', dest='y', action='store_true')
    return p

PARSE_TESTS.append(('TestOptionalsNumericAndPositionals', [b_TestOptionalsNumericAndPositionals_no_groups, b_TestOptionalsNumericAndPositionals_one_group, b_TestOptionalsNumericAndPositionals_many_groups], [([], {'x': None, 'y': False}), (['a'], {'x': 'a', 'y': False}), (['-4'], {'x': None, 'y': True}), (['-4', 'a'], {'x': 'a', 'y': True})], [(['-2'], 'exit'), (['-315'], 'exit')]))

def b_TestOptionalsRequired_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', type=int, required=True)
    return p

def b_TestOptionalsRequired_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', type=int, required=True)
    return p

def b_TestOptionalsRequired_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', type=int, required=True)
    return p

PARSE_TESTS.append(('TestOptionalsRequired', [b_TestOptionalsRequired_no_groups, b_TestOptionalsRequired_one_group, b_TestOptionalsRequired_many_groups], [(['-x', '1'], {'x': 1}), (['-x42'], {'x': 42})], [(['a'], 'exit'), ([], 'exit')]))

def b_TestOptionalsShortLong_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-v', '--verbose', '-n', '--noisy', action='store_true')
    return p

def b_TestOptionalsShortLong_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-v', '--verbose', '-n', '--noisy', action='store_true')
    return p

def b_TestOptionalsShortLong_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-v', '--verbose', '-n', '--noisy', action='store_true')
    return p

PARSE_TESTS.append(('TestOptionalsShortLong', [b_TestOptionalsShortLong_no_groups, b_TestOptionalsShortLong_one_group, b_TestOptionalsShortLong_many_groups], [([], {'verbose': False}), (['-v'], {'verbose': True}), (['--verbose'], {'verbose': True}), (['-n'], {'verbose': True}), (['--noisy'], {'verbose': True})], [(['--x', '--verbose'], 'exit'), (['-N'], 'exit'), (['a'], 'exit'), (['-v', 'x'], 'exit')]))

def b_TestOptionalsSingleDash_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x')
    return p

def b_TestOptionalsSingleDash_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x')
    return p

def b_TestOptionalsSingleDash_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x')
    return p

PARSE_TESTS.append(('TestOptionalsSingleDash', [b_TestOptionalsSingleDash_no_groups, b_TestOptionalsSingleDash_one_group, b_TestOptionalsSingleDash_many_groups], [([], {'x': None}), (['-x', 'a'], {'x': 'a'}), (['-xa'], {'x': 'a'}), (['-x', '-1'], {'x': '-1'}), (['-x-1'], {'x': '-1'})], [(['-x'], 'argerr'), (['a'], 'exit'), (['--foo'], 'exit'), (['-x', '--foo'], 'argerr'), (['-x', '-y'], 'argerr')]))

def b_TestOptionalsSingleDashAmbiguous_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-foobar')
    p.add_argument('-foorab')
    return p

def b_TestOptionalsSingleDashAmbiguous_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-foobar')
    v1.add_argument('-foorab')
    return p

def b_TestOptionalsSingleDashAmbiguous_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-foobar')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-foorab')
    return p

PARSE_TESTS.append(('TestOptionalsSingleDashAmbiguous', [b_TestOptionalsSingleDashAmbiguous_no_groups, b_TestOptionalsSingleDashAmbiguous_one_group, b_TestOptionalsSingleDashAmbiguous_many_groups], [([], {'foobar': None, 'foorab': None}), (['-foob', 'a'], {'foobar': 'a', 'foorab': None}), (['-foor', 'a'], {'foobar': None, 'foorab': 'a'}), (['-fooba', 'a'], {'foobar': 'a', 'foorab': None}), (['-foora', 'a'], {'foobar': None, 'foorab': 'a'}), (['-foobar', 'a'], {'foobar': 'a', 'foorab': None}), (['-foorab', 'a'], {'foobar': None, 'foorab': 'a'})], [(['-f'], 'exit'), (['-f', 'a'], 'exit'), (['-fa'], 'exit'), (['-foa'], 'exit'), (['-foo'], 'exit'), (['-fo'], 'exit'), (['-foo', 'b'], 'exit')]))

def b_TestOptionalsSingleDashCombined_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', action='store_true')
    p.add_argument('-yyy', action='store_const', const=42)
    p.add_argument('-z')
    return p

def b_TestOptionalsSingleDashCombined_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-x', action='store_true')
    v1.add_argument('-yyy', action='store_const', const=42)
    v1.add_argument('-z')
    return p

def b_TestOptionalsSingleDashCombined_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-x', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-yyy', action='store_const', const=42)
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-z')
    return p

PARSE_TESTS.append(('TestOptionalsSingleDashCombined', [b_TestOptionalsSingleDashCombined_no_groups, b_TestOptionalsSingleDashCombined_one_group, b_TestOptionalsSingleDashCombined_many_groups], [([], {'x': False, 'yyy': None, 'z': None}), (['-x'], {'x': True, 'yyy': None, 'z': None}), (['-za'], {'x': False, 'yyy': None, 'z': 'a'}), (['-z', 'a'], {'x': False, 'yyy': None, 'z': 'a'}), (['-xza'], {'x': True, 'yyy': None, 'z': 'a'}), (['-xz', 'a'], {'x': True, 'yyy': None, 'z': 'a'}), (['-x', '-za'], {'x': True, 'yyy': None, 'z': 'a'}), (['-x', '-z', 'a'], {'x': True, 'yyy': None, 'z': 'a'}), (['-y'], {'x': False, 'yyy': 42, 'z': None}), (['-yyy'], {'x': False, 'yyy': 42, 'z': None}), (['-x', '-yyy', '-za'], {'x': True, 'yyy': 42, 'z': 'a'}), (['-x', '-yyy', '-z', 'a'], {'x': True, 'yyy': 42, 'z': 'a'})], [(['a'], 'exit'), (['--foo'], 'exit'), (['-xa'], 'argerr'), (['-x', '--foo'], 'exit'), (['-x', '-z'], 'argerr'), (['-z', '-x'], 'argerr'), (['-yx'], 'exit'), (['-yz', 'a'], 'exit'), (['-yyyx'], 'exit'), (['-yyyza'], 'exit'), (['-xyza'], 'argerr'), (['-x='], 'argerr')]))

def b_TestOptionalsSingleDashLong_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-foo')
    return p

def b_TestOptionalsSingleDashLong_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-foo')
    return p

def b_TestOptionalsSingleDashLong_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-foo')
    return p

PARSE_TESTS.append(('TestOptionalsSingleDashLong', [b_TestOptionalsSingleDashLong_no_groups, b_TestOptionalsSingleDashLong_one_group, b_TestOptionalsSingleDashLong_many_groups], [([], {'foo': None}), (['-foo', 'a'], {'foo': 'a'}), (['-foo', '-1'], {'foo': '-1'}), (['-fo', 'a'], {'foo': 'a'}), (['-f', 'a'], {'foo': 'a'})], [(['-foo'], 'argerr'), (['a'], 'exit'), (['--foo'], 'exit'), (['-foo', '--foo'], 'argerr'), (['-foo', '-y'], 'argerr'), (['-fooa'], 'exit')]))

def b_TestOptionalsSingleDashSubsetAmbiguous_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-f')
    p.add_argument('-foobar')
    p.add_argument('-foorab')
    return p

def b_TestOptionalsSingleDashSubsetAmbiguous_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-f')
    v1.add_argument('-foobar')
    v1.add_argument('-foorab')
    return p

def b_TestOptionalsSingleDashSubsetAmbiguous_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-f')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('-foobar')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-foorab')
    return p

PARSE_TESTS.append(('TestOptionalsSingleDashSubsetAmbiguous', [b_TestOptionalsSingleDashSubsetAmbiguous_no_groups, b_TestOptionalsSingleDashSubsetAmbiguous_one_group, b_TestOptionalsSingleDashSubsetAmbiguous_many_groups], [([], {'f': None, 'foobar': None, 'foorab': None}), (['-f', 'a'], {'f': 'a', 'foobar': None, 'foorab': None}), (['-fa'], {'f': 'a', 'foobar': None, 'foorab': None}), (['-foa'], {'f': 'oa', 'foobar': None, 'foorab': None}), (['-fooa'], {'f': 'ooa', 'foobar': None, 'foorab': None}), (['-foobar', 'a'], {'f': None, 'foobar': 'a', 'foorab': None}), (['-foorab', 'a'], {'f': None, 'foobar': None, 'foorab': 'a'})], [(['-f'], 'argerr'), (['-foo'], 'exit'), (['-fo'], 'exit'), (['-foo', 'b'], 'exit'), (['-foob'], 'exit'), (['-fooba'], 'exit'), (['-foora'], 'exit')]))

def b_TestOptionalsSingleDoubleDash_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-f', action='store_true')
    p.add_argument('--bar')
    p.add_argument('-baz', action='store_const', const=42)
    return p

def b_TestOptionalsSingleDoubleDash_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-f', action='store_true')
    v1.add_argument('--bar')
    v1.add_argument('-baz', action='store_const', const=42)
    return p

def b_TestOptionalsSingleDoubleDash_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-f', action='store_true')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('--bar')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-baz', action='store_const', const=42)
    return p

PARSE_TESTS.append(('TestOptionalsSingleDoubleDash', [b_TestOptionalsSingleDoubleDash_no_groups, b_TestOptionalsSingleDoubleDash_one_group, b_TestOptionalsSingleDoubleDash_many_groups], [([], {'f': False, 'bar': None, 'baz': None}), (['-f'], {'f': True, 'bar': None, 'baz': None}), (['--ba', 'B'], {'f': False, 'bar': 'B', 'baz': None}), (['-f', '--bar', 'B'], {'f': True, 'bar': 'B', 'baz': None}), (['-f', '-b'], {'f': True, 'bar': None, 'baz': 42}), (['-ba', '-f'], {'f': True, 'bar': None, 'baz': 42})], [(['--bar'], 'argerr'), (['-fbar'], 'argerr'), (['-fbaz'], 'argerr'), (['-bazf'], 'exit'), (['-b', 'B'], 'exit'), (['B'], 'exit')]))

def b_TestParserDefault42_no_groups(eoe=True):
    p = argparse.ArgumentParser(argument_default=42, prog='PROG', exit_on_error=eoe)
    p.add_argument('--version', action='version', version='1.0')
    p.add_argument('foo', nargs='?')
    p.add_argument('bar', nargs='*')
    p.add_argument('--baz', action='store_true')
    return p

def b_TestParserDefault42_one_group(eoe=True):
    p = argparse.ArgumentParser(argument_default=42, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('--version', action='version', version='1.0')
    v1.add_argument('foo', nargs='?')
    v1.add_argument('bar', nargs='*')
    v1.add_argument('--baz', action='store_true')
    return p

def b_TestParserDefault42_many_groups(eoe=True):
    p = argparse.ArgumentParser(argument_default=42, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('--version', action='version', version='1.0')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('foo', nargs='?')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('bar', nargs='*')
    v4 = p.add_argument_group('foo:3')
    v4.add_argument('--baz', action='store_true')
    return p

PARSE_TESTS.append(('TestParserDefault42', [b_TestParserDefault42_no_groups, b_TestParserDefault42_one_group, b_TestParserDefault42_many_groups], [([], {'foo': 42, 'bar': 42, 'baz': 42, 'version': 42}), (['a'], {'foo': 'a', 'bar': 42, 'baz': 42, 'version': 42}), (['a', 'b'], {'foo': 'a', 'bar': ['b'], 'baz': 42, 'version': 42}), (['--baz'], {'foo': 42, 'bar': 42, 'baz': True, 'version': 42}), (['a', '--baz'], {'foo': 'a', 'bar': 42, 'baz': True, 'version': 42}), (['--baz', 'a', 'b'], {'foo': 'a', 'bar': ['b'], 'baz': True, 'version': 42})], [(['-x'], 'exit')]))

def b_TestParserDefaultSuppress_no_groups(eoe=True):
    p = argparse.ArgumentParser(argument_default=argparse.SUPPRESS, prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?')
    p.add_argument('bar', nargs='*')
    p.add_argument('--baz', action='store_true')
    return p

def b_TestParserDefaultSuppress_one_group(eoe=True):
    p = argparse.ArgumentParser(argument_default=argparse.SUPPRESS, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?')
    v1.add_argument('bar', nargs='*')
    v1.add_argument('--baz', action='store_true')
    return p

def b_TestParserDefaultSuppress_many_groups(eoe=True):
    p = argparse.ArgumentParser(argument_default=argparse.SUPPRESS, prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='*')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('--baz', action='store_true')
    return p

PARSE_TESTS.append(('TestParserDefaultSuppress', [b_TestParserDefaultSuppress_no_groups, b_TestParserDefaultSuppress_one_group, b_TestParserDefaultSuppress_many_groups], [([], {}), (['a'], {'foo': 'a'}), (['a', 'b'], {'foo': 'a', 'bar': ['b']}), (['--baz'], {'baz': True}), (['a', '--baz'], {'foo': 'a', 'baz': True}), (['--baz', 'a', 'b'], {'foo': 'a', 'bar': ['b'], 'baz': True})], [(['-x'], 'exit')]))

def b_TestPositionalsActionAppend_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('spam', action='append')
    p.add_argument('spam', action='append', nargs=2)
    return p

def b_TestPositionalsActionAppend_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('spam', action='append')
    v1.add_argument('spam', action='append', nargs=2)
    return p

def b_TestPositionalsActionAppend_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('spam', action='append')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('spam', action='append', nargs=2)
    return p

PARSE_TESTS.append(('TestPositionalsActionAppend', [b_TestPositionalsActionAppend_no_groups, b_TestPositionalsActionAppend_one_group, b_TestPositionalsActionAppend_many_groups], [(['a', 'b', 'c'], {'spam': ['a', ['b', 'c']]})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit'), (['a', 'b'], 'exit'), (['a', 'b', 'c', 'd'], 'exit')]))

def b_TestPositionalsChoicesInt_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('spam', type=int, choices=range(0, 20))
    return p

def b_TestPositionalsChoicesInt_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('spam', type=int, choices=range(0, 20))
    return p

def b_TestPositionalsChoicesInt_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('spam', type=int, choices=range(0, 20))
    return p

PARSE_TESTS.append(('TestPositionalsChoicesInt', [b_TestPositionalsChoicesInt_no_groups, b_TestPositionalsChoicesInt_one_group, b_TestPositionalsChoicesInt_many_groups], [(['4'], {'spam': 4}), (['15'], {'spam': 15})], [([], 'exit'), (['--foo'], 'exit'), (['h'], 'argerr'), (['42'], 'argerr'), (['ef'], 'argerr')]))

def b_TestPositionalsChoicesString_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('spam', choices=['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    return p

def b_TestPositionalsChoicesString_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('spam', choices=['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    return p

def b_TestPositionalsChoicesString_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('spam', choices=['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    return p

PARSE_TESTS.append(('TestPositionalsChoicesString', [b_TestPositionalsChoicesString_no_groups, b_TestPositionalsChoicesString_one_group, b_TestPositionalsChoicesString_many_groups], [(['a'], {'spam': 'a'}), (['g'], {'spam': 'g'})], [([], 'exit'), (['--foo'], 'exit'), (['h'], 'argerr'), (['42'], 'argerr'), (['ef'], 'argerr')]))

def b_TestPositionalsNargs1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs=1)
    return p

def b_TestPositionalsNargs1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs=1)
    return p

def b_TestPositionalsNargs1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargs1', [b_TestPositionalsNargs1_no_groups, b_TestPositionalsNargs1_one_group, b_TestPositionalsNargs1_many_groups], [(['a'], {'foo': ['a']})], [([], 'exit'), (['-x'], 'exit'), (['a', 'b'], 'exit')]))

def b_TestPositionalsNargs2_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs=2)
    return p

def b_TestPositionalsNargs2_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs=2)
    return p

def b_TestPositionalsNargs2_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs=2)
    return p

PARSE_TESTS.append(('TestPositionalsNargs2', [b_TestPositionalsNargs2_no_groups, b_TestPositionalsNargs2_one_group, b_TestPositionalsNargs2_many_groups], [(['a', 'b'], {'foo': ['a', 'b']})], [([], 'exit'), (['a'], 'exit'), (['-x'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargs2None_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs=2)
    p.add_argument('bar')
    return p

def b_TestPositionalsNargs2None_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs=2)
    v1.add_argument('bar')
    return p

def b_TestPositionalsNargs2None_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs=2)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar')
    return p

PARSE_TESTS.append(('TestPositionalsNargs2None', [b_TestPositionalsNargs2None_no_groups, b_TestPositionalsNargs2None_one_group, b_TestPositionalsNargs2None_many_groups], [(['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': 'c'})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit'), (['a', 'b'], 'exit'), (['a', 'b', 'c', 'd'], 'exit')]))

def b_TestPositionalsNargs2OneOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs=2)
    p.add_argument('bar', nargs='+')
    return p

def b_TestPositionalsNargs2OneOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs=2)
    v1.add_argument('bar', nargs='+')
    return p

def b_TestPositionalsNargs2OneOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs=2)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='+')
    return p

PARSE_TESTS.append(('TestPositionalsNargs2OneOrMore', [b_TestPositionalsNargs2OneOrMore_no_groups, b_TestPositionalsNargs2OneOrMore_one_group, b_TestPositionalsNargs2OneOrMore_many_groups], [(['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': ['c']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit'), (['a', 'b'], 'exit')]))

def b_TestPositionalsNargs2Optional_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs=2)
    p.add_argument('bar', nargs='?')
    return p

def b_TestPositionalsNargs2Optional_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs=2)
    v1.add_argument('bar', nargs='?')
    return p

def b_TestPositionalsNargs2Optional_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs=2)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='?')
    return p

PARSE_TESTS.append(('TestPositionalsNargs2Optional', [b_TestPositionalsNargs2Optional_no_groups, b_TestPositionalsNargs2Optional_one_group, b_TestPositionalsNargs2Optional_many_groups], [(['a', 'b'], {'foo': ['a', 'b'], 'bar': None}), (['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': 'c'})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit'), (['a', 'b', 'c', 'd'], 'exit')]))

def b_TestPositionalsNargs2ZeroOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs=2)
    p.add_argument('bar', nargs='*')
    return p

def b_TestPositionalsNargs2ZeroOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs=2)
    v1.add_argument('bar', nargs='*')
    return p

def b_TestPositionalsNargs2ZeroOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs=2)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='*')
    return p

PARSE_TESTS.append(('TestPositionalsNargs2ZeroOrMore', [b_TestPositionalsNargs2ZeroOrMore_no_groups, b_TestPositionalsNargs2ZeroOrMore_one_group, b_TestPositionalsNargs2ZeroOrMore_many_groups], [(['a', 'b'], {'foo': ['a', 'b'], 'bar': []}), (['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': ['c']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit')]))

def b_TestPositionalsNargsNone_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    return p

def b_TestPositionalsNargsNone_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    return p

def b_TestPositionalsNargsNone_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    return p

PARSE_TESTS.append(('TestPositionalsNargsNone', [b_TestPositionalsNargsNone_no_groups, b_TestPositionalsNargsNone_one_group, b_TestPositionalsNargsNone_many_groups], [(['a'], {'foo': 'a'})], [([], 'exit'), (['-x'], 'exit'), (['a', 'b'], 'exit')]))

def b_TestPositionalsNargsNone1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsNone1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsNone1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsNone1', [b_TestPositionalsNargsNone1_no_groups, b_TestPositionalsNargsNone1_one_group, b_TestPositionalsNargsNone1_many_groups], [(['a', 'b'], {'foo': 'a', 'bar': ['b']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargsNoneNone_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar')
    return p

def b_TestPositionalsNargsNoneNone_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar')
    return p

def b_TestPositionalsNargsNoneNone_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar')
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneNone', [b_TestPositionalsNargsNoneNone_no_groups, b_TestPositionalsNargsNoneNone_one_group, b_TestPositionalsNargsNoneNone_many_groups], [(['a', 'b'], {'foo': 'a', 'bar': 'b'})], [([], 'exit'), (['-x'], 'exit'), (['a'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargsNoneOneOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs='+')
    return p

def b_TestPositionalsNargsNoneOneOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs='+')
    return p

def b_TestPositionalsNargsNoneOneOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='+')
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneOneOrMore', [b_TestPositionalsNargsNoneOneOrMore_no_groups, b_TestPositionalsNargsNoneOneOrMore_one_group, b_TestPositionalsNargsNoneOneOrMore_many_groups], [(['a', 'b'], {'foo': 'a', 'bar': ['b']}), (['a', 'b', 'c'], {'foo': 'a', 'bar': ['b', 'c']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit')]))

def b_TestPositionalsNargsNoneOneOrMore1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs='+')
    p.add_argument('baz', nargs=1)
    return p

def b_TestPositionalsNargsNoneOneOrMore1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs='+')
    v1.add_argument('baz', nargs=1)
    return p

def b_TestPositionalsNargsNoneOneOrMore1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='+')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('baz', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneOneOrMore1', [b_TestPositionalsNargsNoneOneOrMore1_no_groups, b_TestPositionalsNargsNoneOneOrMore1_one_group, b_TestPositionalsNargsNoneOneOrMore1_many_groups], [(['a', 'b', 'c'], {'foo': 'a', 'bar': ['b'], 'baz': ['c']}), (['a', 'b', 'c', 'd'], {'foo': 'a', 'bar': ['b', 'c'], 'baz': ['d']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit'), (['b'], 'exit')]))

def b_TestPositionalsNargsNoneOptional_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs='?')
    return p

def b_TestPositionalsNargsNoneOptional_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs='?')
    return p

def b_TestPositionalsNargsNoneOptional_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='?')
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneOptional', [b_TestPositionalsNargsNoneOptional_no_groups, b_TestPositionalsNargsNoneOptional_one_group, b_TestPositionalsNargsNoneOptional_many_groups], [(['a'], {'foo': 'a', 'bar': None}), (['a', 'b'], {'foo': 'a', 'bar': 'b'})], [([], 'exit'), (['--foo'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargsNoneOptional1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs='?', default=0.625)
    p.add_argument('baz', nargs=1)
    return p

def b_TestPositionalsNargsNoneOptional1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs='?', default=0.625)
    v1.add_argument('baz', nargs=1)
    return p

def b_TestPositionalsNargsNoneOptional1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='?', default=0.625)
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('baz', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneOptional1', [b_TestPositionalsNargsNoneOptional1_no_groups, b_TestPositionalsNargsNoneOptional1_one_group, b_TestPositionalsNargsNoneOptional1_many_groups], [(['a', 'b'], {'foo': 'a', 'bar': 0.625, 'baz': ['b']}), (['a', 'b', 'c'], {'foo': 'a', 'bar': 'b', 'baz': ['c']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit')]))

def b_TestPositionalsNargsNoneZeroOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs='*')
    return p

def b_TestPositionalsNargsNoneZeroOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs='*')
    return p

def b_TestPositionalsNargsNoneZeroOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='*')
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneZeroOrMore', [b_TestPositionalsNargsNoneZeroOrMore_no_groups, b_TestPositionalsNargsNoneZeroOrMore_one_group, b_TestPositionalsNargsNoneZeroOrMore_many_groups], [(['a'], {'foo': 'a', 'bar': []}), (['a', 'b'], {'foo': 'a', 'bar': ['b']}), (['a', 'b', 'c'], {'foo': 'a', 'bar': ['b', 'c']})], [([], 'exit'), (['--foo'], 'exit')]))

def b_TestPositionalsNargsNoneZeroOrMore1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo')
    p.add_argument('bar', nargs='*')
    p.add_argument('baz', nargs=1)
    return p

def b_TestPositionalsNargsNoneZeroOrMore1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo')
    v1.add_argument('bar', nargs='*')
    v1.add_argument('baz', nargs=1)
    return p

def b_TestPositionalsNargsNoneZeroOrMore1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='*')
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('baz', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsNoneZeroOrMore1', [b_TestPositionalsNargsNoneZeroOrMore1_no_groups, b_TestPositionalsNargsNoneZeroOrMore1_one_group, b_TestPositionalsNargsNoneZeroOrMore1_many_groups], [(['a', 'b'], {'foo': 'a', 'bar': [], 'baz': ['b']}), (['a', 'b', 'c'], {'foo': 'a', 'bar': ['b'], 'baz': ['c']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit')]))

def b_TestPositionalsNargsOneOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='+')
    return p

def b_TestPositionalsNargsOneOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='+')
    return p

def b_TestPositionalsNargsOneOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='+')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOneOrMore', [b_TestPositionalsNargsOneOrMore_no_groups, b_TestPositionalsNargsOneOrMore_one_group, b_TestPositionalsNargsOneOrMore_many_groups], [(['a'], {'foo': ['a']}), (['a', 'b'], {'foo': ['a', 'b']})], [([], 'exit'), (['-x'], 'exit')]))

def b_TestPositionalsNargsOneOrMore1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='+')
    p.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsOneOrMore1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='+')
    v1.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsOneOrMore1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='+')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsOneOrMore1', [b_TestPositionalsNargsOneOrMore1_no_groups, b_TestPositionalsNargsOneOrMore1_one_group, b_TestPositionalsNargsOneOrMore1_many_groups], [(['a', 'b'], {'foo': ['a'], 'bar': ['b']}), (['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': ['c']})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit')]))

def b_TestPositionalsNargsOneOrMoreNone_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='+')
    p.add_argument('bar')
    return p

def b_TestPositionalsNargsOneOrMoreNone_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='+')
    v1.add_argument('bar')
    return p

def b_TestPositionalsNargsOneOrMoreNone_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='+')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOneOrMoreNone', [b_TestPositionalsNargsOneOrMoreNone_no_groups, b_TestPositionalsNargsOneOrMoreNone_one_group, b_TestPositionalsNargsOneOrMoreNone_many_groups], [(['a', 'b'], {'foo': ['a'], 'bar': 'b'}), (['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': 'c'})], [([], 'exit'), (['--foo'], 'exit'), (['a'], 'exit')]))

def b_TestPositionalsNargsOptional_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?')
    return p

def b_TestPositionalsNargsOptional_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?')
    return p

def b_TestPositionalsNargsOptional_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptional', [b_TestPositionalsNargsOptional_no_groups, b_TestPositionalsNargsOptional_one_group, b_TestPositionalsNargsOptional_many_groups], [([], {'foo': None}), (['a'], {'foo': 'a'})], [(['-x'], 'exit'), (['a', 'b'], 'exit')]))

def b_TestPositionalsNargsOptional1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?')
    p.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsOptional1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?')
    v1.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsOptional1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptional1', [b_TestPositionalsNargsOptional1_no_groups, b_TestPositionalsNargsOptional1_one_group, b_TestPositionalsNargsOptional1_many_groups], [(['a'], {'foo': None, 'bar': ['a']}), (['a', 'b'], {'foo': 'a', 'bar': ['b']})], [([], 'exit'), (['--foo'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargsOptionalConvertedDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?', type=int, default='42')
    return p

def b_TestPositionalsNargsOptionalConvertedDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?', type=int, default='42')
    return p

def b_TestPositionalsNargsOptionalConvertedDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?', type=int, default='42')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptionalConvertedDefault', [b_TestPositionalsNargsOptionalConvertedDefault_no_groups, b_TestPositionalsNargsOptionalConvertedDefault_one_group, b_TestPositionalsNargsOptionalConvertedDefault_many_groups], [([], {'foo': 42}), (['1'], {'foo': 1})], [(['-x'], 'exit'), (['a', 'b'], 'argerr'), (['1', '2'], 'exit')]))

def b_TestPositionalsNargsOptionalDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?', default=42)
    return p

def b_TestPositionalsNargsOptionalDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?', default=42)
    return p

def b_TestPositionalsNargsOptionalDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?', default=42)
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptionalDefault', [b_TestPositionalsNargsOptionalDefault_no_groups, b_TestPositionalsNargsOptionalDefault_one_group, b_TestPositionalsNargsOptionalDefault_many_groups], [([], {'foo': 42}), (['a'], {'foo': 'a'})], [(['-x'], 'exit'), (['a', 'b'], 'exit')]))

def b_TestPositionalsNargsOptionalNone_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?', default=42)
    p.add_argument('bar')
    return p

def b_TestPositionalsNargsOptionalNone_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?', default=42)
    v1.add_argument('bar')
    return p

def b_TestPositionalsNargsOptionalNone_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?', default=42)
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptionalNone', [b_TestPositionalsNargsOptionalNone_no_groups, b_TestPositionalsNargsOptionalNone_one_group, b_TestPositionalsNargsOptionalNone_many_groups], [(['a'], {'foo': 42, 'bar': 'a'}), (['a', 'b'], {'foo': 'a', 'bar': 'b'})], [([], 'exit'), (['--foo'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargsOptionalOneOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?')
    p.add_argument('bar', nargs='+')
    return p

def b_TestPositionalsNargsOptionalOneOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?')
    v1.add_argument('bar', nargs='+')
    return p

def b_TestPositionalsNargsOptionalOneOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='+')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptionalOneOrMore', [b_TestPositionalsNargsOptionalOneOrMore_no_groups, b_TestPositionalsNargsOptionalOneOrMore_one_group, b_TestPositionalsNargsOptionalOneOrMore_many_groups], [(['a'], {'foo': None, 'bar': ['a']}), (['a', 'b'], {'foo': 'a', 'bar': ['b']}), (['a', 'b', 'c'], {'foo': 'a', 'bar': ['b', 'c']})], [([], 'exit'), (['--foo'], 'exit')]))

def b_TestPositionalsNargsOptionalOptional_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?')
    p.add_argument('bar', nargs='?', default=42)
    return p

def b_TestPositionalsNargsOptionalOptional_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?')
    v1.add_argument('bar', nargs='?', default=42)
    return p

def b_TestPositionalsNargsOptionalOptional_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='?', default=42)
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptionalOptional', [b_TestPositionalsNargsOptionalOptional_no_groups, b_TestPositionalsNargsOptionalOptional_one_group, b_TestPositionalsNargsOptionalOptional_many_groups], [([], {'foo': None, 'bar': 42}), (['a'], {'foo': 'a', 'bar': 42}), (['a', 'b'], {'foo': 'a', 'bar': 'b'})], [(['--foo'], 'exit'), (['a', 'b', 'c'], 'exit')]))

def b_TestPositionalsNargsOptionalZeroOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='?')
    p.add_argument('bar', nargs='*')
    return p

def b_TestPositionalsNargsOptionalZeroOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='?')
    v1.add_argument('bar', nargs='*')
    return p

def b_TestPositionalsNargsOptionalZeroOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='?')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs='*')
    return p

PARSE_TESTS.append(('TestPositionalsNargsOptionalZeroOrMore', [b_TestPositionalsNargsOptionalZeroOrMore_no_groups, b_TestPositionalsNargsOptionalZeroOrMore_one_group, b_TestPositionalsNargsOptionalZeroOrMore_many_groups], [([], {'foo': None, 'bar': []}), (['a'], {'foo': 'a', 'bar': []}), (['a', 'b'], {'foo': 'a', 'bar': ['b']}), (['a', 'b', 'c'], {'foo': 'a', 'bar': ['b', 'c']})], [(['--foo'], 'exit')]))

def b_TestPositionalsNargsZeroOrMore_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='*')
    return p

def b_TestPositionalsNargsZeroOrMore_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='*')
    return p

def b_TestPositionalsNargsZeroOrMore_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='*')
    return p

PARSE_TESTS.append(('TestPositionalsNargsZeroOrMore', [b_TestPositionalsNargsZeroOrMore_no_groups, b_TestPositionalsNargsZeroOrMore_one_group, b_TestPositionalsNargsZeroOrMore_many_groups], [([], {'foo': []}), (['a'], {'foo': ['a']}), (['a', 'b'], {'foo': ['a', 'b']})], [(['-x'], 'exit')]))

def b_TestPositionalsNargsZeroOrMore1_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='*')
    p.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsZeroOrMore1_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='*')
    v1.add_argument('bar', nargs=1)
    return p

def b_TestPositionalsNargsZeroOrMore1_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='*')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar', nargs=1)
    return p

PARSE_TESTS.append(('TestPositionalsNargsZeroOrMore1', [b_TestPositionalsNargsZeroOrMore1_no_groups, b_TestPositionalsNargsZeroOrMore1_one_group, b_TestPositionalsNargsZeroOrMore1_many_groups], [(['a'], {'foo': [], 'bar': ['a']}), (['a', 'b'], {'foo': ['a'], 'bar': ['b']}), (['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': ['c']})], [([], 'exit'), (['--foo'], 'exit')]))

def b_TestPositionalsNargsZeroOrMoreDefault_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='*', default='bar')
    return p

def b_TestPositionalsNargsZeroOrMoreDefault_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='*', default='bar')
    return p

def b_TestPositionalsNargsZeroOrMoreDefault_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='*', default='bar')
    return p

PARSE_TESTS.append(('TestPositionalsNargsZeroOrMoreDefault', [b_TestPositionalsNargsZeroOrMoreDefault_no_groups, b_TestPositionalsNargsZeroOrMoreDefault_one_group, b_TestPositionalsNargsZeroOrMoreDefault_many_groups], [([], {'foo': 'bar'}), (['a'], {'foo': ['a']}), (['a', 'b'], {'foo': ['a', 'b']})], [(['-x'], 'exit')]))

def b_TestPositionalsNargsZeroOrMoreNone_no_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('foo', nargs='*')
    p.add_argument('bar')
    return p

def b_TestPositionalsNargsZeroOrMoreNone_one_group(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('foo', nargs='*')
    v1.add_argument('bar')
    return p

def b_TestPositionalsNargsZeroOrMoreNone_many_groups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('foo', nargs='*')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('bar')
    return p

PARSE_TESTS.append(('TestPositionalsNargsZeroOrMoreNone', [b_TestPositionalsNargsZeroOrMoreNone_no_groups, b_TestPositionalsNargsZeroOrMoreNone_one_group, b_TestPositionalsNargsZeroOrMoreNone_many_groups], [(['a'], {'foo': [], 'bar': 'a'}), (['a', 'b'], {'foo': ['a'], 'bar': 'b'}), (['a', 'b', 'c'], {'foo': ['a', 'b'], 'bar': 'c'})], [([], 'exit'), (['--foo'], 'exit')]))

def b_TestPrefixCharacterOnlyArguments_no_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='-+', prog='PROG', exit_on_error=eoe)
    p.add_argument('-', dest='x', nargs='?', const='badger')
    p.add_argument('+', dest='y', type=int, default=42)
    p.add_argument('-+-', dest='z', action='store_true')
    return p

def b_TestPrefixCharacterOnlyArguments_one_group(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='-+', prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo')
    v1.add_argument('-', dest='x', nargs='?', const='badger')
    v1.add_argument('+', dest='y', type=int, default=42)
    v1.add_argument('-+-', dest='z', action='store_true')
    return p

def b_TestPrefixCharacterOnlyArguments_many_groups(eoe=True):
    p = argparse.ArgumentParser(prefix_chars='-+', prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group('foo:0')
    v1.add_argument('-', dest='x', nargs='?', const='badger')
    v2 = p.add_argument_group('foo:1')
    v2.add_argument('+', dest='y', type=int, default=42)
    v3 = p.add_argument_group('foo:2')
    v3.add_argument('-+-', dest='z', action='store_true')
    return p

PARSE_TESTS.append(('TestPrefixCharacterOnlyArguments', [b_TestPrefixCharacterOnlyArguments_no_groups, b_TestPrefixCharacterOnlyArguments_one_group, b_TestPrefixCharacterOnlyArguments_many_groups], [([], {'x': None, 'y': 42, 'z': False}), (['-'], {'x': 'badger', 'y': 42, 'z': False}), (['-', 'X'], {'x': 'X', 'y': 42, 'z': False}), (['+', '-3'], {'x': None, 'y': -3, 'z': False}), (['-+-'], {'x': None, 'y': 42, 'z': True}), (['-', '==='], {'x': '===', 'y': 42, 'z': False})], [(['-y'], 'exit'), (['+', '-'], 'argerr')]))

def h_TestHelpAlternatePrefixChars(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', prefix_chars='^;', add_help=False, exit_on_error=eoe)
    p.add_argument('^^foo', action='store_true', help='foo help')
    p.add_argument(';b', ';;bar', help='bar help')
    return p

HELP_TESTS.append(('TestHelpAlternatePrefixChars', h_TestHelpAlternatePrefixChars, 'usage: PROG [^^foo] [;b BAR]\n', 'usage: PROG [^^foo] [;b BAR]\n\noptions:\n  ^^foo              foo help\n  ;b BAR, ;;bar BAR  bar help\n'))

def h_TestHelpBiggerOptionalGroups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='DESCRIPTION', epilog='EPILOG', exit_on_error=eoe)
    p.add_argument('-v', '--version', action='version', version='0.1')
    p.add_argument('-x', action='store_true', help='X HELP')
    p.add_argument('--y', help='Y HELP')
    p.add_argument('foo', help='FOO HELP')
    p.add_argument('bar', help='BAR HELP')
    v1 = p.add_argument_group('GROUP TITLE', description='GROUP DESCRIPTION')
    v1.add_argument('baz', help='BAZ HELP')
    v1.add_argument('-z', nargs='+', help='Z HELP')
    return p

HELP_TESTS.append(('TestHelpBiggerOptionalGroups', h_TestHelpBiggerOptionalGroups, 'usage: PROG [-h] [-v] [-x] [--y Y] [-z Z [Z ...]] foo bar baz\n', "usage: PROG [-h] [-v] [-x] [--y Y] [-z Z [Z ...]] foo bar baz\n\nDESCRIPTION\n\npositional arguments:\n  foo            FOO HELP\n  bar            BAR HELP\n\noptions:\n  -h, --help     show this help message and exit\n  -v, --version  show program's version number and exit\n  -x             X HELP\n  --y Y          Y HELP\n\nGROUP TITLE:\n  GROUP DESCRIPTION\n\n  baz            BAZ HELP\n  -z Z [Z ...]   Z HELP\n\nEPILOG\n"))

def h_TestHelpBiggerOptionals(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='DESCRIPTION', epilog='EPILOG', exit_on_error=eoe)
    p.add_argument('-v', '--version', action='version', version='0.1')
    p.add_argument('-x', action='store_true', help='X HELP')
    p.add_argument('--y', help='Y HELP')
    p.add_argument('foo', help='FOO HELP')
    p.add_argument('bar', help='BAR HELP')
    return p

HELP_TESTS.append(('TestHelpBiggerOptionals', h_TestHelpBiggerOptionals, 'usage: PROG [-h] [-v] [-x] [--y Y] foo bar\n', "usage: PROG [-h] [-v] [-x] [--y Y] foo bar\n\nDESCRIPTION\n\npositional arguments:\n  foo            FOO HELP\n  bar            BAR HELP\n\noptions:\n  -h, --help     show this help message and exit\n  -v, --version  show program's version number and exit\n  -x             X HELP\n  --y Y          Y HELP\n\nEPILOG\n"))

def h_TestHelpBiggerPositionals(eoe=True):
    p = argparse.ArgumentParser(usage='USAGE', description='DESCRIPTION', exit_on_error=eoe)
    p.add_argument('-x', action='store_true', help='X HELP')
    p.add_argument('--y', help='Y HELP')
    p.add_argument('ekiekiekifekang', help='EKI HELP')
    p.add_argument('bar', help='BAR HELP')
    return p

HELP_TESTS.append(('TestHelpBiggerPositionals', h_TestHelpBiggerPositionals, 'usage: USAGE\n', 'usage: USAGE\n\nDESCRIPTION\n\npositional arguments:\n  ekiekiekifekang  EKI HELP\n  bar              BAR HELP\n\noptions:\n  -h, --help       show this help message and exit\n  -x               X HELP\n  --y Y            Y HELP\n'))

def h_TestHelpNoHelpOptional(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', add_help=False, exit_on_error=eoe)
    p.add_argument('--foo', help='foo help')
    p.add_argument('spam', help='spam help')
    return p

HELP_TESTS.append(('TestHelpNoHelpOptional', h_TestHelpNoHelpOptional, 'usage: PROG [--foo FOO] spam\n', 'usage: PROG [--foo FOO] spam\n\npositional arguments:\n  spam       spam help\n\noptions:\n  --foo FOO  foo help\n'))

def h_TestHelpNone(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo')
    p.add_argument('spam')
    return p

HELP_TESTS.append(('TestHelpNone', h_TestHelpNone, 'usage: PROG [-h] [--foo FOO] spam\n', 'usage: PROG [-h] [--foo FOO] spam\n\npositional arguments:\n  spam\n\noptions:\n  -h, --help  show this help message and exit\n  --foo FOO\n'))

def h_TestHelpOnlyUserGroups(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', add_help=False, exit_on_error=eoe)
    v1 = p.add_argument_group('xxxx')
    v1.add_argument('-x', help='x')
    v1.add_argument('a', help='a')
    v2 = p.add_argument_group('yyyy')
    v2.add_argument('b', help='b')
    v2.add_argument('-y', help='y')
    return p

HELP_TESTS.append(('TestHelpOnlyUserGroups', h_TestHelpOnlyUserGroups, 'usage: PROG [-x X] [-y Y] a b\n', 'usage: PROG [-x X] [-y Y] a b\n\nxxxx:\n  -x X  x\n  a     a\n\nyyyy:\n  b     b\n  -y Y  y\n'))

def h_TestHelpReformatting(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='   oddly    formatted\ndescription\n\nthat is so long that it should go onto multiple lines when wrapped', exit_on_error=eoe)
    p.add_argument('-x', metavar='XX', help='oddly\n    formatted -x help')
    p.add_argument('y', metavar='yyy', help='normal y help')
    v1 = p.add_argument_group('title', description='\n    oddly formatted group\n\ndescription')
    v1.add_argument('-a', action='store_true', help=' oddly \nformatted    -a  help  \n    again, so long that it should be wrapped over multiple lines')
    return p

HELP_TESTS.append(('TestHelpReformatting', h_TestHelpReformatting, 'usage: PROG [-h] [-x XX] [-a] yyy\n', 'usage: PROG [-h] [-x XX] [-a] yyy\n\noddly formatted description that is so long that it should go onto multiple\nlines when wrapped\n\npositional arguments:\n  yyy         normal y help\n\noptions:\n  -h, --help  show this help message and exit\n  -x XX       oddly formatted -x help\n\ntitle:\n  oddly formatted group description\n\n  -a          oddly formatted -a help again, so long that it should be wrapped\n              over multiple lines\n'))

def h_TestHelpRequiredOptional(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo', required=True, help='foo help')
    return p

HELP_TESTS.append(('TestHelpRequiredOptional', h_TestHelpRequiredOptional, 'usage: PROG [-h] --foo FOO\n', 'usage: PROG [-h] --foo FOO\n\noptions:\n  -h, --help  show this help message and exit\n  --foo FOO   foo help\n'))

def h_TestHelpSubparsersOrdering(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='display some subcommands', exit_on_error=eoe)
    p.add_argument('-v', '--version', action='version', version='0.1')
    v1 = p.add_subparsers()
    v2 = v1.add_parser(name='a')
    v3 = v1.add_parser(name='b')
    v4 = v1.add_parser(name='c')
    v5 = v1.add_parser(name='d')
    v6 = v1.add_parser(name='e')
    return p

HELP_TESTS.append(('TestHelpSubparsersOrdering', h_TestHelpSubparsersOrdering, 'usage: PROG [-h] [-v] {a,b,c,d,e} ...\n', "usage: PROG [-h] [-v] {a,b,c,d,e} ...\n\ndisplay some subcommands\n\npositional arguments:\n  {a,b,c,d,e}\n\noptions:\n  -h, --help     show this help message and exit\n  -v, --version  show program's version number and exit\n"))

def h_TestHelpSubparsersWithHelpOrdering(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='display some subcommands', exit_on_error=eoe)
    p.add_argument('-v', '--version', action='version', version='0.1')
    v1 = p.add_subparsers()
    v2 = v1.add_parser(name='a', help='a subcommand help')
    v3 = v1.add_parser(name='b', help='b subcommand help')
    v4 = v1.add_parser(name='c', help='c subcommand help')
    v5 = v1.add_parser(name='d', help='d subcommand help')
    v6 = v1.add_parser(name='e', help='e subcommand help')
    return p

HELP_TESTS.append(('TestHelpSubparsersWithHelpOrdering', h_TestHelpSubparsersWithHelpOrdering, 'usage: PROG [-h] [-v] {a,b,c,d,e} ...\n', "usage: PROG [-h] [-v] {a,b,c,d,e} ...\n\ndisplay some subcommands\n\npositional arguments:\n  {a,b,c,d,e}\n    a            a subcommand help\n    b            b subcommand help\n    c            c subcommand help\n    d            d subcommand help\n    e            e subcommand help\n\noptions:\n  -h, --help     show this help message and exit\n  -v, --version  show program's version number and exit\n"))

def h_TestHelpSuppressOptional(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', add_help=False, exit_on_error=eoe)
    p.add_argument('--foo', help=argparse.SUPPRESS)
    p.add_argument('spam', help='spam help')
    return p

HELP_TESTS.append(('TestHelpSuppressOptional', h_TestHelpSuppressOptional, 'usage: PROG spam\n', 'usage: PROG spam\n\npositional arguments:\n  spam  spam help\n'))

def h_TestHelpSuppressOptionalGroup(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo', help='foo help')
    p.add_argument('spam', help='spam help')
    v1 = p.add_argument_group('group')
    v1.add_argument('--bar', help=argparse.SUPPRESS)
    return p

HELP_TESTS.append(('TestHelpSuppressOptionalGroup', h_TestHelpSuppressOptionalGroup, 'usage: PROG [-h] [--foo FOO] spam\n', 'usage: PROG [-h] [--foo FOO] spam\n\npositional arguments:\n  spam        spam help\n\noptions:\n  -h, --help  show this help message and exit\n  --foo FOO   foo help\n'))

def h_TestHelpSuppressPositional(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--foo', help='foo help')
    p.add_argument('spam', help=argparse.SUPPRESS)
    return p

HELP_TESTS.append(('TestHelpSuppressPositional', h_TestHelpSuppressPositional, 'usage: PROG [-h] [--foo FOO]\n', 'usage: PROG [-h] [--foo FOO]\n\noptions:\n  -h, --help  show this help message and exit\n  --foo FOO   foo help\n'))

def h_TestHelpSuppressUsage(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', usage=argparse.SUPPRESS, exit_on_error=eoe)
    p.add_argument('--foo', help='foo help')
    p.add_argument('spam', help='spam help')
    return p

HELP_TESTS.append(('TestHelpSuppressUsage', h_TestHelpSuppressUsage, '', 'positional arguments:\n  spam        spam help\n\noptions:\n  -h, --help  show this help message and exit\n  --foo FOO   foo help\n'))

def h_TestHelpTupleMetavar(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-w', help='w', nargs='+', metavar=('W1', 'W2', ))
    p.add_argument('-x', help='x', nargs='*', metavar=('X1', 'X2', ))
    p.add_argument('-y', help='y', nargs=3, metavar=('Y1', 'Y2', 'Y3', ))
    p.add_argument('-z', help='z', nargs='?', metavar=('Z1', ))
    return p

HELP_TESTS.append(('TestHelpTupleMetavar', h_TestHelpTupleMetavar, 'usage: PROG [-h] [-w W1 [W2 ...]] [-x [X1 [X2 ...]]] [-y Y1 Y2 Y3] [-z [Z1]]\n', 'usage: PROG [-h] [-w W1 [W2 ...]] [-x [X1 [X2 ...]]] [-y Y1 Y2 Y3] [-z [Z1]]\n\noptions:\n  -h, --help        show this help message and exit\n  -w W1 [W2 ...]    w\n  -x [X1 [X2 ...]]  x\n  -y Y1 Y2 Y3       y\n  -z [Z1]           z\n'))

def h_TestHelpUsage(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-w', nargs='+', help='w')
    p.add_argument('-x', nargs='*', help='x')
    p.add_argument('a', help='a')
    p.add_argument('b', help='b', nargs=2)
    p.add_argument('c', help='c', nargs='?')
    p.add_argument('--foo', help='Whether to foo', action=argparse.BooleanOptionalAction)
    p.add_argument('--bar', help='Whether to bar', default=True, action=argparse.BooleanOptionalAction)
    p.add_argument('-f', '--foobar', '--barfoo', action=argparse.BooleanOptionalAction)
    p.add_argument('--bazz', action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS, help='Bazz!')
    v1 = p.add_argument_group('group')
    v1.add_argument('-y', nargs='?', help='y')
    v1.add_argument('-z', nargs=3, help='z')
    v1.add_argument('d', help='d', nargs='*')
    v1.add_argument('e', help='e', nargs='+')
    return p

HELP_TESTS.append(('TestHelpUsage', h_TestHelpUsage, 'usage: PROG [-h] [-w W [W ...]] [-x [X ...]] [--foo | --no-foo]\n            [--bar | --no-bar]\n            [-f | --foobar | --no-foobar | --barfoo | --no-barfoo]\n            [--bazz | --no-bazz] [-y [Y]] [-z Z Z Z]\n            a b b [c] [d ...] e [e ...]\n', 'usage: PROG [-h] [-w W [W ...]] [-x [X ...]] [--foo | --no-foo]\n            [--bar | --no-bar]\n            [-f | --foobar | --no-foobar | --barfoo | --no-barfoo]\n            [--bazz | --no-bazz] [-y [Y]] [-z Z Z Z]\n            a b b [c] [d ...] e [e ...]\n\npositional arguments:\n  a                     a\n  b                     b\n  c                     c\n\noptions:\n  -h, --help            show this help message and exit\n  -w W [W ...]          w\n  -x [X ...]            x\n  --foo, --no-foo       Whether to foo\n  --bar, --no-bar       Whether to bar\n  -f, --foobar, --no-foobar, --barfoo, --no-barfoo\n  --bazz, --no-bazz     Bazz!\n\ngroup:\n  -y [Y]                y\n  -z Z Z Z              z\n  d                     d\n  e                     e\n'))

def h_TestHelpUsageLongProg(eoe=True):
    p = argparse.ArgumentParser(prog='PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP', exit_on_error=eoe)
    p.add_argument('-w', metavar='W')
    p.add_argument('-x', metavar='X')
    p.add_argument('a')
    p.add_argument('b')
    return p

HELP_TESTS.append(('TestHelpUsageLongProg', h_TestHelpUsageLongProg, 'usage: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n       [-h] [-w W] [-x X] a b\n', 'usage: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n       [-h] [-w W] [-x X] a b\n\npositional arguments:\n  a\n  b\n\noptions:\n  -h, --help  show this help message and exit\n  -w W\n  -x X\n'))

def h_TestHelpUsageLongProgOptionsWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP', exit_on_error=eoe)
    p.add_argument('-w', metavar='WWWWWWWWWWWWWWWWWWWWWWWWW')
    p.add_argument('-x', metavar='XXXXXXXXXXXXXXXXXXXXXXXXX')
    p.add_argument('-y', metavar='YYYYYYYYYYYYYYYYYYYYYYYYY')
    p.add_argument('-z', metavar='ZZZZZZZZZZZZZZZZZZZZZZZZZ')
    p.add_argument('a')
    p.add_argument('b')
    return p

HELP_TESTS.append(('TestHelpUsageLongProgOptionsWrap', h_TestHelpUsageLongProgOptionsWrap, 'usage: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n       [-h] [-w WWWWWWWWWWWWWWWWWWWWWWWWW] [-x XXXXXXXXXXXXXXXXXXXXXXXXX]\n       [-y YYYYYYYYYYYYYYYYYYYYYYYYY] [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n       a b\n', 'usage: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n       [-h] [-w WWWWWWWWWWWWWWWWWWWWWWWWW] [-x XXXXXXXXXXXXXXXXXXXXXXXXX]\n       [-y YYYYYYYYYYYYYYYYYYYYYYYYY] [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n       a b\n\npositional arguments:\n  a\n  b\n\noptions:\n  -h, --help            show this help message and exit\n  -w WWWWWWWWWWWWWWWWWWWWWWWWW\n  -x XXXXXXXXXXXXXXXXXXXXXXXXX\n  -y YYYYYYYYYYYYYYYYYYYYYYYYY\n  -z ZZZZZZZZZZZZZZZZZZZZZZZZZ\n'))

def h_TestHelpUsageLongProgPositionalsWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP', add_help=False, exit_on_error=eoe)
    p.add_argument('aaaaaaaaaaaaaaaaaaaaaaaaa')
    p.add_argument('bbbbbbbbbbbbbbbbbbbbbbbbb')
    p.add_argument('ccccccccccccccccccccccccc')
    return p

HELP_TESTS.append(('TestHelpUsageLongProgPositionalsWrap', h_TestHelpUsageLongProgPositionalsWrap, 'usage: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n       aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n       ccccccccccccccccccccccccc\n', 'usage: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n       aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n       ccccccccccccccccccccccccc\n\npositional arguments:\n  aaaaaaaaaaaaaaaaaaaaaaaaa\n  bbbbbbbbbbbbbbbbbbbbbbbbb\n  ccccccccccccccccccccccccc\n'))

def h_TestHelpUsageOptionalsOnlyWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', metavar='XXXXXXXXXXXXXXXXXXXXXXXXX')
    p.add_argument('-y', metavar='YYYYYYYYYYYYYYYYYYYYYYYYY')
    p.add_argument('-z', metavar='ZZZZZZZZZZZZZZZZZZZZZZZZZ')
    return p

HELP_TESTS.append(('TestHelpUsageOptionalsOnlyWrap', h_TestHelpUsageOptionalsOnlyWrap, 'usage: PROG [-h] [-x XXXXXXXXXXXXXXXXXXXXXXXXX] [-y YYYYYYYYYYYYYYYYYYYYYYYYY]\n            [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n', 'usage: PROG [-h] [-x XXXXXXXXXXXXXXXXXXXXXXXXX] [-y YYYYYYYYYYYYYYYYYYYYYYYYY]\n            [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n\noptions:\n  -h, --help            show this help message and exit\n  -x XXXXXXXXXXXXXXXXXXXXXXXXX\n  -y YYYYYYYYYYYYYYYYYYYYYYYYY\n  -z ZZZZZZZZZZZZZZZZZZZZZZZZZ\n'))

def h_TestHelpUsageOptionalsPositionalsWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', metavar='XXXXXXXXXXXXXXXXXXXXXXXXX')
    p.add_argument('-y', metavar='YYYYYYYYYYYYYYYYYYYYYYYYY')
    p.add_argument('-z', metavar='ZZZZZZZZZZZZZZZZZZZZZZZZZ')
    p.add_argument('aaaaaaaaaaaaaaaaaaaaaaaaa')
    p.add_argument('bbbbbbbbbbbbbbbbbbbbbbbbb')
    p.add_argument('ccccccccccccccccccccccccc')
    return p

HELP_TESTS.append(('TestHelpUsageOptionalsPositionalsWrap', h_TestHelpUsageOptionalsPositionalsWrap, 'usage: PROG [-h] [-x XXXXXXXXXXXXXXXXXXXXXXXXX] [-y YYYYYYYYYYYYYYYYYYYYYYYYY]\n            [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n            aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n            ccccccccccccccccccccccccc\n', 'usage: PROG [-h] [-x XXXXXXXXXXXXXXXXXXXXXXXXX] [-y YYYYYYYYYYYYYYYYYYYYYYYYY]\n            [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n            aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n            ccccccccccccccccccccccccc\n\npositional arguments:\n  aaaaaaaaaaaaaaaaaaaaaaaaa\n  bbbbbbbbbbbbbbbbbbbbbbbbb\n  ccccccccccccccccccccccccc\n\noptions:\n  -h, --help            show this help message and exit\n  -x XXXXXXXXXXXXXXXXXXXXXXXXX\n  -y YYYYYYYYYYYYYYYYYYYYYYYYY\n  -z ZZZZZZZZZZZZZZZZZZZZZZZZZ\n'))

def h_TestHelpUsageOptionalsWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-w', metavar='WWWWWWWWWWWWWWWWWWWWWWWWW')
    p.add_argument('-x', metavar='XXXXXXXXXXXXXXXXXXXXXXXXX')
    p.add_argument('-y', metavar='YYYYYYYYYYYYYYYYYYYYYYYYY')
    p.add_argument('-z', metavar='ZZZZZZZZZZZZZZZZZZZZZZZZZ')
    p.add_argument('a')
    p.add_argument('b')
    p.add_argument('c')
    return p

HELP_TESTS.append(('TestHelpUsageOptionalsWrap', h_TestHelpUsageOptionalsWrap, 'usage: PROG [-h] [-w WWWWWWWWWWWWWWWWWWWWWWWWW] [-x XXXXXXXXXXXXXXXXXXXXXXXXX]\n            [-y YYYYYYYYYYYYYYYYYYYYYYYYY] [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n            a b c\n', 'usage: PROG [-h] [-w WWWWWWWWWWWWWWWWWWWWWWWWW] [-x XXXXXXXXXXXXXXXXXXXXXXXXX]\n            [-y YYYYYYYYYYYYYYYYYYYYYYYYY] [-z ZZZZZZZZZZZZZZZZZZZZZZZZZ]\n            a b c\n\npositional arguments:\n  a\n  b\n  c\n\noptions:\n  -h, --help            show this help message and exit\n  -w WWWWWWWWWWWWWWWWWWWWWWWWW\n  -x XXXXXXXXXXXXXXXXXXXXXXXXX\n  -y YYYYYYYYYYYYYYYYYYYYYYYYY\n  -z ZZZZZZZZZZZZZZZZZZZZZZZZZ\n'))

def h_TestHelpUsagePositionalsOnlyWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', add_help=False, exit_on_error=eoe)
    p.add_argument('aaaaaaaaaaaaaaaaaaaaaaaaa')
    p.add_argument('bbbbbbbbbbbbbbbbbbbbbbbbb')
    p.add_argument('ccccccccccccccccccccccccc')
    return p

HELP_TESTS.append(('TestHelpUsagePositionalsOnlyWrap', h_TestHelpUsagePositionalsOnlyWrap, 'usage: PROG aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n            ccccccccccccccccccccccccc\n', 'usage: PROG aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n            ccccccccccccccccccccccccc\n\npositional arguments:\n  aaaaaaaaaaaaaaaaaaaaaaaaa\n  bbbbbbbbbbbbbbbbbbbbbbbbb\n  ccccccccccccccccccccccccc\n'))

def h_TestHelpUsagePositionalsWrap(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x')
    p.add_argument('-y')
    p.add_argument('-z')
    p.add_argument('aaaaaaaaaaaaaaaaaaaaaaaaa')
    p.add_argument('bbbbbbbbbbbbbbbbbbbbbbbbb')
    p.add_argument('ccccccccccccccccccccccccc')
    return p

HELP_TESTS.append(('TestHelpUsagePositionalsWrap', h_TestHelpUsagePositionalsWrap, 'usage: PROG [-h] [-x X] [-y Y] [-z Z]\n            aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n            ccccccccccccccccccccccccc\n', 'usage: PROG [-h] [-x X] [-y Y] [-z Z]\n            aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbb\n            ccccccccccccccccccccccccc\n\npositional arguments:\n  aaaaaaaaaaaaaaaaaaaaaaaaa\n  bbbbbbbbbbbbbbbbbbbbbbbbb\n  ccccccccccccccccccccccccc\n\noptions:\n  -h, --help            show this help message and exit\n  -x X\n  -y Y\n  -z Z\n'))

def h_TestHelpUsageWithParentheses(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('positional', metavar='(example) positional')
    p.add_argument('-p', '--optional', metavar='{1 (option A), 2 (option B)}')
    return p

HELP_TESTS.append(('TestHelpUsageWithParentheses', h_TestHelpUsageWithParentheses, 'usage: PROG [-h] [-p {1 (option A), 2 (option B)}] (example) positional\n', 'usage: PROG [-h] [-p {1 (option A), 2 (option B)}] (example) positional\n\npositional arguments:\n  (example) positional\n\noptions:\n  -h, --help            show this help message and exit\n  -p {1 (option A), 2 (option B)}, --optional {1 (option A), 2 (option B)}\n'))

def h_TestHelpVariableExpansion(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', type=int, help='x %(prog)s %(default)s %(type)s %%')
    p.add_argument('-y', action='store_const', default=42, const='XXX', help='y %(prog)s %(default)s %(const)s')
    p.add_argument('--foo', choices='abc', help='foo %(prog)s %(default)s %(choices)s')
    p.add_argument('--bar', default='baz', choices=[1, 2], metavar='BBB', help='bar %(prog)s %(default)s %(dest)s')
    p.add_argument('spam', help='spam %(prog)s %(default)s')
    p.add_argument('badger', default=0.5, help='badger %(prog)s %(default)s')
    v1 = p.add_argument_group('group')
    v1.add_argument('-a', help='a %(prog)s %(default)s')
    v1.add_argument('-b', default=-1, help='b %(prog)s %(default)s')
    return p

HELP_TESTS.append(('TestHelpVariableExpansion', h_TestHelpVariableExpansion, 'usage: PROG [-h] [-x X] [-y] [--foo {a,b,c}] [--bar BBB] [-a A] [-b B]\n            spam badger\n', 'usage: PROG [-h] [-x X] [-y] [--foo {a,b,c}] [--bar BBB] [-a A] [-b B]\n            spam badger\n\npositional arguments:\n  spam           spam PROG None\n  badger         badger PROG 0.5\n\noptions:\n  -h, --help     show this help message and exit\n  -x X           x PROG None int %\n  -y             y PROG 42 XXX\n  --foo {a,b,c}  foo PROG None a, b, c\n  --bar BBB      bar PROG baz bar\n\ngroup:\n  -a A           a PROG None\n  -b B           b PROG -1\n'))

def h_TestHelpVariableExpansionNoArguments(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', add_help=False, exit_on_error=eoe)
    return p

HELP_TESTS.append(('TestHelpVariableExpansionNoArguments', h_TestHelpVariableExpansionNoArguments, 'usage: PROG\n', 'usage: PROG\n'))

def h_TestHelpVariableExpansionUsageSupplied(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', usage='%(prog)s FOO', exit_on_error=eoe)
    return p

HELP_TESTS.append(('TestHelpVariableExpansionUsageSupplied', h_TestHelpVariableExpansionUsageSupplied, 'usage: PROG FOO\n', 'usage: PROG FOO\n\noptions:\n  -h, --help  show this help message and exit\n'))

def h_TestHelpVersionAction(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='description', exit_on_error=eoe)
    p.add_argument('-V', '--version', action='version', version='3.6')
    return p

HELP_TESTS.append(('TestHelpVersionAction', h_TestHelpVersionAction, 'usage: PROG [-h] [-V]\n', "usage: PROG [-h] [-V]\n\ndescription\n\noptions:\n  -h, --help     show this help message and exit\n  -V, --version  show program's version number and exit\n"))

def h_TestHelpVersionActionSuppress(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-v', '--version', action='version', version='1.0', help=argparse.SUPPRESS)
    p.add_argument('--foo', help='foo help')
    p.add_argument('spam', help='spam help')
    return p

HELP_TESTS.append(('TestHelpVersionActionSuppress', h_TestHelpVersionActionSuppress, 'usage: PROG [-h] [--foo FOO] spam\n', 'usage: PROG [-h] [--foo FOO] spam\n\npositional arguments:\n  spam        spam help\n\noptions:\n  -h, --help  show this help message and exit\n  --foo FOO   foo help\n'))

def h_TestHelpWrappingLongNames(eoe=True):
    p = argparse.ArgumentParser(usage='USAGE', description='D DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD D', exit_on_error=eoe)
    p.add_argument('-v', '--version', action='version', version='V VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV VV V')
    p.add_argument('-x', metavar='XXXXXXXXXXXXXXXXXXXXXXXXX', help='XH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XH')
    p.add_argument('y', metavar='yyyyyyyyyyyyyyyyyyyyyyyyy', help='YH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YH')
    v1 = p.add_argument_group('ALPHAS')
    v1.add_argument('-a', metavar='AAAAAAAAAAAAAAAAAAAAAAAAA', help='AH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AH')
    v1.add_argument('z', metavar='zzzzzzzzzzzzzzzzzzzzzzzzz', help='ZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZH')
    return p

HELP_TESTS.append(('TestHelpWrappingLongNames', h_TestHelpWrappingLongNames, 'usage: USAGE\n', "usage: USAGE\n\nD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD\nDD DD DD DD D\n\npositional arguments:\n  yyyyyyyyyyyyyyyyyyyyyyyyy\n                        YH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH\n                        YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YH\n\noptions:\n  -h, --help            show this help message and exit\n  -v, --version         show program's version number and exit\n  -x XXXXXXXXXXXXXXXXXXXXXXXXX\n                        XH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH\n                        XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XHXH XH\n\nALPHAS:\n  -a AAAAAAAAAAAAAAAAAAAAAAAAA\n                        AH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH\n                        AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AHAH AH\n  zzzzzzzzzzzzzzzzzzzzzzzzz\n                        ZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH\n                        ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZHZH ZH\n"))

def h_TestHelpWrappingShortNames(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', description='D\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nDD\nD', exit_on_error=eoe)
    p.add_argument('-x', metavar='XX', help='XHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HX')
    p.add_argument('y', metavar='yyy', help='YH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YH')
    v1 = p.add_argument_group('ALPHAS')
    v1.add_argument('-a', action='store_true', help='AHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHA')
    return p

HELP_TESTS.append(('TestHelpWrappingShortNames', h_TestHelpWrappingShortNames, 'usage: PROG [-h] [-x XX] [-a] yyy\n', 'usage: PROG [-h] [-x XX] [-a] yyy\n\nD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD DD\nDD DD DD DD D\n\npositional arguments:\n  yyy         YH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH YHYH\n              YHYH YHYH YHYH YHYH YHYH YHYH YHYH YH\n\noptions:\n  -h, --help  show this help message and exit\n  -x XX       XHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH\n              HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HXXHH HX\n\nALPHAS:\n  -a          AHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH HHAAHHH\n              HHAAHHH HHAAHHH HHA\n'))

def m_TestMutuallyExclusiveFirstSuppressed_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('-x', help=argparse.SUPPRESS)
    v1.add_argument('-y', action='store_false', help='y help')
    return p

def m_TestMutuallyExclusiveFirstSuppressed_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('-x', help=argparse.SUPPRESS)
    v1.add_argument('-y', action='store_false', help='y help')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveFirstSuppressed/not-required', [m_TestMutuallyExclusiveFirstSuppressed_opt], [(['-x', 'X'], {'x': 'X', 'y': True}), (['-x', 'X', '-x', 'Y'], {'x': 'Y', 'y': True}), (['-y'], {'x': None, 'y': False}), ([], {'x': None, 'y': True})], [(['-x', 'X', '-y'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveFirstSuppressed/required', [m_TestMutuallyExclusiveFirstSuppressed_req], [(['-x', 'X'], {'x': 'X', 'y': True}), (['-x', 'X', '-x', 'Y'], {'x': 'Y', 'y': True}), (['-y'], {'x': None, 'y': False})], [(['-x', 'X', '-y'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveFirstSuppressed/not-required', m_TestMutuallyExclusiveFirstSuppressed_opt, 'usage: PROG [-h] [-y]\n', 'usage: PROG [-h] [-y]\n\noptions:\n  -h, --help  show this help message and exit\n  -y          y help\n'))
HELP_TESTS.append(('TestMutuallyExclusiveFirstSuppressed/required', m_TestMutuallyExclusiveFirstSuppressed_req, 'usage: PROG [-h] -y\n', 'usage: PROG [-h] -y\n\noptions:\n  -h, --help  show this help message and exit\n  -y          y help\n'))

def m_TestMutuallyExclusiveInGroup_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group(title='Titled group', description='Group description')
    v2 = v1.add_mutually_exclusive_group(required=False)
    v2.add_argument('--bar', help='bar help')
    v2.add_argument('--baz', help='baz help')
    return p

def m_TestMutuallyExclusiveInGroup_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_argument_group(title='Titled group', description='Group description')
    v2 = v1.add_mutually_exclusive_group(required=True)
    v2.add_argument('--bar', help='bar help')
    v2.add_argument('--baz', help='baz help')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveInGroup/not-required', [m_TestMutuallyExclusiveInGroup_opt], [(['--bar', 'X'], {'bar': 'X', 'baz': None}), (['--baz', 'Y'], {'bar': None, 'baz': 'Y'}), ([], {'bar': None, 'baz': None})], [(['--bar', 'X', '--baz', 'Y'], 'argerr'), (['--baz', 'X', '--bar', 'Y'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveInGroup/required', [m_TestMutuallyExclusiveInGroup_req], [(['--bar', 'X'], {'bar': 'X', 'baz': None}), (['--baz', 'Y'], {'bar': None, 'baz': 'Y'})], [(['--bar', 'X', '--baz', 'Y'], 'argerr'), (['--baz', 'X', '--bar', 'Y'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveInGroup/not-required', m_TestMutuallyExclusiveInGroup_opt, 'usage: PROG [-h] [--bar BAR | --baz BAZ]\n', 'usage: PROG [-h] [--bar BAR | --baz BAZ]\n\noptions:\n  -h, --help  show this help message and exit\n\nTitled group:\n  Group description\n\n  --bar BAR   bar help\n  --baz BAZ   baz help\n'))
HELP_TESTS.append(('TestMutuallyExclusiveInGroup/required', m_TestMutuallyExclusiveInGroup_req, 'usage: PROG [-h] (--bar BAR | --baz BAZ)\n', 'usage: PROG [-h] (--bar BAR | --baz BAZ)\n\noptions:\n  -h, --help  show this help message and exit\n\nTitled group:\n  Group description\n\n  --bar BAR   bar help\n  --baz BAZ   baz help\n'))

def m_TestMutuallyExclusiveLong_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--abcde', help='abcde help')
    p.add_argument('--fghij', help='fghij help')
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('--klmno', help='klmno help')
    v1.add_argument('--pqrst', help='pqrst help')
    return p

def m_TestMutuallyExclusiveLong_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('--abcde', help='abcde help')
    p.add_argument('--fghij', help='fghij help')
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('--klmno', help='klmno help')
    v1.add_argument('--pqrst', help='pqrst help')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveLong/not-required', [m_TestMutuallyExclusiveLong_opt], [(['--klmno', 'X'], {'abcde': None, 'fghij': None, 'klmno': 'X', 'pqrst': None}), (['--abcde', 'Y', '--klmno', 'X'], {'abcde': 'Y', 'fghij': None, 'klmno': 'X', 'pqrst': None}), (['--pqrst', 'X'], {'abcde': None, 'fghij': None, 'klmno': None, 'pqrst': 'X'}), (['--pqrst', 'X', '--fghij', 'Y'], {'abcde': None, 'fghij': 'Y', 'klmno': None, 'pqrst': 'X'}), ([], {'abcde': None, 'fghij': None, 'klmno': None, 'pqrst': None})], [(['--klmno', 'X', '--pqrst', 'Y'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveLong/required', [m_TestMutuallyExclusiveLong_req], [(['--klmno', 'X'], {'abcde': None, 'fghij': None, 'klmno': 'X', 'pqrst': None}), (['--abcde', 'Y', '--klmno', 'X'], {'abcde': 'Y', 'fghij': None, 'klmno': 'X', 'pqrst': None}), (['--pqrst', 'X'], {'abcde': None, 'fghij': None, 'klmno': None, 'pqrst': 'X'}), (['--pqrst', 'X', '--fghij', 'Y'], {'abcde': None, 'fghij': 'Y', 'klmno': None, 'pqrst': 'X'})], [(['--klmno', 'X', '--pqrst', 'Y'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveLong/not-required', m_TestMutuallyExclusiveLong_opt, 'usage: PROG [-h] [--abcde ABCDE] [--fghij FGHIJ]\n            [--klmno KLMNO | --pqrst PQRST]\n', 'usage: PROG [-h] [--abcde ABCDE] [--fghij FGHIJ]\n            [--klmno KLMNO | --pqrst PQRST]\n\noptions:\n  -h, --help     show this help message and exit\n  --abcde ABCDE  abcde help\n  --fghij FGHIJ  fghij help\n  --klmno KLMNO  klmno help\n  --pqrst PQRST  pqrst help\n'))
HELP_TESTS.append(('TestMutuallyExclusiveLong/required', m_TestMutuallyExclusiveLong_req, 'usage: PROG [-h] [--abcde ABCDE] [--fghij FGHIJ]\n            (--klmno KLMNO | --pqrst PQRST)\n', 'usage: PROG [-h] [--abcde ABCDE] [--fghij FGHIJ]\n            (--klmno KLMNO | --pqrst PQRST)\n\noptions:\n  -h, --help     show this help message and exit\n  --abcde ABCDE  abcde help\n  --fghij FGHIJ  fghij help\n  --klmno KLMNO  klmno help\n  --pqrst PQRST  pqrst help\n'))

def m_TestMutuallyExclusiveManySuppressed_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('--spam', action='store_true', help=argparse.SUPPRESS)
    v1.add_argument('--badger', action='store_false', help=argparse.SUPPRESS)
    v1.add_argument('--bladder', help=argparse.SUPPRESS)
    return p

def m_TestMutuallyExclusiveManySuppressed_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('--spam', action='store_true', help=argparse.SUPPRESS)
    v1.add_argument('--badger', action='store_false', help=argparse.SUPPRESS)
    v1.add_argument('--bladder', help=argparse.SUPPRESS)
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveManySuppressed/not-required', [m_TestMutuallyExclusiveManySuppressed_opt], [(['--spam'], {'spam': True, 'badger': True, 'bladder': None}), (['--badger'], {'spam': False, 'badger': False, 'bladder': None}), (['--bladder', 'B'], {'spam': False, 'badger': True, 'bladder': 'B'}), (['--spam', '--spam'], {'spam': True, 'badger': True, 'bladder': None}), ([], {'spam': False, 'badger': True, 'bladder': None})], [(['--spam', '--badger'], 'argerr'), (['--badger', '--bladder', 'B'], 'argerr'), (['--bladder', 'B', '--spam'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveManySuppressed/required', [m_TestMutuallyExclusiveManySuppressed_req], [(['--spam'], {'spam': True, 'badger': True, 'bladder': None}), (['--badger'], {'spam': False, 'badger': False, 'bladder': None}), (['--bladder', 'B'], {'spam': False, 'badger': True, 'bladder': 'B'}), (['--spam', '--spam'], {'spam': True, 'badger': True, 'bladder': None})], [(['--spam', '--badger'], 'argerr'), (['--badger', '--bladder', 'B'], 'argerr'), (['--bladder', 'B', '--spam'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveManySuppressed/not-required', m_TestMutuallyExclusiveManySuppressed_opt, 'usage: PROG [-h]\n', 'usage: PROG [-h]\n\noptions:\n  -h, --help  show this help message and exit\n'))
HELP_TESTS.append(('TestMutuallyExclusiveManySuppressed/required', m_TestMutuallyExclusiveManySuppressed_req, 'usage: PROG [-h]\n', 'usage: PROG [-h]\n\noptions:\n  -h, --help  show this help message and exit\n'))

def m_TestMutuallyExclusiveOptionalAndPositional_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('--foo', action='store_true', help='FOO')
    v1.add_argument('--spam', help='SPAM')
    v1.add_argument('badger', nargs='*', default='X', help='BADGER')
    return p

def m_TestMutuallyExclusiveOptionalAndPositional_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('--foo', action='store_true', help='FOO')
    v1.add_argument('--spam', help='SPAM')
    v1.add_argument('badger', nargs='*', default='X', help='BADGER')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveOptionalAndPositional/not-required', [m_TestMutuallyExclusiveOptionalAndPositional_opt], [(['--foo'], {'foo': True, 'spam': None, 'badger': 'X'}), (['--spam', 'S'], {'foo': False, 'spam': 'S', 'badger': 'X'}), (['X'], {'foo': False, 'spam': None, 'badger': ['X']}), (['X', 'Y', 'Z'], {'foo': False, 'spam': None, 'badger': ['X', 'Y', 'Z']}), ([], {'foo': False, 'spam': None, 'badger': 'X'})], [(['--foo', '--spam', 'S'], 'argerr'), (['--spam', 'S', 'X'], 'argerr'), (['X', '--foo'], 'argerr'), (['X', 'Y', 'Z', '--spam', 'S'], 'argerr'), (['--foo', 'X', 'Y'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveOptionalAndPositional/required', [m_TestMutuallyExclusiveOptionalAndPositional_req], [(['--foo'], {'foo': True, 'spam': None, 'badger': 'X'}), (['--spam', 'S'], {'foo': False, 'spam': 'S', 'badger': 'X'}), (['X'], {'foo': False, 'spam': None, 'badger': ['X']}), (['X', 'Y', 'Z'], {'foo': False, 'spam': None, 'badger': ['X', 'Y', 'Z']})], [(['--foo', '--spam', 'S'], 'argerr'), (['--spam', 'S', 'X'], 'argerr'), (['X', '--foo'], 'argerr'), (['X', 'Y', 'Z', '--spam', 'S'], 'argerr'), (['--foo', 'X', 'Y'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveOptionalAndPositional/not-required', m_TestMutuallyExclusiveOptionalAndPositional_opt, 'usage: PROG [-h] [--foo | --spam SPAM | badger ...]\n', 'usage: PROG [-h] [--foo | --spam SPAM | badger ...]\n\npositional arguments:\n  badger       BADGER\n\noptions:\n  -h, --help   show this help message and exit\n  --foo        FOO\n  --spam SPAM  SPAM\n'))
HELP_TESTS.append(('TestMutuallyExclusiveOptionalAndPositional/required', m_TestMutuallyExclusiveOptionalAndPositional_req, 'usage: PROG [-h] (--foo | --spam SPAM | badger ...)\n', 'usage: PROG [-h] (--foo | --spam SPAM | badger ...)\n\npositional arguments:\n  badger       BADGER\n\noptions:\n  -h, --help   show this help message and exit\n  --foo        FOO\n  --spam SPAM  SPAM\n'))

def m_TestMutuallyExclusiveOptionalsAndPositionalsMixed_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('x', help='x help')
    p.add_argument('-y', action='store_true', help='y help')
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('a', nargs='?', help='a help')
    v1.add_argument('-b', action='store_true', help='b help')
    v1.add_argument('-c', action='store_true', help='c help')
    return p

def m_TestMutuallyExclusiveOptionalsAndPositionalsMixed_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('x', help='x help')
    p.add_argument('-y', action='store_true', help='y help')
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('a', nargs='?', help='a help')
    v1.add_argument('-b', action='store_true', help='b help')
    v1.add_argument('-c', action='store_true', help='c help')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveOptionalsAndPositionalsMixed/not-required', [m_TestMutuallyExclusiveOptionalsAndPositionalsMixed_opt], [(['X', 'A'], {'a': 'A', 'b': False, 'c': False, 'x': 'X', 'y': False}), (['X', '-b'], {'a': None, 'b': True, 'c': False, 'x': 'X', 'y': False}), (['X', '-c'], {'a': None, 'b': False, 'c': True, 'x': 'X', 'y': False}), (['X', 'A', '-y'], {'a': 'A', 'b': False, 'c': False, 'x': 'X', 'y': True}), (['X', '-y', '-b'], {'a': None, 'b': True, 'c': False, 'x': 'X', 'y': True}), (['X'], {'a': None, 'b': False, 'c': False, 'x': 'X', 'y': False}), (['X', '-y'], {'a': None, 'b': False, 'c': False, 'x': 'X', 'y': True})], [(['X', 'A', '-b'], 'argerr'), (['-b', '-c'], 'argerr'), (['-c', 'X', 'A'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveOptionalsAndPositionalsMixed/required', [m_TestMutuallyExclusiveOptionalsAndPositionalsMixed_req], [(['X', 'A'], {'a': 'A', 'b': False, 'c': False, 'x': 'X', 'y': False}), (['X', '-b'], {'a': None, 'b': True, 'c': False, 'x': 'X', 'y': False}), (['X', '-c'], {'a': None, 'b': False, 'c': True, 'x': 'X', 'y': False}), (['X', 'A', '-y'], {'a': 'A', 'b': False, 'c': False, 'x': 'X', 'y': True}), (['X', '-y', '-b'], {'a': None, 'b': True, 'c': False, 'x': 'X', 'y': True})], [(['X', 'A', '-b'], 'argerr'), (['-b', '-c'], 'argerr'), (['-c', 'X', 'A'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveOptionalsAndPositionalsMixed/not-required', m_TestMutuallyExclusiveOptionalsAndPositionalsMixed_opt, 'usage: PROG [-h] [-y] [-b] [-c] x [a]\n', 'usage: PROG [-h] [-y] [-b] [-c] x [a]\n\npositional arguments:\n  x           x help\n  a           a help\n\noptions:\n  -h, --help  show this help message and exit\n  -y          y help\n  -b          b help\n  -c          c help\n'))
HELP_TESTS.append(('TestMutuallyExclusiveOptionalsAndPositionalsMixed/required', m_TestMutuallyExclusiveOptionalsAndPositionalsMixed_req, 'usage: PROG [-h] [-y] [-b] [-c] x [a]\n', 'usage: PROG [-h] [-y] [-b] [-c] x [a]\n\npositional arguments:\n  x           x help\n  a           a help\n\noptions:\n  -h, --help  show this help message and exit\n  -y          y help\n  -b          b help\n  -c          c help\n'))

def m_TestMutuallyExclusiveOptionalsMixed_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', action='store_true', help='x help')
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('-a', action='store_true', help='a help')
    v1.add_argument('-b', action='store_true', help='b help')
    p.add_argument('-y', action='store_true', help='y help')
    v1.add_argument('-c', action='store_true', help='c help')
    return p

def m_TestMutuallyExclusiveOptionalsMixed_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    p.add_argument('-x', action='store_true', help='x help')
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('-a', action='store_true', help='a help')
    v1.add_argument('-b', action='store_true', help='b help')
    p.add_argument('-y', action='store_true', help='y help')
    v1.add_argument('-c', action='store_true', help='c help')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveOptionalsMixed/not-required', [m_TestMutuallyExclusiveOptionalsMixed_opt], [(['-a'], {'a': True, 'b': False, 'c': False, 'x': False, 'y': False}), (['-b'], {'a': False, 'b': True, 'c': False, 'x': False, 'y': False}), (['-c'], {'a': False, 'b': False, 'c': True, 'x': False, 'y': False}), (['-a', '-x'], {'a': True, 'b': False, 'c': False, 'x': True, 'y': False}), (['-y', '-b'], {'a': False, 'b': True, 'c': False, 'x': False, 'y': True}), (['-x', '-y', '-c'], {'a': False, 'b': False, 'c': True, 'x': True, 'y': True}), ([], {'a': False, 'b': False, 'c': False, 'x': False, 'y': False}), (['-x'], {'a': False, 'b': False, 'c': False, 'x': True, 'y': False}), (['-y'], {'a': False, 'b': False, 'c': False, 'x': False, 'y': True})], [(['-a', '-b'], 'argerr'), (['-b', '-c'], 'argerr'), (['-a', '-c'], 'argerr'), (['-a', '-b', '-c'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveOptionalsMixed/required', [m_TestMutuallyExclusiveOptionalsMixed_req], [(['-a'], {'a': True, 'b': False, 'c': False, 'x': False, 'y': False}), (['-b'], {'a': False, 'b': True, 'c': False, 'x': False, 'y': False}), (['-c'], {'a': False, 'b': False, 'c': True, 'x': False, 'y': False}), (['-a', '-x'], {'a': True, 'b': False, 'c': False, 'x': True, 'y': False}), (['-y', '-b'], {'a': False, 'b': True, 'c': False, 'x': False, 'y': True}), (['-x', '-y', '-c'], {'a': False, 'b': False, 'c': True, 'x': True, 'y': True})], [(['-a', '-b'], 'argerr'), (['-b', '-c'], 'argerr'), (['-a', '-c'], 'argerr'), (['-a', '-b', '-c'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveOptionalsMixed/not-required', m_TestMutuallyExclusiveOptionalsMixed_opt, 'usage: PROG [-h] [-x] [-a] [-b] [-y] [-c]\n', 'usage: PROG [-h] [-x] [-a] [-b] [-y] [-c]\n\noptions:\n  -h, --help  show this help message and exit\n  -x          x help\n  -a          a help\n  -b          b help\n  -y          y help\n  -c          c help\n'))
HELP_TESTS.append(('TestMutuallyExclusiveOptionalsMixed/required', m_TestMutuallyExclusiveOptionalsMixed_req, 'usage: PROG [-h] [-x] [-a] [-b] [-y] [-c]\n', 'usage: PROG [-h] [-x] [-a] [-b] [-y] [-c]\n\noptions:\n  -h, --help  show this help message and exit\n  -x          x help\n  -a          a help\n  -b          b help\n  -y          y help\n  -c          c help\n'))

def m_TestMutuallyExclusiveSimple_opt(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=False)
    v1.add_argument('--bar', help='bar help')
    v1.add_argument('--baz', nargs='?', const='Z', help='baz help')
    return p

def m_TestMutuallyExclusiveSimple_req(eoe=True):
    p = argparse.ArgumentParser(prog='PROG', exit_on_error=eoe)
    v1 = p.add_mutually_exclusive_group(required=True)
    v1.add_argument('--bar', help='bar help')
    v1.add_argument('--baz', nargs='?', const='Z', help='baz help')
    return p

PARSE_TESTS.append(('TestMutuallyExclusiveSimple/not-required', [m_TestMutuallyExclusiveSimple_opt], [(['--bar', 'X'], {'bar': 'X', 'baz': None}), (['--bar', 'X', '--bar', 'Z'], {'bar': 'Z', 'baz': None}), (['--baz', 'Y'], {'bar': None, 'baz': 'Y'}), (['--baz'], {'bar': None, 'baz': 'Z'}), ([], {'bar': None, 'baz': None})], [(['--bar', 'X', '--baz', 'Y'], 'argerr'), (['--bar', 'X', '--baz'], 'argerr')]))
PARSE_TESTS.append(('TestMutuallyExclusiveSimple/required', [m_TestMutuallyExclusiveSimple_req], [(['--bar', 'X'], {'bar': 'X', 'baz': None}), (['--bar', 'X', '--bar', 'Z'], {'bar': 'Z', 'baz': None}), (['--baz', 'Y'], {'bar': None, 'baz': 'Y'}), (['--baz'], {'bar': None, 'baz': 'Z'})], [(['--bar', 'X', '--baz', 'Y'], 'argerr'), (['--bar', 'X', '--baz'], 'argerr'), ([], 'exit')]))
HELP_TESTS.append(('TestMutuallyExclusiveSimple/not-required', m_TestMutuallyExclusiveSimple_opt, 'usage: PROG [-h] [--bar BAR | --baz [BAZ]]\n', 'usage: PROG [-h] [--bar BAR | --baz [BAZ]]\n\noptions:\n  -h, --help   show this help message and exit\n  --bar BAR    bar help\n  --baz [BAZ]  baz help\n'))
HELP_TESTS.append(('TestMutuallyExclusiveSimple/required', m_TestMutuallyExclusiveSimple_req, 'usage: PROG [-h] (--bar BAR | --baz [BAZ])\n', 'usage: PROG [-h] (--bar BAR | --baz [BAZ])\n\noptions:\n  -h, --help   show this help message and exit\n  --bar BAR    bar help\n  --baz [BAZ]  baz help\n'))

def fmt(args):
    return "[" + ", ".join(["'%s'" % a for a in args]) + "]"

def check_parse(name, builders, successes, failures):
    bad = 0
    for b in builders:
        for args, want in successes:
            r, e = catch(b().parse_args, args)
            if e:
                print(name, b, args, "failed:", e.type, e.message)
                bad += 1
            elif nsdict(r) != want:
                print(name, args, "got", sorted(nsdict(r).items()), "want", sorted(want.items()))
                bad += 1
    for args, kind in failures:
        if kind == "argerr":
            p = builders[0](False)
            r, e = catch(p.parse_args, args)
            if e:
                print("  %s %s: %s: %s" % (name, fmt(args), e.type, e.message))
            else:
                print(name, args, "did not fail, got", sorted(nsdict(r).items()))
                bad += 1
        else:
            code = run_exit(name, args)
            if code != 2:
                print(name, args, "exit code", code)
                bad += 1
    print("%s: %s (%d successes x %d, %d failures)" % (name, "ok" if bad == 0 else "FAILED %d" % bad, len(successes), len(builders), len(failures)))

def check_help(name, build, usage, help):
    p, e = catch(build)
    if e:
        print("%s: build failed: %s: %s" % (name, e.type, e.message))
        return
    bad = 0
    for what, got, want in [("usage", p.format_usage(), usage), ("help", p.format_help(), help)]:
        if got != want:
            bad += 1
            print("%s %s differs:" % (name, what))
            print("--- got\n" + got + "--- want\n" + want + "---")
    print("%s: %s" % (name, "ok" if bad == 0 else "FAILED"))
if __name__ == "__main__":
    for t in PARSE_TESTS:
        check_parse(*t)
    for t in HELP_TESTS:
        check_help(*t)
