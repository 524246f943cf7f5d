# json.dumps encodes a tuple subclass as an array, as Python's encoder does
# any tuple: a namedtuple, time.struct_time, os.stat_result, urllib.parse's
# and shutil.disk_usage's results; as a dict key it is still refused; the
# same program as json_tuple_subclass.star.
import collections
import json
import os
import shutil
import time
from urllib.parse import urlparse, urlsplit

P = collections.namedtuple("P", ["x", "y"])
print(json.dumps(P(1, [2, P("a", None)])))
print(json.dumps({"p": P(1.5, True)}, indent=1, sort_keys=True))
print(json.dumps(time.gmtime(86400 * 365)))
st = os.stat("/")
print(json.loads(json.dumps(st)) == list(st))
print(json.loads(json.dumps(shutil.disk_usage("/"))) == list(shutil.disk_usage("/")))
print(json.dumps([urlparse("http://h:80/p;x?q=1#f"), urlsplit("s://n/p")]))
try:
    json.dumps({P(1, 2): 3})
except TypeError as err:
    print("TypeError:", err)
print(json.dumps(P(3, 4), default=lambda o: "never called"))
