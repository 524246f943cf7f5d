# The CPython half of pprint_positional.star: pprint's positional arguments in Python's orders: pprint(object, stream,
# indent, width, depth), pp likewise, PrettyPrinter(indent, width, depth,
# stream), pformat(object, indent, width, depth); compact, sort_dicts and
# underscore_numbers are keyword-only.
import io, pprint
from errtext import et

if __name__ == "__main__":
    s = io.StringIO()
    pprint.pprint(list(range(30)), s, 2, 20, None)
    pprint.pp({"b": 1, "a": [2, [3, [4]]]}, s, 1, 80, 2)
    pprint.pprint({"b": 1, "a": 2}, s)
    pprint.PrettyPrinter(3, 20, 2, s).pprint([[1, [2, [3]]], list(range(8))])
    print(s.getvalue())
    print(pprint.pformat(list(range(12)), 4, 20, 1))
    print(et(pprint.PrettyPrinter, 4, 40, 5, None, True))
    print(et(pprint.pformat, [1], 1, 80, None, True))
    print(et(pprint.pprint, [1], None, 1, 80, None, True))
    print(et(pprint.pp, [1], None, 1, 80, None, True))
