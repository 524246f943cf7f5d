# The CPython half of bool_numbers.star.
from random import choices, gauss, seed, triangular, uniform, vonmisesvariate
from time import sleep

if __name__ == "__main__":
    print(sleep(False))
    seed(7)
    print(uniform(False, True), triangular(False, True), gauss(True, False), vonmisesvariate(True, False))
    print(choices([1, 2, 3], weights=[True, False, True], k=5))
    print(choices([1, 2], cum_weights=[False, True], k=3))
