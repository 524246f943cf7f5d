# The CPython half of pprint_cpython.star: CPython 3.12's Lib/test/test_pprint.py, ported: the inputs of test_init,
# test_basic, test_knotted, test_basic_line_wrap, test_nested_indentations,
# test_width, test_integer, test_sorted_dict, test_sort_dict, test_depth,
# test_str_wrap, test_compact, test_compact_width, test_bytes_wrap,
# test_default_dict, test_counter, test_chainmap and test_deque, each
# pformat printed (the expected texts are CPython's own output).
import collections, io, pprint
from errtext import et

def show(label, s):
    print("--", label)
    print(s)

if __name__ == "__main__":
    # test_init
    print(et(pprint.PrettyPrinter, indent=-1), et(pprint.PrettyPrinter, depth=0), et(pprint.PrettyPrinter, depth=-1), et(pprint.PrettyPrinter, width=0))
    print(et(pprint.PrettyPrinter, 4, 40, 5, None, True))
    print(et(pprint.pformat, [1], 1, 80, None, True), et(pprint.pprint, [1], None, 1, 80, None, True))
    print(et(pprint.pp, [1], None, 1, 80, None, True))
    # pprint's second positional argument is the stream
    s = io.StringIO()
    pprint.pprint(list(range(30)), s, 2, 20, None)
    pprint.pp({"b": 1, "a": 2}, s, 1, 80, 1)
    pprint.PrettyPrinter(3, 20, 2, s).pprint([[1, [2, [3]]], list(range(8))])
    print(s.getvalue())
    pp = pprint.PrettyPrinter(indent=4, width=40, depth=5, compact=True)
    pp = pprint.PrettyPrinter(4, 40, 5)
    pp = pprint.PrettyPrinter(sort_dicts=False)
    # test_basic, test_knotted
    a = list(range(100))
    b = list(range(200))
    a[-12] = b
    pp = pprint.PrettyPrinter()
    for safe in [2, 2.0, "abc", [3], (2, 2), {3: 3}, b"def", True, False, None, a, b]:
        print(pprint.isrecursive(safe), pprint.isreadable(safe), pp.isrecursive(safe), pp.isreadable(safe))
    b[67] = a
    d = {}
    d[0] = d
    d[1] = d
    d[2] = d
    for icky in [a, b, d, (d, d)]:
        print(pprint.isrecursive(icky), pprint.isreadable(icky), pp.isrecursive(icky), pp.isreadable(icky))
    d.clear()
    a.clear()
    b.clear()
    for safe in [a, b, d, (d, d)]:
        print(pprint.isrecursive(safe), pprint.isreadable(safe), pp.isrecursive(safe), pp.isreadable(safe))
    # test_unreadable (a function)
    print(pprint.isrecursive(pprint.isrecursive), pprint.isreadable(pprint.isrecursive))
    # test_basic_line_wrap
    o = {"RPM_cal": 0, "RPM_cal2": 48059, "Speed_cal": 0, "controldesk_runtime_us": 0, "main_code_runtime_us": 0, "read_io_runtime_us": 0, "write_io_runtime_us": 43690}
    show("line_wrap dict", pprint.pformat(o))
    show("line_wrap list", pprint.pformat(list(range(30))))
    show("line_wrap tuple", pprint.pformat(tuple(range(30))))
    show("line_wrap indent", pprint.pformat(list(range(30)), indent=4))
    # test_nested_indentations
    o = [list(range(10)), dict(first=1, second=2, third=3)]
    show("nested 42", pprint.pformat(o, indent=4, width=42))
    show("nested 41", pprint.pformat(o, indent=4, width=41))
    # test_width
    o = [[[[[[1, 2, 3], "1 2"]]]], {1: [1, 2, 3], 2: [12, 34]}, "abc def ghi", ("ab cd ef",), set([1, 23]), [[[[[1, 2, 3], "1 2"]]]]]
    for w in [15, 16, 25, 14]:
        show("width %d" % w, pprint.pformat(o, width=w))
    # test_integer
    print(pprint.pformat(1234567), pprint.pformat(1234567, underscore_numbers=True), pprint.pformat([-1234567, 12, 12345], underscore_numbers=True))
    # test_sorted_dict, test_sort_dict
    d = {"a": 1, "b": 1, "c": 1}
    print(pprint.pformat(d), pprint.pformat([d, d]))
    print(pprint.pformat({"xy\tab\n": (3,), 5: [[]], (): {}}))
    d = dict.fromkeys("cba")
    print(pprint.pformat(d, sort_dicts=False), pprint.pformat([d, d], sort_dicts=False))
    # test_depth
    nested_tuple = (1, (2, (3, (4, (5, 6)))))
    nested_dict = {1: {2: {3: {4: {5: {6: 6}}}}}}
    nested_list = [1, [2, [3, [4, [5, [6, []]]]]]]
    for o in [nested_tuple, nested_dict, nested_list]:
        print(pprint.pformat(o), pprint.pformat(o, depth=1), pprint.pformat(o, depth=3))
    # test_str_wrap
    fox = "the quick brown fox jumped over a lazy dog"
    show("fox 19", pprint.pformat(fox, width=19))
    show("fox dict 25", pprint.pformat({"a": 1, "b": fox, "c": 2}, width=25))
    special = "Portons dix bons \"whiskys\"\n\u00e0 l'avocat goujat\t qui fumait au zoo"
    for w in [68, 31, 20]:
        show("special %d" % w, pprint.pformat(special, width=w))
    for w in [35, 25, 23]:
        show("nested special %d" % w, pprint.pformat([[[[[special]]]]], width=w))
    print(pprint.pformat("x" * 100, width=80) == "'" + "x" * 100 + "'", pprint.pformat(""))
    for w in range(3, 40, 6):
        show("special*3 %d" % w, pprint.pformat(special * 3, width=w))
    # test_compact
    o = [list(range(i * i)) for i in range(5)] + [list(range(i)) for i in range(6)]
    show("compact", pprint.pformat(o, width=47, compact=True))
    # test_compact_width
    o = [0] * 10
    for i in range(19):
        o = [o]
    ok = True
    for w in range(41, 49):
        lines = pprint.pformat(o, width=w, compact=True).splitlines()
        maxwidth = max([len(l) for l in lines])
        ok = ok and maxwidth <= w and maxwidth > w - 3
    print("compact_width", ok)
    # test_bytes_wrap
    letters = b"abcdefghijklmnopqrstuvwxyz"
    special = bytes(range(16))
    print(pprint.pformat(b"", width=1), pprint.pformat(b"abcd", width=1))
    for w in [29, 19, 18, 16]:
        show("letters %d" % w, pprint.pformat(letters, width=w))
    for w in [61, 48, 32, 1]:
        show("bytes special %d" % w, pprint.pformat(special, width=w))
    for w in [21, 20]:
        show("bytes dict %d" % w, pprint.pformat({"a": 1, "b": letters, "c": 2}, width=w))
    show("bytes nested 25", pprint.pformat([[[[[[letters]]]]]], width=25))
    show("bytes nested 41", pprint.pformat([[[[[[special]]]]]], width=41))
    for w in range(1, 64, 9):
        show("bytes usable %d" % w, pprint.pformat([special, {"k": special + letters}], width=w))
    # test_default_dict, test_counter, test_chainmap, test_deque
    words = "the quick brown fox jumped over a lazy dog".split()
    items = list(zip(words, range(len(words))))
    print(pprint.pformat(collections.defaultdict(int), width=1))
    show("defaultdict", pprint.pformat(collections.defaultdict(int, items)))
    print(pprint.pformat(collections.Counter(), width=1))
    show("counter", pprint.pformat(collections.Counter("senselessness"), width=40))
    print(pprint.pformat(collections.ChainMap(), width=1))
    show("chainmap", pprint.pformat(collections.ChainMap(dict(items))))
    show("chainmap2", pprint.pformat(collections.ChainMap(dict(items), dict(items[:3]))))
    print(pprint.pformat(collections.deque(), width=1), pprint.pformat(collections.deque(maxlen=7), width=1))
    show("deque", pprint.pformat(collections.deque(items)))
    show("deque maxlen", pprint.pformat(collections.deque(items, maxlen=7)))
