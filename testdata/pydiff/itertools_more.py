# The CPython half of itertools_more.star.
# itertools: every function, lazily over finite and infinite inputs, and
# the errors of their arguments. Lists print through json.dumps, whose text
# is the same in both languages.
import json
from itertools import count, cycle, repeat, accumulate, chain, compress, dropwhile, takewhile, filterfalse, groupby, islice, pairwise, starmap, tee, zip_longest, product, permutations, combinations, combinations_with_replacement

def show(*xs):
    print(" ".join([json.dumps(list(x)) for x in xs]))

def err(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, str(e))
        return
    print("no error", "")

show(islice(count(), 5), islice(count(5, 2), 3), islice(count(1.5), 2), islice(count(10, -3), 3))
print(count(), count(5), count(5, 2), repeat(1), repeat(1, 3), repeat(2, -2))
show(islice(cycle([1, 2]), 5), repeat(7, 3), cycle([]), islice(cycle("ab"), 3))
show(accumulate([1, 2, 3, 4]), accumulate([1, 2, 3], lambda a, b: a * b), accumulate([1, 2], initial=10), accumulate([]), accumulate([], initial=0))
show(accumulate([3, 1, 4, 1, 5], max))
show(chain([1, 2], (3,), "ab"), chain.from_iterable([[1], [2, 3], "xy"]), chain())
show(compress("abcdef", [1, 0, 1, 0, 1, 1]), compress([1, 2, 3], [True]))
show(dropwhile(lambda x: x < 3, [1, 2, 3, 1]), takewhile(lambda x: x < 3, [1, 2, 3, 1]), filterfalse(lambda x: x % 2, range(6)), filterfalse(None, [0, 1, "", "a"]))
show(takewhile(lambda x: x < 10, count()), dropwhile(lambda x: x < 2, range(4)))
for k, g in groupby("aaabccdd"):
    print(k, json.dumps(list(g)))
print(json.dumps([(k, len(list(g))) for k, g in groupby([1, 2, 3, 4, 5], key=lambda x: x > 2)]))
gs = [(k, g) for k, g in groupby("aabb")]
print(json.dumps([(k, list(g)) for k, g in gs]))
out = []
for k, g in groupby([1, 1, 2, 2, 2, 3]):
    out.append([k, list(g)[:1]])
print(json.dumps(out))
show(islice("abcdefg", 2, None, 2), islice(range(10), 1, 8, 3), islice([1, 2, 3], None), islice([1, 2, 3], 0), islice(count(), 2, 4))
show(pairwise([1, 2, 3, 4]), pairwise([1]), starmap(pow, [(2, 3), (3, 2)]), starmap(max, [[1, 5, 2]]))
a, b = tee([1, 2, 3])
show(a, b)
a, b, c = tee(count(), 3)
show(islice(a, 3), islice(b, 1), islice(c, 2))
print(len(tee([1], 0)))
show(zip_longest([1, 2, 3], "ab", fillvalue="-"), zip_longest([1], [2, 3]), zip_longest())
show(product("ab", [1, 2]), product(range(2), repeat=2), product(), product([1], []))
print(len(list(product(range(3), repeat=3))))
show(permutations([1, 2, 3], 2), permutations("abc"), permutations([1], 2), permutations([], 0))
show(combinations("abcd", 2), combinations([1], 2), combinations(range(4), 0))
show(combinations_with_replacement([1, 2, 3], 2), combinations_with_replacement([], 1), combinations_with_replacement([], 0))
print(len(list(permutations(range(5)))), len(list(combinations(range(10), 4))), len(list(combinations_with_replacement(range(5), 3))))

# One pass: a second loop goes on where the first stopped.
it = islice(count(), 4)
for x in it:
    print("first", x)
    break
show(it, it)

# A list an unfinished iterator reads can still change.
src = [1, 2, 3]
c = cycle(src)
show(islice(c, 2))
src.append(4)
print(len(src))

err(lambda: islice([1], -1))
err(lambda: islice([1], 0, -1))
err(lambda: islice([1], 0, 1, 0))
err(lambda: islice([1], "a"))
err(lambda: islice([1], -2))
err(lambda: islice([1], "a", 2))
err(lambda: islice([1], 1, 2, "x"))

err(lambda: permutations([1], -1))
err(lambda: combinations([1], -1))
err(lambda: combinations_with_replacement([1], -2))
err(lambda: tee([1], -1))
err(lambda: cycle(1))
err(lambda: product(1))
err(lambda: product([1], repeat=-1))
err(lambda: zip_longest(1))
err(lambda: compress(1, [1]))
err(lambda: count("a"))
