package subprocessmod

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// CompletedProcess is run's result: args, returncode, stdout, stderr and
// check_returncode(), with CPython's repr (stdout and stderr shown only
// when not None).
type CompletedProcess struct {
	args, returncode, stdout, stderr starlark.Value
}

var _ starlark.HasAttrs = (*CompletedProcess)(nil)

func (c *CompletedProcess) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CompletedProcess(args=%s, returncode=%s", pyRepr(c.args), pyRepr(c.returncode))
	if c.stdout != starlark.None {
		fmt.Fprintf(&b, ", stdout=%s", pyRepr(c.stdout))
	}
	if c.stderr != starlark.None {
		fmt.Fprintf(&b, ", stderr=%s", pyRepr(c.stderr))
	}
	b.WriteByte(')')
	return b.String()
}
func (c *CompletedProcess) Type() string         { return "CompletedProcess" }
func (c *CompletedProcess) Freeze()              {}
func (c *CompletedProcess) Truth() starlark.Bool { return starlark.True }
func (c *CompletedProcess) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'CompletedProcess'")
}
func (c *CompletedProcess) AttrNames() []string {
	return []string{"args", "check_returncode", "returncode", "stderr", "stdout"}
}

func (c *CompletedProcess) Attr(name string) (starlark.Value, error) {
	switch name {
	case "args":
		return c.args, nil
	case "returncode":
		return c.returncode, nil
	case "stdout":
		return c.stdout, nil
	case "stderr":
		return c.stderr, nil
	case "check_returncode":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			if err := checkCode(c.returncode, c.args, c.stdout, c.stderr); err != nil {
				return nil, err
			}
			return starlark.None, nil
		}).BindReceiver(c), nil
	}
	return nil, nil
}

// signalNames are Linux's (an array: no map to build at init), as Python's signal.Signals names them in
// CalledProcessError's text.
var signalNames = [...]string{1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP",
	6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
	13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT",
	19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU",
	25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO", 30: "SIGPWR",
	31: "SIGSYS", 34: "SIGRTMIN", 64: "SIGRTMAX"}

// signalText is how CalledProcessError shows a signal: "<Signals.SIGKILL:
// 9>", or the bare number for one signal.Signals lacks (as CPython's
// "died with unknown signal 40.").
func signalText(n int) (string, bool) {
	if n > 0 && n < len(signalNames) && signalNames[n] != "" {
		return fmt.Sprintf("<Signals.%s: %d>", signalNames[n], n), true
	}
	return fmt.Sprint(n), false
}

// pyTypeName is the Python name of a value's type, as CPython's messages
// show it.
func pyTypeName(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.Bytes:
		return "bytes"
	case starlark.Int:
		return "int"
	case starlark.Float:
		return "float"
	case starlark.NoneType:
		return "NoneType"
	case starlark.Bool:
		return "bool"
	}
	return v.Type()
}
