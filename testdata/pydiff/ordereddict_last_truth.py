# The CPython half of ordereddict_last_truth.star.
# OrderedDict.move_to_end(key, last) and popitem(last) take last by its
# truth, as CPython's (test_ordered_dict's test_move_to_end passes 0).
import json
from collections import OrderedDict

od = OrderedDict([(k, None) for k in ["a", "b", "c", "d", "e"]])
od.move_to_end("c", 0)
print(" ".join(od))
od.move_to_end("c", 1)
print(" ".join(od))
od.move_to_end("a", last=[])
print(" ".join(od))
od.move_to_end("a", last="yes")
print(" ".join(od))
print(json.dumps([od.popitem(0), od.popitem(last=0), od.popitem(1), list(od)]))
