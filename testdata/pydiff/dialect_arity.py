# The CPython half of dialect_arity.star.
from errtext import et

calls = [
    (round, (), {}), (round, (1, 2, 3), {}), (round, (), {"ndigits": 1}), (round, (1,), {"foo": 1}),
    (round, (1,), {"number": 2}), (round, (1, 2), {"ndigits": 2}), (round, (1, 2), {"x": 1}),
    (round, (), {"number": 1, "ndigits": 2, "x": 3}), (round, (), {"number": 2.5, "ndigits": None}),
    (sum, (), {}), (sum, (), {"start": 1}), (sum, ([1], 2, 3), {}), (sum, ([1],), {"iterable": 1}),
    (sum, ([1],), {"x": 1}), (sum, ([1], 2), {"start": 2}), (sum, (), {"iterable": [1]}),
    (sum, ([1],), {"start": 5}), (sum, (3,), {}),
    (divmod, (), {}), (divmod, (1,), {}), (divmod, (1, 2, 3), {}), (divmod, (1,), {"y": 2}),
    (pow, (), {}), (pow, (2,), {}), (pow, (2, 3, 4, 5), {}), (pow, (2,), {"mod": 3}),
    (pow, (2, 3), {"base": 1}), (pow, (2, 3), {"z": 1}), (pow, (), {"exp": 1}),
    (pow, (), {"base": 2, "exp": 3, "mod": 5}), (pow, (), {"base": 2, "exp": 3, "mod": 5, "q": 1}),
    (pow, (2, 3, 5), {"mod": 5}),
]

if __name__ == "__main__":
    for f, a, k in calls:
        print(et(f, *a, **k))
