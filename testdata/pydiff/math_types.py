# The CPython half of math_types.star.
import math

def attempt(f, *args):
    try:
        return str(f(*args))
    except Exception as e:
        return type(e).__name__ + ": " + str(e)

if __name__ == "__main__":
    for name in ["floor", "ceil", "sqrt", "exp", "fabs", "log"]:
        f = getattr(math, name)
        print(name, attempt(f, 2.5), attempt(f, 4), attempt(f, "x"), attempt(f, None), attempt(f, [1]))
    for name in ["pow", "copysign", "atan2", "hypot", "remainder"]:
        f = getattr(math, name)
        print(name, attempt(f, 3, 4.0), attempt(f, "x", 1), attempt(f, 1, None))
    print(attempt(math.floor, -0.5), attempt(math.ceil, -0.5), attempt(math.floor, 10000000000000000000000), attempt(math.floor, float("inf")), attempt(math.ceil, float("nan")))
    print(attempt(abs, "x"), attempt(abs, None))
