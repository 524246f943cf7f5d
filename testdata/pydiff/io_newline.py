# The CPython half of io_newline.star.
import io, json
if __name__ == "__main__":
    for nl in [None, "", "\n", "\r", "\r\n"]:
        s = io.StringIO("a\nb\rc\r\nd", newline=nl)
        print(json.dumps([nl, s.getvalue(), s.readlines(), s.tell()]))
        s.write("x\ny\r")
        print(json.dumps([s.getvalue(), list(io.StringIO("a\rb\r\nc\r", newline=nl))]))
        s = io.StringIO("a\r", newline=nl)
        print(json.dumps([s.readline(1), s.readline()]))
        s = io.StringIO("p\r\nq\rr\n", newline=nl)
        print(json.dumps([s.readline(), s.readline(), s.readline(), s.readline()]))
        s = io.StringIO(newline=nl)
        print(s.write("a\nb\n"), s.tell(), json.dumps(s.getvalue()))
