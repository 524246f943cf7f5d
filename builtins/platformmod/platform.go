// Package platformmod gives scripts what they ask of the machine they run
// on, as CPython's modules name it: "platform" (node, system, release,
// version, machine, uname), "socket" (gethostname, getfqdn: nothing of
// sockets themselves) and "getpass" (getuser).
package platformmod

import (
	"net"
	"os"
	"os/user"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/pyerr"
)

func noArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return pyerr.New(pyerr.TypeError, "%s", err)
	}
	return nil
}

func field(b [65]byte) string {
	n := 0
	for n < len(b) && b[n] != 0 {
		n++
	}
	return string(b[:n])
}

// uname is os.uname()'s five fields.
func uname() [5]string {
	var u unix.Utsname
	unix.Uname(&u)
	return [5]string{field(u.Sysname), field(u.Nodename), field(u.Release), field(u.Version), field(u.Machine)}
}

// Platform returns a new "platform" module.
func Platform() *starlarkstruct.Module {
	m := starlark.StringDict{}
	for i, name := range []string{"system", "node", "release", "version", "machine"} {
		i := i
		m[name] = starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(uname()[i]), noArgs(b, args, kwargs)
		})
	}
	m["uname"] = starlark.NewBuiltin("uname", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		u := uname()
		return starlark.Tuple{starlark.String(u[0]), starlark.String(u[1]), starlark.String(u[2]), starlark.String(u[3]), starlark.String(u[4])}, noArgs(b, args, kwargs)
	})
	return &starlarkstruct.Module{Name: "platform", Members: m}
}

// Socket returns a new "socket" module: the host's names only.
func Socket() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "socket", Members: starlark.StringDict{
		"gethostname": starlark.NewBuiltin("gethostname", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(uname()[1]), noArgs(b, args, kwargs)
		}),
		// getfqdn(name=""): the first name of the host's addresses that has
		// a dot, else the name itself, as CPython's.
		"getfqdn": starlark.NewBuiltin("getfqdn", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			name := ""
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &name); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			name = strings.TrimSpace(name)
			if name == "" || name == "0.0.0.0" {
				name = uname()[1]
			}
			if c, err := net.LookupCNAME(name); err == nil && strings.Contains(strings.TrimSuffix(c, "."), ".") {
				return starlark.String(strings.TrimSuffix(c, ".")), nil
			}
			return starlark.String(name), nil
		}),
	}}
}

// Getpass returns a new "getpass" module: getuser.
func Getpass() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "getpass", Members: starlark.StringDict{
		// getuser: LOGNAME, USER, LNAME, USERNAME, then the password
		// database's name of the real uid, as CPython's.
		"getuser": starlark.NewBuiltin("getuser", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			for _, k := range []string{"LOGNAME", "USER", "LNAME", "USERNAME"} {
				if v := os.Getenv(k); v != "" {
					return starlark.String(v), nil
				}
			}
			u, err := user.LookupId(strconv.Itoa(os.Getuid()))
			if err != nil {
				return nil, pyerr.New("OSError", "No username set in the environment")
			}
			return starlark.String(u.Username), nil
		}),
	}}
}
