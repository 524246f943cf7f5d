# The CPython half of copy_nested_tuples.star: copy.deepcopy of tuples holding tuples (a Go panic before: a Tuple is a
# slice, and comparing two with != panics), and copy's argument errors.
import copy
from errtext import err

if __name__ == "__main__":
    print(copy.deepcopy(((1, 2), 3)), copy.deepcopy((((),), (0, (1.5,)))), copy.deepcopy([((1,), [2])]))
    x = ((1, [2]), (3,))
    y = copy.deepcopy(x)
    y[0][1].append(4)
    print(x, y)
    print(err(copy.copy), err(copy.deepcopy))
