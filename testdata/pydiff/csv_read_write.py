# The CPython half of csv_read_write.star: csv side by side with CPython: every short string over a , " newline
# and space written and read back in each quoting mode; DictReader and
# DictWriter; dialects, format parameters and QUOTE_NONNUMERIC floats.
import csv, json, os
from errtext import et

def readall(r):
    out = []
    while True:
        try:
            row = next(r)
        except StopIteration:
            break
        except Exception as e:
            t = type(e)
            out.append((t.__name__ if t.__module__ == "builtins" else t.__module__.lstrip("_") + "." + t.__name__) + ": " + str(e))
            break
        out.append(row)
    return out

def strings(alphabet, n):
    out = [""]
    level = [""]
    for _ in range(n):
        level = [s + c for s in level for c in alphabet]
        out.extend(level)
    return out

if __name__ == "__main__":
    path = "/tmp/procstar-pydiff-csv-%d.csv" % os.getpid()
    texts = strings(["a", ",", "\"", "\n", " "], 3)
    modes = [
        ("minimal", {}),
        ("all", {"quoting": csv.QUOTE_ALL}),
        ("nonnumeric", {"quoting": csv.QUOTE_NONNUMERIC}),
        ("none", {"quoting": csv.QUOTE_NONE, "escapechar": "\\"}),
        ("nodouble", {"doublequote": False, "escapechar": "\\"}),
        ("semicolon", {"delimiter": ";", "quotechar": "'", "lineterminator": "\n"}),
    ]
    for name, fmt in modes:
        f = open(path, "w")
        w = csv.writer(f, **fmt)
        n = 0
        for s in texts:
            n += w.writerow([s, s + "a", 1])
        f.close()
        rows = readall(csv.reader(open(path), **fmt))
        bad = [i for i in range(len(texts)) if i >= len(rows) or rows[i][0] != texts[i] or rows[i][1] != texts[i] + "a"]
        print(name, n, len(rows), bad[:10])
        print(json.dumps(open(path).read()[:300]))
    # numbers, None, bools and floats
    f = open(path, "w")
    for q in [csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]:
        w = csv.writer(f, quoting=q)
        w.writerow([1, 2.5, -0.0, None, True, "x", "", 10000000000000000.0])
        w.writerows([["a"], [""], [], [None]])
    f.close()
    print(json.dumps(open(path).read()))
    print(json.dumps(readall(csv.reader(["1,2.5,\"x\",-3e2, 4 ,inf"], quoting=csv.QUOTE_NONNUMERIC))))
    print(json.dumps(readall(csv.reader(["a, b,  \"c\"", "x\ty"], skipinitialspace=True))))
    print(json.dumps(readall(csv.reader(["a\tb c", "\"q\"\"q\"\t\"z\""], dialect="excel-tab"))))
    print(json.dumps(readall(csv.reader(["a\\,b,c\\\\d,\"e\\\"f\""], escapechar="\\"))))
    print(json.dumps(readall(csv.reader(["\"multi", "line\",x", "", "y"]))))
    print(json.dumps(readall(csv.reader(["a,b\r\n", "c\n", "\r\n", "d\r"]))))
    print(json.dumps(readall(csv.reader(["'a'b,c"], quotechar="'"))))
    print(json.dumps(readall(csv.reader(["a\"b,\"c\"d"]))))
    r = csv.reader(["a", "\"b", "c\"", "d"])
    print(json.dumps(next(r)), r.line_num, json.dumps(next(r)), r.line_num, json.dumps(next(r)), r.line_num)
    # dialects
    csv.register_dialect("pipes", delimiter="|", quoting=csv.QUOTE_ALL)
    csv.register_dialect("pipes2", "pipes", lineterminator="\n")
    d = csv.get_dialect("pipes2")
    print(d.delimiter, d.quoting, json.dumps(d.lineterminator), d.doublequote, d.escapechar, d.quotechar, d.skipinitialspace, d.strict)
    print(json.dumps(csv.list_dialects()))
    csv.unregister_dialect("pipes")
    print(json.dumps(csv.list_dialects()), et(csv.get_dialect, "pipes"), et(csv.unregister_dialect, "nope"))
    for name in ["excel", "excel-tab", "unix"]:
        d = csv.get_dialect(name)
        print(name, json.dumps([d.delimiter, d.quotechar, d.escapechar, d.doublequote, d.skipinitialspace, d.lineterminator, d.quoting, d.strict]))
    print(json.dumps(readall(csv.reader(["x|'y|z'"], csv.get_dialect("pipes2"), quotechar="'"))))
    print(csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC, csv.QUOTE_NONE)
    # DictReader and DictWriter
    f = open(path, "w")
    dw = csv.DictWriter(f, ["name", "n"], restval="?")
    print(dw.writeheader(), dw.writerow({"name": "a,b", "n": 1}), dw.writerow({"n": 2}))
    dw.writerows([{"name": "c"}, {"name": "d", "n": None}])
    print(et(dw.writerow, {"name": "x", "zz": 1}))
    dw2 = csv.DictWriter(f, ["name"], extrasaction="ignore")
    dw2.writerow({"name": "e", "other": 1})
    f.close()
    print(json.dumps(open(path).read()))
    dr = csv.DictReader(open(path))
    print(json.dumps(dr.fieldnames), dr.line_num)
    print(json.dumps(readall(dr)), dr.line_num)
    dr = csv.DictReader(["1,2", "", "3,4,5,6", "7"], fieldnames=["a", "b"], restkey="rest", restval="-")
    print(json.dumps(readall(dr)), dr.line_num)
    print(csv.DictReader([]).fieldnames)
    print(et(csv.DictWriter, None, ["a"], extrasaction="x"))
    # newline="": "\r\n" inside quoted fields is kept, as csv asks
    f = open(path, "w", newline="")
    csv.writer(f).writerows([["a", "b\r\nc"], ["d", "e\rf"], ["g"]])
    f.close()
    print(json.dumps(readall(csv.reader(open(path, newline="")))), json.dumps(readall(csv.reader(open(path)))))
    f = open(path, newline="")
    print(json.dumps(f.read()))
    f.close()
    os.remove(path)
