package osmod

import (
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
)

// TestPython312Path: os.path's functions new in 3.12 (the machine's
// python3 may be 3.11, so they are not side by side): splitroot, as
// posixpath's doctest cases, and isjunction, always False on POSIX.
func TestPython312Path(t *testing.T) {
	env := newEnv()
	mustRun(t, env, `
for p in ["", "a/b", "/a/b", "//a/b", "///a/b", "////a", "/", "//", "///", "a//b"]:
    print(os.path.splitroot(p))
print(os.path.isjunction("/"), os.path.isjunction("nope"), catch(os.path.isjunction, None)[1])
print(catch(os.path.splitroot, 5)[1])
`)
	want := `("", "", "")
("", "", "a/b")
("", "/", "a/b")
("", "//", "a/b")
("", "/", "//a/b")
("", "/", "///a")
("", "/", "")
("", "//", "")
("", "/", "//")
("", "", "a//b")
False False TypeError: expected str, bytes or os.PathLike object, not NoneType
TypeError: expected str, bytes or os.PathLike object, not int
`
	if got := env.Stdout.(interface{ String() string }).String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestErrText: strerror's texts are glibc's, past the end of Go's errno
// table too.
func TestErrText(t *testing.T) {
	for code, want := range map[int]string{0: "Success", 2: "No such file or directory", 41: "Unknown error 41",
		133: "Memory page has hardware error", 134: "Unknown error 134", -5: "Unknown error -5"} {
		if got := errText(code); got != want {
			t.Errorf("errText(%d) = %q, want %q", code, got, want)
		}
	}
}

// TestStructSeq: uname's result is a tuple with named fields that compares
// as one and crosses processes (codec state) as itself.
func TestStructSeq(t *testing.T) {
	codec.RegisterTypes(CodecTypes) // the runtime registers them in a procstar process
	env := newEnv()
	mustRun(t, env, `
u = os.uname()
print(type(u), len(u), u[0] == u.sysname, u[1:2] == (u.nodename,), tuple(u) == (u.sysname, u.nodename, u.release, u.version, u.machine))
print(u == os.uname(), str(u).startswith("posix.uname_result(sysname="), u.n_fields)
`)
	want := "posix.uname_result 5 True True True\nTrue True 5\n"
	if got := env.Stdout.(interface{ String() string }).String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	s := &StructSeq{kind: terminalSize, values: starlark.Tuple{starlark.MakeInt(80), starlark.MakeInt(24)}}
	data, err := codec.Encode(s, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := codec.Decode(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "os.terminal_size(columns=80, lines=24)" {
		t.Errorf("decoded %s", v)
	}
}
