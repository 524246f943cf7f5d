# The CPython half of itertools_all.star.
from itertools import (count, cycle, repeat, accumulate, chain, compress, dropwhile,
     filterfalse, groupby, islice, pairwise, starmap, takewhile, tee, zip_longest,
     product, permutations, combinations, combinations_with_replacement)

def errname(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return "no error"

def mul(a, b):
    return a * b

def small(x):
    return x < 3

def odd(x):
    return x % 2 == 1

c = count(5)
out = []
for x in c:
    if x > 8:
        break
    out.append(x)
print(out, repr(c), repr(count(2, 3)), repr(count(0.5, 0.25)), list(islice(count(0.5, 0.25), 3)))
print(list(islice(cycle([1, 2, 3]), 7)), list(cycle([])))
r = repeat(7, 3)
print(repr(r), list(r), repr(r), repr(repeat("a")), list(repeat(1, -2)), list(islice(repeat(0), 2)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], mul)), list(accumulate([1, 2], initial=10)), list(accumulate([], initial=0)))
print(list(chain([1, 2], (3,), range(4, 6))), list(chain.from_iterable([[1], [2, 3], []])), list(chain()))
print(list(compress([1, 2, 3, 4, 5], [1, 0, 1, 0, 1])), list(compress([1, 2, 3], [True])))
print(list(dropwhile(small, [1, 2, 3, 1, 5])), list(takewhile(small, [1, 2, 3, 1, 5])))
print(list(filterfalse(odd, range(8))), list(filterfalse(None, [0, 1, "", "a", None])) == [0, "", None])
print([(k, list(g)) for k, g in groupby([1, 1, 2, 3, 3, 3, 1])])
print([(k, len(list(g))) for k, g in groupby(["aa", "b", "cc", "dd"], key=len)])
groups = list(groupby([1, 1, 2, 2]))
print([(k, list(g)) for k, g in groups])
print(list(islice(range(10), 3)), list(islice(range(10), 2, 8, 3)), list(islice(range(10), 4, None)), list(islice(range(10), None)))
print(list(islice(range(5), 1, 3)), list(islice([1, 2], 5, 9)))
it = islice(range(10), 1, 9, 2)
for x in it:
    if x > 2:
        break
print(list(it))
print(errname(islice, range(3), -1))
print(errname(islice, range(3), -1, 2))
print(errname(islice, range(3), 0, 2, 0))
print(errname(islice, range(3), 0, 2, -1))
print(errname(islice, range(3), "a"))
print(errname(islice, range(3)))
print(errname(islice, 5, 2))
print(list(pairwise([1, 2, 3, 4])), list(pairwise([1])))
print(list(starmap(mul, [(2, 3), (4, 5)])), list(starmap(max, [[1, 5, 2]])))
a, b = tee([1, 2, 3])
print(list(islice(a, 2)), list(b), list(a))
print(len(tee(range(3), 3)), list(tee(range(3), 1)[0]))
print(list(zip_longest([1, 2, 3], "ab")) == [(1, "a"), (2, "b"), (3, None)], list(zip_longest([1], [2, 3], fillvalue=0)), list(zip_longest()))
print(list(product([1, 2], [3, 4])), list(product([0, 1], repeat=2)), list(product()), list(product([1], [])))
print(len(list(product(range(3), repeat=3))), list(product([1, 2], repeat=0)))
print(list(permutations([1, 2, 3])), list(permutations(range(4), 2))[:5], list(permutations([1, 2], 3)))
print(list(combinations(range(4), 2)), list(combinations([1, 2], 0)), list(combinations([1], 2)))
print(list(combinations_with_replacement([1, 2, 3], 2)), list(combinations_with_replacement([], 0)), list(combinations_with_replacement([], 1)))
print(errname(combinations, [1], -1))
print(errname(permutations, [1], -1))
print(errname(product, [1], repeat=-1))
print(errname(count, "a"))
print(errname(chain, 1, 2).split(":")[0])
n = 0
for x in count():
    n += x
    if x == 100:
        break
print(n)
total = 0
for i, x in zip(range(5), cycle([1, 10])):
    total += x
print(total)
