package logging

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

type testEnv struct {
	env          *procenv.Env
	stdout, logw bytes.Buffer
	stderr       bytes.Buffer
	name         string
}

// newEnv returns an env whose logger writes to logw and whose Stderr (for
// the "last resort" output) is stderr.
func newEnv() *testEnv {
	te := &testEnv{name: "Process-1"}
	te.env = &procenv.Env{
		Ctx:         context.Background(),
		Stdout:      &te.stdout,
		Stderr:      &te.stderr,
		Log:         mplog.New(&te.logw),
		ProcessName: func() string { return te.name },
	}
	return te
}

func (te *testEnv) run(src string) error {
	thread := &starlark.Thread{Name: "test", Print: func(_ *starlark.Thread, msg string) {
		te.stdout.WriteString(msg + "\n")
	}}
	procenv.Set(thread, te.env)
	_, err := starlark.ExecFileOptions(dialect.Options, thread, "test.star", src, starlark.StringDict{
		"logging":       Module(),
		"get_logger":    starlark.NewBuiltin("get_logger", GetLogger),
		"log_to_stderr": starlark.NewBuiltin("log_to_stderr", LogToStderr),
	})
	return err
}

func wantErr(t *testing.T, src, typ, msg string) {
	t.Helper()
	err := newEnv().run(src)
	if err == nil {
		t.Fatalf("%s: no error, want %s: %s", src, typ, msg)
	}
	gotTyp, gotMsg := pyerr.Classify(err)
	if gotTyp != typ || gotMsg != msg {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", src, gotTyp, gotMsg, typ, msg)
	}
}

func TestConstants(t *testing.T) {
	te := newEnv()
	if err := te.run(`print(logging.NOTSET, logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL)`); err != nil {
		t.Fatal(err)
	}
	if got := te.stdout.String(); got != "0 10 20 30 40 50\n" {
		t.Errorf("got %q", got)
	}
}

func TestLogToStderr(t *testing.T) {
	te := newEnv()
	err := te.run(`
logger = log_to_stderr(logging.INFO)
print(type(logger), logger, logger.getEffectiveLevel(), logger.name, logger.level)
logger.info("hello %s %d", "x", 3)
logger.debug("hidden")
logger.warning("100%")
logger.error("%(a)s-%(b)s", {"a": 1, "b": 2})
logger.critical("tuple %s", (1, 2))
logger.info(42)
logger.setLevel(logging.DEBUG)
logger.debug("now %s", "visible")
logger.log(25, "custom %d", 25)
logger.setLevel("ERROR")
logger.warning("hidden too")
logger.error("err")
print(logger.isEnabledFor(logging.ERROR), logger.isEnabledFor(logging.WARNING))
print(get_logger() == logger, get_logger().getEffectiveLevel())
`)
	if err != nil {
		t.Fatal(err)
	}
	wantLog := `[INFO/Process-1] hello x 3
[WARNING/Process-1] 100%
[ERROR/Process-1] 1-2
[CRITICAL/Process-1] tuple (1, 2)
[INFO/Process-1] 42
[DEBUG/Process-1] now visible
[Level 25/Process-1] custom 25
[ERROR/Process-1] err
`
	// Its records go to log_to_stderr's handler, which writes on
	// sys.stderr (only the runtime's own records go through Log).
	if got := te.stderr.String(); got != wantLog {
		t.Errorf("stderr:\n%s\nwant\n%s", got, wantLog)
	}
	wantOut := "Logger <Logger multiprocessing (INFO)> 20 multiprocessing 20\nTrue False\nTrue 40\n"
	if got := te.stdout.String(); got != wantOut {
		t.Errorf("stdout = %q, want %q", got, wantOut)
	}
	if te.logw.Len() != 0 {
		t.Errorf("log = %q", te.logw.String())
	}
}

