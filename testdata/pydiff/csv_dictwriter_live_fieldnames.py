# csv.DictWriter reads its fieldnames at every row, as Python's
# self.fieldnames is: a name appended to the list after the writer was made
# is written (and no longer an extra key); the same program as
# csv_dictwriter_live_fieldnames.star.
import csv
import io
import json

f = io.StringIO()
names = ["a", "b"]
dw = csv.DictWriter(f, names)
dw.writeheader()
names.append("c")
dw.writerow({"a": 1, "c": 3})
dw.writeheader()
names.pop(0)
try:
    dw.writerow({"a": 1, "c": 3})
except ValueError as err:
    print("ValueError:", err)
dw.writerows([{"b": 2}, {"c": 3}])
print(json.dumps(f.getvalue()), json.dumps(dw.fieldnames))
