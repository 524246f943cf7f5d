# The CPython half of csv_errors.star: csv's errors side by side with CPython: csv.Error texts with the
# reader's line_num where they happen, format parameter TypeErrors,
# writer errors and field_size_limit.
import csv, json, os
from errtext import et

def first_error(r):
    for _ in range(1000):
        try:
            next(r)
        except StopIteration:
            break
        except Exception as e:
            t = type(e)
            return (t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__) + ": " + str(e) + " @" + str(r.line_num)
    return "no error"

if __name__ == "__main__":
    cases = [
        (["a,\"b\"c"], {"strict": True}),
        (["ok", "\"abc"], {"strict": True}),
        (["ok", "a,b\nc"], {}),
        ([1], {}),
        (["x", b"y"], {}),
        (["1,abc"], {"quoting": csv.QUOTE_NONNUMERIC}),
        (["1,1_0,1__0"], {"quoting": csv.QUOTE_NONNUMERIC}),
        (["a,\"b\" c"], {"strict": True, "delimiter": ";"}),
    ]
    for lines, fmt in cases:
        print(first_error(csv.reader(lines, **fmt)))
    old = csv.field_size_limit(5)
    print(old, first_error(csv.reader(["abc,defgh", "abcdef"])), first_error(csv.reader(["\"abcdef\""])))
    print(csv.field_size_limit(old), csv.field_size_limit())
    print(et(csv.field_size_limit, "x"))
    for fmt in [{"delimiter": 1}, {"delimiter": "ab"}, {"delimiter": None}, {"quotechar": 1},
                {"quoting": 9}, {"quoting": "a"}, {"quoting": True}, {"lineterminator": None}, {"lineterminator": 1},
                {"escapechar": "ab"}, {"foo": 1}, {"quotechar": None, "quoting": csv.QUOTE_MINIMAL}]:
        print(et(csv.reader, [], **fmt))
    print(et(csv.reader, [], "nope"), et(csv.writer, 1), et(csv.register_dialect, 1))
    path = "/tmp/procstar-pydiff-csv-errors-%d.csv" % os.getpid()
    f = open(path, "w")
    print(et(csv.writer(f).writerow, 1))
    print(et(csv.writer(f, quoting=csv.QUOTE_NONE).writerow, ["a,b"]))
    print(et(csv.writer(f, quoting=csv.QUOTE_NONE).writerow, [""]))
    print(et(csv.writer(f, quoting=csv.QUOTE_NONE, escapechar="\\").writerow, ["a,b\"c\\"]))
    print(et(csv.writer(f, doublequote=False).writerow, ["a\"b"]))
    print(et(csv.writer(f).writerow, "ab"))
    f.close()
    print(json.dumps(open(path).read()))
    os.remove(path)
