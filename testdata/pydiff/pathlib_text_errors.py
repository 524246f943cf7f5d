# The CPython half of pathlib_text_errors.star.
import pathlib, shutil, tempfile
from errtext import et, show

if __name__ == "__main__":
    d = tempfile.mkdtemp()
    p = pathlib.Path(d) / "fileA"
    print(p.write_text("äbcdefg", encoding="latin-1"))
    show("ignore", p.read_text, encoding="utf-8", errors="ignore")
    show("replace", p.read_text, encoding="utf-8", errors="replace")
    print(et(p.read_text, encoding="utf-8"))
    show("latin-1", p.read_text, encoding="latin-1")
    print(et(p.write_text, "aé€b", encoding="ascii", errors="replace"), p.read_text())
    print(et(p.write_text, "aé€b", encoding="ascii", errors="ignore"), p.read_text())
    print(et(p.write_text, "aé€b", encoding="latin-1", errors="strict"))
    print(et(p.write_text, "aéb", encoding="latin-1", errors="strict"), p.read_bytes() == b"a\xe9b")
    shutil.rmtree(d)
