# The CPython half of int_digits.star.
import json, sys

from errtext import err

def run():
    print(len(str(int("7" * 4300))), len(str(int("-" + "7" * 4300))), len(str(int("0" * 4299 + "5"))))
    print(err(int, "1" * 4301))
    print(err(int, "  -" + "1" * 5000 + "  "))
    print(len("%x" % int("f" * 5000, 16)), int("0b" + "1" * 5000, 0) > 0)
    print(err(str, pow(10, 4300)), "|", len(str(pow(10, 4300) - 1)))
    print(err(lambda: "%d" % pow(10, 5000)), "|", err(lambda: "%s" % [pow(10, 5000)]))
    print(err(lambda: "{}".format(pow(-10, 5001))), "|", err(lambda: "{:d}".format(pow(10, 5000))), "|", len("{:x}".format(pow(10, 5000))))
    print(err(print, [pow(10, 5000)]))
    print(err(json.loads, "[1, -" + "2" * 4301 + "]"), "|", len(json.dumps(json.loads("9" * 4300))))
    print(err(json.dumps, {"a": [pow(7, 6000)]}))
    print(sys.get_int_max_str_digits(), err(sys.set_int_max_str_digits, 100))
    sys.set_int_max_str_digits(5000)
    print(len(str(pow(10, 4999))), err(int, "1" * 5001))
    sys.set_int_max_str_digits(0)
    print(len(str(int("3" * 20000))), len(json.dumps(pow(10, 20000))))

if __name__ == "__main__":
    run()
