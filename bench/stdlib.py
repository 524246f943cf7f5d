# The same workloads as stdlib.star, under CPython.
import re
import subprocess
import sys
from time import perf_counter


def main():
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    n = int(500 * scale)
    rates = []
    for _ in range(3):
        t0 = perf_counter()
        for _ in range(n):
            subprocess.run(["true"])
        rates.append(n / (perf_counter() - t0))
    print("run_true_per_s", sorted(rates)[1])

    size = int(100 * 1024 * 1024 * scale)
    rates = []
    for _ in range(5):
        t0 = perf_counter()
        out = subprocess.check_output(["head", "-c", str(size), "/dev/zero"])
        dt = perf_counter() - t0
        assert len(out) == size
        rates.append(size / dt / 1e6)
        out = None
    print("check_output_mb_s", sorted(rates)[2])

    text = "the foo went to foobar 12345 and foo again; " * int(240000 * scale)
    t0 = perf_counter()
    a = re.sub(r"\bfoo\b", "bar", text)
    dt = perf_counter() - t0
    print("re_sub_word_mb_s", len(text) / dt / 1e6)
    t0 = perf_counter()
    b = re.sub(r"[0-9]+", "N", text)
    dt = perf_counter() - t0
    print("re_sub_digits_mb_s", len(text) / dt / 1e6)
    assert a.count("bar") == 2 * int(240000 * scale) + text.count("foobar") and b.count("N") == int(240000 * scale)


if __name__ == "__main__":
    main()
