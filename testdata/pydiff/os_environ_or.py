import os
# os.environ | mapping and mapping | os.environ are new dicts (Python's
# os._Environ.__or__/__ror__); the environment itself is unchanged.
os.environ["_TEST_VAR_"] = "original_value"
new = {"_A_": "1", "_TEST_VAR_": "3"}
a = os.environ | new
b = new | os.environ
print(type(a) == type({}), a["_A_"], a["_TEST_VAR_"], len(a) == len(os.environ) + 1)
print(type(b) == type({}), b["_A_"], b["_TEST_VAR_"], len(b) == len(os.environ) + 1)
print("_A_" in os.environ, os.popen("echo x$_A_").read().strip())
print(dict(os.environ) | os.environ == dict(os.environ))
try:
    os.environ | [("_A_", "1")]
except TypeError as e:
    print(type(e).__name__)
