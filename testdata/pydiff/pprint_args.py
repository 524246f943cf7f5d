# The CPython half of pprint_args.star.
import pprint

def attempt(*args, **kwargs):
    try:
        return pprint.pformat(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)

if __name__ == "__main__":
    obj = [[1, 2], [3], {"a": "b c d", "e": (1,)}]
    for kw in [dict(width=-1), dict(width=-100), dict(width="5"), dict(width=True), dict(width=2.7),
               dict(width=" 1_0 "), dict(indent=True), dict(indent="2"), dict(depth=True),
               dict(width=None), dict(indent=None), dict(width="x"), dict(width=0), dict(indent=-1)]:
        print(",".join(kw.keys()), attempt(obj, **kw))
    print(attempt(obj, 1, -5))
    pprint.pprint(obj, width=-1)