// The process name is read when each line is logged.
func TestProcessNameAtCallTime(t *testing.T) {
	te := newEnv()
	te.env.Log.ToStderr(mplog.DEBUG)
	thread := &starlark.Thread{}
	procenv.Set(thread, te.env)
	logger, err := starlark.Call(thread, starlark.NewBuiltin("get_logger", GetLogger), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := logger.(starlark.HasAttrs).Attr("info")
	starlark.Call(thread, info, starlark.Tuple{starlark.String("a")}, nil)
	te.name = "Worker-7"
	starlark.Call(thread, info, starlark.Tuple{starlark.String("b")}, nil)
	if got := te.stderr.String(); got != "[INFO/Process-1] a\n[INFO/Worker-7] b\n" {
		t.Errorf("got %q", got)
	}
}

// Without log_to_stderr, like Python's "last resort" handler: WARNING and
// above print the bare message on stderr, lower levels nothing.
func TestWithoutHandler(t *testing.T) {
	te := newEnv()
	err := te.run(`
logger = get_logger()
print(logger.getEffectiveLevel(), logger.level)
logger.info("quiet")
logger.debug("quiet %d", "not formatted")
logger.warning("careful %s", "now")
logger.error("bad")
logger.setLevel(logging.DEBUG)
logger.info("still quiet")
`)
	if err != nil {
		t.Fatal(err)
	}
	if got := te.stdout.String(); got != "30 0\n" {
		t.Errorf("stdout = %q", got)
	}
	if got := te.stderr.String(); got != "careful now\nbad\n" {
		t.Errorf("stderr = %q", got)
	}
	if te.logw.Len() != 0 {
		t.Errorf("log = %q", te.logw.String())
	}
	// log_to_stderr() without a level keeps the level (NOTSET: WARNING).
	te = newEnv()
	if err := te.run(`
l = log_to_stderr()
l.info("no")
l.warning("yes")
log_to_stderr(None).error("again")
`); err != nil {
		t.Fatal(err)
	}
	// Each log_to_stderr() adds a handler, as in Python.
	if got := te.stderr.String(); got != "[WARNING/Process-1] yes\n[ERROR/Process-1] again\n[ERROR/Process-1] again\n" {
		t.Errorf("stderr = %q", got)
	}
}

func TestErrors(t *testing.T) {
	// A record that does not format is its handler's error, reported on
	// stderr, as Python's Handler.handleError does.
	for _, src := range []string{`log_to_stderr(logging.INFO).info("%d", "x")`, `log_to_stderr(logging.INFO).info("%s %s", 1)`} {
		te := newEnv()
		if err := te.run(src); err != nil {
			t.Errorf("%s: %v", src, err)
		}
		if got := te.stderr.String(); !strings.Contains(got, "--- Logging error ---") {
			t.Errorf("%s: stderr = %q", src, got)
		}
	}
	wantErr(t, `get_logger().setLevel("FOO")`, pyerr.ValueError, "Unknown level: 'FOO'")
	wantErr(t, `get_logger().setLevel(1.5)`, pyerr.TypeError, "Level not an integer or a valid string: 1.5")
	wantErr(t, `get_logger().setLevel()`, pyerr.TypeError, "setLevel() missing 1 required positional argument: 'level'")
	wantErr(t, `log_to_stderr("info")`, pyerr.ValueError, "Unknown level: 'info'")
	wantErr(t, `log_to_stderr(1, 2)`, pyerr.TypeError, "log_to_stderr expected at most 1 argument, got 2")
	wantErr(t, `get_logger().log("a", "b")`, pyerr.TypeError, "level must be an integer")
	wantErr(t, `get_logger().log(10)`, pyerr.TypeError, "log: got 1 arguments, want at least 2 (level, msg)")
	wantErr(t, `get_logger().info()`, pyerr.TypeError, "info() missing 1 required positional argument: 'msg'")
	wantErr(t, `get_logger().info("x", foo=1)`, pyerr.TypeError, "info() got an unexpected keyword argument 'foo'")
	wantErr(t, `get_logger(1)`, pyerr.TypeError, "get_logger() takes no arguments (1 given)")
	wantErr(t, `get_logger().nope`, "AttributeError", "'Logger' object has no attribute 'nope'")
}

// setLevel and isEnabledFor take their level as level= too, as Python's
// Logger methods do (CPython's _TestLogging.test_level calls
// logger.setLevel(level=LOG_LEVEL)).
func TestLevelKeyword(t *testing.T) {
	te := newEnv()
	if err := te.run(`
for l in [get_logger(), logging.getLogger("x")]:
    l.setLevel(level=logging.ERROR)
    print(l.level, l.isEnabledFor(level=logging.WARNING), l.isEnabledFor(level=logging.CRITICAL))
`); err != nil {
		t.Fatal(err)
	}
	if got := te.stdout.String(); got != "40 False True\n40 False True\n" {
		t.Errorf("stdout = %q", got)
	}
	wantErr(t, `logging.getLogger("x").setLevel(lvl=1)`, pyerr.TypeError, "setLevel() got an unexpected keyword argument 'lvl'")
}

func TestNoLogger(t *testing.T) {
	te := newEnv()
	te.env.Log = nil
	err := te.run(`get_logger()`)
	if typ, msg := pyerr.Classify(err); typ != pyerr.RuntimeError || msg != "this thread has no multiprocessing logger (procenv.Env.Log is nil)" {
		t.Errorf("got %s: %s", typ, msg)
	}
	// A thread without any Env uses procenv.Default().
	if _, err := starlark.Call(&starlark.Thread{}, starlark.NewBuiltin("get_logger", GetLogger), nil, nil); err != nil {
		t.Error(err)
	}
}
