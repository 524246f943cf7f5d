# The CPython half of pprint_sets.star.
import pprint
if __name__ == "__main__":
    for w in range(8, 24):
        print(w)
        print(pprint.pformat({None: 1, (1, 2): set([3, 2, 1])}, width=w))
        print(pprint.pformat([None, set([3, 2, 1]), set()], width=w))
        print(pprint.pformat((set([10, 20]),), width=w, compact=True))
    print(pprint.pformat(set()), pprint.saferepr([set([2, 1])]), pprint.isreadable(set([1])))
    print(pprint.pformat({"k": set([1, 2])}, depth=1), pprint.pformat([[set([1])]], depth=2))
    print(pprint.pformat([set(range(3)), "x" * 60, set(range(12))], width=30, compact=True))
    pprint.pprint({"small": set([1]), "big": set(range(30))}, width=40)
