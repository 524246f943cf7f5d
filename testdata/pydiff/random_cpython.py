# The CPython half of random_cpython.star: CPython 3.12's Lib/test/test_random.py, ported for the Mersenne Twister
# (MersenneTwister_TestBasicOps and the shared TestBasicOps, seeded so both
# sides print the same numbers; TestDistributions' constant and zero-input
# cases). Not ported: SystemRandom, pickling, subclassing, mocks.
import collections, math, random
from errtext import et

def ty(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
        return "ok"
    except Exception as e:
        return type(e).__name__

def fl(xs):
    return " ".join([repr(x) for x in xs])

if __name__ == "__main__":
    g = random.Random()
    # test_saverestore
    g.seed(42)
    state = g.getstate()
    seq = [g.random() for i in range(1000)]
    g.setstate(state)
    print("saverestore", seq == [g.random() for i in range(1000)])
    # test_seedargs
    for arg in [None, 0, 1, -1, pow(10, 20), -pow(10, 20), False, True, 3.14, "a", b"1234"]:
        print("seed", repr(arg), et(g.seed, arg))
        if arg != None:
            print("  ", g.random(), g.getrandbits(70))
    for arg in [tuple("abc"), list(range(3)), {"one": 1}]:
        print("seed", ty(g.seed, arg))
    print(ty(g.seed, 1, 2, 3, 4), ty(random.Random, []))
    # test_shuffle
    g.seed(7)
    lst = []
    g.shuffle(lst)
    one = [37]
    g.shuffle(one)
    print(lst, one)
    for n in range(10):
        s = list(range(n))
        g.shuffle(s)
        print(s)
    lst = list(range(1000))
    g.shuffle(lst)
    print(lst != list(range(1000)), lst[:10], ty(g.shuffle, (1, 2, 3)))
    g.seed(8)
    # test_choice
    print(et(g.choice, []), g.choice([50]), g.choice([25, 75]), g.choice("abc"), g.choice(range(10)))
    # test_sample
    g.seed(11)
    pop = range(100)
    ok = True
    for k in range(101):
        s = g.sample(pop, k)
        ok = ok and len(s) == k and len(set(s)) == k
    print("sample", ok, g.sample(pop, 5), g.sample([], 0))
    print(et(g.sample, pop, 101), et(g.sample, [], -1))
    print(g.sample(range(20), 2), g.sample("abcdefghijklmnopqrst", 2), g.sample(tuple("abcdefghijklmnopqrst"), 2))
    print(ty(g.sample, dict.fromkeys("abcdef"), 2), ty(g.sample, set([10, 20, 30, 40, 50, 60, 70]), 5))
    # test_sample_with_counts
    colors = ["red", "green", "blue", "orange", "black", "brown", "amber"]
    counts = [500, 200, 20, 10, 5, 0, 1]
    for k in [700, sum(counts)]:
        c = collections.Counter(g.sample(colors, counts=counts, k=k))
        print(k, sorted(c.items()))
    print(collections.Counter(g.sample(["x"], counts=[10], k=8)) == collections.Counter(x=8))
    print(collections.Counter(g.sample(colors, counts=[10] * 7, k=70)) == collections.Counter(10 * colors))
    print(et(g.sample, ["red", "green", "blue"], counts=10, k=10))
    print(et(g.sample, ["red", "green", "blue"], counts=[-3, -7, -8], k=2))
    print(et(g.sample, ["red", "green", "blue"], counts=[0, 0, 0], k=2))
    print(et(g.sample, ["red", "green"], counts=[10, 10], k=21))
    print(et(g.sample, ["red", "green", "blue"], counts=[1, 2], k=2))
    print(et(g.sample, ["red", "green", "blue"], counts=[1, 2, 3, 4], k=2))
    # test_choices
    data = ["red", "green", "blue", "yellow"]
    g.seed(5)
    print(g.choices(data, k=5), g.choices(data, range(4), k=5))
    print(g.choices(k=5, population=data, weights=range(4)), g.choices(k=5, population=data, cum_weights=range(4)))
    print(ty(g.choices, 2), g.choices(data, k=0), g.choices(data, k=-1), ty(g.choices, data, k=2.5))
    print(g.choices("abcd", k=5), g.choices(range(4), k=5), ty(g.choices, set(range(4)), k=2))
    g.seed(6)  # Python's choices drew a number before failing on the set
    print(g.choices(data, None, k=5), g.choices(data, weights=None, k=5))
    print(et(g.choices, data, [1, 2], k=5), ty(g.choices, data, 10, k=5), ty(g.choices, data, [None] * 4, k=5))
    for weights in [[15, 10, 25, 30], [15.1, 10.2, 25.2, 30.3], [True, False, True, False]]:
        print(g.choices(data, weights, k=5))
    print(et(g.choices, data, cum_weights=[1, 2], k=5), ty(g.choices, data, cum_weights=10, k=5), ty(g.choices, data, cum_weights=[None] * 4, k=5))
    print(et(g.choices, data, range(4), cum_weights=range(4), k=5))
    for weights in [[15, 10, 25, 30], [15.1, 10.2, 25.2, 30.3]]:
        print(g.choices(data, cum_weights=weights, k=5))
    print(g.choices("abcd", [1, 0, 0, 0]), g.choices("abcd", [0, 1, 0, 0]), g.choices("abcd", [0, 0, 1, 0]), g.choices("abcd", [0, 0, 0, 1]))
    print(et(g.choices, [], k=1), et(g.choices, [], weights=[], k=1), et(g.choices, [], cum_weights=[], k=5))
    # test_choices_subnormal, _with_all_zero_weights, _negative_total, _infinite_total
    print(len(g.choices(population=[1, 2], weights=[1e-323, 1e-323], k=5000)))
    print(et(g.choices, "AB", [0.0, 0.0]), et(g.choices, "ABC", [3, -5, 1]))
    inf = float("inf")
    for w in [[inf], [0.0, inf], [-inf, 123], [0.0, float("nan")], [-inf, inf]]:
        print(et(g.choices, "AB"[:len(w)], w))
    # test_gauss
    for seed in [1, 12, 123, 1234, 12345, 123456, 654321]:
        g.seed(seed)
        x1 = g.random()
        y1 = g.gauss(0, 1)
        g.seed(seed)
        print(seed, x1 == g.random(), y1 == g.gauss(0, 1), x1, "%.12f" % y1)  # Go's log may differ in the last bit
    # test_getrandbits
    g.seed(3)
    print(all([g.getrandbits(k) < pow(2, k) for k in range(1, 1000)]), g.getrandbits(0))
    for span in [1, 2, 3, 4, 31, 32, 52, 53, 54, 119, 127, 128, 129]:
        all_bits = pow(2, span) - 1
        cum = 0
        cpl = 0
        for i in range(100):
            v = g.getrandbits(span)
            cum |= v
            cpl |= all_bits ^ v
        print(span, cum == all_bits, cpl == all_bits, v)
    print(ty(g.getrandbits), ty(g.getrandbits, 1, 2), et(g.getrandbits, -1), ty(g.getrandbits, 10.1))
    g.seed(1234567)
    print(g.getrandbits(100) == 97904845777343510404718956115)
    g.seed(1234567)
    print(g.randrange(pow(2, 99)) == 97904845777343510404718956115)
    # test_bug_9025 (shortened)
    g.seed(9025)
    n = 2000
    k = len([1 for i in range(n) if g.randrange(6755399441055744) % 3 == 2])
    print("bug_9025", k)
    # test_randbytes
    print([len(g.randbytes(n)) for n in range(1, 10)], g.randbytes(0))
    print(ty(g.randbytes), ty(g.randbytes, 1, 2), et(g.randbytes, -1), ty(g.randbytes, 1.0))
    expected = b"3\xa8\xf9f\xf4\xa4\xd06\x19\x8f\x9f\x82\x02oe\xf0"
    g.seed(8675309)
    print(g.randbytes(16) == expected)
    g.seed(8675309)
    print(g.randbytes(0) == b"", g.randbytes(16) == expected)
    for w in [4, 1, 2, 3]:
        g.seed(8675309)
        print(w, b"".join([g.randbytes(w) for _ in range(4)]))
    g2 = random.Random()
    g.seed(2849427419)
    g2.seed(2849427419)
    print([g.randbytes(n) == g2.getrandbits(n * 8).to_bytes(n, "little") for n in range(9)])
    # test_mu_sigma_default_args
    print(type(g.normalvariate()).__name__, type(g.gauss()).__name__)
    # test_guaranteed_stable, test_bug_27706, test_bug_31482
    g.seed(3456147, version=1)
    print(fl([g.random() for i in range(4)]))
    for s in ["the quick brown fox", "nofar", "rachel", "", b"nofar", b"rachel", b"", b"\x00\x20\x40\x60\x80\xA0\xC0\xE0\xF0"]:
        for v in [1, 2]:
            g.seed(s, version=v)
            print(repr(s), v, fl([g.random() for i in range(4)]))
    # test_setstate_first_arg, test_setstate_middle_arg
    print(et(g.setstate, (1, None, None)))
    start = g.getstate()
    print(ty(g.setstate, (2, None, None)), ty(g.setstate, (2, (1, 2, 3), None)), ty(g.setstate, (2, ("a",) * 625, None)))
    print(ty(g.setstate, (2, (0,) * 624 + ("a",), None)), ty(g.setstate, (2, (1,) * 624 + (625,), None)), ty(g.setstate, (2, (1,) * 624 + (-1,), None)))
    bits100 = g.getrandbits(100)
    g.setstate(start)
    print(g.getrandbits(100) == bits100)
    # test_referenceImplementation, test_strong_reference_implementation
    g.seed(61731 + (24903 << 32) + (614 << 64) + (42143 << 96))
    actual = [g.random() for i in range(2000)][-10:]
    print(fl(actual))
    print([int(a * pow(2, 53)) for a in actual])
    # test_long_seed
    g.seed(pow(2, 10000 * 8) - 1)
    print(g.random())
    # test_53_bits_per_float, test_bigrand, test_bigrand_ranges
    cum = 0
    for i in range(100):
        cum |= int(g.random() * pow(2, 53))
    print(cum == pow(2, 53) - 1)
    cum = 0
    for i in range(100):
        cum |= g.randrange(pow(2, 500))
    print(cum == pow(2, 500) - 1)
    for i in [40, 80, 160, 200, 211, 250, 375, 512, 550]:
        start = g.randrange(pow(2, i - 2))
        stop = g.randrange(pow(2, i))
        if stop > start:
            print(i, g.randrange(start, stop) - start)
    # test_rangelimits
    for start, stop in [(-2, 0), (-pow(2, 60) - 2, -pow(2, 60)), (pow(2, 60), pow(2, 60) + 2)]:
        print(sorted(set([g.randrange(start, stop) for i in range(100)])) == list(range(start, stop)))
    # test_randrange_bug_1590891
    x = g.randrange(1000000000000, -100000000000000000000, -200)
    print(x, (x - 100000000000000000000) % -200)
    # test_randrange_errors and friends (SystemRandom's, the same code)
    # (3.11's and 3.12's texts differ: randrange(2, 2) is "empty range in randrange(2, 2)" in 3.12)
    print(et(g.randrange, 0), et(g.randrange, -1), ty(g.randrange, 2, 2), ty(g.randrange, 3, 2), et(g.randrange, 2, 3, 0), ty(g.randrange, 2, 2, 1))
    print(g.randrange(0, 10, 3), g.randrange(10, 0, -3), g.randrange(5), g.randrange(-5, 5))
    # test_choices_algorithms
    n = 1047
    g.seed(8675309)
    a = g.choices(range(n), k=1000)
    g.seed(8675309)
    b = g.choices(range(n), [1] * n, k=1000)
    g.seed(8675309)
    c = g.choices(range(n), cum_weights=range(1, n + 1), k=1000)
    print(a == b, a == c, a[:8])
    g.seed(9035768)
    a = g.choices(["Red"] * 18 + ["Black"] * 18 + ["Green"] * 2, k=1000)
    g.seed(9035768)
    b = g.choices(["Red", "Black", "Green"], [18, 18, 2], k=1000)
    g.seed(9035768)
    c = g.choices(["Red", "Black", "Green"], cum_weights=[18, 36, 38], k=1000)
    print(a == b, a == c, a[:6])
    # test_sample_counts_equivalence
    colors = ["red", "green", "blue", "orange", "black", "amber"]
    counts = [500, 200, 20, 10, 5, 1]
    g.seed(8675309)
    s1 = g.sample(colors, counts=counts, k=700)
    g.seed(8675309)
    expanded = [color for (color, count) in zip(colors, counts) for i in range(count)]
    print(len(expanded), s1 == g.sample(expanded, k=700), s1[:5])
    counts = [10, 9, 8, 7, 6, 5, 4, 3, 2]
    g.seed(8675309)
    s1 = "".join(g.sample("abcdefghi", counts=counts, k=30))
    expanded = "".join([letter for (letter, count) in zip("abcdefghi", counts) for i in range(count)])
    g.seed(8675309)
    print(s1, s1 == "".join(g.sample(expanded, k=30)))
    # TestDistributions.test_zeroinputs
    g.seed(1)
    for name, args in [("vonmisesvariate", (0.0, 0.0)), ("normalvariate", (0.0, 0.0)), ("gauss", (0.0, 0.0)), ("lognormvariate", (0.0, 0.0)), ("vonmisesvariate", (0.0, 0.0)), ("gammavariate", (0.01, 1.0)), ("gammavariate", (1.0, 1.0)), ("gammavariate", (200.0, 1.0)), ("betavariate", (3.0, 3.0)), ("triangular", (0.0, 1.0, 1.0 / 3.0))]:
        print(name, "%.12g" % getattr(g, name)(*args))
    # test_constant
    for name, args, want in [("uniform", (10.0, 10.0), 10.0), ("triangular", (10.0, 10.0), 10.0), ("triangular", (10.0, 10.0, 10.0), 10.0), ("expovariate", (float("inf"),), 0.0), ("vonmisesvariate", (3.0, float("inf")), 3.0), ("gauss", (10.0, 0.0), 10.0), ("lognormvariate", (0.0, 0.0), 1.0), ("lognormvariate", (-float("inf"), 0.0), 0.0), ("normalvariate", (10.0, 0.0), 10.0), ("paretovariate", (float("inf"),), 1.0), ("weibullvariate", (10.0, float("inf")), 10.0), ("weibullvariate", (0.0, 10.0), 0.0)]:
        print(name, args, all([getattr(g, name)(*args) == want for i in range(20)]))
    # test_von_mises_range, test_von_mises_large_kappa, test_gammavariate_errors
    print(all([0 <= g.vonmisesvariate(mu, kappa) and g.vonmisesvariate(mu, kappa) <= 2 * math.pi for mu in [0.0, 0.1, 3.1, 6.2] for kappa in [0.0, 1e-9, 1.0, 1e9]]))
    print(g.vonmisesvariate(0, 1e15), g.vonmisesvariate(0, 1e100))
    print(et(g.gammavariate, -1, 3), et(g.gammavariate, 0, 2), et(g.gammavariate, 2, 0), et(g.gammavariate, 1, -3))
    # the module-level functions share one generator
    random.seed(12345)
    print(random.random(), random.randint(1, 6), random.uniform(1, 2), random.choice("xyz"), random.getrandbits(33))
    print(random.triangular(), random.expovariate(2.0), random.betavariate(2.0, 3.0), random.paretovariate(2.0), random.weibullvariate(1.0, 2.0))
    print(random.gammavariate(0.5, 1.0), random.gammavariate(1.0, 2.0), random.gammavariate(3.0, 2.0), random.lognormvariate(0.0, 1.0), random.vonmisesvariate(1.0, 2.0))
