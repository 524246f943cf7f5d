package sysmod

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// recorder records each Write call separately.
type recorder struct {
	writes  []string
	flushes int
}

func (r *recorder) Write(p []byte) (int, error) {
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

func (r *recorder) Flush() error { r.flushes++; return nil }

type failing struct{}

func (failing) Write(p []byte) (int, error) { return 0, errors.New("broken") }

func newEnv() (*procenv.Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &procenv.Env{
		Ctx:         context.Background(),
		Stdout:      &out,
		Stderr:      &errb,
		Log:         mplog.New(&errb),
		ProcessName: func() string { return "MainProcess" },
	}, &out, &errb
}

func run(env *procenv.Env, argv []string, src string) (starlark.StringDict, error) {
	thread := &starlark.Thread{Name: "test", Print: func(_ *starlark.Thread, msg string) {
		env.Stdout.Write([]byte(msg + "\n"))
	}}
	procenv.Set(thread, env)
	return starlark.ExecFileOptions(dialect.Options, thread, "test.star", src,
		starlark.StringDict{"sys": Module(argv, env.Stdin), "input": Input(env.Stdin)})
}

func wantErr(t *testing.T, src, typ, msg string) {
	t.Helper()
	env, _, _ := newEnv()
	_, err := run(env, nil, src)
	if err == nil {
		t.Fatalf("%s: no error, want %s: %s", src, typ, msg)
	}
	gotTyp, gotMsg := pyerr.Classify(err)
	if gotTyp != typ || gotMsg != msg {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", src, gotTyp, gotMsg, typ, msg)
	}
}

func TestArgvAndConstants(t *testing.T) {
	env, out, _ := newEnv()
	_, err := run(env, []string{"prog.star", "a b", "é"}, `
print(sys.argv, len(sys.argv))
sys.argv.append("x")
print(sys.argv[-1])
print(sys.maxsize, sys.platform, sys.version)
print(sys.stdout, sys.stderr.name, type(sys.stdout))
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `["prog.star", "a b", "é"] 3
x
9223372036854775807 linux procstar (Starlark)
<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'> <stderr> TextIOWrapper
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestExit(t *testing.T) {
	for _, tc := range []struct {
		src    string
		status int
		msg    string
	}{
		{`sys.exit()`, 0, ""},
		{`sys.exit(None)`, 0, ""},
		{`sys.exit(0)`, 0, ""},
		{`sys.exit(3)`, 3, ""},
		{`sys.exit(256 + 7)`, 7, ""},
		{`sys.exit(True)`, 1, ""},
		{`sys.exit(False)`, 0, ""},
		{`sys.exit("bye")`, 1, "bye"},
		{"def f():\n    sys.exit(5)\nf()\nprint('not reached')", 5, ""},
	} {
		env, out, _ := newEnv()
		_, err := run(env, nil, tc.src)
		var ex *pyerr.Exit
		if !errors.As(err, &ex) {
			t.Errorf("%s: err = %v, want *pyerr.Exit", tc.src, err)
			continue
		}
		if status, msg := ex.Status(); status != tc.status || msg != tc.msg {
			t.Errorf("%s: Status() = %d, %q; want %d, %q", tc.src, status, msg, tc.status, tc.msg)
		}
		if !pyerr.Uncatchable(err) {
			t.Errorf("%s: exit must be uncatchable", tc.src)
		}
		if out.Len() != 0 {
			t.Errorf("%s: printed %q after exit", tc.src, out)
		}
	}
	wantErr(t, `sys.exit(1, 2)`, pyerr.TypeError, "exit expected at most 1 argument, got 2")
	wantErr(t, `sys.exit(code=2)`, pyerr.TypeError, "exit() takes no keyword arguments")
}

func TestWrite(t *testing.T) {
	env, out, errb := newEnv()
	_, err := run(env, nil, `
n = sys.stdout.write("héllo\n")
m = sys.stderr.write("err")
z = sys.stdout.write("")
sys.stdout.flush()
sys.stderr.flush()
print(n, m, z)
`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "héllo\n6 3 0\n"; out.String() != want {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	if errb.String() != "err" {
		t.Errorf("stderr = %q", errb)
	}
}

func TestOneWritePerCall(t *testing.T) {
	var o, e recorder
	env := &procenv.Env{Ctx: context.Background(), Stdout: &o, Stderr: &e}
	_, err := run(env, nil, `
sys.stdout.write("line one\nline two\n")
sys.stdout.write("x")
sys.stdout.flush()
sys.stderr.write("a\nb")
sys.stderr.flush()
sys.stderr.flush()
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.writes) != 2 || o.writes[0] != "line one\nline two\n" || o.writes[1] != "x" || o.flushes != 1 {
		t.Errorf("stdout writes %q, flushes %d", o.writes, o.flushes)
	}
	if len(e.writes) != 1 || e.writes[0] != "a\nb" || e.flushes != 2 {
		t.Errorf("stderr writes %q, flushes %d", e.writes, e.flushes)
	}
}

// The same module value writes to each thread's own streams.
func TestStreamsPerThread(t *testing.T) {
	mod := Module(nil, nil)
	var bufs [2]bytes.Buffer
	for i := range bufs {
		thread := &starlark.Thread{}
		procenv.Set(thread, &procenv.Env{Ctx: context.Background(), Stdout: &bufs[i], Stderr: &bufs[i]})
		_, err := starlark.ExecFileOptions(dialect.Options, thread, "t.star",
			`sys.stdout.write(str(n))`, starlark.StringDict{"sys": mod, "n": starlark.MakeInt(i)})
		if err != nil {
			t.Fatal(err)
		}
	}
	if bufs[0].String() != "0" || bufs[1].String() != "1" {
		t.Errorf("got %q %q", bufs[0].String(), bufs[1].String())
	}
}

func TestWriteErrors(t *testing.T) {
	wantErr(t, `sys.stdout.write(1)`, pyerr.TypeError, "write() argument must be str, not int")
	wantErr(t, `sys.stdout.write(b"x")`, pyerr.TypeError, "write() argument must be str, not bytes")
	wantErr(t, `sys.stderr.write(None)`, pyerr.TypeError, "write() argument must be str, not NoneType")
	wantErr(t, `sys.stdout.write()`, pyerr.TypeError, "write() takes exactly one argument (0 given)")
	wantErr(t, `sys.stdout.flush(1)`, pyerr.TypeError, "flush() takes no arguments (1 given)")

	env := &procenv.Env{Ctx: context.Background(), Stdout: failing{}, Stderr: failing{}}
	_, err := run(env, nil, `sys.stdout.write("x")`)
	if typ, msg := pyerr.Classify(err); typ != pyerr.OSError || msg != "broken" {
		t.Errorf("got %s: %s", typ, msg)
	}
}
