# The CPython half of csv_reader_errors.star.
import csv
from errtext import et
state = {"n": 0}
def counter():
    state["n"] += 1
    if state["n"] == 3:
        return 1 // 0
    return "a,%d" % state["n"]
def bad():
    state["n"] = 0
    return iter(counter, -1)
print("reader strict:", et(list, csv.reader(['a,"b'], strict=True)))
print("reader, lines fail:", et(list, csv.reader(bad())))
print("DictReader, lines fail:", et(list, csv.DictReader(bad())))
print("DictReader strict:", et(list, csv.DictReader(['x,y', 'a,"b'], strict=True)))
print("join of rows:", et(",".join, map(str, csv.reader(['a,"b'], strict=True))))
r = csv.reader(["1,2", 'a,"b', "3,4"], strict=True)
print("after the error:", et(list, r), list(r))
print("end")
