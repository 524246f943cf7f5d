package osmod

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

func newEnv() *procenv.Env {
	var out, errb bytes.Buffer
	return &procenv.Env{
		Ctx:         context.Background(),
		Stdout:      &out,
		Stderr:      &errb,
		Log:         mplog.New(&errb),
		ProcessName: func() string { return "MainProcess" },
	}
}

func run(t *testing.T, env *procenv.Env, src string) (starlark.StringDict, error) {
	t.Helper()
	thread := &starlark.Thread{Name: "test", Print: func(_ *starlark.Thread, msg string) {
		env.Stdout.Write([]byte(msg + "\n"))
	}}
	procenv.Set(thread, env)
	return starlark.ExecFileOptions(dialect.Options, thread, "test.star", src,
		starlark.StringDict{"os": module(newEnviron()), "catch": starlark.NewBuiltin("catch", catch.Catch)})
}

func mustRun(t *testing.T, env *procenv.Env, src string) starlark.StringDict {
	t.Helper()
	g, err := run(t, env, src)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return g
}

func wantErr(t *testing.T, src, typ, msg string) {
	t.Helper()
	_, err := run(t, newEnv(), src)
	if err == nil {
		t.Fatalf("%s: no error, want %s: %s", src, typ, msg)
	}
	gotTyp, gotMsg := pyerr.Classify(err)
	if gotTyp != typ || gotMsg != msg {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", src, gotTyp, gotMsg, typ, msg)
	}
}

func TestProcessInfo(t *testing.T) {
	g := mustRun(t, newEnv(), `
pid = os.getpid()
ppid = os.getppid()
n = os.cpu_count()
`)
	if g["pid"] != starlark.MakeInt(os.Getpid()) {
		t.Errorf("getpid = %v", g["pid"])
	}
	if g["ppid"] != starlark.MakeInt(os.Getppid()) {
		t.Errorf("getppid = %v", g["ppid"])
	}
	if g["n"] != starlark.MakeInt(runtime.NumCPU()) {
		t.Errorf("cpu_count = %v", g["n"])
	}
}

func TestEnviron(t *testing.T) {
	t.Setenv("PROCSTAR_TEST_VAR", "hello=world")
	env := newEnv()
	mustRun(t, env, `
print(os.getenv("PROCSTAR_TEST_VAR"))
print(os.environ["PROCSTAR_TEST_VAR"])
print(os.getenv("PROCSTAR_NO_SUCH_VAR"))
print(os.getenv("PROCSTAR_NO_SUCH_VAR", "dflt"))
print(os.getenv(key="PROCSTAR_NO_SUCH_VAR", default=3))
print(type(os.environ), "PROCSTAR_NO_SUCH_VAR" in os.environ)
os.environ["PROCSTAR_NEW"] = "x"
print(os.getenv("PROCSTAR_NEW"))
print(os.environ.pop("PROCSTAR_NEW"), os.getenv("PROCSTAR_NEW"))
os.environ.update({"PROCSTAR_NEW": "y"})
print(dict(os.environ)["PROCSTAR_NEW"], len(os.environ) > 0)
_, err = catch(lambda: os.environ["PROCSTAR_NO_SUCH_VAR"])
print(err)
_, err = catch(os.environ.update, {"A=B": "x"})
print(err)
`)
	want := "hello=world\nhello=world\nNone\ndflt\n3\nenviron False\nx\nx None\ny True\nKeyError: 'PROCSTAR_NO_SUCH_VAR'\nValueError: illegal environment variable name\n"
	if got := env.Stdout.(*bytes.Buffer).String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// environ writes through: children started now inherit the change.
	t.Cleanup(func() { os.Unsetenv("PROCSTAR_NEW") })
	if v, _ := os.LookupEnv("PROCSTAR_NEW"); v != "y" {
		t.Errorf("process environment has PROCSTAR_NEW=%q, want y", v)
	}
}

func TestGetcwd(t *testing.T) {
	dir := t.TempDir()
	env := newEnv()
	env.Dir = dir
	g := mustRun(t, env, `cwd = os.getcwd()`)
	if g["cwd"] != starlark.String(dir) {
		t.Errorf("getcwd with Dir = %v, want %q", g["cwd"], dir)
	}
	wd, _ := os.Getwd()
	g = mustRun(t, newEnv(), `cwd = os.getcwd()`)
	if g["cwd"] != starlark.String(wd) {
		t.Errorf("getcwd = %v, want %q", g["cwd"], wd)
	}
}

func TestKill(t *testing.T) {
	mustRun(t, newEnv(), `
r = os.kill(os.getpid(), 0)
if r != None:
    fail("kill returned", r)
`)
	wantErr(t, `os.kill(2147483647, 0)`, "ProcessLookupError", "[Errno 3] No such process")
	wantErr(t, `os.kill(os.getpid(), 1000)`, pyerr.OSError, "[Errno 22] Invalid argument")
	wantErr(t, `os.kill("1", 0)`, pyerr.TypeError, "'str' object cannot be interpreted as an integer")
	wantErr(t, `os.kill(1.5, 0)`, pyerr.TypeError, "'float' object cannot be interpreted as an integer")
	// pid_t and the signal are C ints: out of range is CPython's OverflowError,
	// never a truncation (2**32-1 was kill(-1, 0): every process we may signal;
	// 2**32+9 as a signal was SIGKILL). Signal 0 keeps a failure harmless.
	wantErr(t, `os.kill(4294967295, 0)`, "OverflowError", "signed integer is greater than maximum")
	wantErr(t, `os.kill(2147483648 + os.getpid(), 0)`, "OverflowError", "signed integer is greater than maximum")
	wantErr(t, `os.kill(-2147483649, 0)`, "OverflowError", "signed integer is less than minimum")
	wantErr(t, `os.kill(18446744073709551616, 0)`, "OverflowError", "Python int too large to convert to C long")
	wantErr(t, `os.kill(os.getpid(), 4294967296)`, "OverflowError", "signed integer is greater than maximum")
	wantErr(t, `os.kill(1)`, pyerr.TypeError, "kill() takes exactly 2 arguments (1 given)")
}

func TestArgErrors(t *testing.T) {
	wantErr(t, `os.getenv(1)`, pyerr.TypeError, "getenv() argument 'key' must be str, not int")
	wantErr(t, `os.getenv()`, pyerr.TypeError, "getenv() missing 1 required positional argument: 'key'")
	wantErr(t, `os.getpid(1)`, pyerr.TypeError, "getpid() takes no arguments (1 given)")
	wantErr(t, `os.getcwd(1)`, pyerr.TypeError, "getcwd() takes no arguments (1 given)")
	wantErr(t, `os.cpu_count(x=1)`, pyerr.TypeError, "cpu_count() takes no keyword arguments")
}
