# json.JSONDecodeError carries Python's msg, doc, pos, lineno and colno
# (pos in characters), as CPython's test_json.test_fail checks, in this
# process and from a Pool worker; the same program as json_decode_error_attrs.star.
import json
import multiprocessing
from multiprocessing import Pool

def attrs(doc):
    try:
        json.loads(doc)
    except json.JSONDecodeError as err:
        return [err.msg, err.doc, err.pos, err.lineno, err.colno, str(err)]

def remote(doc):
    return json.loads(doc)

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    for doc in ["", "[42", '{"spam":42,}', '"spam",42', "\n  \n\n     !", '["\u00e9\u00e9", !', "\ufeff[1]", '["abc\\y"]', '"a\tb"', b"[1,"]:
        print(json.dumps(attrs(doc)))
    p = Pool(1)
    try:
        p.apply(remote, ("[1, 2, 3]5",))
    except json.JSONDecodeError as err:
        print("json.JSONDecodeError", err.msg, err.pos, err.lineno, err.colno, err.doc)
    p.close()
    p.join()
